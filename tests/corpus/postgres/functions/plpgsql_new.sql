-- a new plpgsql function
-- old
-- new
CREATE FUNCTION clamp(v integer, lo integer, hi integer) RETURNS integer LANGUAGE plpgsql AS $$
BEGIN
  IF v < lo THEN RETURN lo; END IF;
  IF v > hi THEN RETURN hi; END IF;
  RETURN v;
END
$$;
