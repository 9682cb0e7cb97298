-- an EXCLUDE constraint's operator changed: && (overlap) becomes -|- (adjacent)
-- old
CREATE TABLE t (id integer PRIMARY KEY, during int4range, CONSTRAINT t_rule EXCLUDE USING gist (during WITH &&));
-- new
CREATE TABLE t (id integer PRIMARY KEY, during int4range, CONSTRAINT t_rule EXCLUDE USING gist (during WITH -|-));
