-- a list partition that takes NULL
-- old
CREATE TABLE tasks (id integer NOT NULL, state text) PARTITION BY LIST (state);
-- new
CREATE TABLE tasks (id integer NOT NULL, state text) PARTITION BY LIST (state);
CREATE TABLE tasks_open PARTITION OF tasks FOR VALUES IN ('open', NULL);
