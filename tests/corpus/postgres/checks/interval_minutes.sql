-- CHECK (ends - starts <= interval '90 minutes') (the server prints the interval '01:30:00')
-- old
CREATE TABLE slots (id integer PRIMARY KEY, starts timestamptz, ends timestamptz);
-- new
CREATE TABLE slots (id integer PRIMARY KEY, starts timestamptz, ends timestamptz, CHECK (ends - starts <= interval '90 minutes'));
