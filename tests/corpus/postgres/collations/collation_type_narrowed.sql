-- a collated column narrowed (text to varchar(10), through a shadow column): it keeps COLLATE "POSIX"
-- old
CREATE TABLE t (id integer PRIMARY KEY, code text COLLATE "POSIX");
-- new
CREATE TABLE t (id integer PRIMARY KEY, code varchar(10) COLLATE "POSIX");
