-- an identity column widened to bigint: its sequence follows
-- old
CREATE TABLE t (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY);
-- new
CREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);
