-- Issue 7 item 8 (decision 0029): who hears of a task's finished runs, as the REST JSON of
-- TaskNotification ({"to": [...], "when": "always"|"failure", "attachDetails": bool}).
-- Existing tasks tell nobody.
ALTER TABLE tasks ADD COLUMN notification TEXT NOT NULL DEFAULT '{}';
