#include "manager/services/auth_service.hpp"

#include <stdexcept>

#include "common/crypto/secrets.hpp"

namespace pw::manager {

AuthService::AuthService(UserStore& users, SessionStore& sessions, const Clock& clock,
                         SessionPolicy policy, LockoutPolicy lockout)
    : users_(users),
      sessions_(sessions),
      clock_(clock),
      policy_(policy),
      lockout_(lockout),
      dummy_hash_(crypto::hashPassword(crypto::randomToken())) {}

bool AuthService::ensureAdministrator(const std::string& password) {
  if (users_.findUserByName(kBuiltinAdministrator)) return false;
  if (const auto reason = validatePassword(password); !reason.empty()) {
    throw std::invalid_argument("administrator password rejected: " + reason);
  }
  users_.createUser(NewUser{kBuiltinAdministrator, crypto::hashPassword(password),
                            Role::kSystemManager, /*builtin=*/true},
                    clock_.now());
  return true;
}

Outcome<LoginResult> AuthService::login(const std::string& username, const std::string& password,
                                        bool remember) {
  const Problem refused{ErrorKind::kUnauthorized, "invalid_credentials",
                        "The user name or password is incorrect."};
  const auto now = clock_.now();
  const auto user = users_.findUserByName(username);
  // Unknown names and directory users are verified by the directory; it keeps its own lockout.
  if (external_ && (!user || user->source != UserSource::kLocal) && external_->enabled()) {
    auto verified = external_->authenticate(username, password);
    if (!verified) return refused;
    return startSession(*verified, remember);
  }
  const bool ok = crypto::verifyPassword(password, user ? user->password_hash : dummy_hash_);
  if (!user || user->lockedAt(now)) return refused;
  // A lock that has run out starts a new count.
  const int failed_before = user->locked_until ? 0 : user->failed_logins;
  if (!ok) {
    const int failed = failed_before + 1;
    const bool lock = lockout_.threshold > 0 && failed >= lockout_.threshold;
    users_.setLoginFailures(user->id, lock ? 0 : failed,
                            lock ? std::optional(now + lockout_.duration) : std::nullopt);
    return refused;
  }
  if (user->failed_logins != 0 || user->locked_until) {
    users_.setLoginFailures(user->id, 0, std::nullopt);
  }
  return startSession(*user, remember);
}

LoginResult AuthService::startSession(const User& user, bool remember) {
  const auto now = clock_.now();
  LoginResult result;
  result.session_token = crypto::randomToken(32);
  result.session = Session{
      crypto::sha256Hex(result.session_token), user.id, crypto::randomToken(32), remember, now, now,
      policy_.expiryAfterLogin(remember, now)};
  result.user = user;
  sessions_.createSession(result.session);
  return result;
}

std::optional<AuthenticatedSession> AuthService::resume(const std::string& session_token) {
  if (session_token.empty()) return std::nullopt;
  const auto id_hash = crypto::sha256Hex(session_token);
  auto session = sessions_.findSession(id_hash);
  if (!session) return std::nullopt;
  const auto now = clock_.now();
  if (session->expires_at <= now) {
    sessions_.deleteSession(id_hash);
    return std::nullopt;
  }
  auto user = users_.findUserById(session->user_id);
  if (!user) return std::nullopt;
  // Persist activity at most once a minute: every API call would otherwise be a write.
  if (now - session->last_seen_at >= std::chrono::minutes(1)) {
    session->last_seen_at = now;
    session->expires_at = policy_.expiryAfterActivity(*session, now);
    sessions_.touchSession(id_hash, session->last_seen_at, session->expires_at);
  }
  return AuthenticatedSession{*session, *user};
}

bool AuthService::isLocked(const std::string& username) {
  const auto user = users_.findUserByName(username);
  return user && user->lockedAt(clock_.now());
}

bool AuthService::unlock(std::int64_t user_id) {
  if (!users_.findUserById(user_id)) return false;
  users_.setLoginFailures(user_id, 0, std::nullopt);
  return true;
}

void AuthService::logout(const std::string& session_token) {
  if (!session_token.empty()) sessions_.deleteSession(crypto::sha256Hex(session_token));
}

int AuthService::purgeExpiredSessions() {
  return sessions_.deleteExpiredSessions(clock_.now());
}

}  // namespace pw::manager
