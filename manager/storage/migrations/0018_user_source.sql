-- Issue 6: where a user's identity is verified. Directory users (LDAP, Kerberos) are created
-- at their first sign-in with no local password; existing users stay local.
ALTER TABLE users ADD COLUMN source TEXT NOT NULL DEFAULT 'local'
  CHECK (source IN ('local', 'ldap', 'kerberos'));
