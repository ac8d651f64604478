#include "tools/simulator/v3_responder.hpp"

#include <limits>
#include <random>
#include <stdexcept>
#include <utility>

#include "agent/snmp/v3_codec.hpp"
#include "tools/simulator/response_fit.hpp"

namespace pw::tools::simulator {
namespace {

snmp::UsmUser userFrom(const V3Settings& settings) {
  snmp::UsmUser user;
  user.name = settings.user;
  if (!settings.auth_key.empty()) {
    user.auth = settings.auth;
    user.auth_password = settings.auth_key;
    if (!settings.priv_key.empty()) {
      user.priv = settings.priv;
      user.priv_password = settings.priv_key;
    }
  } else if (!settings.priv_key.empty()) {
    throw std::invalid_argument("--v3-priv-key needs --v3-auth-key");
  }
  return user;
}

}  // namespace

V3Responder::V3Responder(const V3Settings& settings, std::string community,
                         std::chrono::steady_clock::time_point started)
    : usm_({userFrom(settings)}),
      community_(std::move(community)),
      group_(settings.engine_id_group == 0 ? 1 : settings.engine_id_group),
      started_(started) {
  std::random_device random;
  salt_ = (static_cast<std::uint64_t>(random()) << 32) | random();
}

std::string V3Responder::engineId(std::uint32_t device) const {
  const std::uint32_t group = device / group_;
  std::string id("\x80\x01\x86\x9f\x05pwsim", 10);
  for (int shift = 24; shift >= 0; shift -= 8) id.push_back(static_cast<char>(group >> shift));
  return id;
}

std::optional<std::string> V3Responder::answer(std::string_view datagram, const Fleet& fleet,
                                               std::uint32_t device,
                                               std::chrono::steady_clock::time_point now) {
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(now - started_).count();
  const snmp::LocalEngine local{engineId(device), 1,
                                static_cast<std::int32_t>(std::min<long long>(
                                    seconds, std::numeric_limits<std::int32_t>::max()))};
  snmp::Incoming incoming = usm_.receive(datagram, local);
  if (incoming.kind == snmp::Incoming::Kind::kReport) return std::move(incoming.report);
  if (incoming.kind != snmp::Incoming::Kind::kRequest) return std::nullopt;
  // Only the default context exists; snmpd, too, drops requests for others without a word.
  if (!incoming.request.pdu.context_name.empty()) return std::nullopt;
  auto request = snmp::toRequest(incoming.request.pdu);
  if (!request) return std::nullopt;
  // The fleet answers a v2c request: same values and exceptions as v3.
  request.value().version = snmp::Version::kV2c;
  request.value().community = community_;
  auto response = fleet.answer(request.value(), device, now);
  if (!response) return std::nullopt;
  return encodeFitting(
      std::move(*response), request->type == snmp::PduType::kGetBulk,
      [&](const snmp::Response& r) { return usm_.respond(incoming, r, local, salt_++); });
}

}  // namespace pw::tools::simulator
