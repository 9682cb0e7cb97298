-- an unused range type's multirange renamed by MULTIRANGE_TYPE_NAME: dropped and made again before a new column of the new multirange is added
-- old
CREATE TYPE floatrange AS RANGE (subtype = float8);
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TYPE floatrange AS RANGE (subtype = float8, multirange_type_name = float_spans);
CREATE TABLE t (id integer PRIMARY KEY, spans float_spans);
