-- Content versions: every version of the beslisbomen a session was created with, kept once, so a route is
-- always shown with the texts its group saw. The version is a hash of the content's JSON (ContentVersions).

CREATE TABLE content_versions (
  version    TEXT        NOT NULL,
  json       JSON        NOT NULL,
  created_at TIMESTAMPTZ NOT NULL,
  CONSTRAINT content_versions_pkey PRIMARY KEY (version)
);

-- The content version a session was created with; null for sessions from before this migration.
ALTER TABLE sessions ADD COLUMN content_version TEXT;
