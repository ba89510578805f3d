-- Sessions and their events. The json column has type json (not jsonb) so the text comes back exactly as stored.
-- Statements end with a semicolon at the end of a line (see Migrations).

CREATE TABLE sessions (
  session_id             TEXT        NOT NULL,
  title                  TEXT,
  neighbourhood          TEXT,
  join_code              TEXT        NOT NULL,
  facilitator_token_hash TEXT,
  review_token_hash      TEXT,
  status                 TEXT        NOT NULL,
  participants           INTEGER     NOT NULL DEFAULT 0,
  created_at             TIMESTAMPTZ NOT NULL,
  started_at             TIMESTAMPTZ,
  finished_at            TIMESTAMPTZ,
  CONSTRAINT sessions_pkey PRIMARY KEY (session_id)
);

-- A join code belongs to at most one session that is not finished; finished sessions free it.
CREATE UNIQUE INDEX sessions_open_join_code ON sessions (join_code) WHERE status <> 'finished';

CREATE INDEX sessions_created ON sessions (created_at, session_id);

CREATE TABLE events (
  session_id TEXT        NOT NULL,
  seq        BIGINT      NOT NULL,
  type       TEXT        NOT NULL,
  json       JSON        NOT NULL,
  at         TIMESTAMPTZ NOT NULL,
  CONSTRAINT events_pkey PRIMARY KEY (session_id, seq)
);
