#include "proto/cpp/agent_messages.hpp"

#include <algorithm>
#include <iterator>
#include <limits>
#include <span>
#include <stdexcept>

namespace pw::proto {
namespace {

using nlohmann::json;

// Field readers throw FieldError; each parse function catches it once and turns it into a
// ParseError, which keeps the per-message code a flat list of fields.
struct FieldError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

const json& field(const json& j, const char* name) {
  if (!j.is_object()) throw FieldError("message must be a JSON object");
  const auto it = j.find(name);
  if (it == j.end()) throw FieldError(std::string("missing field \"") + name + "\"");
  return *it;
}

std::string text(const json& j, const char* name, std::size_t max_length) {
  const auto& value = field(j, name);
  if (!value.is_string()) throw FieldError(std::string("field \"") + name + "\" must be a string");
  auto result = value.get<std::string>();
  if (result.size() > max_length) {
    throw FieldError(std::string("field \"") + name + "\" is longer than " +
                     std::to_string(max_length) + " characters");
  }
  return result;
}

std::int64_t integer(const json& j, const char* name, std::int64_t min, std::int64_t max) {
  const auto& value = field(j, name);
  if (!value.is_number_integer()) {
    throw FieldError(std::string("field \"") + name + "\" must be an integer");
  }
  const auto result = value.get<std::int64_t>();
  if (result < min || result > max) {
    throw FieldError(std::string("field \"") + name + "\" is out of range");
  }
  return result;
}

const json& object(const json& j, const char* name) {
  const auto& value = field(j, name);
  if (!value.is_object()) throw FieldError(std::string("field \"") + name + "\" must be an object");
  return value;
}

const json& array(const json& j, const char* name, std::size_t max_items) {
  const auto& value = field(j, name);
  if (!value.is_array()) throw FieldError(std::string("field \"") + name + "\" must be a list");
  if (value.size() > max_items) throw FieldError(std::string("field \"") + name + "\" is too long");
  return value;
}

bool boolean(const json& j, const char* name) {
  const auto& value = field(j, name);
  if (!value.is_boolean())
    throw FieldError(std::string("field \"") + name + "\" must be true or false");
  return value.get<bool>();
}

std::vector<std::string> texts(const json& j, const char* name, std::size_t min_items,
                               std::size_t max_items, std::size_t min_length,
                               std::size_t max_length) {
  const auto& list = array(j, name, max_items);
  if (list.size() < min_items) {
    throw FieldError(std::string("field \"") + name + "\" needs at least " +
                     std::to_string(min_items) + " item(s)");
  }
  std::vector<std::string> out;
  out.reserve(list.size());
  for (const auto& item : list) {
    if (!item.is_string()) {
      throw FieldError(std::string("field \"") + name + "\" must be a list of strings");
    }
    auto value = item.get<std::string>();
    if (value.size() < min_length || value.size() > max_length) {
      throw FieldError(std::string("field \"") + name + "\" holds an item of " +
                       std::to_string(value.size()) + " characters (allowed " +
                       std::to_string(min_length) + " to " + std::to_string(max_length) + ")");
    }
    out.push_back(std::move(value));
  }
  return out;
}

constexpr std::int64_t kAnyTime = std::numeric_limits<std::int64_t>::max();

double number(const json& j, const char* name, double min, double max) {
  const auto& value = field(j, name);
  if (!value.is_number()) throw FieldError(std::string("field \"") + name + "\" must be a number");
  const auto result = value.get<double>();
  if (!(result >= min && result <= max)) {
    throw FieldError(std::string("field \"") + name + "\" is out of range");
  }
  return result;
}

// Lower-case letters, digits and '-', starting with a letter: record kinds, stream ids.
std::string token(const json& j, const char* name, std::size_t max_length, bool hex_only) {
  auto value = text(j, name, max_length);
  const bool valid = !value.empty() && std::all_of(value.begin(), value.end(), [hex_only](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= (hex_only ? 'f' : 'z')) ||
           (!hex_only && c == '-');
  });
  if (!valid || (!hex_only && !(value[0] >= 'a' && value[0] <= 'z'))) {
    throw FieldError(std::string("field \"") + name + "\" has invalid characters");
  }
  return value;
}

// An integer field that may be null (the value is unknown or absent on the device).
std::optional<std::int64_t> nullableInteger(const json& j, const char* name) {
  if (field(j, name).is_null()) return std::nullopt;
  return integer(j, name, std::numeric_limits<std::int64_t>::min(), kAnyTime);
}

json nullable(const std::optional<std::int64_t>& value) {
  return value ? json(*value) : json(nullptr);
}

json credentialJson(const SnmpCredentialData& c) {
  json item = {{"id", c.id}, {"version", c.version}};
  if (c.version == "v3" && c.v3) {
    item["v3"] = {{"username", c.v3->username},          {"securityLevel", c.v3->security_level},
                  {"authProtocol", c.v3->auth_protocol}, {"authKey", c.v3->auth_key},
                  {"privProtocol", c.v3->priv_protocol}, {"privKey", c.v3->priv_key},
                  {"contextName", c.v3->context_name}};
  } else {
    item["community"] = c.community;
  }
  return item;
}

SnmpCredentialData parseCredential(const json& c) {
  SnmpCredentialData credential;
  credential.id = integer(c, "id", 0, kAnyTime);
  credential.version = text(c, "version", 3);
  if (credential.version == "v3") {
    const auto& v3 = object(c, "v3");
    credential.v3 = SnmpV3SecurityData{text(v3, "username", 64),     text(v3, "securityLevel", 16),
                                       text(v3, "authProtocol", 16), text(v3, "authKey", 256),
                                       text(v3, "privProtocol", 16), text(v3, "privKey", 256),
                                       text(v3, "contextName", 64)};
    if (credential.v3->username.empty()) throw FieldError("field \"username\" is empty");
  } else if (credential.version == "v1" || credential.version == "v2c") {
    credential.community = text(c, "community", 64);
    if (credential.community.empty()) throw FieldError("field \"community\" is empty");
  } else {
    throw FieldError("field \"version\" must be \"v1\", \"v2c\" or \"v3\"");
  }
  return credential;
}

// Whether `value` is one of the names in `known` (a kXxx[] list).
bool isOneOf(const std::string& value, std::span<const char* const> known) {
  return std::find(known.begin(), known.end(), value) != known.end();
}

// How hard an SNMP command tries each device: the "timeoutMs" and "retries" every command
// payload carries.
template <typename Payload>
void parseTiming(const json& m, Payload& p) {
  p.timeout_ms = static_cast<int>(integer(m, "timeoutMs", 1, 60'000));
  p.retries = static_cast<int>(integer(m, "retries", 0, 10));
}

template <typename T, typename Fn>
Parsed<T> parseWith(const json& j, Fn&& fn) {
  Parsed<T> parsed;
  try {
    parsed.value = fn(j);
  } catch (const FieldError& e) {
    parsed.error.message = e.what();
  }
  return parsed;
}

}  // namespace

json toJson(const EnrollmentRequest& m) {
  return {{"activationKey", m.activation_key},
          {"csr", m.csr_pem},
          {"hostname", m.hostname},
          {"agentVersion", m.agent_version}};
}

json toJson(const EnrollmentResponse& m) {
  return {{"agentId", m.agent_id},
          {"agentName", m.agent_name},
          {"certificate", m.certificate_pem},
          {"caCertificate", m.ca_certificate_pem},
          {"agentPort", m.agent_port},
          {"heartbeatSeconds", m.heartbeat_seconds}};
}

json toJson(const Heartbeat& m) {
  return {{"agentVersion", m.agent_version}, {"hostname", m.hostname}, {"startedAt", m.started_at}};
}

json toJson(const HeartbeatAck& m) {
  return {{"heartbeatSeconds", m.heartbeat_seconds}, {"serverTime", m.server_time}};
}

json toJson(const CommandBatch& m) {
  json commands = json::array();
  for (const auto& c : m.commands) {
    commands.push_back(
        {{"id", c.id}, {"kind", c.kind}, {"issuedAt", c.issued_at}, {"payload", c.payload}});
  }
  return {{"commands", commands}};
}

json toJson(const CommandResults& m) {
  json results = json::array();
  for (const auto& r : m.results) {
    json item = {{"id", r.id},
                 {"outcome", r.succeeded ? "succeeded" : "failed"},
                 {"completedAt", r.completed_at},
                 {"data", r.data}};
    if (r.error) item["error"] = {{"code", r.error->code}, {"message", r.error->message}};
    results.push_back(std::move(item));
  }
  return {{"results", results}};
}

Parsed<EnrollmentRequest> parseEnrollmentRequest(const json& j) {
  return parseWith<EnrollmentRequest>(j, [](const json& m) {
    return EnrollmentRequest{text(m, "activationKey", 256), text(m, "csr", 16384),
                             text(m, "hostname", 255), text(m, "agentVersion", 64)};
  });
}

Parsed<EnrollmentResponse> parseEnrollmentResponse(const json& j) {
  return parseWith<EnrollmentResponse>(j, [](const json& m) {
    return EnrollmentResponse{integer(m, "agentId", 1, kAnyTime),
                              text(m, "agentName", 256),
                              text(m, "certificate", 65536),
                              text(m, "caCertificate", 65536),
                              static_cast<int>(integer(m, "agentPort", 1, 65535)),
                              static_cast<int>(integer(m, "heartbeatSeconds", 1, 3600))};
  });
}

Parsed<Heartbeat> parseHeartbeat(const json& j) {
  return parseWith<Heartbeat>(j, [](const json& m) {
    return Heartbeat{text(m, "agentVersion", 64), text(m, "hostname", 255),
                     integer(m, "startedAt", 0, kAnyTime)};
  });
}

Parsed<HeartbeatAck> parseHeartbeatAck(const json& j) {
  return parseWith<HeartbeatAck>(j, [](const json& m) {
    return HeartbeatAck{static_cast<int>(integer(m, "heartbeatSeconds", 1, 3600)),
                        integer(m, "serverTime", 0, kAnyTime)};
  });
}

Parsed<CommandBatch> parseCommandBatch(const json& j) {
  return parseWith<CommandBatch>(j, [](const json& m) {
    CommandBatch batch;
    for (const auto& c : array(m, "commands", 1000)) {
      batch.commands.push_back(Command{integer(c, "id", 1, kAnyTime), text(c, "kind", 64),
                                       integer(c, "issuedAt", 0, kAnyTime), object(c, "payload")});
    }
    return batch;
  });
}

Parsed<CommandResults> parseCommandResults(const json& j) {
  return parseWith<CommandResults>(j, [](const json& m) {
    CommandResults out;
    for (const auto& r : array(m, "results", 1000)) {
      CommandResult result;
      result.id = integer(r, "id", 1, kAnyTime);
      const auto outcome = text(r, "outcome", 16);
      if (outcome != "succeeded" && outcome != "failed") {
        throw FieldError("field \"outcome\" must be \"succeeded\" or \"failed\"");
      }
      result.succeeded = outcome == "succeeded";
      result.completed_at = integer(r, "completedAt", 0, kAnyTime);
      result.data = object(r, "data");
      if (r.contains("error")) {
        const auto& error = object(r, "error");
        result.error = CommandError{text(error, "code", 64), text(error, "message", 1024)};
      }
      out.results.push_back(std::move(result));
    }
    return out;
  });
}

json toJson(const DiscoverPayload& m) {
  json credentials = json::array();
  for (const auto& c : m.credentials) credentials.push_back(credentialJson(c));
  return {{"addresses", m.addresses}, {"hostnames", m.hostnames},  {"credentials", credentials},
          {"port", m.port},           {"timeoutMs", m.timeout_ms}, {"retries", m.retries}};
}

json toJson(const CommandProgressReport& m) {
  json items = json::array();
  for (const auto& p : m.items) {
    items.push_back({{"id", p.id}, {"done", p.done}, {"total", p.total}, {"found", p.found}});
  }
  return {{"items", items}};
}

json toJson(const DiscoverData& m) {
  json devices = json::array();
  for (const auto& d : m.devices) {
    devices.push_back({{"address", d.address},
                       {"vendor", d.vendor},
                       {"model", d.model},
                       {"serial", d.serial},
                       {"firmware", d.firmware},
                       {"mac", d.mac},
                       {"name", d.name},
                       {"location", d.location},
                       {"contact", d.contact},
                       {"isPrinter", d.is_printer},
                       {"hostname", d.hostname},
                       {"credentialId", d.credential_id},
                       {"snmpVersion", d.snmp_version}});
  }
  const auto problems = [](const std::vector<DiscoverFailureData>& list) {
    json out = json::array();
    for (const auto& f : list) {
      out.push_back({{"address", f.address}, {"kind", f.kind}, {"message", f.message}});
    }
    return out;
  };
  return {{"devices", devices},
          {"silent", m.silent},
          {"failures", problems(m.failures)},
          {"warnings", problems(m.warnings)}};
}

Parsed<DiscoverPayload> parseDiscoverPayload(const json& j) {
  return parseWith<DiscoverPayload>(j, [](const json& m) {
    DiscoverPayload p;
    p.addresses = texts(m, "addresses", 0, kMaxDiscoverAddresses, 7, 15);
    p.hostnames = texts(m, "hostnames", 0, kMaxDiscoverHostnames, 1, 253);
    if (p.addresses.empty() && p.hostnames.empty()) {
      throw FieldError("fields \"addresses\" and \"hostnames\" are both empty");
    }
    const auto& credentials = array(m, "credentials", kMaxDiscoverCredentials);
    if (credentials.empty()) throw FieldError("field \"credentials\" needs at least 1 item(s)");
    for (const auto& c : credentials) p.credentials.push_back(parseCredential(c));
    p.port = static_cast<int>(integer(m, "port", 1, 65535));
    parseTiming(m, p);
    return p;
  });
}

Parsed<DiscoverData> parseDiscoverData(const json& j) {
  return parseWith<DiscoverData>(j, [](const json& m) {
    DiscoverData out;
    for (const auto& d : array(m, "devices", kMaxDiscoverAddresses)) {
      DiscoveredDeviceData device;
      device.address = text(d, "address", 15);
      device.vendor = text(d, "vendor", 255);
      device.model = text(d, "model", 255);
      device.serial = text(d, "serial", 255);
      device.firmware = text(d, "firmware", 255);
      device.mac = text(d, "mac", 64);
      device.name = text(d, "name", 255);
      device.location = text(d, "location", 255);
      device.contact = text(d, "contact", 255);
      device.is_printer = boolean(d, "isPrinter");
      device.hostname = text(d, "hostname", 253);
      device.credential_id = integer(d, "credentialId", 0, kAnyTime);
      device.snmp_version = text(d, "snmpVersion", 3);
      out.devices.push_back(std::move(device));
    }
    out.silent = integer(m, "silent", 0, static_cast<std::int64_t>(kMaxDiscoverAddresses));
    for (const auto& f : array(m, "failures", kMaxDiscoverAddresses)) {
      out.failures.push_back(DiscoverFailureData{text(f, "address", 253), text(f, "kind", 32),
                                                 text(f, "message", 1024)});
    }
    for (const auto& f : array(m, "warnings", kMaxDiscoverAddresses)) {
      out.warnings.push_back(DiscoverFailureData{text(f, "address", 253), text(f, "kind", 32),
                                                 text(f, "message", 1024)});
    }
    return out;
  });
}

Parsed<CommandProgressReport> parseCommandProgressReport(const json& j) {
  return parseWith<CommandProgressReport>(j, [](const json& m) {
    CommandProgressReport out;
    for (const auto& p : array(m, "items", 1000)) {
      out.items.push_back(
          CommandProgress{integer(p, "id", 1, kAnyTime), integer(p, "done", 0, kAnyTime),
                          integer(p, "total", 0, kAnyTime), integer(p, "found", 0, kAnyTime)});
    }
    return out;
  });
}

namespace {

json amountJson(const AmountData& a) {
  json out = {{"state", a.state}};
  if (a.state == "value" || a.state == "invalid") out["value"] = a.value;
  return out;
}

const char* const kAmountStates[] = {"value",          "other",   "unknown",
                                     "some_remaining", "invalid", "absent"};

AmountData parseAmount(const json& j, const char* name) {
  const auto& a = object(j, name);
  AmountData out;
  out.state = text(a, "state", 16);
  if (!isOneOf(out.state, kAmountStates)) {
    throw FieldError(std::string("field \"") + name + "\" has an unknown state");
  }
  if (out.state == "value") out.value = integer(a, "value", 0, kAnyTime);
  if (out.state == "invalid") out.value = integer(a, "value", -kAnyTime, kAnyTime);
  return out;
}

// Lists of names (conditions, flags): short words, at most a few dozen.
std::vector<std::string> names(const json& j, const char* name) {
  return texts(j, name, 0, 64, 1, 64);
}

// MAC addresses in the Agent's form (identify::parseMac): 17 characters each.
std::vector<std::string> macList(const json& j, const char* name) {
  return texts(j, name, 0, kMaxMacs, 17, 17);
}

IdentityData parseIdentity(const json& d) {
  IdentityData out;
  out.vendor = text(d, "vendor", 255);
  out.model = text(d, "model", 255);
  out.serial = text(d, "serial", 255);
  out.firmware = text(d, "firmware", 255);
  out.mac = text(d, "mac", 17);
  out.macs = macList(d, "macs");
  out.name = text(d, "name", 255);
  out.location = text(d, "location", 255);
  out.contact = text(d, "contact", 255);
  out.is_printer = boolean(d, "isPrinter");
  return out;
}

StatusData parseStatus(const json& s) {
  StatusData out;
  out.severity = text(s, "severity", 16);
  out.power = text(s, "power", 16);
  out.device_status = nullableInteger(s, "deviceStatus");
  out.printer_status = nullableInteger(s, "printerStatus");
  if (!field(s, "errorState").is_null()) out.error_state_hex = text(s, "errorState", 64);
  out.error_flags = names(s, "errorFlags");
  out.conditions = names(s, "conditions");
  if (s.contains("macs")) out.macs = macList(s, "macs");
  for (const auto& a : array(s, "alerts", 1000)) {
    AlertData alert;
    alert.index = text(a, "index", 64);
    alert.severity_level = integer(a, "severityLevel", -kAnyTime, kAnyTime);
    alert.severity_level_name = text(a, "severityLevelName", 64);
    alert.training_level = integer(a, "trainingLevel", -kAnyTime, kAnyTime);
    alert.training_level_name = text(a, "trainingLevelName", 64);
    alert.group = integer(a, "group", -kAnyTime, kAnyTime);
    alert.group_name = text(a, "groupName", 64);
    alert.group_index = integer(a, "groupIndex", -kAnyTime, kAnyTime);
    alert.location = integer(a, "location", -kAnyTime, kAnyTime);
    alert.code = integer(a, "code", -kAnyTime, kAnyTime);
    alert.code_name = text(a, "codeName", 64);
    alert.description = text(a, "description", 1024);
    alert.time_ticks = nullableInteger(a, "timeTicks");
    alert.severity = text(a, "severity", 16);
    alert.condition = text(a, "condition", 64);
    out.alerts.push_back(std::move(alert));
  }
  return out;
}

// The fields an input tray and an output bin share (Printer-MIB prtInputTable, prtOutputTable).
template <typename PaperUnit>
PaperUnit parsePaperUnit(const json& x) {
  PaperUnit unit;
  unit.index = text(x, "index", 64);
  unit.name = text(x, "name", 255);
  unit.type_code = integer(x, "typeCode", -kAnyTime, kAnyTime);
  unit.type = text(x, "type", 64);
  unit.capacity_unit = text(x, "capacityUnit", 64);
  unit.max_capacity = parseAmount(x, "maxCapacity");
  unit.status = nullableInteger(x, "status");
  return unit;
}

template <typename PaperUnit>
json paperUnitJson(const PaperUnit& x) {
  return {{"index", x.index},
          {"name", x.name},
          {"typeCode", x.type_code},
          {"type", x.type},
          {"capacityUnit", x.capacity_unit},
          {"maxCapacity", amountJson(x.max_capacity)},
          {"status", nullable(x.status)}};
}

SuppliesData parseSupplies(const json& s) {
  SuppliesData out;
  for (const auto& x : array(s, "items", 1000)) {
    SupplyData item;
    item.index = text(x, "index", 64);
    item.description = text(x, "description", 1024);
    item.class_code = integer(x, "classCode", -kAnyTime, kAnyTime);
    item.supply_class = text(x, "class", 64);
    item.type_code = integer(x, "typeCode", -kAnyTime, kAnyTime);
    item.type = text(x, "type", 64);
    item.unit_code = integer(x, "unitCode", -kAnyTime, kAnyTime);
    item.unit = text(x, "unit", 64);
    item.max_capacity = parseAmount(x, "maxCapacity");
    item.level = parseAmount(x, "level");
    item.percent = nullableInteger(x, "percent");
    item.colorant_index = nullableInteger(x, "colorantIndex");
    item.colorant = text(x, "colorant", 255);
    out.items.push_back(std::move(item));
  }
  for (const auto& x : array(s, "inputTrays", 1000)) {
    auto tray = parsePaperUnit<InputTrayData>(x);
    tray.level = parseAmount(x, "level");
    tray.percent = nullableInteger(x, "percent");
    tray.media_name = text(x, "mediaName", 255);
    out.input_trays.push_back(std::move(tray));
  }
  for (const auto& x : array(s, "outputBins", 1000)) {
    auto bin = parsePaperUnit<OutputBinData>(x);
    bin.remaining = parseAmount(x, "remaining");
    bin.percent_remaining = nullableInteger(x, "percentRemaining");
    out.output_bins.push_back(std::move(bin));
  }
  return out;
}

CountersData parseCounters(const json& c) {
  CountersData out;
  for (const auto& m : array(c, "markers", 64)) {
    out.markers.push_back({text(m, "index", 64), text(m, "unit", 64),
                           nullableInteger(m, "lifeCount"), nullableInteger(m, "powerOnCount")});
  }
  for (const auto& v : array(c, "vendor", 1000)) {
    out.vendor.push_back({text(v, "oid", 255), text(v, "name", 255),
                          integer(v, "value", 0, kAnyTime), text(v, "unit", 64)});
  }
  const auto& normalized = object(c, "normalized");
  for (const auto& [name, value] : normalized.items()) {
    const auto* at = std::find_if(std::begin(kCounterFields), std::end(kCounterFields),
                                  [&name](const char* f) { return name == f; });
    if (at == std::end(kCounterFields)) {
      throw FieldError("field \"normalized\" names an unknown counter \"" + name + "\"");
    }
    out.normalized[static_cast<std::size_t>(at - std::begin(kCounterFields))] = CounterValueData{
        integer(value, "value", 0, kAnyTime), text(value, "unit", 64), text(value, "source", 1024)};
  }
  out.profile = text(c, "profile", 255);
  return out;
}

json errorJson(const MonitorErrorData& e) {
  return {{"kind", e.kind}, {"message", e.message}};
}

MonitorErrorData parseError(const json& e) {
  return {text(e, "kind", 32), text(e, "message", 1024)};
}

}  // namespace

json toJson(const AlertData& a) {
  return {{"index", a.index},
          {"severityLevel", a.severity_level},
          {"severityLevelName", a.severity_level_name},
          {"trainingLevel", a.training_level},
          {"trainingLevelName", a.training_level_name},
          {"group", a.group},
          {"groupName", a.group_name},
          {"groupIndex", a.group_index},
          {"location", a.location},
          {"code", a.code},
          {"codeName", a.code_name},
          {"description", a.description},
          {"timeTicks", nullable(a.time_ticks)},
          {"severity", a.severity},
          {"condition", a.condition}};
}

json toJson(const StatusData& s) {
  json alerts = json::array();
  for (const auto& a : s.alerts) alerts.push_back(toJson(a));
  return {{"severity", s.severity},
          {"power", s.power},
          {"deviceStatus", nullable(s.device_status)},
          {"printerStatus", nullable(s.printer_status)},
          {"errorState", s.error_state_hex ? json(*s.error_state_hex) : json(nullptr)},
          {"errorFlags", s.error_flags},
          {"conditions", s.conditions},
          {"alerts", alerts},
          {"macs", s.macs}};
}

json toJson(const IdentityData& d) {
  return {{"vendor", d.vendor},       {"model", d.model},       {"serial", d.serial},
          {"firmware", d.firmware},   {"mac", d.mac},           {"macs", d.macs},
          {"name", d.name},           {"location", d.location}, {"contact", d.contact},
          {"isPrinter", d.is_printer}};
}

json toJson(const SuppliesData& s) {
  json items = json::array();
  for (const auto& x : s.items) {
    items.push_back({{"index", x.index},
                     {"description", x.description},
                     {"classCode", x.class_code},
                     {"class", x.supply_class},
                     {"typeCode", x.type_code},
                     {"type", x.type},
                     {"unitCode", x.unit_code},
                     {"unit", x.unit},
                     {"maxCapacity", amountJson(x.max_capacity)},
                     {"level", amountJson(x.level)},
                     {"percent", nullable(x.percent)},
                     {"colorantIndex", nullable(x.colorant_index)},
                     {"colorant", x.colorant}});
  }
  json trays = json::array();
  for (const auto& x : s.input_trays) {
    auto tray = paperUnitJson(x);
    tray["level"] = amountJson(x.level);
    tray["percent"] = nullable(x.percent);
    tray["mediaName"] = x.media_name;
    trays.push_back(std::move(tray));
  }
  json bins = json::array();
  for (const auto& x : s.output_bins) {
    auto bin = paperUnitJson(x);
    bin["remaining"] = amountJson(x.remaining);
    bin["percentRemaining"] = nullable(x.percent_remaining);
    bins.push_back(std::move(bin));
  }
  return {{"items", items}, {"inputTrays", trays}, {"outputBins", bins}};
}

json toJson(const CountersData& c) {
  json markers = json::array();
  for (const auto& m : c.markers) {
    markers.push_back({{"index", m.index},
                       {"unit", m.unit},
                       {"lifeCount", nullable(m.life_count)},
                       {"powerOnCount", nullable(m.power_on_count)}});
  }
  json vendor = json::array();
  for (const auto& v : c.vendor) {
    vendor.push_back({{"oid", v.oid}, {"name", v.name}, {"value", v.value}, {"unit", v.unit}});
  }
  json normalized = json::object();
  for (std::size_t i = 0; i < kCounterFieldCount; ++i) {
    if (const auto& v = c.normalized[i]) {
      normalized[kCounterFields[i]] = {
          {"value", v->value}, {"unit", v->unit}, {"source", v->source}};
    }
  }
  return {
      {"markers", markers}, {"vendor", vendor}, {"normalized", normalized}, {"profile", c.profile}};
}

namespace {

// The devices and credentials a "monitor" or "check-functions" payload carries.
void addTargets(json& out, const std::vector<MonitorTargetData>& targets,
                const std::vector<SnmpCredentialData>& with) {
  json devices = json::array();
  for (const auto& d : targets) {
    devices.push_back({{"deviceId", d.device_id},
                       {"address", d.address},
                       {"port", d.port},
                       {"credentialId", d.credential_id},
                       {"vendor", d.vendor}});
  }
  json credentials = json::array();
  for (const auto& c : with) credentials.push_back(credentialJson(c));
  out["devices"] = std::move(devices);
  out["credentials"] = std::move(credentials);
}

void parseTargets(const json& m, std::vector<MonitorTargetData>& targets,
                  std::vector<SnmpCredentialData>& with) {
  for (const auto& c : array(m, "credentials", kMaxMonitorCredentials)) {
    with.push_back(parseCredential(c));
  }
  const auto& devices = array(m, "devices", kMaxMonitorDevices);
  if (devices.empty()) throw FieldError("field \"devices\" needs at least 1 item(s)");
  for (const auto& d : devices) {
    MonitorTargetData device{integer(d, "deviceId", 1, kAnyTime), text(d, "address", 15),
                             static_cast<int>(integer(d, "port", 1, 65535)),
                             integer(d, "credentialId", 0, kAnyTime), text(d, "vendor", 255)};
    if (std::none_of(with.begin(), with.end(),
                     [&device](const auto& c) { return c.id == device.credential_id; })) {
      throw FieldError("device " + std::to_string(device.device_id) +
                       " names a credential the payload does not carry");
    }
    targets.push_back(std::move(device));
  }
}

// A subset of `known` named by field `name`, at least one (`noun`: what one item is called).
std::vector<std::string> namesFrom(const json& m, const char* name, const char* noun,
                                   std::span<const char* const> known) {
  auto names = texts(m, name, 1, known.size(), 1, 32);
  for (const auto& n : names) {
    if (!isOneOf(n, known)) {
      throw FieldError(std::string("field \"") + name + "\" names an unknown " + noun + " \"" + n +
                       "\"");
    }
  }
  return names;
}

const char* const kFunctionStates[] = {"supported", "not_supported", "unknown"};

}  // namespace

json toJson(const MonitorPayload& m) {
  json out = {{"parts", m.parts}, {"timeoutMs", m.timeout_ms}, {"retries", m.retries}};
  addTargets(out, m.devices, m.credentials);
  return out;
}

Parsed<MonitorPayload> parseMonitorPayload(const json& j) {
  return parseWith<MonitorPayload>(j, [](const json& m) {
    MonitorPayload p;
    parseTargets(m, p.devices, p.credentials);
    p.parts = namesFrom(m, "parts", "part", kMonitorParts);
    parseTiming(m, p);
    return p;
  });
}

json toJson(const CheckFunctionsPayload& m) {
  json out = {{"functions", m.functions}, {"timeoutMs", m.timeout_ms}, {"retries", m.retries}};
  addTargets(out, m.devices, m.credentials);
  return out;
}

Parsed<CheckFunctionsPayload> parseCheckFunctionsPayload(const json& j) {
  return parseWith<CheckFunctionsPayload>(j, [](const json& m) {
    CheckFunctionsPayload p;
    parseTargets(m, p.devices, p.credentials);
    p.functions = namesFrom(m, "functions", "function", kDeviceFunctions);
    parseTiming(m, p);
    return p;
  });
}

json toJson(const CheckFunctionsData& m) {
  json results = json::array();
  for (const auto& r : m.results) {
    results.push_back({{"deviceId", r.device_id},
                       {"function", r.function},
                       {"state", r.state},
                       {"reason", r.reason}});
  }
  return {{"results", results}};
}

Parsed<CheckFunctionsData> parseCheckFunctionsData(const json& j) {
  return parseWith<CheckFunctionsData>(j, [](const json& m) {
    CheckFunctionsData out;
    for (const auto& r : array(m, "results", kMaxMonitorDevices * std::size(kDeviceFunctions))) {
      FunctionSupportData result{integer(r, "deviceId", 1, kAnyTime), text(r, "function", 32),
                                 text(r, "state", 16), text(r, "reason", 1024)};
      if (!isOneOf(result.function, kDeviceFunctions)) {
        throw FieldError("unknown function \"" + result.function + "\"");
      }
      if (!isOneOf(result.state, kFunctionStates)) {
        throw FieldError("unknown function state \"" + result.state + "\"");
      }
      out.results.push_back(std::move(result));
    }
    return out;
  });
}

namespace {

void checkIdentityField(const std::string& field) {
  if (!isOneOf(field, kIdentityFields)) {
    throw FieldError("unknown identity field \"" + field + "\"");
  }
}

}  // namespace

json toJson(const SetIdentityPayload& m) {
  json values = json::array();
  for (const auto& v : m.values) values.push_back({{"field", v.field}, {"value", v.value}});
  json out = {{"values", values}, {"timeoutMs", m.timeout_ms}, {"retries", m.retries}};
  addTargets(out, {m.device}, {m.credential});
  return out;
}

Parsed<SetIdentityPayload> parseSetIdentityPayload(const json& j) {
  return parseWith<SetIdentityPayload>(j, [](const json& m) {
    SetIdentityPayload p;
    std::vector<MonitorTargetData> devices;
    std::vector<SnmpCredentialData> credentials;
    parseTargets(m, devices, credentials);
    if (devices.size() != 1 || credentials.size() != 1) {
      throw FieldError("a set-identity payload carries exactly one device and one credential");
    }
    p.device = std::move(devices.front());
    p.credential = std::move(credentials.front());
    const auto& values = array(m, "values", std::size(kIdentityFields));
    if (values.empty()) throw FieldError("field \"values\" needs at least 1 item(s)");
    for (const auto& v : values) {
      IdentityValueData value{text(v, "field", 16), text(v, "value", 255)};
      checkIdentityField(value.field);
      for (const auto& earlier : p.values) {
        if (earlier.field == value.field) {
          throw FieldError("field \"values\" names \"" + value.field + "\" twice");
        }
      }
      p.values.push_back(std::move(value));
    }
    parseTiming(m, p);
    return p;
  });
}

json toJson(const SetIdentityData& m) {
  json results = json::array();
  for (const auto& r : m.results) {
    results.push_back(
        {{"field", r.field}, {"written", r.written}, {"reason", r.reason}, {"message", r.message}});
  }
  return {{"results", results}};
}

Parsed<SetIdentityData> parseSetIdentityData(const json& j) {
  return parseWith<SetIdentityData>(j, [](const json& m) {
    SetIdentityData out;
    for (const auto& r : array(m, "results", std::size(kIdentityFields))) {
      IdentityWriteData result{text(r, "field", 16), boolean(r, "written"), text(r, "reason", 32),
                               text(r, "message", 1024)};
      checkIdentityField(result.field);
      if (result.written != result.reason.empty()) {
        throw FieldError("field \"reason\" must be empty exactly when the field was written");
      }
      out.results.push_back(std::move(result));
    }
    return out;
  });
}

json toJson(const ResetDevicePayload& m) {
  json out = {{"kind", m.kind}, {"timeoutMs", m.timeout_ms}, {"retries", m.retries}};
  addTargets(out, m.devices, m.credentials);
  return out;
}

Parsed<ResetDevicePayload> parseResetDevicePayload(const json& j) {
  return parseWith<ResetDevicePayload>(j, [](const json& m) {
    ResetDevicePayload p;
    parseTargets(m, p.devices, p.credentials);
    p.kind = text(m, "kind", 16);
    if (!isOneOf(p.kind, kResetKinds)) {
      throw FieldError("unknown reset kind \"" + p.kind + "\"");
    }
    parseTiming(m, p);
    return p;
  });
}

json toJson(const ResetDeviceData& m) {
  json results = json::array();
  for (const auto& r : m.results) {
    results.push_back({{"deviceId", r.device_id},
                       {"done", r.done},
                       {"reason", r.reason},
                       {"message", r.message}});
  }
  return {{"results", results}};
}

Parsed<ResetDeviceData> parseResetDeviceData(const json& j) {
  return parseWith<ResetDeviceData>(j, [](const json& m) {
    ResetDeviceData out;
    for (const auto& r : array(m, "results", kMaxMonitorDevices)) {
      ResetResultData result{integer(r, "deviceId", 1, kAnyTime), boolean(r, "done"),
                             text(r, "reason", 32), text(r, "message", 1024)};
      if (result.done != result.reason.empty()) {
        throw FieldError("field \"reason\" must be empty exactly when the device took it");
      }
      out.results.push_back(std::move(result));
    }
    return out;
  });
}

json toJson(const MonitorReadingRecord& m) {
  const auto& r = m.device;
  json item = {{"commandId", m.command_id},
               {"readAt", m.read_at},
               {"deviceId", r.device_id},
               {"address", r.address}};
  if (r.reading) {
    const auto& reading = *r.reading;
    json out = {{"uptimeTicks", nullable(reading.uptime_ticks)}};
    if (reading.status) out["status"] = toJson(*reading.status);
    if (reading.supplies) out["supplies"] = toJson(*reading.supplies);
    if (reading.counters) out["counters"] = toJson(*reading.counters);
    if (reading.identity) out["identity"] = toJson(*reading.identity);
    item["reading"] = std::move(out);
  }
  if (r.error) item["error"] = errorJson(*r.error);
  json partial = json::array();
  for (const auto& e : r.partial_failures) partial.push_back(errorJson(e));
  item["partialFailures"] = std::move(partial);
  return item;
}

Parsed<MonitorReadingRecord> parseMonitorReadingRecord(const json& j) {
  return parseWith<MonitorReadingRecord>(j, [](const json& r) {
    MonitorReadingRecord out;
    out.command_id = integer(r, "commandId", 1, kAnyTime);
    out.read_at = integer(r, "readAt", 0, kAnyTime);
    auto& device = out.device;
    device.device_id = integer(r, "deviceId", 1, kAnyTime);
    device.address = text(r, "address", 15);
    if (r.contains("reading")) {
      const auto reading = object(r, "reading");
      ReadingData data;
      data.uptime_ticks = nullableInteger(reading, "uptimeTicks");
      if (reading.contains("status")) data.status = parseStatus(object(reading, "status"));
      if (reading.contains("supplies")) {
        data.supplies = parseSupplies(object(reading, "supplies"));
      }
      if (reading.contains("counters")) {
        data.counters = parseCounters(object(reading, "counters"));
      }
      if (reading.contains("identity")) {
        data.identity = parseIdentity(object(reading, "identity"));
      }
      device.reading = std::move(data);
    }
    if (r.contains("error")) device.error = parseError(object(r, "error"));
    if (device.reading.has_value() == device.error.has_value()) {
      throw FieldError("device " + std::to_string(device.device_id) +
                       " must have either a reading or an error");
    }
    for (const auto& e : array(r, "partialFailures", 1000)) {
      device.partial_failures.push_back(parseError(e));
    }
    return out;
  });
}

json toJson(const MonitorSummary& m) {
  return {{"devices", m.devices},
          {"answered", m.answered},
          {"failed", m.failed},
          {"firstSequence", m.first_sequence},
          {"lastSequence", m.last_sequence}};
}

Parsed<MonitorSummary> parseMonitorSummary(const json& j) {
  return parseWith<MonitorSummary>(j, [](const json& m) {
    MonitorSummary out{
        integer(m, "devices", 0, kMaxMonitorDevices), integer(m, "answered", 0, kMaxMonitorDevices),
        integer(m, "failed", 0, kMaxMonitorDevices), integer(m, "firstSequence", 1, kAnyTime),
        integer(m, "lastSequence", 1, kAnyTime)};
    if (out.answered + out.failed != out.devices) {
      throw FieldError("fields \"answered\" and \"failed\" must add up to \"devices\"");
    }
    if (out.last_sequence < out.first_sequence) {
      throw FieldError("field \"lastSequence\" must not be below \"firstSequence\"");
    }
    return out;
  });
}

std::string clipText(std::string text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  std::size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xc0) == 0x80) --end;
  text.resize(end);
  return text;
}

