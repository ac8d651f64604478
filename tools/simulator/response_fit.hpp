#pragma once
// Fitting an answer into one datagram, shared by the v1/v2c and v3 paths of the simulator.
#include <optional>
#include <string>
#include <utility>

#include "agent/snmp/message.hpp"

namespace pw::tools::simulator {

/// Encodes `response` with `encoder` (Response → snmp::Result<std::string>). A GetBulk answer
/// that does not fit is cut in half until it does; anything else too large becomes tooBig with
/// no varbinds (RFC 3416 4.2.1). nullopt when it cannot be encoded at all.
template <typename Encoder>
std::optional<std::string> encodeFitting(pw::agent::snmp::Response response, bool bulk,
                                         const Encoder& encoder) {
  namespace snmp = pw::agent::snmp;
  while (true) {
    auto bytes = encoder(response);
    if (bytes) return std::move(bytes).value();
    if (bytes.error() != snmp::CodecError::kTooLarge) return std::nullopt;
    if (bulk && response.varbinds.size() > 1) {
      response.varbinds.resize(response.varbinds.size() / 2);
    } else if (!response.varbinds.empty()) {
      response.varbinds.clear();
      response.error_status = snmp::ErrorStatus::kTooBig;
      response.error_index = 0;
    } else {
      return std::nullopt;
    }
  }
}

}  // namespace pw::tools::simulator
