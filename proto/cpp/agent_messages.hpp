#pragma once
// Typed Manager <-> Agent messages (proto/agent/v1/*.schema.json). Both sides build and read
// messages only through these functions; parse functions validate required fields and types
// and ignore unknown fields, so a newer peer can add fields without breaking an older one.
#include <cstdint>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace pw::proto {

struct EnrollmentRequest {
  std::string activation_key;
  std::string csr_pem;
  std::string hostname;
  std::string agent_version;
};

struct EnrollmentResponse {
  std::int64_t agent_id = 0;
  std::string agent_name;
  std::string certificate_pem;
  std::string ca_certificate_pem;
  int agent_port = 0;
  int heartbeat_seconds = 0;
};

struct Heartbeat {
  std::string agent_version;
  std::string hostname;
  std::int64_t started_at = 0;
};

struct HeartbeatAck {
  int heartbeat_seconds = 0;
  std::int64_t server_time = 0;
};

struct Command {
  std::int64_t id = 0;
  std::string kind;
  std::int64_t issued_at = 0;
  nlohmann::json payload = nlohmann::json::object();
};

struct CommandBatch {
  std::vector<Command> commands;
};

struct CommandError {
  std::string code;
  std::string message;
};

struct CommandResult {
  std::int64_t id = 0;
  bool succeeded = false;
  std::int64_t completed_at = 0;
  nlohmann::json data = nlohmann::json::object();
  std::optional<CommandError> error;
};

struct CommandResults {
  std::vector<CommandResult> results;
};

/// SNMPv3 user-based security for one credential (RFC 3414 names; keys are passphrases).
struct SnmpV3SecurityData {
  std::string username;
  std::string security_level;  ///< noAuthNoPriv | authNoPriv | authPriv
  std::string auth_protocol;   ///< MD5 | SHA | SHA-224 | SHA-256 | SHA-384 | SHA-512 | ""
  std::string auth_key;
  std::string priv_protocol;  ///< DES | AES | AES-256 | ""
  std::string priv_key;
  std::string context_name;
};

/// One SNMP credential to try, as the Manager's credential store holds it. Carries secrets:
/// only ever sent over the mutual-TLS channel, never logged.
struct SnmpCredentialData {
  std::int64_t id = 0;    ///< the Manager's credential id; 0 for an ad-hoc community
  std::string version;    ///< v1 | v2c | v3
  std::string community;  ///< v1 / v2c
  std::optional<SnmpV3SecurityData> v3;
};

/// Payload of a "discover" command: the addresses and host names to sweep and how to ask them.
struct DiscoverPayload {
  std::vector<std::string> addresses;           ///< dotted IPv4, 0..65,536
  std::vector<std::string> hostnames;           ///< resolved by the Agent, 0..1,024
  std::vector<SnmpCredentialData> credentials;  ///< 1..16, tried in order
  int port = 161;
  int timeout_ms = 1000;  ///< per attempt, 1..60,000
  int retries = 1;        ///< retransmissions after the first attempt, 0..10
};

/// Progress of a long command, posted by the Agent while it runs
/// (POST /agent/v1/command-progress). Also tells the Manager the command is alive.
struct CommandProgress {
  std::int64_t id = 0;
  std::int64_t done = 0;
  std::int64_t total = 0;
  std::int64_t found = 0;
};

struct CommandProgressReport {
  std::vector<CommandProgress> items;
};

/// One device a "discover" command found (what it says about itself).
struct DiscoveredDeviceData {
  std::string address;  ///< dotted IPv4
  std::string vendor;
  std::string model;
  std::string serial;
  std::string firmware;
  std::string mac;
  std::string name;
  std::string location;
  std::string contact;
  bool is_printer = false;
  std::string hostname;            ///< the name it was asked by; empty when swept by address
  std::int64_t credential_id = 0;  ///< the credential that answered (0 = ad hoc)
  std::string snmp_version;        ///< v1 | v2c | v3
};

