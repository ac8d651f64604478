#include "agent/discovery/snmp_driver.hpp"

#include <algorithm>
#include <atomic>
#include <map>
#include <memory>
#include <optional>
#include <string_view>
#include <utility>
#include <variant>

#include "agent/snmp/usm.hpp"
#include "common/core/hex.hpp"

namespace pw::agent::discovery {
namespace {

// The engine's v3 settings for a credential; nullopt when it names something unknown.
std::optional<snmp::V3Security> v3Security(const proto::SnmpCredentialData& credential) {
  if (credential.version != "v3" || !credential.v3) return std::nullopt;
  const auto& c = *credential.v3;
  snmp::V3Security out;
  out.user = c.username;
  out.context_name = c.context_name;
  if (c.security_level == "noAuthNoPriv") {
    out.level = snmp::SecurityLevel::kNoAuthNoPriv;
  } else if (c.security_level == "authNoPriv") {
    out.level = snmp::SecurityLevel::kAuthNoPriv;
  } else if (c.security_level == "authPriv") {
    out.level = snmp::SecurityLevel::kAuthPriv;
  } else {
    return std::nullopt;
  }
  out.auth_protocol = snmp::AuthProtocol::kNone;
  out.priv_protocol = snmp::PrivProtocol::kNone;
  if (out.level != snmp::SecurityLevel::kNoAuthNoPriv) {
    const auto auth = snmp::parseAuthProtocol(c.auth_protocol);
    if (!auth) return std::nullopt;
    out.auth_protocol = *auth;
    out.auth_password = c.auth_key;
  }
  if (out.level == snmp::SecurityLevel::kAuthPriv) {
    const auto priv = snmp::parsePrivProtocol(c.priv_protocol);
    if (!priv) return std::nullopt;
    out.priv_protocol = *priv;
    out.priv_password = c.priv_key;
  }
  return out;
}

std::string versionName(snmp::Version version) {
  switch (version) {
    case snmp::Version::kV1: return "v1";
    case snmp::Version::kV2c: return "v2c";
    case snmp::Version::kV3: return "v3";
  }
  return "v2c";
}

// Devices of this sweep that share an SNMPv3 engine ID (with each other or with devices seen
// before): a warning on each, naming the others.
void addDuplicateEngineIds(const snmp::SnmpEngine& engine,
                           const std::map<std::uint32_t, driver::Endpoint>& endpoints,
                           driver::DiscoverResult& result) {
  for (const auto& duplicate : engine.duplicateEngineIds()) {
    for (const auto& endpoint : duplicate.endpoints) {
      const auto address = snmp::parseIpv4(endpoint.substr(0, endpoint.rfind(':')));
      if (!address || !endpoints.contains(*address)) continue;
      std::string others;
      for (const auto& other : duplicate.endpoints) {
        if (other != endpoint) others += (others.empty() ? "" : ", ") + other;
      }
      result.warnings.push_back({endpoints.at(*address), "duplicate_engine_id",
                                 "shares its SNMPv3 engine ID " + hexEncode(duplicate.engine_id) +
                                     " with " + others + "; give each device its own engine ID"});
    }
  }
}

}  // namespace

std::vector<AccessProfile> accessProfiles(const std::vector<proto::SnmpCredentialData>& credentials,
                                          const driver::Transport& transport,
                                          std::vector<std::string>& skipped) {
  std::vector<AccessProfile> profiles;
  for (const auto& credential : credentials) {
    AccessProfile profile;
    profile.credential_id = credential.id;
    profile.target.port = transport.snmp_port;
    profile.target.timeout = std::chrono::milliseconds(transport.timeout_ms);
    profile.target.retries = transport.retries;
    if (credential.version == "v1" || credential.version == "v2c") {
      profile.target.version =
          credential.version == "v1" ? snmp::Version::kV1 : snmp::Version::kV2c;
      profile.target.community = credential.community;
      profiles.push_back(std::move(profile));
    } else if (auto v3 = v3Security(credential)) {
      profile.target.version = snmp::Version::kV3;
      profile.target.v3 = std::move(*v3);
      profiles.push_back(std::move(profile));
    } else {
      skipped.push_back("credential " + std::to_string(credential.id) +
                        " names a version, security level or protocol this Agent does not know");
    }
  }
  return profiles;
}

SnmpDriver::SnmpDriver(snmp::SnmpEngine& engine, identify::Identifier identifier)
    : engine_(engine), sweep_(engine, std::move(identifier)), poller_(engine) {}

void SnmpDriver::discover(driver::DiscoverRequest request,
                          std::function<void(const driver::DiscoverProgress&)> progress,
                          std::function<void(driver::DiscoverResult)> done) {
  std::vector<std::string> skipped;
  SweepRequest sweep;
  sweep.profiles = accessProfiles(request.snmp_credentials, request.transport, skipped);
  // One probe per address even when a host name resolves to an address also listed.
  auto endpoints = std::make_shared<std::map<std::uint32_t, driver::Endpoint>>();
  for (auto& endpoint : request.endpoints) endpoints->try_emplace(endpoint.ipv4, endpoint);

  if (sweep.profiles.empty()) {
    driver::DiscoverResult result;
    std::string why = "no SNMP credential this Agent can use";
    for (const auto& note : skipped) why += "; " + note;
    for (const auto& [address, endpoint] : *endpoints) {
      result.failures.push_back({endpoint, "misconfigured", why});
    }
    return done(std::move(result));
  }
  for (const auto& [address, endpoint] : *endpoints) sweep.addresses.push_back(address);
  const auto profiles = sweep.profiles;
  sweep_.start(
      std::move(sweep),
      [progress = std::move(progress)](const SweepProgress& p) {
        if (progress) progress({p.done, p.total, p.devices_found});
      },
      [this, endpoints, profiles, done = std::move(done)](SweepResult swept) {
        driver::DiscoverResult result;
        result.silent = swept.silent;
        for (auto& device : swept.devices) {
          const auto& profile = profiles[device.profile];
          result.devices.push_back({endpoints->at(device.address), std::move(device.identity),
                                    profile.credential_id, versionName(profile.target.version),
                                    device.complete});
        }
        for (auto& failure : swept.failures) {
          result.failures.push_back({endpoints->at(failure.address),
                                     std::string(snmp::toString(failure.kind)),
                                     std::move(failure.message)});
        }
        addDuplicateEngineIds(engine_, *endpoints, result);
        done(std::move(result));
      });
}

namespace {

// One device's SNMP target for a per-device command: its own credential, port and address with
// the request's timeout and retries. Empty, with `why` said, when this Agent cannot use the
// credential.
std::optional<snmp::Target> deviceTarget(const driver::MonitorTarget& device,
                                         driver::Transport transport, std::string& why) {
  transport.snmp_port = device.port;
  std::vector<std::string> skipped;
  auto profiles = accessProfiles({device.credential}, transport, skipped);
  if (profiles.empty()) {
    why = skipped.empty() ? "no usable SNMP credential" : skipped.front();
    return std::nullopt;
  }
  auto target = std::move(profiles.front().target);
  target.ipv4 = device.endpoint.ipv4;
  return target;
}

std::string errorText(const snmp::SnmpError& error) {
  return error.kind == snmp::ErrorClass::kTimeout
             ? std::string("no response")
             : std::string(snmp::toString(error.kind)) + ": " + error.message;
}

// Why a device refused a write: its SNMP error-status name, or the kind of failure.
std::string refusalReason(const snmp::SnmpError& error) {
  if (!error.status.empty()) return error.status;
  if (error.kind == snmp::ErrorClass::kAuthentication) return "authentication";
  return error.kind == snmp::ErrorClass::kTimeout ? "timeout" : "failed";
}

// A write (SET) as the write commands report it: done, or refused with the reason and the
// details in words (set-identity's fields and reset-device's devices alike).
driver::ResetOutcome writeOutcome(const snmp::SnmpResult& result) {
  if (const auto* error = std::get_if<snmp::SnmpError>(&result)) {
    return {false, refusalReason(*error), errorText(*error)};
  }
  return {true, "", ""};
}

}  // namespace

void SnmpDriver::monitor(driver::MonitorRequest request,
                         std::function<void(const driver::MonitorProgress&)> progress,
                         std::function<void(driver::MonitorResult)> done) {
  // Devices whose credential this Agent cannot use fail here; the others are polled, and
  // `polled[i]` says which request entry the poller's i-th result belongs to.
  auto result = std::make_shared<driver::MonitorResult>();
  result->devices.resize(request.devices.size());
  monitor::PollRequest poll;
  poll.parts = request.parts;
  auto polled = std::make_shared<std::vector<std::size_t>>();
  for (std::size_t i = 0; i < request.devices.size(); ++i) {
    const auto& device = request.devices[i];
    std::string why;
    auto target = deviceTarget(device, request.transport, why);
    if (!target) {
      result->devices[i].error = driver::DeviceProblem{"misconfigured", std::move(why)};
      continue;
    }
    poll.devices.push_back({std::move(*target), device.vendor});
    polled->push_back(i);
  }
  const std::size_t failed_early = request.devices.size() - polled->size();
  poller_.start(
      std::move(poll),
      [progress = std::move(progress), failed_early](const monitor::PollProgress& p) {
        if (progress) progress({p.done + failed_early, p.total + failed_early, p.answered});
      },
      [result, polled, done = std::move(done)](std::vector<monitor::DevicePoll> polls) {
        const auto problem = [](const snmp::SnmpError& e) {
          return driver::DeviceProblem{std::string(snmp::toString(e.kind)), e.message};
        };
        for (std::size_t i = 0; i < polls.size() && i < polled->size(); ++i) {
          auto& out = result->devices[(*polled)[i]];
          out.reading = std::move(polls[i].reading);
          if (polls[i].error) out.error = problem(*polls[i].error);
          for (const auto& e : polls[i].partial_failures) {
            out.partial_failures.push_back(problem(e));
          }
        }
        done(std::move(*result));
      });
}

namespace {

const snmp::Oid kSysContact = {1, 3, 6, 1, 2, 1, 1, 4, 0};

// One check-functions run: each device fills its own slot; the last to finish reports.
struct FunctionCheck {
  driver::CheckFunctionsResult result;
  std::vector<std::string> functions;
  std::atomic<std::size_t> pending{0};
  std::function<void(driver::CheckFunctionsResult)> done;

