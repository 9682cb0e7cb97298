-- pg_dump's ALTER TABLE ONLY child ALTER COLUMN SET DEFAULT on a column the child inherits, the same on both sides
-- old
CREATE SEQUENCE base_id_seq;
CREATE TABLE base (id integer DEFAULT nextval('base_id_seq'::regclass) NOT NULL, n integer);
CREATE TABLE child () INHERITS (base);
ALTER TABLE ONLY child ALTER COLUMN id SET DEFAULT nextval('base_id_seq'::regclass);
-- new
CREATE SEQUENCE base_id_seq;
CREATE TABLE base (id integer DEFAULT nextval('base_id_seq'::regclass) NOT NULL, n integer);
CREATE TABLE child () INHERITS (base);
ALTER TABLE ONLY child ALTER COLUMN id SET DEFAULT nextval('base_id_seq'::regclass);
