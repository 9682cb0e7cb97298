-- an array of multiranges, and a nummultirange column added
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TABLE t (id integer PRIMARY KEY, a nummultirange, b datemultirange[]);
