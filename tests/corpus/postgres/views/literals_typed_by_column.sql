-- a new view comparing numeric, double precision, date and timestamp columns with literals (PostgreSQL stores each literal cast to the column's type, "Type Conversion: Operators")
-- old
CREATE TABLE t (id integer PRIMARY KEY, n numeric(10,2), f double precision, d date, ts timestamp, tz timestamptz, b bigint);
-- new
CREATE TABLE t (id integer PRIMARY KEY, n numeric(10,2), f double precision, d date, ts timestamp, tz timestamptz, b bigint);
CREATE VIEW recent AS SELECT id, n FROM t WHERE n > 2 AND f >= 1 AND d > '2020-1-1' AND ts < '2021-06-01 12:00' AND tz >= '2021-01-01' AND b = 2.5;
