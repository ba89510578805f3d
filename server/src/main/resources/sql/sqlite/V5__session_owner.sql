-- Which cluster member runs a session (issue 12); only the shared PostgreSQL store uses these columns, the
-- embedded store has them so that both schemas stay the same.

ALTER TABLE sessions ADD COLUMN owner_node TEXT;

ALTER TABLE sessions ADD COLUMN owner_epoch INTEGER NOT NULL DEFAULT 0;
