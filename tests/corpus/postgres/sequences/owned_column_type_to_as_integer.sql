-- a bigint column's own sequence (what bigserial makes) becomes AS integer: altered in place, not created again
-- old
CREATE TABLE t (id bigserial NOT NULL, n integer);
-- new
CREATE TABLE t (id bigint NOT NULL, n integer);
CREATE SEQUENCE t_id_seq AS integer START WITH 1 INCREMENT BY 1 NO MINVALUE NO MAXVALUE CACHE 1;
ALTER SEQUENCE t_id_seq OWNED BY t.id;
ALTER TABLE ONLY t ALTER COLUMN id SET DEFAULT nextval('t_id_seq'::regclass);
