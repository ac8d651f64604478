#pragma once
// The authoritative (agent) side of USM: what an SNMP agent does with an incoming SNMPv3
// message (RFC 3412 7.2, RFC 3414 3.2) — accept it, answer with a Report (unknown engine ID,
// unknown user, unsupported security level, wrong digest, not in time window, decryption
// error) or drop it — and how it encodes its response. Used by the printer simulator; kept
// here so both sides of the protocol share one codec.
//
// The engine ID, boots and time are parameters of each call, not state, so one UsmAgent can
// serve a whole simulated fleet with a different engine ID per device.
//
// Thread safety: const member functions may be called from any thread.
#include <array>
#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "agent/snmp/usm.hpp"
#include "agent/snmp/v3_codec.hpp"

namespace pw::agent::snmp {

/// One user the agent knows. Passwords go through passwordToKey once, at construction.
struct UsmUser {
  std::string name;
  AuthProtocol auth = AuthProtocol::kNone;
  std::string auth_password;
  PrivProtocol priv = PrivProtocol::kNone;
  std::string priv_password;
};

/// The local engine's identity at the time of a call.
struct LocalEngine {
  std::string engine_id;
  std::int32_t boots = 1;
  std::int32_t time = 0;  ///< seconds since boots last changed
};

/// usmStats counters (RFC 3414 section 5), the varbind of each Report.
inline constexpr std::uint32_t kUsmStatsPrefix[] = {1, 3, 6, 1, 6, 3, 15, 1, 1};
enum class UsmReport {
  kUnsupportedSecLevels = 1,
  kNotInTimeWindows = 2,
  kUnknownUserNames = 3,
  kUnknownEngineIds = 4,
  kWrongDigests = 5,
  kDecryptionErrors = 6,
};
/// 1.3.6.1.6.3.15.1.1.<n>.0
Oid usmStatsOid(UsmReport report);
std::string_view toString(UsmReport report) noexcept;

struct Incoming {
  enum class Kind { kRequest, kReport, kDrop };
  Kind kind = Kind::kDrop;
  V3Message request;   ///< kRequest: the authenticated, decrypted request
  LocalizedKeys keys;  ///< kRequest: the user's keys, for respond()
  std::string report;  ///< kReport: the encoded Report to send back
  std::string reason;  ///< kReport / kDrop: what went wrong, for counters and logs
};

class UsmAgent {
 public:
  /// Throws std::invalid_argument naming the user when a password is unusable (shorter than
  /// 8) or privacy is configured without authentication.
  explicit UsmAgent(const std::vector<UsmUser>& users);

  /// Security processing of one received datagram. Reports go out only when the request is
  /// reportable; a notInTimeWindow Report is authenticated (authNoPriv) so the manager can trust
  /// the boots and time it carries, the others are noAuthNoPriv.
  Incoming receive(std::string_view bytes, const LocalEngine& local) const;

  /// The response to an accepted request: same user, security level and msgID; the PDU's
  /// contextEngineID is the local engine's.
  Result<std::string> respond(const Incoming& accepted, const Response& response,
                              const LocalEngine& local, std::uint64_t salt) const;

 private:
  struct User {
    UsmUser config;
    std::string auth_master_key;
    std::string priv_master_key;
  };
  std::unordered_map<std::string, User> users_;
  // usmStats counters, reported in the Reports' varbinds.
  mutable std::array<std::atomic<std::uint32_t>, 7> counters_{};
};

}  // namespace pw::agent::snmp
