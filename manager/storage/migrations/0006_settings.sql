-- Manager-wide settings administrators edit in the console (communication windows, built-in
-- tasks, ...), each a JSON document under a fixed key; absent keys mean the defaults.
CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

-- When each built-in task last started (its interval counts from there).
CREATE TABLE builtin_task_runs (
  task         TEXT PRIMARY KEY,
  last_started INTEGER NOT NULL
);
