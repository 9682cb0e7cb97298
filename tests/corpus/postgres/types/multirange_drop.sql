-- built-in multirange columns dropped, one kept
-- old
CREATE TABLE t (id integer PRIMARY KEY, a int4multirange, b datemultirange, c tstzmultirange);
-- new
CREATE TABLE t (id integer PRIMARY KEY, c tstzmultirange);
