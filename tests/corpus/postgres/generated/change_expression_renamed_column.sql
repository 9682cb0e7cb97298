-- a column the generated column reads is renamed, and the expression changes with it
-- args: --rename t.a=t.amount
-- old
CREATE TABLE t (id integer PRIMARY KEY, a integer, b integer GENERATED ALWAYS AS (a * 2) STORED);
-- new
CREATE TABLE t (id integer PRIMARY KEY, amount integer, b integer GENERATED ALWAYS AS (amount * 3) STORED);
