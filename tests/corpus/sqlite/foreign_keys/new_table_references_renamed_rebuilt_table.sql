-- ALTER TABLE … RENAME TO of a table that is also rebuilt (a CHECK added), and a new table whose REFERENCES names it by its new name
-- args: --rename authors=writers
-- old
CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE prizes (id INTEGER PRIMARY KEY, author_id INTEGER REFERENCES authors (id));
-- new
CREATE TABLE writers (id INTEGER PRIMARY KEY, name TEXT NOT NULL CHECK (length(name) > 0));
CREATE TABLE prizes (id INTEGER PRIMARY KEY, author_id INTEGER REFERENCES writers (id));
CREATE TABLE books (id INTEGER PRIMARY KEY, writer_id INTEGER REFERENCES writers (id) ON DELETE CASCADE, title TEXT);
