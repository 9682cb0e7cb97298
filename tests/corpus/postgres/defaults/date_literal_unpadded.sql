-- DEFAULT '2015-1-1' on a date column (stored as '2015-01-01'::date)
-- old
CREATE TABLE holidays (id integer PRIMARY KEY, d date);
-- new
CREATE TABLE holidays (id integer PRIMARY KEY, d date DEFAULT '2015-1-1');