/// An address that could not be (fully) read for another reason than silence.
struct DiscoverFailureData {
  std::string address;  ///< dotted IPv4, or the host name that did not resolve
  std::string kind;     ///< timeout, authentication, rejected, decode, misconfigured, unresolved
  std::string message;
};

/// Result data of a succeeded "discover" command.
struct DiscoverData {
  std::vector<DiscoveredDeviceData> devices;
  std::int64_t silent = 0;  ///< addresses that never answered
  std::vector<DiscoverFailureData> failures;
  /// Problems of devices that did answer (kind duplicate_engine_id, ...).
  std::vector<DiscoverFailureData> warnings;
};

/// One record of an Agent's outbox (POST /agent/v1/outbox): a typed result the Agent kept
/// until the Manager stored it. `sequence` strictly increases within the stream.
struct OutboxRecordData {
  std::int64_t sequence = 0;
  std::string kind;  ///< [a-z][a-z0-9-]*, up to 64 characters: says how to read the payload
  nlohmann::json payload = nlohmann::json::object();
};

/// The oldest unacknowledged records of an Agent's outbox, in sequence order.
struct OutboxBatch {
  std::string stream;        ///< the outbox's id: a new one restarts the sequence space
  std::int64_t dropped = 0;  ///< records the Agent lost to its size bound, ever (cumulative)
  std::vector<OutboxRecordData> records;
};

/// The Manager's answer: everything up to `position` is stored (the Agent may forget it).
struct OutboxAck {
  std::string stream;
  std::int64_t position = 0;
  std::int64_t stored = 0;      ///< records of this batch stored now
  std::int64_t duplicates = 0;  ///< records at or below the position already: skipped
  std::int64_t rejected = 0;    ///< unknown kind or invalid payload: skipped and logged
};

/// Payload of an "agent-status" outbox record: how the Agent itself is doing.
struct AgentStatusSample {
  std::int64_t sampled_at = 0;  ///< Unix seconds
  double cpu_percent = 0;       ///< the Agent process, since the previous sample (100 = a core)
  std::int64_t rss_bytes = 0;
  std::int64_t queue_records = 0;  ///< outbox records waiting for the Manager
  std::int64_t queue_bytes = 0;
  std::int64_t dropped_records = 0;  ///< outbox records lost to its size bound, ever
};

inline constexpr const char* kAgentStatusKind = "agent-status";
inline constexpr std::size_t kMaxOutboxRecords = 10'000;

/// What a "monitor" command reads (the payload's "parts"). Supplies include input trays and
/// output bins; status includes the interface MAC addresses; identity is what discovery
/// identifies (vendor, model, serial, firmware, MAC, sysName/Location/Contact); the uptime is
/// always reported.
inline constexpr const char* kMonitorParts[] = {"status", "supplies", "counters", "identity"};

/// One device a "monitor" command polls, with the credential that answered at discovery.
struct MonitorTargetData {
  std::int64_t device_id = 0;  ///< the Manager's device id, echoed in the reading
  std::string address;         ///< dotted IPv4
  int port = 161;
  std::int64_t credential_id = 0;  ///< one of MonitorPayload::credentials
  std::string vendor;              ///< identify's vendor name ("" = generic counters only)
};

/// Payload of a "monitor" command: read status, supplies and/or counters of the devices.
struct MonitorPayload {
  std::vector<MonitorTargetData> devices;       ///< 1..kMaxMonitorDevices
  std::vector<SnmpCredentialData> credentials;  ///< the ones the devices name, each once
  std::vector<std::string> parts;               ///< subset of kMonitorParts, at least one
  int timeout_ms = 1000;                        ///< per attempt, 1..60,000
  int retries = 1;                              ///< 0..10
};

/// An RFC 3805 capacity or level: a value, or one of the MIB's special values as a state.
struct AmountData {
  std::string state = "absent";  ///< value | other | unknown | some_remaining | invalid | absent
  std::int64_t value = 0;        ///< meaningful for "value" (>= 0) and "invalid" (the raw number)
  bool operator==(const AmountData&) const = default;
};

