#pragma once
// SnmpEngine: many SNMP v1/v2c/v3 requests in flight over one non-blocking UDP socket, served
// by one I/O thread. Requests are matched to replies by request id (v3: msgID) and source
// address:port, retransmitted on timeout, and limited by a concurrency window with a queue
// beyond it. SNMPv3 engine IDs are discovered and cached per address:port.
// See engine.cpp for the design note. The OS calls live in engine.cpp only.
//
// Thread safety: every public member function may be called from any thread, including from
// inside a callback. Callbacks run on the engine's I/O thread (one at a time, never
// concurrently), except when a request is submitted after stop(): then its callback runs at
// once on the calling thread with an error. A callback must not block for long (it stalls all
// other requests), must not throw (an exception leaving a callback ends the process through
// std::terminate) and must not call stop() or destroy the engine.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "agent/snmp/message.hpp"
#include "agent/snmp/usm.hpp"

namespace pw::agent::snmp {

/// Why a request produced no usable response.
enum class ErrorClass {
  kTimeout,  ///< no matching reply after all retries: unreachable, silent or wrong community
  /// SNMPv3 security refused: a usmStats Report (wrong digest, unknown user, unsupported
  /// security level, decryption error, time window not regained), authorizationError, or an
  /// agent that answers discovery but never an authPriv request (wrong privacy key or unknown
  /// context: snmpd drops those silently). The message says which.
  kAuthentication,
  kRejected,  ///< the device answered with a non-zero error-status
  kDecode,    ///< a malformed reply, a version mismatch or a misbehaving walk
  /// Cannot be sent (bad target, v1 GetBulk, ...), engine stopped, or an SNMPv3 context the
  /// agent does not serve.
  kMisconfigured,
};

std::string_view toString(ErrorClass kind) noexcept;

struct SnmpError {
  ErrorClass kind = ErrorClass::kTimeout;
  std::string message;
  /// The error-status name ("noAccess", "notWritable", ...) when the device answered one
  /// (kRejected, and kAuthentication for authorizationError); empty otherwise.
  std::string status{};
};

/// One request's outcome. (Named SnmpResult: Result<T> is the codec's template.)
using SnmpResult = std::variant<Response, SnmpError>;
using Callback = std::function<void(SnmpResult)>;

/// SNMPv3 credentials and context of a target (used when Target::version is kV3). Passwords
/// are turned into keys (RFC 3414 A.2) and localized per engine by the engine, which caches
/// both; they are never logged nor put into error messages.
struct V3Security {
  std::string user;  ///< 1..32 bytes
  SecurityLevel level = SecurityLevel::kAuthPriv;
  AuthProtocol auth_protocol = AuthProtocol::kSha1;
  std::string auth_password;  ///< 8+ characters when level needs authentication
  PrivProtocol priv_protocol = PrivProtocol::kAes128;
  std::string priv_password;      ///< 8+ characters for authPriv
  std::string context_name;       ///< 0..32 bytes
  std::string context_engine_id;  ///< empty: the discovered authoritative engine ID
};

struct Target {
  std::uint32_t ipv4 = 0;  ///< host byte order, e.g. 0x7f000001 for 127.0.0.1
  std::uint16_t port = 161;
  Version version = Version::kV2c;
  std::string community = "public";         ///< v1/v2c
  V3Security v3;                            ///< kV3
  std::chrono::milliseconds timeout{1000};  ///< per attempt
  int retries = 1;                          ///< retransmissions after the first attempt
};

/// "A.B.C.D" to a host-order address; nullopt when not a dotted IPv4 address.
std::optional<std::uint32_t> parseIpv4(const std::string& text);

struct WalkOptions {
  std::size_t max_rows = 100000;  ///< stop (truncated = true) after this many rows
  int max_repetitions = 25;       ///< GetBulk page size (v2c)
};

struct WalkResult {
  std::vector<VarBind> rows;           ///< in the order received: strictly increasing OIDs
  std::optional<SnmpError> error;      ///< set when the walk did not reach the end of the subtree
  bool truncated = false;              ///< stopped at WalkOptions::max_rows
  bool used_getnext_fallback = false;  ///< v2c GetBulk failed or was not answered
  int requests = 0;                    ///< request PDUs the walk issued (not counting retries)
};
using WalkCallback = std::function<void(WalkResult)>;

struct EngineOptions {
  std::size_t max_in_flight = 4096;   ///< requests on the wire at once; the rest queue
  int socket_buffer_bytes = 4 << 20;  ///< SO_RCVBUF / SO_SNDBUF wish (the kernel may cap it)
  std::uint32_t bind_ipv4 = 0;        ///< host order; 0 = INADDR_ANY
};

/// Counters since start (read with relaxed ordering; for tests and diagnostics).
struct EngineStats {
  std::uint64_t submitted = 0;
  std::uint64_t sent = 0;  ///< datagrams, first attempts and retransmissions
  std::uint64_t retransmitted = 0;
  std::uint64_t received = 0;  ///< datagrams read from the socket
  std::uint64_t stray = 0;     ///< replies ignored: unknown id, wrong source, undecodable
  std::uint64_t timeouts = 0;
  std::size_t max_in_flight_seen = 0;
  std::uint64_t discovery_probes = 0;  ///< SNMPv3 engine-ID probes sent (first attempts)
  std::uint64_t time_resyncs = 0;      ///< SNMPv3 requests re-sent after notInTimeWindow
  std::uint64_t reports = 0;           ///< SNMPv3 Report PDUs received
};

/// One SNMPv3 engine ID seen at more than one address:port (devices cloned from one image).
/// USM expects engine IDs to be unique; with duplicates, keys and timeliness are shared by
/// devices that do not share a clock. The engine keeps boots/time per address:port, so it
/// keeps working, but the devices need new engine IDs.
struct DuplicateEngineId {
  std::string engine_id;               ///< raw bytes
  std::vector<std::string> endpoints;  ///< "A.B.C.D:port", sorted
};

class SnmpEngine {
 public:
  /// Opens the socket and starts the I/O thread. Throws std::system_error when the socket
  /// cannot be created or bound.
  explicit SnmpEngine(EngineOptions options = {});
  ~SnmpEngine();  ///< stop()
  SnmpEngine(const SnmpEngine&) = delete;
  SnmpEngine& operator=(const SnmpEngine&) = delete;

