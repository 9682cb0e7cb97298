-- bit varying(8) widened to bit varying(16) and to unbounded varbit
-- old
CREATE TABLE t (id integer PRIMARY KEY, mask bit varying(8), flags varbit(4));
-- new
CREATE TABLE t (id integer PRIMARY KEY, mask bit varying(16), flags varbit);
