-- minvalue / maxvalue in lower case and a multi-column range with MAXVALUE after a value
-- old
CREATE TABLE m (a integer NOT NULL, b integer NOT NULL) PARTITION BY RANGE (a, b);
-- new
CREATE TABLE m (a integer NOT NULL, b integer NOT NULL) PARTITION BY RANGE (a, b);
CREATE TABLE m_low PARTITION OF m FOR VALUES FROM (minvalue, minvalue) TO (10, maxvalue);
CREATE TABLE m_high PARTITION OF m FOR VALUES FROM (10, MAXVALUE) TO (MAXVALUE, MAXVALUE);