  void get(const Target& target, std::vector<Oid> oids, Callback callback);
  void getNext(const Target& target, std::vector<Oid> oids, Callback callback);
  /// v2c and v3 (v1 gives kMisconfigured).
  void getBulk(const Target& target, std::vector<Oid> oids, int non_repeaters, int max_repetitions,
               Callback callback);

  /// SetRequest with the varbinds' values. A refusal (notWritable, noAccess, readOnly, ...) is
  /// kRejected naming the error-status; v3 authorizationError is kAuthentication.
  void set(const Target& target, std::vector<VarBind> varbinds, Callback callback);

  /// Walks the subtree below `root`: GetBulk pages for v2c and v3, falling back to GetNext (for the
  /// rest of the walk) when the device answers GetBulk with an error or not at all; GetNext
  /// for v1. Ends at the first OID outside the subtree, endOfMibView (v2c) or noSuchName (v1).
  /// An OID that does not increase ends the walk with a kDecode error.
  void walk(const Target& target, Oid root, WalkCallback callback, WalkOptions options = {});

  /// Completes every queued and in-flight request with kMisconfigured "engine stopped" and
  /// joins the I/O thread. Idempotent. Not from a callback.
  void stop();

  /// The local UDP port the engine sends from.
  [[nodiscard]] std::uint16_t localPort() const;
  [[nodiscard]] EngineStats stats() const;
  /// SNMPv3 engine IDs discovered at more than one address:port so far.
  [[nodiscard]] std::vector<DuplicateEngineId> duplicateEngineIds() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace pw::agent::snmp
