-- a collated column widened in place beside an uncollated one widened too: each keeps its own collation
-- old
CREATE TABLE t (id integer PRIMARY KEY, name varchar(20) COLLATE "C", n integer);
-- new
CREATE TABLE t (id integer PRIMARY KEY, name text COLLATE "C", n bigint);
