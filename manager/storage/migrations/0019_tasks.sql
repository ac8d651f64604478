-- Issue 7: user tasks (decision 0024). A task's targets are kept as chosen (devices, groups,
-- Agents; groups resolved when a run starts, so no foreign keys: a device deleted since is
-- reported as a failed target), its schedule and parameters as their REST JSON.
-- Runs keep the task's name and type so the history survives the task's deletion.
CREATE TABLE tasks (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  type TEXT NOT NULL,
  parameters TEXT NOT NULL,
  schedule TEXT NOT NULL,
  time_zone TEXT NOT NULL DEFAULT '',
  active INTEGER NOT NULL,
  next_run_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX tasks_due ON tasks (next_run_at) WHERE active = 1 AND next_run_at IS NOT NULL;

CREATE TABLE task_targets (
  task_id INTEGER NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
  kind TEXT NOT NULL,  -- device, group, agent
  target_id INTEGER NOT NULL,
  PRIMARY KEY (task_id, kind, target_id)
) WITHOUT ROWID;

CREATE TABLE task_runs (
  id INTEGER PRIMARY KEY,
  task_id INTEGER REFERENCES tasks (id) ON DELETE SET NULL,
  task_name TEXT NOT NULL,
  task_type TEXT NOT NULL,
  state TEXT NOT NULL,
  detail TEXT,
  created_at INTEGER NOT NULL,
  started_at INTEGER,
  ended_at INTEGER
);
CREATE INDEX task_runs_by_task ON task_runs (task_id, id);
CREATE INDEX task_runs_by_state ON task_runs (state);

CREATE TABLE task_run_targets (
  run_id INTEGER NOT NULL REFERENCES task_runs (id) ON DELETE CASCADE,
  target_kind TEXT NOT NULL,
  target_id INTEGER NOT NULL,
  result TEXT NOT NULL,
  detail TEXT NOT NULL DEFAULT '',
  step INTEGER NOT NULL DEFAULT 0,
  command_id INTEGER,
  updated_at INTEGER,
  PRIMARY KEY (run_id, target_kind, target_id)
) WITHOUT ROWID;
