-- ALTER TYPE ... ADD VALUE / RENAME VALUE in the schema file: the enum ends with the values PostgreSQL gives it
-- old
CREATE TYPE mood AS ENUM ('sad', 'happy');
CREATE TABLE t (id integer PRIMARY KEY, m mood);
-- new
CREATE TYPE mood AS ENUM ('sad');
ALTER TYPE mood ADD VALUE 'happy';
ALTER TYPE mood ADD VALUE 'ok' BEFORE 'happy';
ALTER TYPE mood ADD VALUE IF NOT EXISTS 'sad';
ALTER TYPE mood ADD VALUE 'meh' AFTER 'sad';
CREATE TABLE t (id integer PRIMARY KEY, m mood);
