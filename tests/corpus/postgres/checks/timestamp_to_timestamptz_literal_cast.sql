-- timestamp to timestamptz, the check's literal cast with it (pg_dump's form: '2015-01-01 00:00:00'::timestamp with time zone)
-- old
CREATE TABLE payment (id integer PRIMARY KEY, payment_date timestamp NOT NULL, CONSTRAINT payment_date_check CHECK (payment_date >= '2015-01-01 00:00:00'::timestamp without time zone AND payment_date < '2015-02-01 00:00:00'::timestamp without time zone));
-- new
CREATE TABLE payment (id integer PRIMARY KEY, payment_date timestamptz NOT NULL, CONSTRAINT payment_date_check CHECK (payment_date >= '2015-01-01 00:00:00'::timestamp with time zone AND payment_date < '2015-02-01 00:00:00'::timestamp with time zone));
