-- ALTER SEQUENCE MAXVALUE lowered below a descending sequence's current value (it restarts at the new maximum)
-- old
CREATE SEQUENCE countdown AS integer INCREMENT BY -1 MINVALUE -500 MAXVALUE 0 START WITH 0;
-- new
CREATE SEQUENCE countdown AS integer INCREMENT BY -1 MINVALUE -500 MAXVALUE -100 START WITH -100;
