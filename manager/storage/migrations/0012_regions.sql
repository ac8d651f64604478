-- Regions (sites): rules by which devices belong to them, and the regions of users. A
-- device's region is derived from the rules and stored (devices.region_id), recomputed by the
-- storage in the transaction of every write that can change it.
CREATE TABLE regions (
  id          INTEGER PRIMARY KEY,
  name        TEXT    NOT NULL UNIQUE COLLATE NOCASE,
  description TEXT    NOT NULL DEFAULT '',
  time_zone   TEXT    NOT NULL,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
);

-- type: address, range, cidr (IPv4, held as ipv4_first..ipv4_last) or suffix (value, lower case).
CREATE TABLE region_rules (
  region_id  INTEGER NOT NULL REFERENCES regions (id) ON DELETE CASCADE,
  position   INTEGER NOT NULL,
  type       TEXT    NOT NULL CHECK (type IN ('address', 'range', 'cidr', 'suffix')),
  value      TEXT    NOT NULL,
  ipv4_first INTEGER,
  ipv4_last  INTEGER,
  PRIMARY KEY (region_id, position)
) WITHOUT ROWID;

ALTER TABLE devices ADD COLUMN region_id INTEGER REFERENCES regions (id) ON DELETE SET NULL;
CREATE INDEX devices_region ON devices (region_id);

CREATE TABLE user_regions (
  user_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  region_id INTEGER NOT NULL REFERENCES regions (id) ON DELETE CASCADE,
  PRIMARY KEY (user_id, region_id)
) WITHOUT ROWID;
