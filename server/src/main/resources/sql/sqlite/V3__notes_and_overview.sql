-- The team's notes on a route, and a summary row per route that the organisation overview adds up in SQL.
-- The events stay the truth: a summary records the last event seq it was made from (summarised_seq), and is
-- made again when the session has newer events. Instants are UTC text as in V1.

CREATE TABLE notes (
  note_id    TEXT NOT NULL PRIMARY KEY,
  session_id TEXT NOT NULL,
  text       TEXT NOT NULL,
  created_at TEXT NOT NULL
);

CREATE INDEX notes_session ON notes (session_id, created_at);

-- per_rol: 'rol=n,…' participants at the end; elementen: 'nummer,…' touched by a chosen antwoord (for listings).
CREATE TABLE route_summaries (
  session_id     TEXT    NOT NULL PRIMARY KEY,
  summarised_seq INTEGER NOT NULL,
  started_at     TEXT,
  finished       INTEGER NOT NULL,
  steps          INTEGER NOT NULL,
  disagreements  INTEGER NOT NULL,
  per_rol        TEXT    NOT NULL,
  elementen      TEXT    NOT NULL
);

CREATE INDEX route_summaries_started ON route_summaries (started_at);

-- outvoted: steps where this rol's majority differed from the group's antwoord.
CREATE TABLE route_summary_rollen (
  session_id   TEXT    NOT NULL,
  rol          TEXT    NOT NULL,
  participants INTEGER NOT NULL,
  outvoted     INTEGER NOT NULL,
  PRIMARY KEY (session_id, rol)
) WITHOUT ROWID;

CREATE TABLE route_summary_elementen (
  session_id TEXT    NOT NULL,
  nummer     INTEGER NOT NULL,
  steps      INTEGER NOT NULL,
  PRIMARY KEY (session_id, nummer)
) WITHOUT ROWID;

CREATE TABLE route_summary_antwoorden (
  session_id  TEXT    NOT NULL,
  step_index  INTEGER NOT NULL,
  vraag_id    TEXT    NOT NULL,
  antwoord_id TEXT    NOT NULL,
  PRIMARY KEY (session_id, step_index)
) WITHOUT ROWID;
