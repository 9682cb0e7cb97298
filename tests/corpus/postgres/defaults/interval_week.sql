-- DEFAULT now() + interval '1 week' (the server prints the interval '7 days')
-- old
CREATE TABLE carts (id integer PRIMARY KEY, expires_at timestamptz);
-- new
CREATE TABLE carts (id integer PRIMARY KEY, expires_at timestamptz DEFAULT now() + interval '1 week');
