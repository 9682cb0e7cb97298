-- a collated primary key column narrowed (converted in place from its shadow column): it keeps COLLATE "C"
-- old
CREATE TABLE t (code text COLLATE "C" PRIMARY KEY, note text);
-- new
CREATE TABLE t (code varchar(10) COLLATE "C" PRIMARY KEY, note text);
