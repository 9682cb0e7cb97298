-- CHECK (opens >= '9:00' AND closes <= '17:30') on time columns: stored as '09:00:00'::time without time zone
-- old
CREATE TABLE shops (id integer PRIMARY KEY, opens time NOT NULL, closes time NOT NULL);
-- new
CREATE TABLE shops (id integer PRIMARY KEY, opens time NOT NULL, closes time NOT NULL, CHECK (opens >= '9:00' AND closes <= '17:30'));
