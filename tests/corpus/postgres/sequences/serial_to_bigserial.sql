-- serial to bigserial
-- old
CREATE TABLE t (id serial PRIMARY KEY);
-- new
CREATE TABLE t (id bigserial PRIMARY KEY);
