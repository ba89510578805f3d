-- Sessions and their events. Instants are UTC text 'yyyy-MM-ddTHH:mm:ss.ffffffZ' (fixed width, so they sort).
-- Statements end with a semicolon at the end of a line (see Migrations).

CREATE TABLE sessions (
  session_id             TEXT    NOT NULL PRIMARY KEY,
  title                  TEXT,
  neighbourhood          TEXT,
  join_code              TEXT    NOT NULL,
  facilitator_token_hash TEXT,
  review_token_hash      TEXT,
  status                 TEXT    NOT NULL,
  participants           INTEGER NOT NULL DEFAULT 0,
  created_at             TEXT    NOT NULL,
  started_at             TEXT,
  finished_at            TEXT
);

-- A join code belongs to at most one session that is not finished; finished sessions free it.
CREATE UNIQUE INDEX sessions_open_join_code ON sessions (join_code) WHERE status <> 'finished';

CREATE INDEX sessions_created ON sessions (created_at, session_id);

CREATE TABLE events (
  session_id TEXT    NOT NULL,
  seq        INTEGER NOT NULL,
  type       TEXT    NOT NULL,
  json       TEXT    NOT NULL CHECK (json_valid(json)),
  at         TEXT    NOT NULL,
  PRIMARY KEY (session_id, seq)
) WITHOUT ROWID;