struct AlertData {
  std::string index;  ///< "hrDeviceIndex.prtAlertIndex"
  std::int64_t severity_level = 0;
  std::string severity_level_name;
  std::int64_t training_level = 0;
  std::string training_level_name;
  std::int64_t group = 0;
  std::string group_name;
  std::int64_t group_index = 0;
  std::int64_t location = 0;
  std::int64_t code = 0;
  std::string code_name;
  std::string description;
  std::optional<std::int64_t> time_ticks;
  std::string severity;   ///< warning | error | service_call (the product's model)
  std::string condition;  ///< a condition name, or "" when the code names none
  bool operator==(const AlertData&) const = default;
};

struct StatusData {
  std::string severity;  ///< unknown | ok | warning | error | service_call
  std::string power;     ///< unknown | on | sleep (no_response/conflict are the Manager's)
  std::optional<std::int64_t> device_status;   ///< hrDeviceStatus
  std::optional<std::int64_t> printer_status;  ///< hrPrinterStatus
  std::optional<std::string> error_state_hex;  ///< hrPrinterDetectedErrorState bytes, hex
  std::vector<std::string> error_flags;        ///< its bits, in bit order
  std::vector<std::string> conditions;
  std::vector<AlertData> alerts;
  /// The device's interface MAC addresses ("aa:bb:cc:dd:ee:ff", ifIndex order, at most
  /// kMaxMacs). Empty: the device exposes none (or an Agent older than the field).
  std::vector<std::string> macs{};
  bool operator==(const StatusData&) const = default;
};

inline constexpr std::size_t kMaxMacs = 64;

/// What a device says about itself (part "identity"); empty text = the device did not say.
struct IdentityData {
  std::string vendor;  ///< the Agent's vendor table name
  std::string model;
  std::string serial;
  std::string firmware;
  std::string mac;                ///< the first of `macs`, or empty
  std::vector<std::string> macs;  ///< as StatusData::macs
  std::string name;               ///< sysName
  std::string location;           ///< sysLocation
  std::string contact;            ///< sysContact
  bool is_printer = false;
  bool operator==(const IdentityData&) const = default;
};

struct SupplyData {
  std::string index;
  std::string description;
  std::int64_t class_code = 0;
  std::string supply_class;
  std::int64_t type_code = 0;
  std::string type;
  std::int64_t unit_code = 0;
  std::string unit;
  AmountData max_capacity;
  AmountData level;
  std::optional<std::int64_t> percent;
  std::optional<std::int64_t> colorant_index;
  std::string colorant;
  bool operator==(const SupplyData&) const = default;
};

struct InputTrayData {
  std::string index;
  std::string name;
  std::int64_t type_code = 0;
  std::string type;
  std::string capacity_unit;
  AmountData max_capacity;
  AmountData level;
  std::optional<std::int64_t> percent;
  std::optional<std::int64_t> status;
  std::string media_name;
  bool operator==(const InputTrayData&) const = default;
};

struct OutputBinData {
  std::string index;
  std::string name;
  std::int64_t type_code = 0;
  std::string type;
  std::string capacity_unit;
  AmountData max_capacity;
  AmountData remaining;
  std::optional<std::int64_t> percent_remaining;
  std::optional<std::int64_t> status;
  bool operator==(const OutputBinData&) const = default;
};

struct MarkerCounterData {
  std::string index;
  std::string unit;
  std::optional<std::int64_t> life_count;
  std::optional<std::int64_t> power_on_count;
  bool operator==(const MarkerCounterData&) const = default;
};

struct RawCounterData {
  std::string oid;
  std::string name;
  std::int64_t value = 0;
  std::string unit;
  bool operator==(const RawCounterData&) const = default;
};

struct CounterValueData {
  std::int64_t value = 0;
  std::string unit;
  std::string source;
  bool operator==(const CounterValueData&) const = default;
};

