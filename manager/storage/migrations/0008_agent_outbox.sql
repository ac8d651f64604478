-- Agents' durable outboxes (decision 0009): where each Agent's stream stands, stored in the
-- same transaction as the records of every batch, and the first built-in record kind.
CREATE TABLE agent_outbox_positions (
  agent_id   INTEGER PRIMARY KEY REFERENCES agents (id) ON DELETE CASCADE,
  stream     TEXT    NOT NULL,  -- the Agent's outbox id; a new one restarts the sequences
  sequence   INTEGER NOT NULL,  -- every record up to it is stored (or was rejected)
  dropped    INTEGER NOT NULL DEFAULT 0,  -- lost to the Agent's outbox size bound, as reported
  rejected   INTEGER NOT NULL DEFAULT 0,  -- skipped: unknown kind or invalid payload
  updated_at INTEGER NOT NULL
);

-- "agent-status" records: the Agent process's own CPU, memory and outbox depth. Not unique
-- on (agent_id, sequence): a new stream numbers from 1 again.
CREATE TABLE agent_self_status (
  agent_id        INTEGER NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
  sequence        INTEGER NOT NULL,
  sampled_at      INTEGER NOT NULL,
  cpu_percent     REAL    NOT NULL,
  rss_bytes       INTEGER NOT NULL,
  queue_records   INTEGER NOT NULL,
  queue_bytes     INTEGER NOT NULL,
  dropped_records INTEGER NOT NULL
);
CREATE INDEX agent_self_status_by_time ON agent_self_status (agent_id, sampled_at);
