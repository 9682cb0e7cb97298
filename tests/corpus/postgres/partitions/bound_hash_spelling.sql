-- hash bounds in lower case and out of remainder order
-- old
CREATE TABLE hh (id bigint NOT NULL) PARTITION BY HASH (id);
-- new
CREATE TABLE hh (id bigint NOT NULL) PARTITION BY HASH (id);
CREATE TABLE hh1 PARTITION OF hh FOR VALUES WITH (remainder 1, modulus 2);
CREATE TABLE hh0 PARTITION OF hh FOR VALUES WITH (modulus 2, remainder 0);
