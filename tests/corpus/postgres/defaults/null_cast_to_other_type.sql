-- DEFAULT NULL cast to another type than the column's is stored; to the column's own is not
-- old
CREATE TABLE t (id integer PRIMARY KEY, a text, b text, c varchar(5));
-- new
CREATE TABLE t (id integer PRIMARY KEY, a text DEFAULT NULL::varchar, b text DEFAULT NULL::text, c varchar(5) DEFAULT NULL::varchar);
