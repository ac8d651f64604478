-- Users, sessions and Agents with their certificates.
-- Times are Unix seconds (UTC).
CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  username      TEXT    NOT NULL UNIQUE COLLATE NOCASE,
  password_hash TEXT    NOT NULL,
  role          TEXT    NOT NULL CHECK (role IN ('system_manager', 'device_manager', 'user')),
  builtin       INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1)),
  created_at    INTEGER NOT NULL
);

CREATE TABLE sessions (
  id_hash      TEXT    PRIMARY KEY,
  user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf_token   TEXT    NOT NULL,
  remember     INTEGER NOT NULL CHECK (remember IN (0, 1)),
  created_at   INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  expires_at   INTEGER NOT NULL
);
CREATE INDEX sessions_expires_at ON sessions (expires_at);

CREATE TABLE agents (
  id                    INTEGER PRIMARY KEY,
  name                  TEXT    NOT NULL UNIQUE COLLATE NOCASE,
  local                 INTEGER NOT NULL CHECK (local IN (0, 1)),
  state                 TEXT    NOT NULL CHECK (state IN ('inactive', 'active')),
  activation_key_hash   TEXT    UNIQUE,
  activation_key_sealed TEXT,
  version               TEXT    NOT NULL DEFAULT '',
  hostname              TEXT    NOT NULL DEFAULT '',
  last_contact_at       INTEGER,
  created_at            INTEGER NOT NULL,
  -- An inactive Agent always has a key to enrol with; an active one never keeps it.
  CHECK ((state = 'inactive') = (activation_key_hash IS NOT NULL))
);

-- Certificates outlive their Agent (agent_id becomes NULL) so that a deleted Agent's
-- certificate stays recognisably revoked.
CREATE TABLE agent_certificates (
  serial_hex  TEXT    PRIMARY KEY,
  agent_id    INTEGER REFERENCES agents (id) ON DELETE SET NULL,
  fingerprint TEXT    NOT NULL,
  issued_at   INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL,
  revoked_at  INTEGER
);
CREATE INDEX agent_certificates_agent ON agent_certificates (agent_id);
