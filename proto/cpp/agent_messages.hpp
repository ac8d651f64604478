#pragma once
// Typed Manager <-> Agent messages (proto/agent/v1/*.schema.json). Both sides build and read
// messages only through these functions; parse functions validate required fields and types
// and ignore unknown fields, so a newer peer can add fields without breaking an older one.
#include <cstdint>
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

/// Payload of a "discover" command: the addresses to sweep and how to ask them.
struct DiscoverPayload {
  std::vector<std::string> addresses;                 ///< dotted IPv4, 1..65,536
  std::vector<std::string> communities = {"public"};  ///< 1..8, each 1..64 characters
  int port = 161;
  int timeout_ms = 1000;  ///< per attempt, 1..60,000
  int retries = 1;        ///< retransmissions after the first attempt, 0..10
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
};

/// An address that could not be (fully) read for another reason than silence.
struct DiscoverFailureData {
  std::string address;
  std::string kind;  ///< timeout, rejected, decode, misconfigured, ...
  std::string message;
};

/// Result data of a succeeded "discover" command.
struct DiscoverData {
  std::vector<DiscoveredDeviceData> devices;
  std::int64_t silent = 0;  ///< addresses that never answered
  std::vector<DiscoverFailureData> failures;
};

inline constexpr std::size_t kMaxDiscoverAddresses = 65'536;

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

Parsed<EnrollmentRequest> parseEnrollmentRequest(const nlohmann::json& j);
Parsed<EnrollmentResponse> parseEnrollmentResponse(const nlohmann::json& j);
Parsed<Heartbeat> parseHeartbeat(const nlohmann::json& j);
Parsed<HeartbeatAck> parseHeartbeatAck(const nlohmann::json& j);
Parsed<CommandBatch> parseCommandBatch(const nlohmann::json& j);
Parsed<CommandResults> parseCommandResults(const nlohmann::json& j);
Parsed<DiscoverPayload> parseDiscoverPayload(const nlohmann::json& j);
Parsed<DiscoverData> parseDiscoverData(const nlohmann::json& j);

/// Parses text into JSON without throwing; nullopt for malformed text.
std::optional<nlohmann::json> parseJsonText(const std::string& text);

}  // namespace pw::proto
