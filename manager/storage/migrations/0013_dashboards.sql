-- Dashboards (manager/core/dashboard.hpp): the shared one (user_id NULL) and one per user, each
-- its panels as a JSON document in the REST API's form.
CREATE TABLE dashboards (
  id         INTEGER PRIMARY KEY,
  user_id    INTEGER UNIQUE REFERENCES users (id) ON DELETE CASCADE,
  body       TEXT    NOT NULL,
  updated_at INTEGER NOT NULL
);
-- UNIQUE lets several NULLs in: one shared dashboard only.
CREATE UNIQUE INDEX dashboards_shared ON dashboards ((user_id IS NULL)) WHERE user_id IS NULL;

-- What the panels' aggregations read at 100,000 devices (plans in docs/decisions/0020-dashboards.md):
-- the managed devices without reading the table, the devices in a severity by how long,
-- the devices whose lowest supply is at or below a level.
CREATE INDEX IF NOT EXISTS devices_by_state ON devices (state);
CREATE INDEX device_status_severity ON device_status (severity, since);
CREATE INDEX device_supplies_lowest ON device_supplies (lowest_percent) WHERE lowest_percent IS NOT NULL;
