-- list bounds spelled otherwise than pg_dump: quoted integers, a value order kept as written, booleans, E'' text
-- old
CREATE TABLE q (id integer NOT NULL, region text NOT NULL, tier integer NOT NULL, live boolean NOT NULL)
  PARTITION BY LIST (region);
-- new
CREATE TABLE q (id integer NOT NULL, region text NOT NULL, tier integer NOT NULL, live boolean NOT NULL)
  PARTITION BY LIST (region);
CREATE TABLE q_west PARTITION OF q FOR VALUES IN ('west', 'north''west', E'south\'west') PARTITION BY LIST (tier);
CREATE TABLE q_west_low PARTITION OF q_west FOR VALUES IN ('2', '1') PARTITION BY LIST (live);
CREATE TABLE q_west_low_live PARTITION OF q_west_low FOR VALUES IN (TRUE);
CREATE TABLE q_west_low_dead PARTITION OF q_west_low FOR VALUES IN ('f');
CREATE TABLE q_east PARTITION OF q FOR VALUES IN ('east');