std::optional<json> parseJsonText(const std::string& body) {
  auto parsed = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) return std::nullopt;
  return parsed;
}

json toJson(const OutboxBatch& m) {
  json records = json::array();
  for (const auto& r : m.records) {
    records.push_back({{"sequence", r.sequence}, {"kind", r.kind}, {"payload", r.payload}});
  }
  return {{"stream", m.stream}, {"dropped", m.dropped}, {"records", std::move(records)}};
}

json toJson(const OutboxAck& m) {
  return {{"stream", m.stream},
          {"position", m.position},
          {"stored", m.stored},
          {"duplicates", m.duplicates},
          {"rejected", m.rejected}};
}

json toJson(const AgentStatusSample& m) {
  return {{"sampledAt", m.sampled_at},   {"cpuPercent", m.cpu_percent},
          {"rssBytes", m.rss_bytes},     {"queueRecords", m.queue_records},
          {"queueBytes", m.queue_bytes}, {"droppedRecords", m.dropped_records}};
}

namespace {

// The batch without its payloads (each checked to be an object): the callers below copy or
// move them in, so that a batch of a thousand readings is not copied record by record.
Parsed<OutboxBatch> outboxBatchShape(const json& j) {
  return parseWith<OutboxBatch>(j, [](const json& m) {
    OutboxBatch out;
    out.stream = token(m, "stream", 64, true);
    out.dropped = integer(m, "dropped", 0, kAnyTime);
    std::int64_t previous = 0;
    for (const auto& r : array(m, "records", kMaxOutboxRecords)) {
      OutboxRecordData record{integer(r, "sequence", 1, kAnyTime), token(r, "kind", 64, false),
                              nullptr};
      object(r, "payload");
      if (record.sequence <= previous) {
        throw FieldError("field \"records\" must be in strictly increasing sequence order");
      }
      previous = record.sequence;
      out.records.push_back(std::move(record));
    }
    return out;
  });
}

}  // namespace

