-- serial to bigserial on a column that is no key (converted through a shadow column)
-- old
CREATE TABLE t (id integer PRIMARY KEY, ticket serial);
-- new
CREATE TABLE t (id integer PRIMARY KEY, ticket bigserial);
