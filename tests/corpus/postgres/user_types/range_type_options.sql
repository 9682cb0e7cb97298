-- a range over text with a collation and an operator class that are not the subtype's defaults
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TYPE textrange_c AS RANGE (subtype = text, collation = "C");
CREATE TYPE textrange_pattern AS RANGE (subtype = text, subtype_opclass = text_pattern_ops);
CREATE TABLE t (id integer PRIMARY KEY, a textrange_c, b textrange_pattern);
