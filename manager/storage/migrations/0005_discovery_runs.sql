-- Discovery runs (manager/core/discovery_run.hpp). The run is kept as one JSON document: it is
-- read and written whole, by id, and listed newest first; nothing queries inside it.
CREATE TABLE discovery_runs (
  id         INTEGER PRIMARY KEY,
  created_at INTEGER NOT NULL,
  finished   INTEGER NOT NULL DEFAULT 0 CHECK (finished IN (0, 1)),
  body       TEXT    NOT NULL
);
CREATE INDEX discovery_runs_unfinished ON discovery_runs (finished) WHERE finished = 0;

-- How the device was last reached, and the last failure to reach it (shown per device). The
-- credential id is informative only: deleting a credential leaves it dangling on purpose.
ALTER TABLE devices ADD COLUMN snmp_version TEXT NOT NULL DEFAULT '';
ALTER TABLE devices ADD COLUMN credential_id INTEGER;
ALTER TABLE devices ADD COLUMN contact_error_kind TEXT;
ALTER TABLE devices ADD COLUMN contact_error_message TEXT;
ALTER TABLE devices ADD COLUMN contact_error_at INTEGER;
