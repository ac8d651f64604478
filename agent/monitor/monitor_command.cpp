// The "monitor" command of the Agent channel: validates the payload, hands the devices to the
// driver in one batch (the engine paces them together), waits on the command's own thread
// while passing progress on, turns each device's outcome into the wire form and queues it in
// the outbox; the result is the summary. Bad payloads and failures become failed results,
// never exceptions.
#include "agent/monitor/monitor_command.hpp"

#include <algorithm>
#include <cstdio>
#include <future>
#include <map>
#include <optional>
#include <vector>

namespace pw::agent::monitor {
namespace {

static_assert(proto::kCounterFieldCount == kCounterFieldCount,
              "the wire's counter fields are CounterField in order");

bool asked(std::span<const std::string> parts, std::string_view part) {
  return std::find(parts.begin(), parts.end(), part) != parts.end();
}

// Device text within the Manager's limits (proto/cpp/agent_messages.cpp).
std::string clip(const std::string& text, std::size_t max = 64) {
  return proto::clipText(text, max);
}

std::optional<std::int64_t> wide(const std::optional<int>& v) {
  return v ? std::optional<std::int64_t>(*v) : std::nullopt;
}
std::optional<std::int64_t> wide(const std::optional<std::uint32_t>& v) {
  return v ? std::optional<std::int64_t>(*v) : std::nullopt;
}
// Counters beyond 2^63 - 1 do not occur on printers; they are capped rather than wrapped.
std::int64_t signedCount(std::uint64_t v) {
  return static_cast<std::int64_t>(std::min<std::uint64_t>(v, INT64_MAX));
}
std::optional<std::int64_t> signedCount(const std::optional<std::uint64_t>& v) {
  return v ? std::optional<std::int64_t>(signedCount(*v)) : std::nullopt;
}

proto::AmountData amount(const Amount& a) {
  return {std::string(toString(a.kind)), a.value};
}

std::string hex(const std::string& bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (const unsigned char c : bytes.substr(0, 32)) {
    out += kDigits[c >> 4];
    out += kDigits[c & 0xf];
  }
  return out;
}

// MAC addresses as the wire caps them.
std::vector<std::string> macsWire(const std::vector<std::string>& macs) {
  return {macs.begin(),
          macs.begin() + static_cast<std::ptrdiff_t>(std::min(macs.size(), proto::kMaxMacs))};
}

proto::IdentityData identityWire(const identify::DeviceIdentity& d,
                                 const std::vector<std::string>& macs) {
  return {clip(d.vendor, 255),
          clip(d.model, 255),
          clip(d.serial, 255),
          clip(d.firmware, 255),
          d.mac,
          macsWire(macs),
          clip(d.name, 255),
          clip(d.location, 255),
          clip(d.contact, 255),
          d.is_printer};
}

proto::StatusData statusWire(const StatusReading& s, const std::vector<std::string>& macs) {
  proto::StatusData out;
  out.macs = macsWire(macs);
  out.severity = toString(s.severity);
  out.power = toString(s.power);
  out.device_status = s.device_status;
  out.printer_status = s.printer_status;
  if (s.error_state) out.error_state_hex = hex(*s.error_state);
  for (const auto flag : s.error_flags) out.error_flags.emplace_back(toString(flag));
  for (const auto condition : s.conditions) out.conditions.emplace_back(toString(condition));
  for (const auto& a : s.alerts) {
    out.alerts.push_back({clip(a.index), a.severity_level, clip(a.severity_level_name),
                          a.training_level, clip(a.training_level_name), a.group,
                          clip(a.group_name), a.group_index, a.location, a.code, clip(a.code_name),
                          clip(a.description, 1024), wide(a.time_ticks),
                          std::string(toString(a.severity)),
                          a.condition ? std::string(toString(*a.condition)) : std::string()});
  }
  return out;
}

proto::SuppliesData suppliesWire(const DeviceReading& r) {
  proto::SuppliesData out;
  for (const auto& x : r.supplies) {
    out.items.push_back({clip(x.index), clip(x.description, 1024), x.class_code,
                         clip(x.supply_class), x.type_code, clip(x.type), x.unit_code, clip(x.unit),
                         amount(x.max_capacity), amount(x.level), wide(x.percent), x.colorant_index,
                         clip(x.colorant, 255)});
  }
  for (const auto& x : r.input_trays) {
    out.input_trays.push_back({clip(x.index), clip(x.name, 255), x.type_code, clip(x.type),
                               clip(x.capacity_unit), amount(x.max_capacity), amount(x.level),
                               wide(x.percent), x.status, clip(x.media_name, 255)});
  }
  for (const auto& x : r.output_bins) {
    out.output_bins.push_back({clip(x.index), clip(x.name, 255), x.type_code, clip(x.type),
                               clip(x.capacity_unit), amount(x.max_capacity), amount(x.remaining),
                               wide(x.percent_remaining), x.status});
  }
  return out;
}

proto::CountersData countersWire(const CounterReading& c) {
  proto::CountersData out;
  for (const auto& m : c.markers) {
    out.markers.push_back(
        {clip(m.index), clip(m.unit), signedCount(m.life_count), signedCount(m.power_on_count)});
  }
  for (const auto& v : c.vendor) {
    out.vendor.push_back({clip(v.oid, 255), clip(v.name, 255), signedCount(v.value), clip(v.unit)});
  }
  for (std::size_t i = 0; i < proto::kCounterFieldCount; ++i) {
    if (const auto& v = c.normalized[static_cast<CounterField>(i)]) {
      out.normalized[i] =
          proto::CounterValueData{signedCount(v->value), clip(v->unit), clip(v->source, 1024)};
    }
  }
  out.profile = clip(c.profile, 255);
  return out;
}

std::optional<std::uint32_t> parseIpv4(const std::string& text) {
  unsigned a = 0, b = 0, c = 0, d = 0;
  char extra = 0;
  if (std::sscanf(text.c_str(), "%3u.%3u.%3u.%3u%c", &a, &b, &c, &d, &extra) != 4 || a > 255 ||
      b > 255 || c > 255 || d > 255) {
    return std::nullopt;
  }
  return (a << 24) | (b << 16) | (c << 8) | d;
}

std::string formatIpv4(std::uint32_t address) {
  return std::to_string(address >> 24) + "." + std::to_string((address >> 16) & 0xff) + "." +
         std::to_string((address >> 8) & 0xff) + "." + std::to_string(address & 0xff);
}

// The payload's devices as driver targets; nullopt (and `bad` set) when an address is invalid.
std::optional<std::vector<driver::MonitorTarget>> targetsOf(
    const std::vector<proto::MonitorTargetData>& devices,
    const std::vector<proto::SnmpCredentialData>& with, std::string& bad) {
  std::map<std::int64_t, const proto::SnmpCredentialData*> credentials;
  for (const auto& c : with) credentials.emplace(c.id, &c);
  std::vector<driver::MonitorTarget> targets;
  for (const auto& device : devices) {
    const auto address = parseIpv4(device.address);
    if (!address) {
      bad = "\"" + device.address + "\" is not an IPv4 address";
      return std::nullopt;
    }
    targets.push_back({{*address, ""},
                       static_cast<std::uint16_t>(device.port),
                       *credentials.at(device.credential_id),
                       device.vendor});
  }
  return targets;
}

// A driver request (MonitorRequest, CheckFunctionsRequest) with the payload's targets and
// transport; nullopt (and `bad` set) when the payload is invalid.
template <typename Request, typename Payload>
std::optional<Request> targetRequest(const proto::Parsed<Payload>& payload, std::string& bad) {
  if (!payload) {
    bad = payload.error.message;
    return std::nullopt;
  }
  auto targets = targetsOf(payload.value->devices, payload.value->credentials, bad);
  if (!targets) return std::nullopt;
  Request request;
  request.transport.timeout_ms = payload.value->timeout_ms;
  request.transport.retries = payload.value->retries;
  request.devices = std::move(*targets);
  return request;
}

proto::CommandResult monitor(const proto::Command& command, driver::DeviceDriver& device_driver,
                             const Clock& clock, const ProgressSink& sink,
                             const RecordQueue& queue) {
  const auto payload = proto::parseMonitorPayload(command.payload);
  std::string bad;
  auto requested = targetRequest<driver::MonitorRequest>(payload, bad);
  if (!requested) {
    return failedCommandResult(command, clock, "invalid_payload",
                               "the monitor payload is invalid: " + bad);
  }
  auto request = std::move(*requested);
  const auto& parts = payload.value->parts;
  request.parts = {asked(parts, "status"), asked(parts, "supplies"), asked(parts, "counters"),
                   asked(parts, "identity")};

  driver::MonitorProgress initial;
  initial.total = request.devices.size();
  const auto polled = awaitWithProgress<driver::MonitorResult>(
      [&device_driver, &request](auto on_progress, auto on_done) {
        device_driver.monitor(request, std::move(on_progress), std::move(on_done));
      },
      initial,
      [&command](const driver::MonitorProgress& now) {
        return proto::CommandProgress{command.id, static_cast<std::int64_t>(now.done),
                                      static_cast<std::int64_t>(now.total),
                                      static_cast<std::int64_t>(now.answered)};
      },
      sink);

  const driver::MonitoredDevice kNoOutcome;
  const auto read_at = toUnixSeconds(clock.now());
  proto::MonitorSummary summary;
  for (std::size_t i = 0; i < payload.value->devices.size(); ++i) {
    proto::MonitorReadingRecord record;
    record.command_id = command.id;
    record.read_at = read_at;
    auto& out = record.device;
    out.device_id = payload.value->devices[i].device_id;
    out.address = formatIpv4(request.devices[i].endpoint.ipv4);
    const auto& device = i < polled.devices.size() ? polled.devices[i] : kNoOutcome;
    if (device.reading) {
      out.reading = toWire(*device.reading, parts);
      ++summary.answered;
    } else {
      const auto error = device.error.value_or(
          driver::DeviceProblem{"misconfigured", "the driver returned no outcome"});
      out.error = proto::MonitorErrorData{clip(error.kind, 32), clip(error.message, 1024)};
      ++summary.failed;
    }
    for (const auto& e : device.partial_failures) {
      out.partial_failures.push_back({clip(e.kind, 32), clip(e.message, 1024)});
    }
    std::string error;
    const auto sequence = queue(proto::kMonitorReadingKind, proto::toJson(record).dump(), error);
    if (!sequence) {
      return failedCommandResult(command, clock, "outbox_failed",
                                 std::to_string(i) + " of " +
                                     std::to_string(payload.value->devices.size()) +
                                     " readings were queued; the others were lost: " + error);
    }
    if (summary.first_sequence == 0) summary.first_sequence = static_cast<std::int64_t>(*sequence);
    summary.last_sequence = static_cast<std::int64_t>(*sequence);
  }
  summary.devices = summary.answered + summary.failed;
  return succeededCommandResult(command, clock, proto::toJson(summary));
}

proto::CommandResult checkFunctions(const proto::Command& command,
                                    driver::DeviceDriver& device_driver, const Clock& clock) {
  const auto payload = proto::parseCheckFunctionsPayload(command.payload);
  std::string bad;
  auto request = targetRequest<driver::CheckFunctionsRequest>(payload, bad);
  if (!request) {
    return failedCommandResult(command, clock, "invalid_payload",
                               "the check-functions payload is invalid: " + bad);
  }
  request->functions = payload.value->functions;
  std::promise<driver::CheckFunctionsResult> promise;
  auto future = promise.get_future();
  device_driver.checkFunctions(std::move(*request), [&promise](driver::CheckFunctionsResult r) {
    promise.set_value(std::move(r));
  });
  const auto checked = future.get();

  proto::CheckFunctionsData data;
  for (std::size_t i = 0; i < payload.value->devices.size(); ++i) {
    const auto device_id = payload.value->devices[i].device_id;
    for (const auto& f :
         i < checked.devices.size() ? checked.devices[i] : std::vector<driver::FunctionSupport>{}) {
      data.results.push_back({device_id, f.function, f.state, clip(f.reason, 1024)});
    }
  }
  return succeededCommandResult(command, clock, proto::toJson(data));
}

proto::CommandResult setIdentity(const proto::Command& command, driver::DeviceDriver& device_driver,
                                 const Clock& clock) {
  const auto payload = proto::parseSetIdentityPayload(command.payload);
  std::string bad = payload ? "" : payload.error.message;
  auto targets =
      payload ? targetsOf({payload.value->device}, {payload.value->credential}, bad) : std::nullopt;
  if (!targets) {
    return failedCommandResult(command, clock, "invalid_payload",
                               "the set-identity payload is invalid: " + bad);
  }
  driver::SetIdentityRequest request{std::move(targets->front()), payload.value->values, {}};
  request.transport.timeout_ms = payload.value->timeout_ms;
  request.transport.retries = payload.value->retries;
  std::promise<std::vector<proto::IdentityWriteData>> promise;
  auto future = promise.get_future();
  device_driver.setIdentity(std::move(request),
                            [&promise](std::vector<proto::IdentityWriteData> results) {
                              promise.set_value(std::move(results));
                            });
  proto::SetIdentityData data{future.get()};
  for (auto& result : data.results) {
    result.reason = clip(result.reason, 32);
    result.message = clip(result.message, 1024);
  }
  return succeededCommandResult(command, clock, proto::toJson(data));
}

proto::CommandResult resetDevices(const proto::Command& command,
                                  driver::DeviceDriver& device_driver, const Clock& clock) {
  const auto payload = proto::parseResetDevicePayload(command.payload);
  std::string bad;
  auto request = targetRequest<driver::ResetRequest>(payload, bad);
  if (!request) {
    return failedCommandResult(command, clock, "invalid_payload",
                               "the reset-device payload is invalid: " + bad);
  }
  request->kind = payload.value->kind;
  std::promise<std::vector<driver::ResetOutcome>> promise;
  auto future = promise.get_future();
  device_driver.reset(std::move(*request), [&promise](std::vector<driver::ResetOutcome> r) {
    promise.set_value(std::move(r));
  });
  const auto outcomes = future.get();
  proto::ResetDeviceData data;
  for (std::size_t i = 0; i < payload.value->devices.size(); ++i) {
    const auto device_id = payload.value->devices[i].device_id;
    if (i >= outcomes.size()) {
      data.results.push_back({device_id, false, "failed", "the driver did not say how it went"});
      continue;
    }
    const auto& outcome = outcomes[i];
    data.results.push_back(
        {device_id, outcome.done, clip(outcome.reason, 32), clip(outcome.message, 1024)});
  }
  return succeededCommandResult(command, clock, proto::toJson(data));
}

}  // namespace

proto::ReadingData toWire(const DeviceReading& reading, std::span<const std::string> parts) {
  proto::ReadingData out;
  out.uptime_ticks = wide(reading.uptime_ticks);
  if (asked(parts, "status")) out.status = statusWire(reading.status, reading.macs);
  if (asked(parts, "supplies")) out.supplies = suppliesWire(reading);
  if (asked(parts, "counters")) out.counters = countersWire(reading.counters);
  if (asked(parts, "identity") && reading.identity) {
    out.identity = identityWire(*reading.identity, reading.macs);
  }
  return out;
}

proto::CommandResult runMonitorCommand(const proto::Command& command,
                                       driver::DeviceDriver& device_driver, const Clock& clock,
                                       const ProgressSink& progress, const RecordQueue& queue) {
  try {
    return monitor(command, device_driver, clock, progress, queue);
  } catch (const std::exception& e) {
    return failedCommandResult(command, clock, "monitor_failed",
                               std::string("the monitoring could not run: ") + e.what());
  }
}

proto::CommandResult runCheckFunctionsCommand(const proto::Command& command,
                                              driver::DeviceDriver& device_driver,
                                              const Clock& clock) {
  try {
    return checkFunctions(command, device_driver, clock);
  } catch (const std::exception& e) {
    return failedCommandResult(command, clock, "check_failed",
                               std::string("the function check could not run: ") + e.what());
  }
}

proto::CommandResult runSetIdentityCommand(const proto::Command& command,
                                           driver::DeviceDriver& device_driver,
                                           const Clock& clock) {
  try {
    return setIdentity(command, device_driver, clock);
  } catch (const std::exception& e) {
    return failedCommandResult(command, clock, "set_identity_failed",
                               std::string("the identity could not be written: ") + e.what());
  }
}

proto::CommandResult runResetDeviceCommand(const proto::Command& command,
                                           driver::DeviceDriver& device_driver,
                                           const Clock& clock) {
  try {
    return resetDevices(command, device_driver, clock);
  } catch (const std::exception& e) {
    return failedCommandResult(command, clock, "reset_failed",
                               std::string("the devices could not be reset: ") + e.what());
  }
}

}  // namespace pw::agent::monitor
