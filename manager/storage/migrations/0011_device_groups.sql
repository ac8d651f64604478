-- Device groups (manager/core/device_group.hpp). A static group lists its devices in
-- device_group_members; a dynamic group keeps its device-list filter in device_group_filters
-- (one row per field value: values of a field OR-ed, fields AND-ed) and has no member rows.
-- Deleting a group deletes its subgroups (the API refuses unless asked); deleting a device
-- deletes its memberships.
CREATE TABLE device_groups (
  id INTEGER PRIMARY KEY,
  parent_id INTEGER REFERENCES device_groups(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  comment TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL CHECK (kind IN ('static', 'dynamic')),
  created_at INTEGER NOT NULL
);
-- Names are unique among siblings, ignoring case; 0 stands for the top level.
CREATE UNIQUE INDEX device_groups_sibling_name
  ON device_groups (COALESCE(parent_id, 0), name COLLATE NOCASE);
CREATE INDEX device_groups_parent ON device_groups (parent_id);

CREATE TABLE device_group_members (
  group_id INTEGER NOT NULL REFERENCES device_groups(id) ON DELETE CASCADE,
  device_id INTEGER NOT NULL REFERENCES devices(id) ON DELETE CASCADE,
  PRIMARY KEY (group_id, device_id)
) WITHOUT ROWID;
CREATE INDEX device_group_members_device ON device_group_members (device_id);

CREATE TABLE device_group_filters (
  group_id INTEGER NOT NULL REFERENCES device_groups(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  field TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (group_id, position)
) WITHOUT ROWID;
