-- Device communication credentials and Agent scopes.

-- Secret fields are one sealed value per credential (AES-GCM under the master key, bound to
-- the credential's id and kind); secret_names lists which are set, so that listings never
-- need the key. Public fields are rows of credential_fields.
CREATE TABLE credentials (
  id             INTEGER PRIMARY KEY,
  kind           TEXT    NOT NULL CHECK (kind IN ('snmpv1', 'snmpv3', 'user', 'domain',
                                                  'systemManager', 'password')),
  position       INTEGER NOT NULL CHECK (position >= 0),
  description    TEXT    NOT NULL DEFAULT '',
  access         TEXT    NOT NULL CHECK (access IN ('read', 'readWrite')),
  secret_names   TEXT    NOT NULL DEFAULT '',  -- comma-separated, schema order
  sealed_secrets TEXT    NOT NULL,
  created_at     INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL
);
-- Not UNIQUE (kind, position): a reorder rewrites positions one row at a time.
CREATE INDEX credentials_kind_position ON credentials (kind, position);

CREATE TABLE credential_fields (
  credential_id INTEGER NOT NULL REFERENCES credentials (id) ON DELETE CASCADE,
  name          TEXT    NOT NULL,
  value         TEXT    NOT NULL,
  PRIMARY KEY (credential_id, name)
);

-- "An Agent uses only its associated credentials." Deleting either side drops the link.
CREATE TABLE credential_agents (
  credential_id INTEGER NOT NULL REFERENCES credentials (id) ON DELETE CASCADE,
  agent_id      INTEGER NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
  PRIMARY KEY (credential_id, agent_id)
);
CREATE INDEX credential_agents_agent ON credential_agents (agent_id);

-- An Agent's scope: the discovery method, and its entries list by list in entry order.
CREATE TABLE agent_scopes (
  agent_id INTEGER PRIMARY KEY REFERENCES agents (id) ON DELETE CASCADE,
  method   TEXT    NOT NULL CHECK (method IN ('scope', 'specified'))
);

CREATE TABLE agent_scope_entries (
  agent_id INTEGER NOT NULL REFERENCES agent_scopes (agent_id) ON DELETE CASCADE,
  list     TEXT    NOT NULL CHECK (list IN ('ipv4', 'fqdn', 'address', 'host')),
  position INTEGER NOT NULL,
  entry    TEXT    NOT NULL,
  PRIMARY KEY (agent_id, list, position)
);

-- Bumped by every scope change, an Agent deletion's cascade included, so that the Manager
-- can cache the scope resolver and know when to rebuild it.
CREATE TABLE scope_revision (
  id       INTEGER PRIMARY KEY CHECK (id = 1),
  revision INTEGER NOT NULL
);
INSERT INTO scope_revision (id, revision) VALUES (1, 0);
CREATE TRIGGER agent_scopes_inserted AFTER INSERT ON agent_scopes
  BEGIN UPDATE scope_revision SET revision = revision + 1; END;
CREATE TRIGGER agent_scopes_updated AFTER UPDATE ON agent_scopes
  BEGIN UPDATE scope_revision SET revision = revision + 1; END;
CREATE TRIGGER agent_scopes_deleted AFTER DELETE ON agent_scopes
  BEGIN UPDATE scope_revision SET revision = revision + 1; END;
