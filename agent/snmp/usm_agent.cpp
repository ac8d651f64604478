#include "agent/snmp/usm_agent.hpp"

#include <cstdlib>
#include <stdexcept>

namespace pw::agent::snmp {
namespace {

constexpr std::int32_t kMaxBoots = 2147483647;
constexpr std::int32_t kTimeWindowSeconds = 150;  // RFC 3414 3.2.7

}  // namespace

Oid usmStatsOid(UsmReport report) {
  Oid out(std::begin(kUsmStatsPrefix), std::end(kUsmStatsPrefix));
  out.push_back(static_cast<std::uint32_t>(report));
  out.push_back(0);
  return out;
}

std::string_view toString(UsmReport report) noexcept {
  switch (report) {
    case UsmReport::kUnsupportedSecLevels: return "unsupported security level";
    case UsmReport::kNotInTimeWindows: return "not in time window";
    case UsmReport::kUnknownUserNames: return "unknown user name";
    case UsmReport::kUnknownEngineIds: return "unknown engine ID";
    case UsmReport::kWrongDigests: return "wrong digest";
    case UsmReport::kDecryptionErrors: return "decryption error";
  }
  return "?";
}

UsmAgent::UsmAgent(const std::vector<UsmUser>& users) {
  for (const UsmUser& user : users) {
    User entry{user, {}, {}};
    if (user.auth == AuthProtocol::kNone && user.priv != PrivProtocol::kNone) {
      throw std::invalid_argument("SNMPv3 user " + user.name + ": privacy needs authentication");
    }
    if (user.auth != AuthProtocol::kNone) {
      auto key = passwordToKey(user.auth, user.auth_password);
      if (!key) {
        throw std::invalid_argument("SNMPv3 user " + user.name +
                                    ": authentication password unusable (8 characters or more)");
      }
      entry.auth_master_key = std::move(key).value();
    }
    if (user.priv != PrivProtocol::kNone) {
      auto key = passwordToKey(user.auth, user.priv_password);
      if (!key) {
        throw std::invalid_argument("SNMPv3 user " + user.name +
                                    ": privacy password unusable (8 characters or more)");
      }
      entry.priv_master_key = std::move(key).value();
    }
    users_.insert_or_assign(user.name, std::move(entry));
  }
}

Incoming UsmAgent::receive(std::string_view bytes, const LocalEngine& local) const {
  Incoming out;
  Result<V3Envelope> parsed = parseV3(bytes);
  if (!parsed) {
    out.reason = std::string(toString(parsed.error()));
    return out;
  }
  const V3Envelope& envelope = parsed.value();
  const V3Header& h = envelope.header;

  // A Report carries the request's msgID and, when the scopedPDU was readable in clear, its
  // request-id, so the manager can match it.
  const auto report = [&](UsmReport kind, const LocalizedKeys* keys) {
    const std::uint32_t count = ++counters_[static_cast<std::size_t>(kind)];
    out.reason = std::string(toString(kind));
    if (!h.reportable) return;  // RFC 3412 7.2 (13): no Report for unreportable messages
    V3Message message;
    message.header.msg_id = h.msg_id;
    message.header.level =
        keys != nullptr ? SecurityLevel::kAuthNoPriv : SecurityLevel::kNoAuthNoPriv;
    message.header.engine_id = local.engine_id;
    message.header.engine_boots = local.boots;
    message.header.engine_time = local.time;
    message.header.user_name = h.user_name;
    message.pdu.context_engine_id = local.engine_id;
    message.pdu.type = V3PduType::kReport;
    if (h.level != SecurityLevel::kAuthPriv) {
      if (auto clear = openV3(V3Envelope{V3Header{}, {}, {}, {}, envelope.payload}, {})) {
        message.pdu.request_id = clear->request_id;
        message.pdu.context_name = clear->context_name;
      }
    }
    message.pdu.varbinds = {{usmStatsOid(kind), Counter32{count}}};
    auto encoded = encodeV3(message, keys != nullptr ? *keys : LocalizedKeys{});
    if (!encoded) {
      out.reason += "; report not encodable: " + std::string(toString(encoded.error()));
      return;
    }
    out.kind = Incoming::Kind::kReport;
    out.report = std::move(encoded).value();
  };

  if (h.engine_id != local.engine_id) {
    report(UsmReport::kUnknownEngineIds, nullptr);
    return out;
  }
  const auto user = users_.find(h.user_name);
  if (user == users_.end()) {
    report(UsmReport::kUnknownUserNames, nullptr);
    return out;
  }
  const UsmUser& config = user->second.config;
  if ((h.level != SecurityLevel::kNoAuthNoPriv && config.auth == AuthProtocol::kNone) ||
      (h.level == SecurityLevel::kAuthPriv && config.priv == PrivProtocol::kNone)) {
    report(UsmReport::kUnsupportedSecLevels, nullptr);
    return out;
  }
  LocalizedKeys keys;
  if (config.auth != AuthProtocol::kNone) {
    auto localized = localizeKeys(config.auth, user->second.auth_master_key, config.priv,
                                  user->second.priv_master_key, local.engine_id);
    if (!localized) {
      out.reason = "keys not localizable: " + std::string(toString(localized.error()));
      return out;
    }
    keys = std::move(localized).value();
  }
  if (h.level != SecurityLevel::kNoAuthNoPriv) {
    if (!verifyDigest(keys, envelope.authenticated, envelope.auth_params)) {
      report(UsmReport::kWrongDigests, nullptr);
      return out;
    }
    if (local.boots == kMaxBoots || h.engine_boots != local.boots ||
        std::abs(static_cast<long long>(h.engine_time) - local.time) > kTimeWindowSeconds) {
      report(UsmReport::kNotInTimeWindows, &keys);
      return out;
    }
  }
  Result<ScopedPdu> scoped = openV3(envelope, keys);
  if (!scoped) {
    if (scoped.error() == CodecError::kDecryptionFailed) {
      report(UsmReport::kDecryptionErrors, nullptr);
    } else {
      out.reason = std::string(toString(scoped.error()));
    }
    return out;
  }
  if (scoped->type == V3PduType::kResponse || scoped->type == V3PduType::kReport) {
    out.reason = "not a request";
    return out;
  }
  out.kind = Incoming::Kind::kRequest;
  out.request.header = h;
  out.request.pdu = std::move(scoped).value();
  out.keys = std::move(keys);
  return out;
}

Result<std::string> UsmAgent::respond(const Incoming& accepted, const Response& response,
                                      const LocalEngine& local, std::uint64_t salt) const {
  if (accepted.kind != Incoming::Kind::kRequest) return CodecError::kUnexpectedPdu;
  V3Message message;
  message.header = accepted.request.header;
  message.header.reportable = false;
  message.header.engine_id = local.engine_id;
  message.header.engine_boots = local.boots;
  message.header.engine_time = local.time;
  message.pdu = fromResponse(response, local.engine_id, accepted.request.pdu.context_name);
  message.pdu.request_id = accepted.request.pdu.request_id;
  return encodeV3(message, accepted.keys, salt);
}

}  // namespace pw::agent::snmp
