-- GiST index on two keys, one with the inet_ops operator class
-- old
CREATE TABLE t (id integer PRIMARY KEY, ip inet, net inet);
-- new
CREATE TABLE t (id integer PRIMARY KEY, ip inet, net inet);
CREATE INDEX t_ip_net_idx ON t USING gist (ip inet_ops, net inet_ops);
