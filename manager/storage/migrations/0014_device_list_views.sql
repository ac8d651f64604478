-- The device list (issue 5): saved views per user, the lowest supply's name and colorant, and
-- indexes for filtering and sorting by status and lowest supply.

-- A user's saved views of the device list. settings is a JSON document (columns, sort, order,
-- filters) that manager/services/device_view_service.cpp writes and checks; the store keeps
-- it as text. Views go with their user.
CREATE TABLE device_list_views (
  id         INTEGER PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name       TEXT    NOT NULL,
  settings   TEXT    NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (user_id, name)
);

-- The supply the device list's lowestSupply names (existing rows: filled by the next reading).
ALTER TABLE device_supplies ADD COLUMN lowest_name TEXT NOT NULL DEFAULT '';
ALTER TABLE device_supplies ADD COLUMN lowest_colorant TEXT NOT NULL DEFAULT '';

-- The device list sorts, filters and counts by status and lowest supply over the registry
-- alone: a copy of them on the device row, kept by triggers in the same transaction as the
-- monitoring tables (a join per device cost 5-10x more on 100,000 devices; bench/device_list).
--   list_severity: 0 never polled, 1 unknown, 2 ok, 3 warning, 4 error, 5 service_call
--   list_power:    0 never polled, 1 on, 2 sleep, 3 unknown, 4 no_response, 5 conflict
--   list_lowest:   the lowest supply's percentage, 101 when none gives one (or never polled)
-- The ranks are kSeverityFilterValues/kPowerFilterValues positions + 1 (manager/core/device.hpp).
ALTER TABLE devices ADD COLUMN list_severity INTEGER NOT NULL DEFAULT 0;
ALTER TABLE devices ADD COLUMN list_power INTEGER NOT NULL DEFAULT 0;
ALTER TABLE devices ADD COLUMN list_lowest INTEGER NOT NULL DEFAULT 101;

CREATE TRIGGER device_status_to_list_insert AFTER INSERT ON device_status BEGIN
  UPDATE devices SET
    list_severity = CASE NEW.severity WHEN 'ok' THEN 2 WHEN 'warning' THEN 3 WHEN 'error' THEN 4
                    WHEN 'service_call' THEN 5 ELSE 1 END,
    list_power = CASE NEW.power WHEN 'on' THEN 1 WHEN 'sleep' THEN 2 WHEN 'no_response' THEN 4
                 WHEN 'conflict' THEN 5 ELSE 3 END
  WHERE id = NEW.device_id;
END;
CREATE TRIGGER device_status_to_list_update AFTER UPDATE OF severity, power ON device_status BEGIN
  UPDATE devices SET
    list_severity = CASE NEW.severity WHEN 'ok' THEN 2 WHEN 'warning' THEN 3 WHEN 'error' THEN 4
                    WHEN 'service_call' THEN 5 ELSE 1 END,
    list_power = CASE NEW.power WHEN 'on' THEN 1 WHEN 'sleep' THEN 2 WHEN 'no_response' THEN 4
                 WHEN 'conflict' THEN 5 ELSE 3 END
  WHERE id = NEW.device_id;
END;
CREATE TRIGGER device_supplies_to_list_insert AFTER INSERT ON device_supplies BEGIN
  UPDATE devices SET list_lowest = COALESCE(NEW.lowest_percent, 101) WHERE id = NEW.device_id;
END;
CREATE TRIGGER device_supplies_to_list_update AFTER UPDATE OF lowest_percent ON device_supplies BEGIN
  UPDATE devices SET list_lowest = COALESCE(NEW.lowest_percent, 101) WHERE id = NEW.device_id;
END;

-- Existing readings.
UPDATE devices SET
  list_severity = COALESCE((SELECT CASE severity WHEN 'ok' THEN 2 WHEN 'warning' THEN 3
                  WHEN 'error' THEN 4 WHEN 'service_call' THEN 5 ELSE 1 END
                  FROM device_status WHERE device_id = devices.id), 0),
  list_power = COALESCE((SELECT CASE power WHEN 'on' THEN 1 WHEN 'sleep' THEN 2
               WHEN 'no_response' THEN 4 WHEN 'conflict' THEN 5 ELSE 3 END
               FROM device_status WHERE device_id = devices.id), 0),
  list_lowest = COALESCE((SELECT lowest_percent FROM device_supplies
                WHERE device_id = devices.id), 101);

-- The status counts (a covering index in group order) and the list's sorts: each index ends
-- with the rowid (id), the list's tie-breaker, so a page of 200 reads 200 index entries. The
-- text sorts' expressions are the ones deviceOrder writes (manager/storage/sqlite_storage.cpp).
CREATE INDEX devices_list_counts ON devices (list_severity, list_power, state);
CREATE INDEX devices_list_severity ON devices (list_severity);
CREATE INDEX devices_list_power ON devices (list_power);
CREATE INDEX devices_list_lowest ON devices (list_lowest);
CREATE INDEX devices_list_last_seen ON devices (last_seen_at);
CREATE INDEX devices_sort_name ON devices (COALESCE(name, '') COLLATE NOCASE);
CREATE INDEX devices_sort_ip_address ON devices (COALESCE(ip_address, '') COLLATE NOCASE);
CREATE INDEX devices_sort_hostname ON devices (COALESCE(hostname, '') COLLATE NOCASE);
CREATE INDEX devices_sort_vendor ON devices (COALESCE(vendor, '') COLLATE NOCASE);
CREATE INDEX devices_sort_model ON devices (COALESCE(model, '') COLLATE NOCASE);
CREATE INDEX devices_sort_serial ON devices (COALESCE(serial, '') COLLATE NOCASE);
CREATE INDEX devices_sort_mac ON devices (COALESCE(mac, '') COLLATE NOCASE);
CREATE INDEX devices_sort_location ON devices (COALESCE(location, '') COLLATE NOCASE);
