CREATE TABLE t (
  id integer PRIMARY KEY,
  d text CHECK (struct(struct(struct(struct(struct(struct(struct(struct(struct(struct(struct(struct(struct(struct(struct(struct(struct(struct(struct(struct(struct(struct(struct(struct(struct(struct(struct(struct(struct(struct(d)))))))))))))))))))))))))))))) IS NOT NULL)
);