/// The normalized counter fields, in this order: total, black, colour, print, copy, scan,
/// fax, large, small.
inline constexpr const char* kCounterFields[] = {"total", "black", "colour", "print", "copy",
                                                 "scan",  "fax",   "large",  "small"};
inline constexpr std::size_t kCounterFieldCount = std::size(kCounterFields);

struct CountersData {
  std::vector<MarkerCounterData> markers;
  std::vector<RawCounterData> vendor;
  std::optional<CounterValueData> normalized[kCounterFieldCount];  ///< by kCounterFields
  std::string profile;
  bool operator==(const CountersData&) const = default;
};

/// prtMarkerSuppliesTable with the input trays and output bins (part "supplies").
struct SuppliesData {
  std::vector<SupplyData> items;
  std::vector<InputTrayData> input_trays;
  std::vector<OutputBinData> output_bins;
  bool operator==(const SuppliesData&) const = default;
};

/// What one device reported; a part the payload did not ask for is absent.
struct ReadingData {
  std::optional<StatusData> status;
  std::optional<SuppliesData> supplies;
  std::optional<CountersData> counters;
  std::optional<IdentityData> identity;
  std::optional<std::int64_t> uptime_ticks;  ///< sysUpTime in hundredths of a second
  bool operator==(const ReadingData&) const = default;
};

/// A failure of a device, or of part of its reading.
struct MonitorErrorData {
  std::string kind;  ///< timeout (= no response), authentication, rejected, decode, misconfigured
  std::string message;
  bool operator==(const MonitorErrorData&) const = default;
};

/// One device's outcome: a reading, or the error that kept it from reading.
struct DeviceReadingData {
  std::int64_t device_id = 0;
  std::string address;
  std::optional<ReadingData> reading;
  std::optional<MonitorErrorData> error;
  std::vector<MonitorErrorData> partial_failures;  ///< parts that failed on an answering device
  bool operator==(const DeviceReadingData&) const = default;
};

/// Payload of a "monitor-reading" outbox record: one device's outcome of a "monitor"
/// command. A poll's readings travel only through the Agent's outbox (one record per device,
/// in payload order), so a Manager outage loses none of them.
struct MonitorReadingRecord {
  std::int64_t command_id = 0;  ///< the "monitor" command that polled the device
  std::int64_t read_at = 0;     ///< Unix seconds, the Agent's clock when the device was read
  DeviceReadingData device;
  bool operator==(const MonitorReadingRecord&) const = default;
};

inline constexpr const char* kMonitorReadingKind = "monitor-reading";

/// Result data of a succeeded "monitor" command: how the poll went. The readings are outbox
/// records from first_sequence to last_sequence (other producers' records may sit between).
struct MonitorSummary {
  std::int64_t devices = 0;   ///< polled, in payload order
  std::int64_t answered = 0;  ///< gave a reading
  std::int64_t failed = 0;    ///< gave an error (no response, authentication, ...)
  std::int64_t first_sequence = 0;
  std::int64_t last_sequence = 0;
  bool operator==(const MonitorSummary&) const = default;
};

inline constexpr std::size_t kMaxMonitorDevices = 65'536;

/// The functions a "check-functions" command probes (the function-check built-in tasks): whether
/// the device's address book, and its settings, can be managed through the Agent.
inline constexpr const char* kDeviceFunctions[] = {"addressBook", "deviceSettings"};

/// Payload of a "check-functions" command: the devices (as for "monitor") and what to probe.
struct CheckFunctionsPayload {
  std::vector<MonitorTargetData> devices;       ///< 1..kMaxMonitorDevices
  std::vector<SnmpCredentialData> credentials;  ///< the ones the devices name, each once
  std::vector<std::string> functions;           ///< subset of kDeviceFunctions, at least one
  int timeout_ms = 1000;
  int retries = 1;
};

/// One function of one device: supported | not_supported | unknown (could not tell: no answer).
struct FunctionSupportData {
  std::int64_t device_id = 0;
  std::string function;  ///< one of kDeviceFunctions
  std::string state;
  std::string reason;  ///< why, in words (empty for supported)
  bool operator==(const FunctionSupportData&) const = default;
};

