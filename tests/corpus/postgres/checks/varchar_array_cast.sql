-- CHECK (roles <@ ARRAY['a'::varchar, 'b'::varchar]) on a varchar[] column: the casts type the array (without them no <@ operator matches); a column added to its table
-- old
CREATE TABLE accounts (id integer PRIMARY KEY, roles varchar[] CHECK (roles <@ ARRAY['reader'::varchar, 'admin'::varchar]));
-- new
CREATE TABLE accounts (id integer PRIMARY KEY, roles varchar[] CHECK (roles <@ ARRAY['reader'::varchar, 'admin'::varchar]), note text);
