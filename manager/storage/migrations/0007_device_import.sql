-- Devices can be registered from an import file as well as by discovery, and such a file
-- names the device type ("Printer", "MFP"), which the export writes back.
ALTER TABLE devices ADD COLUMN device_type TEXT NOT NULL DEFAULT '';
ALTER TABLE devices ADD COLUMN registered_by TEXT NOT NULL DEFAULT 'discovery'
  CHECK (registered_by IN ('discovery', 'import'));
-- The identity lookup (WHERE mac = ? OR serial = ? OR ip_address = ?) needs an index on each
-- column to avoid a full scan per device; the partial unique indexes on mac do not serve
-- "mac = ?" alone. Without it, importing or discovering n devices took O(n^2).
CREATE INDEX devices_mac ON devices (mac);
