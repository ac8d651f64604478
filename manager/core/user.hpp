#pragma once
// Users and sessions of the web console and REST API.
#include <array>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>

#include "common/core/clock.hpp"

namespace pw::manager {

/// The guide's three roles; System Manager may do everything.
enum class Role { kSystemManager, kDeviceManager, kUser };

const char* toString(Role role);
std::optional<Role> roleFromString(const std::string& text);

/// What a Device Manager may be granted: the four menus the guide opens to that role
/// (L4209-L4216), each given or not per user (L4255-L4256). The guide lists no finer functions,
/// so a grant covers its whole menu. System Managers need none; Users get none.
enum class Grant : std::uint8_t { kDevices, kTasks, kDataManagement, kReports };
inline constexpr std::array<Grant, 4> kAllGrants{Grant::kDevices, Grant::kTasks,
                                                 Grant::kDataManagement, Grant::kReports};

const char* toString(Grant grant);
std::optional<Grant> grantFromString(const std::string& text);

/// A set of grants, stored as a bit mask (bit = the enum value).
class GrantSet {
 public:
  constexpr GrantSet() = default;
  constexpr GrantSet(std::initializer_list<Grant> grants) {
    for (const auto g : grants) add(g);
  }
  constexpr void add(Grant g) { bits_ |= bit(g); }
  [[nodiscard]] constexpr bool has(Grant g) const { return (bits_ & bit(g)) != 0; }
  [[nodiscard]] constexpr std::uint32_t bits() const { return bits_; }
  static constexpr GrantSet fromBits(std::uint32_t bits) {
    GrantSet set;
    set.bits_ = bits & ((1U << kAllGrants.size()) - 1);
    return set;
  }
  friend constexpr bool operator==(GrantSet, GrantSet) = default;

 private:
  static constexpr std::uint32_t bit(Grant g) { return 1U << static_cast<unsigned>(g); }
  std::uint32_t bits_ = 0;
};

/// Where a user's identity is verified: a local password, or the directory (LDAP bind, or a
/// Kerberos ticket) at every sign-in, which also refreshes the role from the user's groups.
enum class UserSource { kLocal, kLdap, kKerberos };
const char* toString(UserSource source);
std::optional<UserSource> userSourceFromString(const std::string& text);

/// The built-in administrator, created on first start; it cannot be deleted.
inline constexpr const char* kBuiltinAdministrator = "administrator";

struct User {
  std::int64_t id = 0;
  std::string username;
  std::string password_hash;
  Role role = Role::kUser;
  bool builtin = false;
  // Initialised with {} so that User{id, name, hash, role, builtin} stays warning-free.
  GrantSet grants{};      ///< meaningful for Device Managers only
  int failed_logins = 0;  ///< consecutive failed logins since the last success or unlock
  std::optional<Clock::TimePoint> locked_until{};
  UserSource source{UserSource::kLocal};  ///< directory users have no local password

  [[nodiscard]] bool lockedAt(Clock::TimePoint now) const {
    return locked_until && *locked_until > now;
  }
};

/// Lockout after repeated failed logins: `threshold` consecutive failures lock the account for
/// `duration`; an administrator may unlock it earlier. threshold 0: never locks.
struct LockoutPolicy {
  int threshold = 5;
  std::chrono::minutes duration{30};
};

struct Session {
  std::string id_hash;  ///< SHA-256 of the cookie value; the value itself is never stored
  std::int64_t user_id = 0;
  std::string csrf_token;
  bool remember = false;
  Clock::TimePoint created_at;
  Clock::TimePoint last_seen_at;
  Clock::TimePoint expires_at;
};

/// When sessions end: after `idle` without requests, or, with "remember me", a fixed
/// kRememberFor after login whatever the activity.
struct SessionPolicy {
  static constexpr std::chrono::hours kRememberFor{24 * 5};
  std::chrono::minutes idle{30};

  [[nodiscard]] Clock::TimePoint expiryAfterLogin(bool remember, Clock::TimePoint now) const {
    return remember ? now + kRememberFor : now + idle;
  }
  /// Expiry after activity at `now`; remembered sessions keep their fixed end.
  [[nodiscard]] Clock::TimePoint expiryAfterActivity(const Session& s, Clock::TimePoint now) const {
    return s.remember ? s.expires_at : now + idle;
  }
};

/// Password rule for local accounts: at least min_length characters from at least three of
/// the four classes (upper, lower, digit, symbol). Returns the reason, or empty when valid.
std::string validatePassword(const std::string& password, std::size_t min_length = 8);

}  // namespace pw::manager
