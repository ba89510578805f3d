-- One row per server that /health writes, so that "healthy" means the store takes a real, committed write
-- (a full disk or a read-only database shows there before it loses a vote).

CREATE TABLE IF NOT EXISTS store_probe (
  id         INTEGER     NOT NULL PRIMARY KEY,
  written_at TIMESTAMPTZ NOT NULL,
  writes     BIGINT      NOT NULL
);
