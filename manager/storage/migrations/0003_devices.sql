-- Devices found by discovery, with what administrators added to them.
-- Unknown identity fields are NULL (never ''), so that the partial unique indexes below only
-- bind devices that know the fields; the Manager writes them normalised (MAC "aa:bb:..").
CREATE TABLE devices (
  id                   INTEGER PRIMARY KEY,
  -- The Agent that reaches the device; a deleted Agent's devices stay, unassigned.
  agent_id             INTEGER REFERENCES agents (id) ON DELETE SET NULL,
  state                TEXT    NOT NULL CHECK (state IN ('managed', 'unmanaged', 'removed')),
  state_before_removal TEXT    CHECK (state_before_removal IN ('managed', 'unmanaged')),
  vendor               TEXT,
  model                TEXT    COLLATE NOCASE,
  serial               TEXT,
  firmware             TEXT,
  mac                  TEXT,
  name                 TEXT    NOT NULL DEFAULT '',
  location             TEXT    NOT NULL DEFAULT '',
  contact              TEXT    NOT NULL DEFAULT '',
  ip_address           TEXT    NOT NULL DEFAULT '',
  hostname             TEXT    NOT NULL DEFAULT '',
  first_seen_at        INTEGER NOT NULL,
  last_seen_at         INTEGER NOT NULL,
  link_url             TEXT    NOT NULL DEFAULT '',
  -- A removed device remembers the state to restore; no other device does.
  CHECK ((state = 'removed') = (state_before_removal IS NOT NULL))
);
-- The identity rule (manager/core/device.hpp, matchDevice) where an index can hold it: one
-- device per MAC + serial; per MAC among devices without a serial; per serial + model among
-- devices without a MAC.
CREATE UNIQUE INDEX devices_mac_serial ON devices (mac, serial)
  WHERE mac IS NOT NULL AND serial IS NOT NULL;
CREATE UNIQUE INDEX devices_mac_only ON devices (mac) WHERE mac IS NOT NULL AND serial IS NULL;
CREATE UNIQUE INDEX devices_serial_model ON devices (serial, model)
  WHERE mac IS NULL AND serial IS NOT NULL AND model IS NOT NULL;
-- Lookups of the fallback steps.
CREATE INDEX devices_serial ON devices (serial);
CREATE INDEX devices_ip_address ON devices (ip_address);
CREATE INDEX devices_agent ON devices (agent_id);