/// Result data of a succeeded "check-functions" command: one entry per device and function.
struct CheckFunctionsData {
  std::vector<FunctionSupportData> results;
  bool operator==(const CheckFunctionsData&) const = default;
};

/// The identity fields a "set-identity" command writes, in this order: sysName, sysLocation,
/// sysContact (MIB-II system group).
inline constexpr const char* kIdentityFields[] = {"name", "location", "contact"};

/// One field to write and its new value (at most 255 bytes, the objects' DisplayString size).
struct IdentityValueData {
  std::string field;  ///< one of kIdentityFields
  std::string value;
  bool operator==(const IdentityValueData&) const = default;
};

/// Payload of a "set-identity" command: write the fields to one device by SNMP SET, each field
/// on its own (a device that refuses one still takes the others). The credential is the
/// Manager's write credential for the device. Carries secrets: never logged.
struct SetIdentityPayload {
  MonitorTargetData device;
  SnmpCredentialData credential;          ///< the one device.credential_id names
  std::vector<IdentityValueData> values;  ///< 1..3, each field at most once
  int timeout_ms = 1000;
  int retries = 1;
};

/// How one field's write went: written, or refused with `reason`: the SNMP error-status name
/// the device answered (noAccess, notWritable, readOnly, authorizationError, wrongLength, ...),
/// "timeout" (no answer: many devices drop writes with a read-only community) or "failed".
struct IdentityWriteData {
  std::string field;
  bool written = false;
  std::string reason;   ///< empty when written
  std::string message;  ///< the details, in words (empty when written)
  bool operator==(const IdentityWriteData&) const = default;
};

/// Result data of a succeeded "set-identity" command: one entry per value, in payload order.
struct SetIdentityData {
  std::vector<IdentityWriteData> results;
  bool operator==(const SetIdentityData&) const = default;
};

/// What a "reset-device" command does to its devices: "restart" (Printer-MIB prtGeneralReset
/// = powerCycleReset) or "shutdown" (Printer-MIB has no power-off: see decision 0029).
inline constexpr const char* kResetKinds[] = {"restart", "shutdown"};

/// Payload of a "reset-device" command: restart or shut down the devices by SNMP SET with
/// their write credentials, each device on its own. Carries secrets: never logged.
struct ResetDevicePayload {
  std::vector<MonitorTargetData> devices;       ///< 1..kMaxMonitorDevices
  std::vector<SnmpCredentialData> credentials;  ///< the ones the devices name, each once
  std::string kind;                             ///< one of kResetKinds
  int timeout_ms = 1000;
  int retries = 1;
};

/// How one device took the command: done, or refused with `reason`: the SNMP error-status
/// name the device answered (noAccess, notWritable, wrongValue, authorizationError, ...),
/// "timeout" (no answer), "authentication" (SNMPv3 security refused), "notSupported" (the
/// driver has no way to do it) or "failed".
struct ResetResultData {
  std::int64_t device_id = 0;
  bool done = false;
  std::string reason;   ///< empty when done
  std::string message;  ///< the details, in words (empty when done)
  bool operator==(const ResetResultData&) const = default;
};

/// Result data of a succeeded "reset-device" command: one entry per device, in payload order.
struct ResetDeviceData {
  std::vector<ResetResultData> results;
  bool operator==(const ResetDeviceData&) const = default;
};

inline constexpr std::size_t kMaxMonitorCredentials = 256;

inline constexpr std::size_t kMaxDiscoverAddresses = 65'536;
inline constexpr std::size_t kMaxDiscoverHostnames = 1'024;
inline constexpr std::size_t kMaxDiscoverCredentials = 16;

/// A message that failed validation; `message` names the offending field.
struct ParseError {
  std::string message;
};

template <typename T>
struct Parsed {
  std::optional<T> value;
  ParseError error;
  explicit operator bool() const { return value.has_value(); }
};

