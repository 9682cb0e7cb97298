-- bigserial to serial: the column and its sequence become integer
-- old
CREATE TABLE t (id bigserial PRIMARY KEY);
-- new
CREATE TABLE t (id serial PRIMARY KEY);
