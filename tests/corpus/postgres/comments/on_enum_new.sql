-- a comment on an enum type
-- old
CREATE TYPE mood AS ENUM ('sad', 'happy');
-- new
CREATE TYPE mood AS ENUM ('sad', 'happy');
COMMENT ON TYPE mood IS 'how it went';
