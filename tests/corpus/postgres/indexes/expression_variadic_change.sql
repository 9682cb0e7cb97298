-- expression index calling a VARIADIC function, its spread arguments changed
-- old
CREATE TABLE t (id integer PRIMARY KEY, doc jsonb);
CREATE INDEX t_doc_path_idx ON t (jsonb_extract_path_text(doc, 'a', 'b'));
-- new
CREATE TABLE t (id integer PRIMARY KEY, doc jsonb);
CREATE INDEX t_doc_path_idx ON t (jsonb_extract_path_text(doc, 'a'));
