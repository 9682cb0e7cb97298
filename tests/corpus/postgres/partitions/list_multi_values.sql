-- a list partition with several values, and one added (CREATE TABLE: FOR VALUES IN)
-- old
CREATE TABLE cities (name text NOT NULL, country text NOT NULL) PARTITION BY LIST (country);
CREATE TABLE cities_eu PARTITION OF cities FOR VALUES IN ('de', 'fr', 'it');
-- new
CREATE TABLE cities (name text NOT NULL, country text NOT NULL) PARTITION BY LIST (country);
CREATE TABLE cities_eu PARTITION OF cities FOR VALUES IN ('de', 'fr', 'it');
CREATE TABLE cities_am PARTITION OF cities FOR VALUES IN ('us', 'ca', 'mx');
