-- Reports (decision 0030): a replaced printer must not count its earlier pages as this
-- device's. The identity part (Retrieve Printer Information, every refresh) keeps the serial
-- number the device last reported, even when it differs from the registered one (which the
-- identity rule never overwrites); each daily counter row records it, so the counters report
-- sees where the serial changed. Existing rows: '' (not known), which never breaks a chain.
ALTER TABLE devices ADD COLUMN reported_serial TEXT NOT NULL DEFAULT '';
ALTER TABLE counter_readings ADD COLUMN serial TEXT NOT NULL DEFAULT '';
