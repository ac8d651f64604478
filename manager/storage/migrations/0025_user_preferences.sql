-- Issue 8 (decision 0032): the console's remembered choices per user, such as the reports'
-- drop-downs and table sorts (guide L3559): one JSON object per user and key. Gone with the user.
CREATE TABLE user_preferences (
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (user_id, key)
) WITHOUT ROWID;