  bool asked(std::string_view function) const {
    return std::find(functions.begin(), functions.end(), function) != functions.end();
  }
  void set(std::size_t device, const std::string& function, std::string state, std::string reason) {
    if (asked(function))
      result.devices[device].push_back({function, std::move(state), std::move(reason)});
  }
  void unknown(std::size_t device, const std::string& reason) {
    for (const auto& function : functions)
      result.devices[device].push_back({function, "unknown", reason});
  }
  void finish() {
    if (pending.fetch_sub(1, std::memory_order_acq_rel) == 1) done(std::move(result));
  }
};

}  // namespace

void SnmpDriver::checkFunctions(driver::CheckFunctionsRequest request,
                                std::function<void(driver::CheckFunctionsResult)> done) {
  auto check = std::make_shared<FunctionCheck>();
  check->functions = std::move(request.functions);
  check->done = std::move(done);
  check->result.devices.resize(request.devices.size());
  // One extra count, released below, so that no device completes the run while others are
  // still being started.
  check->pending = request.devices.size() + 1;
  for (std::size_t i = 0; i < request.devices.size(); ++i) {
    std::string why;
    auto found = deviceTarget(request.devices[i], request.transport, why);
    if (!found) {
      check->unknown(i, why);
      check->finish();
      continue;
    }
    engine_.get(*found, {kSysContact}, [this, check, i, target = *found](snmp::SnmpResult read) {
      if (const auto* error = std::get_if<snmp::SnmpError>(&read)) {
        check->unknown(i, errorText(*error));
        return check->finish();
      }
      check->set(i, "addressBook", "not_supported",
                 "SNMP has no address-book objects, and no other protocol for this device's "
                 "address book is available");
      if (!check->asked("deviceSettings")) return check->finish();
      const auto& varbinds = std::get<snmp::Response>(read).varbinds;
      const auto* contact =
          varbinds.empty() ? nullptr : std::get_if<snmp::OctetString>(&varbinds.front().value);
      if (!contact) {
        check->set(i, "deviceSettings", "not_supported", "the device does not expose sysContact");
        return check->finish();
      }
      // Written back unchanged: the probe must not alter the device.
      engine_.set(target, {{kSysContact, *contact}}, [check, i](snmp::SnmpResult written) {
        if (const auto* error = std::get_if<snmp::SnmpError>(&written)) {
          check->set(
              i, "deviceSettings", "not_supported",
              error->kind == snmp::ErrorClass::kTimeout
                  ? "the device ignored a write with this credential (read-only?)"
                  : "the device refused a write with this credential (" + errorText(*error) + ")");
        } else {
          check->set(i, "deviceSettings", "supported", "");
        }
        check->finish();
      });
    });
  }
  check->finish();
}

namespace {

// sysName, sysLocation, sysContact (MIB-II system group), by proto::kIdentityFields name.
const std::map<std::string, snmp::Oid, std::less<>> kIdentityOids = {
    {"name", {1, 3, 6, 1, 2, 1, 1, 5, 0}},
    {"location", {1, 3, 6, 1, 2, 1, 1, 6, 0}},
    {"contact", {1, 3, 6, 1, 2, 1, 1, 4, 0}}};

// One set-identity run: each field fills its own slot; the last to finish reports.
struct IdentityWrite {
  std::vector<proto::IdentityWriteData> results;
  std::atomic<std::size_t> pending{0};
  std::function<void(std::vector<proto::IdentityWriteData>)> done;

