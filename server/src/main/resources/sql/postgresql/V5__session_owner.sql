-- Which cluster member runs a session (issue 12). owner_epoch counts the claims: a member takes a session over
-- only when the epoch is still the one it read (compare-and-set). A single server leaves both untouched.

ALTER TABLE sessions ADD COLUMN owner_node TEXT;

ALTER TABLE sessions ADD COLUMN owner_epoch BIGINT NOT NULL DEFAULT 0;
