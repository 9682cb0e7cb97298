-- USAGE on a domain revoked from PUBLIC (narrowing)
-- old
CREATE DOMAIN positive AS integer CHECK (VALUE > 0);
-- new
CREATE DOMAIN positive AS integer CHECK (VALUE > 0);
REVOKE USAGE ON DOMAIN positive FROM PUBLIC;
