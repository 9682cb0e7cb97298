-- ALTER TABLE … RENAME TO and a new table whose REFERENCES names the table by its new name
-- args: --rename authors=writers
-- old
CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
-- new
CREATE TABLE writers (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE books (id INTEGER PRIMARY KEY, writer_id INTEGER REFERENCES writers (id), title TEXT);
