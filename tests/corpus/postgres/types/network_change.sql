-- macaddr to macaddr8: a widening PostgreSQL casts (FF:FE inserted), migrated through a shadow column
-- old
CREATE TABLE t (id integer PRIMARY KEY, mac macaddr);
-- new
CREATE TABLE t (id integer PRIMARY KEY, mac macaddr8);
