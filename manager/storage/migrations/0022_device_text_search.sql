-- The device list on 100,000 devices (decision 0027; bench/device_list.py).
--
-- 1. Text filters (case-insensitive substring, manager/storage/sqlite_storage.cpp
--    appendTextFilter) of three characters or more through a trigram index instead of a test of
--    every device row. device_text holds a copy of the text fields; triggers keep it in the same
--    transaction as the device row.
-- 2. The status counts: every column the list filters on exactly is in the counts index, so
--    any such filter counts from the index alone (skip-scan), never fetching device rows.
DROP INDEX devices_list_counts;
CREATE INDEX devices_list_counts
  ON devices (list_severity, list_power, state, list_lowest, region_id, agent_id);
CREATE VIRTUAL TABLE device_text USING fts5(
  vendor, model, serial, firmware, mac, name, location, contact, ip_address, hostname, link_url,
  tokenize = 'trigram'
);

INSERT INTO device_text (rowid, vendor, model, serial, firmware, mac, name, location, contact,
                         ip_address, hostname, link_url)
  SELECT id, COALESCE(vendor, ''), COALESCE(model, ''), COALESCE(serial, ''),
         COALESCE(firmware, ''), COALESCE(mac, ''), name, location, contact, ip_address, hostname,
         link_url
  FROM devices;

CREATE TRIGGER devices_to_text_insert AFTER INSERT ON devices BEGIN
  INSERT INTO device_text (rowid, vendor, model, serial, firmware, mac, name, location, contact,
                           ip_address, hostname, link_url)
  VALUES (NEW.id, COALESCE(NEW.vendor, ''), COALESCE(NEW.model, ''), COALESCE(NEW.serial, ''),
          COALESCE(NEW.firmware, ''), COALESCE(NEW.mac, ''), NEW.name, NEW.location, NEW.contact,
          NEW.ip_address, NEW.hostname, NEW.link_url);
END;

-- Discovery and imports set these columns on every sighting, mostly to the same values: only
-- a real change rewrites the index entry.
CREATE TRIGGER devices_to_text_update
AFTER UPDATE OF vendor, model, serial, firmware, mac, name, location, contact, ip_address,
                hostname, link_url ON devices
WHEN OLD.vendor IS NOT NEW.vendor OR OLD.model IS NOT NEW.model OR OLD.serial IS NOT NEW.serial
  OR OLD.firmware IS NOT NEW.firmware OR OLD.mac IS NOT NEW.mac OR OLD.name IS NOT NEW.name
  OR OLD.location IS NOT NEW.location OR OLD.contact IS NOT NEW.contact
  OR OLD.ip_address IS NOT NEW.ip_address OR OLD.hostname IS NOT NEW.hostname
  OR OLD.link_url IS NOT NEW.link_url
BEGIN
  UPDATE device_text SET
    vendor = COALESCE(NEW.vendor, ''), model = COALESCE(NEW.model, ''),
    serial = COALESCE(NEW.serial, ''), firmware = COALESCE(NEW.firmware, ''),
    mac = COALESCE(NEW.mac, ''), name = NEW.name, location = NEW.location,
    contact = NEW.contact, ip_address = NEW.ip_address, hostname = NEW.hostname,
    link_url = NEW.link_url
  WHERE rowid = NEW.id;
END;

CREATE TRIGGER devices_to_text_delete AFTER DELETE ON devices BEGIN
  DELETE FROM device_text WHERE rowid = OLD.id;
END;
