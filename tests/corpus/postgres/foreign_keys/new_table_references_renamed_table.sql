-- ALTER TABLE … RENAME TO and a new table whose REFERENCES names the table by its new name
-- args: --rename authors=writers
-- old
CREATE TABLE authors (id integer PRIMARY KEY, name text NOT NULL);
-- new
CREATE TABLE writers (id integer PRIMARY KEY, name text NOT NULL);
CREATE TABLE books (id integer PRIMARY KEY, writer_id integer REFERENCES writers (id), title text);
