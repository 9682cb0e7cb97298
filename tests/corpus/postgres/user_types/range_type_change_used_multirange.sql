-- a range type's collation changed while a column uses its multirange: refused, naming the column
-- expect: refused-as-designed
-- old
CREATE TYPE textspan AS RANGE (subtype = text);
CREATE TABLE t (id integer PRIMARY KEY, spans textspan_multirange);
-- new
CREATE TYPE textspan AS RANGE (subtype = text, collation = "C");
CREATE TABLE t (id integer PRIMARY KEY, spans textspan_multirange);
