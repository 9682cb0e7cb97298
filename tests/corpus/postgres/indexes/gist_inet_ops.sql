-- GiST index with the inet_ops operator class
-- old
CREATE TABLE t (id integer PRIMARY KEY, ip inet);
-- new
CREATE TABLE t (id integer PRIMARY KEY, ip inet);
CREATE INDEX t_ip_idx ON t USING gist (ip inet_ops);
