-- an array of a quoted mixed-case enum type
-- old
CREATE TYPE "Level" AS ENUM ('Low', 'High');
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TYPE "Level" AS ENUM ('Low', 'High');
CREATE TABLE t (id integer PRIMARY KEY, levels "Level"[]);
