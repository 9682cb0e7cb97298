CREATE TABLE t (
  id INTEGER PRIMARY KEY,
  d TEXT DEFAULT (date(date(date(date(date(date(date(date(date(date(date(date(date(date(date(date(date(date(date(date(date(date(date(date(date(date(date(date(date(date('now')))))))))))))))))))))))))))))))
);
