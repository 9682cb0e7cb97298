-- an index whose first key is an expression and whose second is a plain column
-- old
CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT, born INTEGER);
CREATE INDEX people_name_born ON people (name, born);
-- new
CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT, born INTEGER);
CREATE INDEX people_name_born ON people (lower(name), born);
