-- ALTER TYPE ... RENAME VALUE in the schema file: the old file's enum has the value under its new name
-- old
CREATE TYPE mood AS ENUM ('sad', 'happy');
ALTER TYPE mood RENAME VALUE 'sad' TO 'blue';
CREATE TABLE t (id integer PRIMARY KEY, m mood);
-- new
CREATE TYPE mood AS ENUM ('blue', 'happy', 'calm');
CREATE TABLE t (id integer PRIMARY KEY, m mood);
