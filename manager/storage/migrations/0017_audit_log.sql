-- Issue 6 item 7: the audit log (decision 0028). One row per state-changing API request,
-- appended by the console's dispatch after the handler answered. Append-only: a trigger refuses
-- updates; rows are deleted only by the retention purge, oldest first. Times in Unix seconds;
-- details is redacted JSON (no secret ever reaches it). Newest first by the time index (its
-- entries end with the rowid, which breaks ties in insertion order).
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  actor TEXT NOT NULL CHECK (actor IN ('user', 'token', 'anonymous')),
  user_id INTEGER,
  token_id INTEGER,
  username TEXT NOT NULL DEFAULT '',
  address TEXT NOT NULL DEFAULT '',
  method TEXT NOT NULL,
  route TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL DEFAULT '',
  status INTEGER NOT NULL,
  details TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_at ON audit_log (at);

CREATE TRIGGER audit_log_append_only BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only');
END;
