-- Issue 6: a Device Manager's grants (bit mask of core Grant values) and the login lockout
-- state (consecutive failures, and until when the account refuses logins). Existing users
-- keep their role; they start with no grants, no failures and unlocked.
ALTER TABLE users ADD COLUMN grants INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN failed_logins INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN locked_until INTEGER;
