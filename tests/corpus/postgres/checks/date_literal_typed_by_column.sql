-- CHECK (d BETWEEN '2015-1-1' AND '2015-12-31') on a date column: stored as '2015-01-01'::date
-- old
CREATE TABLE holidays (id integer PRIMARY KEY, d date NOT NULL);
-- new
CREATE TABLE holidays (id integer PRIMARY KEY, d date NOT NULL, CHECK (d >= '2015-1-1' AND d <= '2015-12-31'::date));
