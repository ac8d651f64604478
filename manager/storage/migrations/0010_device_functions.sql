-- What the function checks (built-in tasks) concluded per device and function: supported,
-- not_supported or unknown, with the reason. A supported function is not checked again.
CREATE TABLE device_functions (
  device_id  INTEGER NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
  function   TEXT    NOT NULL,
  state      TEXT    NOT NULL,
  reason     TEXT    NOT NULL,
  checked_at INTEGER NOT NULL,
  PRIMARY KEY (device_id, function)
) WITHOUT ROWID;