  void finish() {
    if (pending.fetch_sub(1, std::memory_order_acq_rel) == 1) done(std::move(results));
  }
};

// prtGeneralReset for the first (usually only) printer of the device (hrDeviceIndex 1).
const snmp::Oid kPrtGeneralReset = {1, 3, 6, 1, 2, 1, 43, 5, 1, 1, 3, 1};
constexpr std::int32_t kPowerCycleReset = 4;

// One reset run: each device fills its own slot; the last to finish reports.
struct ResetRun {
  std::vector<driver::ResetOutcome> outcomes;
  std::atomic<std::size_t> pending{0};
  std::function<void(std::vector<driver::ResetOutcome>)> done;

  void finish() {
    if (pending.fetch_sub(1, std::memory_order_acq_rel) == 1) done(std::move(outcomes));
  }
};

}  // namespace

void SnmpDriver::setIdentity(driver::SetIdentityRequest request,
                             std::function<void(std::vector<proto::IdentityWriteData>)> done) {
  auto write = std::make_shared<IdentityWrite>();
  write->done = std::move(done);
  for (const auto& value : request.values) write->results.push_back({value.field, false, "", ""});
  write->pending = request.values.size() + 1;  // released below, as in checkFunctions
  std::string why;
  const auto target = deviceTarget(request.device, request.transport, why);
  for (std::size_t i = 0; i < request.values.size(); ++i) {
    auto& slot = write->results[i];
    const auto oid = kIdentityOids.find(request.values[i].field);
    if (!target || oid == kIdentityOids.end()) {
      slot.reason = "failed";
      slot.message = !target ? why : "not an identity field";
      write->finish();
      continue;
    }
    engine_.set(*target, {{oid->second, snmp::OctetString{request.values[i].value}}},
                [write, i](snmp::SnmpResult result) {
                  auto outcome = writeOutcome(result);
                  auto& written = write->results[i];
                  written.written = outcome.done;
                  written.reason = std::move(outcome.reason);
                  written.message = std::move(outcome.message);
                  write->finish();
                });
  }
  write->finish();
}

void SnmpDriver::reset(driver::ResetRequest request,
                       std::function<void(std::vector<driver::ResetOutcome>)> done) {
  if (request.kind != "restart") {
    return done(std::vector<driver::ResetOutcome>(
        request.devices.size(),
        {false, "notSupported",
         "the Printer MIB defines no power-off; this device offers no known way to shut it down "
         "over SNMP"}));
  }
  auto run = std::make_shared<ResetRun>();
  run->done = std::move(done);
  run->outcomes.resize(request.devices.size());
  run->pending = request.devices.size() + 1;  // released below, as in checkFunctions
  for (std::size_t i = 0; i < request.devices.size(); ++i) {
    std::string why;
    const auto target = deviceTarget(request.devices[i], request.transport, why);
    if (!target) {
      run->outcomes[i] = {false, "failed", std::move(why)};
      run->finish();
      continue;
    }
    engine_.set(*target, {{kPrtGeneralReset, snmp::Integer{kPowerCycleReset}}},
                [run, i](snmp::SnmpResult result) {
                  run->outcomes[i] = writeOutcome(result);
                  run->finish();
                });
  }
  run->finish();
}

}  // namespace pw::agent::discovery
