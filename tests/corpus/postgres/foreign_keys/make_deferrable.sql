-- an existing FOREIGN KEY made DEFERRABLE
-- old
CREATE TABLE p (id integer PRIMARY KEY);
CREATE TABLE c (id integer PRIMARY KEY, p_id integer CONSTRAINT c_p_id_fkey REFERENCES p (id));
-- new
CREATE TABLE p (id integer PRIMARY KEY);
CREATE TABLE c (id integer PRIMARY KEY, p_id integer CONSTRAINT c_p_id_fkey REFERENCES p (id) DEFERRABLE);