Parsed<OutboxBatch> parseOutboxBatch(const json& j) {
  auto parsed = outboxBatchShape(j);
  if (!parsed) return parsed;
  const auto& records = j.at("records");
  for (std::size_t i = 0; i < parsed.value->records.size(); ++i) {
    parsed.value->records[i].payload = records[i].at("payload");
  }
  return parsed;
}

Parsed<OutboxBatch> parseOutboxBatch(json&& j) {
  auto parsed = outboxBatchShape(j);
  if (!parsed) return parsed;
  auto& records = j.at("records");
  for (std::size_t i = 0; i < parsed.value->records.size(); ++i) {
    parsed.value->records[i].payload = std::move(records[i].at("payload"));
  }
  return parsed;
}

Parsed<OutboxAck> parseOutboxAck(const json& j) {
  return parseWith<OutboxAck>(j, [](const json& m) {
    return OutboxAck{token(m, "stream", 64, true), integer(m, "position", 0, kAnyTime),
                     integer(m, "stored", 0, kAnyTime), integer(m, "duplicates", 0, kAnyTime),
                     integer(m, "rejected", 0, kAnyTime)};
  });
}

Parsed<AgentStatusSample> parseAgentStatusSample(const json& j) {
  return parseWith<AgentStatusSample>(j, [](const json& m) {
    return AgentStatusSample{
        integer(m, "sampledAt", 0, kAnyTime),  number(m, "cpuPercent", 0, 100'000),
        integer(m, "rssBytes", 0, kAnyTime),   integer(m, "queueRecords", 0, kAnyTime),
        integer(m, "queueBytes", 0, kAnyTime), integer(m, "droppedRecords", 0, kAnyTime)};
  });
}

}  // namespace pw::proto
