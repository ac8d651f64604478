#pragma once
// SNMPv3 for the simulated fleet: each device is its own authoritative engine (engine ID from
// the device index, boots 1, time since the simulator started) serving one USM user. Security
// processing and Reports are agent/snmp's UsmAgent; the answer itself is the fleet's, as for
// v2c. Nothing is stored per device.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "agent/snmp/usm_agent.hpp"
#include "tools/simulator/fleet.hpp"

namespace pw::tools::simulator {

struct V3Settings {
  std::string user;
  snmp::AuthProtocol auth = snmp::AuthProtocol::kSha1;
  std::string auth_key;  ///< password; empty: the user is noAuthNoPriv
  snmp::PrivProtocol priv = snmp::PrivProtocol::kAes128;
  std::string priv_key;  ///< password; empty: no privacy
  /// Devices k and j share an engine ID when k / group == j / group (1: all distinct), to
  /// imitate devices cloned from one image.
  std::uint32_t engine_id_group = 1;
};

class V3Responder {
 public:
  /// Throws std::invalid_argument naming the option when a password is unusable.
  V3Responder(const V3Settings& settings, std::string community,
              std::chrono::steady_clock::time_point started);

  /// RFC 3411 format 5 (administratively assigned octets) under enterprise 99999:
  /// 80 01 86 9f 05 "pwsim" + the device's group number (4 bytes, big-endian).
  [[nodiscard]] std::string engineId(std::uint32_t device) const;

  /// The datagram to send back (a response or a Report), or nullopt to stay silent
  /// (malformed, unreportable failures, unknown contexts — as snmpd does).
  std::optional<std::string> answer(std::string_view datagram, const Fleet& fleet,
                                    std::uint32_t device,
                                    std::chrono::steady_clock::time_point now);

 private:
  snmp::UsmAgent usm_;
  std::string community_;  // the fleet answers v2c-shaped requests with this community
  std::uint32_t group_;
  std::chrono::steady_clock::time_point started_;
  std::uint64_t salt_;
};

}  // namespace pw::tools::simulator
