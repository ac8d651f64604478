-- Monitoring notifications (issue 7): rules and what each last matched on each device.

-- body: the rule's JSON document (conditions, groups, recipients, language), written and checked
-- by manager/services/notification_service.cpp.
CREATE TABLE notification_rules (
  id         INTEGER PRIMARY KEY,
  name       TEXT    NOT NULL UNIQUE,
  body       TEXT    NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

-- The match keys (and since when the device is in error) at the last evaluation: what makes the
-- notifications edge-triggered across restarts. Goes with its rule and its device.
CREATE TABLE notification_state (
  rule_id   INTEGER NOT NULL REFERENCES notification_rules (id) ON DELETE CASCADE,
  device_id INTEGER NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
  state     TEXT    NOT NULL,
  PRIMARY KEY (rule_id, device_id)
) WITHOUT ROWID;

-- Webhooks: subscriptions (body: url, event kinds, payload options, active; the token header's
-- value sealed with the master key, bound to the subscription id) and every delivery with its
-- attempts, kept until the retention purges them. A pending delivery survives a restart.
CREATE TABLE webhook_subscriptions (
  id           INTEGER PRIMARY KEY,
  name         TEXT    NOT NULL UNIQUE,
  body         TEXT    NOT NULL,
  token_sealed TEXT    NOT NULL DEFAULT '',
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL
);

CREATE TABLE webhook_deliveries (
  id              INTEGER PRIMARY KEY,
  subscription_id INTEGER NOT NULL REFERENCES webhook_subscriptions (id) ON DELETE CASCADE,
  event           TEXT    NOT NULL,
  payload         TEXT    NOT NULL,
  state           TEXT    NOT NULL,  -- pending | delivered | failed
  attempts        INTEGER NOT NULL DEFAULT 0,
  status_code     INTEGER,
  last_error      TEXT    NOT NULL DEFAULT '',
  created_at      INTEGER NOT NULL,
  next_attempt_at INTEGER,
  finished_at     INTEGER
);
CREATE INDEX webhook_deliveries_by_subscription ON webhook_deliveries (subscription_id, id);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE state = 'pending';
CREATE INDEX webhook_deliveries_by_age ON webhook_deliveries (created_at);
