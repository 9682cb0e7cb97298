-- float4, float8, float(24), float(53)
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TABLE t (id integer PRIMARY KEY, a float4, b float8, c float(24), d float(53));
