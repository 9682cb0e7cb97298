-- ALTER TABLE … RENAME TO of a table whose primary key is named (CONSTRAINT … PRIMARY KEY) after the table
-- args: --rename authors=writers
-- old
CREATE TABLE authors (id INTEGER, name TEXT NOT NULL, CONSTRAINT authors_pkey PRIMARY KEY (id));
-- new
CREATE TABLE writers (id INTEGER, name TEXT NOT NULL, CONSTRAINT writers_pkey PRIMARY KEY (id));
