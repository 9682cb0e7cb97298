-- ALTER TABLE … RENAME TO of a table with a text primary key (its automatic index) that another table references
-- args: --rename authors=writers
-- old
CREATE TABLE authors (code TEXT PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE prizes (id INTEGER PRIMARY KEY, author_code TEXT REFERENCES authors (code));
-- new
CREATE TABLE writers (code TEXT PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE prizes (id INTEGER PRIMARY KEY, author_code TEXT REFERENCES writers (code));