nlohmann::json toJson(const EnrollmentRequest& m);
nlohmann::json toJson(const EnrollmentResponse& m);
nlohmann::json toJson(const Heartbeat& m);
nlohmann::json toJson(const HeartbeatAck& m);
nlohmann::json toJson(const CommandBatch& m);
nlohmann::json toJson(const CommandResults& m);
nlohmann::json toJson(const DiscoverPayload& m);
nlohmann::json toJson(const DiscoverData& m);
nlohmann::json toJson(const CommandProgressReport& m);
nlohmann::json toJson(const OutboxBatch& m);
nlohmann::json toJson(const OutboxAck& m);
nlohmann::json toJson(const AgentStatusSample& m);
nlohmann::json toJson(const MonitorPayload& m);
nlohmann::json toJson(const MonitorReadingRecord& m);
nlohmann::json toJson(const MonitorSummary& m);
nlohmann::json toJson(const CheckFunctionsPayload& m);
nlohmann::json toJson(const CheckFunctionsData& m);
nlohmann::json toJson(const SetIdentityPayload& m);
nlohmann::json toJson(const SetIdentityData& m);
nlohmann::json toJson(const ResetDevicePayload& m);
nlohmann::json toJson(const ResetDeviceData& m);
/// The parts of a reading in their wire form (the Manager stores and serves them as they are).
nlohmann::json toJson(const StatusData& m);
nlohmann::json toJson(const AlertData& m);
nlohmann::json toJson(const SuppliesData& m);
nlohmann::json toJson(const CountersData& m);
nlohmann::json toJson(const IdentityData& m);

Parsed<EnrollmentRequest> parseEnrollmentRequest(const nlohmann::json& j);
Parsed<EnrollmentResponse> parseEnrollmentResponse(const nlohmann::json& j);
Parsed<Heartbeat> parseHeartbeat(const nlohmann::json& j);
Parsed<HeartbeatAck> parseHeartbeatAck(const nlohmann::json& j);
Parsed<CommandBatch> parseCommandBatch(const nlohmann::json& j);
Parsed<CommandResults> parseCommandResults(const nlohmann::json& j);
Parsed<DiscoverPayload> parseDiscoverPayload(const nlohmann::json& j);
Parsed<DiscoverData> parseDiscoverData(const nlohmann::json& j);
Parsed<CommandProgressReport> parseCommandProgressReport(const nlohmann::json& j);
Parsed<OutboxBatch> parseOutboxBatch(const nlohmann::json& j);
/// The same, taking the payloads out of `j` rather than copying them (the Manager's ingest).
Parsed<OutboxBatch> parseOutboxBatch(nlohmann::json&& j);
Parsed<OutboxAck> parseOutboxAck(const nlohmann::json& j);
Parsed<AgentStatusSample> parseAgentStatusSample(const nlohmann::json& j);
Parsed<MonitorPayload> parseMonitorPayload(const nlohmann::json& j);
Parsed<MonitorReadingRecord> parseMonitorReadingRecord(const nlohmann::json& j);
Parsed<MonitorSummary> parseMonitorSummary(const nlohmann::json& j);
Parsed<CheckFunctionsPayload> parseCheckFunctionsPayload(const nlohmann::json& j);
Parsed<CheckFunctionsData> parseCheckFunctionsData(const nlohmann::json& j);
Parsed<SetIdentityPayload> parseSetIdentityPayload(const nlohmann::json& j);
Parsed<SetIdentityData> parseSetIdentityData(const nlohmann::json& j);
Parsed<ResetDevicePayload> parseResetDevicePayload(const nlohmann::json& j);
Parsed<ResetDeviceData> parseResetDeviceData(const nlohmann::json& j);

/// `text` cut to at most `max_bytes` at a UTF-8 character boundary: what a sender does with
/// device text so that it fits the field limits the parse functions enforce.
std::string clipText(std::string text, std::size_t max_bytes);

/// Parses text into JSON without throwing; nullopt for malformed text.
std::optional<nlohmann::json> parseJsonText(const std::string& text);

}  // namespace pw::proto
