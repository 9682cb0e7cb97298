-- a column's sequence written AS integer for a bigint column (Rails' older dumps) loses AS integer: the column's own sequence, altered, not dropped
-- old
CREATE TABLE t (id bigint NOT NULL, n integer);
CREATE SEQUENCE t_id_seq AS integer START WITH 1 INCREMENT BY 1 NO MINVALUE NO MAXVALUE CACHE 1;
ALTER SEQUENCE t_id_seq OWNED BY t.id;
ALTER TABLE ONLY t ALTER COLUMN id SET DEFAULT nextval('t_id_seq'::regclass);
-- new
CREATE TABLE t (id bigint NOT NULL, n integer);
CREATE SEQUENCE t_id_seq START WITH 1 INCREMENT BY 1 NO MINVALUE NO MAXVALUE CACHE 1;
ALTER SEQUENCE t_id_seq OWNED BY t.id;
ALTER TABLE ONLY t ALTER COLUMN id SET DEFAULT nextval('t_id_seq'::regclass);
