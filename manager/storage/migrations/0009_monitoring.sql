-- Monitoring: the current status, supplies and counters of each device, and their history.
-- Days are UTC days since 1970-01-01. Rows go with their device (ON DELETE CASCADE).

-- The current status. state_key is what an edge tracks (severity, power, conditions): a
-- reading with the same key touches no edge.
CREATE TABLE device_status (
  device_id     INTEGER PRIMARY KEY REFERENCES devices (id) ON DELETE CASCADE,
  state_key     TEXT    NOT NULL,
  severity      TEXT    NOT NULL,
  power         TEXT    NOT NULL,
  conditions    TEXT    NOT NULL,  -- names, comma-separated
  alerts        TEXT    NOT NULL,  -- JSON list, the Agent's wire form
  error_kind    TEXT    NOT NULL DEFAULT '',
  error_message TEXT    NOT NULL DEFAULT '',
  uptime_ticks  INTEGER,
  read_at       INTEGER NOT NULL,
  since         INTEGER NOT NULL   -- start of the open edge
);

-- Status history as edges: one row per stretch of time in one status; ended_at NULL while open.
CREATE TABLE status_edges (
  id         INTEGER PRIMARY KEY,
  device_id  INTEGER NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
  severity   TEXT    NOT NULL,
  power      TEXT    NOT NULL,
  conditions TEXT    NOT NULL,
  started_at INTEGER NOT NULL,
  ended_at   INTEGER
);
CREATE INDEX status_edges_device ON status_edges (device_id, started_at);
CREATE UNIQUE INDEX status_edges_open ON status_edges (device_id) WHERE ended_at IS NULL;
CREATE INDEX status_edges_ended ON status_edges (ended_at) WHERE ended_at IS NOT NULL;

-- Current supplies, trays and bins (JSON document) and the lowest supply for the device list.
CREATE TABLE device_supplies (
  device_id      INTEGER PRIMARY KEY REFERENCES devices (id) ON DELETE CASCADE,
  body           TEXT    NOT NULL,
  lowest_percent INTEGER,
  lowest_state   TEXT    NOT NULL DEFAULT '',
  read_at        INTEGER NOT NULL
);

-- Supply level history: the last reading of each supply per day.
CREATE TABLE supply_levels (
  device_id    INTEGER NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
  supply_index TEXT    NOT NULL,
  day          INTEGER NOT NULL,
  description  TEXT    NOT NULL,
  colorant     TEXT    NOT NULL,
  state        TEXT    NOT NULL,
  percent      INTEGER,
  read_at      INTEGER NOT NULL,
  PRIMARY KEY (device_id, supply_index, day)
) WITHOUT ROWID;
CREATE INDEX supply_levels_day ON supply_levels (day);

-- Latest counters (markers, vendor counters, normalized: JSON document).
CREATE TABLE device_counters (
  device_id INTEGER PRIMARY KEY REFERENCES devices (id) ON DELETE CASCADE,
  body      TEXT    NOT NULL,
  read_at   INTEGER NOT NULL
);

-- Daily counter readings: the normalized fields (NULL = not given) and their units
-- (comma-separated, in field order), the last reading of the day.
CREATE TABLE counter_readings (
  device_id INTEGER NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
  day       INTEGER NOT NULL,
  read_at   INTEGER NOT NULL,
  total INTEGER, black INTEGER, colour INTEGER, print INTEGER, copy INTEGER, scan INTEGER,
  fax INTEGER, large INTEGER, small INTEGER,
  units     TEXT    NOT NULL,
  PRIMARY KEY (device_id, day)
) WITHOUT ROWID;
CREATE INDEX counter_readings_day ON counter_readings (day);

-- The UDP port a device answered discovery on: monitoring asks it there.
ALTER TABLE devices ADD COLUMN snmp_port INTEGER NOT NULL DEFAULT 161;
