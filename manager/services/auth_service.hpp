#pragma once
// Local-account login and cookie sessions. The cookie carries a random token; the database
// keeps only its SHA-256, so a leaked database does not leak live sessions. Unknown users and
// wrong passwords take the same time and give the same answer; so do locked accounts.
#include <optional>
#include <string>

#include "common/core/clock.hpp"
#include "manager/core/storage.hpp"
#include "manager/services/problem.hpp"

namespace pw::manager {

struct LoginResult {
  std::string session_token;  ///< cookie value; shown to the browser only
  Session session;
  User user;
};

struct AuthenticatedSession {
  Session session;
  User user;
};

/// Verifies users who are not local accounts (a directory), creating or refreshing their
/// record. AuthService asks it for names it does not know and for non-local users.
class ExternalLogin {
 public:
  virtual ~ExternalLogin() = default;
  [[nodiscard]] virtual bool enabled() = 0;
  /// The user record on success; any problem is answered to the caller as invalid_credentials.
  virtual Outcome<User> authenticate(const std::string& username, const std::string& password) = 0;
};

class AuthService {
 public:
  AuthService(UserStore& users, SessionStore& sessions, const Clock& clock, SessionPolicy policy,
              LockoutPolicy lockout = {});

  /// Creates the built-in administrator when it does not exist yet. Returns true if created.
  /// Throws std::invalid_argument when the password breaks the password rule.
  bool ensureAdministrator(const std::string& password);

  /// A locked account answers exactly like a wrong password (even with the right one), so
  /// neither a name's existence nor a guessed password shows; failures past the lockout
  /// threshold lock the account for the policy's duration.
  Outcome<LoginResult> login(const std::string& username, const std::string& password,
                             bool remember);
  /// Set once at start-up, before requests arrive; null: local accounts only.
  void setExternalLogin(ExternalLogin* external) { external_ = external; }
  /// A session for a user verified elsewhere (Kerberos).
  LoginResult startSession(const User& user, bool remember);
  /// Whether the local account of that name is locked now (for the audit log: the login's
  /// answer never says).
  bool isLocked(const std::string& username);
  /// Clears a lockout and the failure count (an administrator's Unlock). False: no such user.
  bool unlock(std::int64_t user_id);
  /// The live session of a cookie token, extended by this activity; nullopt when unknown or
  /// expired (expired sessions are deleted).
  std::optional<AuthenticatedSession> resume(const std::string& session_token);
  void logout(const std::string& session_token);
  int purgeExpiredSessions();

  [[nodiscard]] const SessionPolicy& policy() const { return policy_; }

 private:
  UserStore& users_;
  SessionStore& sessions_;
  const Clock& clock_;
  SessionPolicy policy_;
  LockoutPolicy lockout_;
  ExternalLogin* external_ = nullptr;
  std::string dummy_hash_;  // verified against for unknown users, to equalise timing
};

}  // namespace pw::manager
