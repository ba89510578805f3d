-- One row that /health writes, so that "healthy" means the store takes a real, committed write
-- (a full disk or a read-only file shows there before it loses a vote).

CREATE TABLE store_probe (
  id         INTEGER NOT NULL PRIMARY KEY,
  written_at TEXT    NOT NULL,
  writes     INTEGER NOT NULL
);
