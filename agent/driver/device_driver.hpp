#pragma once
// DeviceDriver: how the Agent talks to printers, one implementation per protocol (SNMP now;
// IPP and vendor HTTP APIs later). Discovery, monitoring and device operations call drivers
// through this interface only, so a protocol or vendor plugs in as a new driver without
// touching them. Vendor differences inside a protocol are data (agent/identify/vendors/*.json),
// not code branches.
//
// Operations are asynchronous and batched — a driver is handed many devices at once so it can
// keep thousands of requests in flight (SNMP: one socket, one engine window). Monitoring
// (issue 4) and writing device information (issue 5) add their operations here.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "agent/identify/identify.hpp"
#include "proto/cpp/agent_messages.hpp"

namespace pw::agent::driver {

/// A device address to look at; `hostname` is set when the Manager named it by host name.
struct Endpoint {
  std::uint32_t ipv4 = 0;  ///< host byte order
  std::string hostname;
};

/// Transport settings from the Manager's "UDP communication settings".
struct Transport {
  std::uint16_t snmp_port = 161;
  int timeout_ms = 1000;  ///< per attempt
  int retries = 1;        ///< retransmissions after the first attempt
};

struct DiscoverRequest {
  std::vector<Endpoint> endpoints;
  /// The SNMP credentials associated with this Agent, in the order to try them. Each driver
  /// uses the credential kinds its protocol speaks.
  std::vector<proto::SnmpCredentialData> snmp_credentials;
  Transport transport;
};

struct FoundDevice {
  Endpoint endpoint;
  identify::DeviceIdentity identity;
  std::int64_t credential_id = 0;  ///< the credential that answered (0 = ad hoc)
  std::string access;              ///< how it answered, e.g. "v2c"
  bool complete = true;            ///< false: some identification reads failed (see failures)
};

/// Why an endpoint could not be (fully) read, other than silence. `kind` is one of
/// timeout, authentication, rejected, decode, misconfigured, unresolved.
struct EndpointFailure {
  Endpoint endpoint;
  std::string kind;
  std::string message;
};

struct DiscoverProgress {
  std::size_t done = 0;
  std::size_t total = 0;
  std::size_t found = 0;
};

struct DiscoverResult {
  std::vector<FoundDevice> devices;
  std::vector<EndpointFailure> failures;
  /// Problems of endpoints that did answer, e.g. kind "duplicate_engine_id" for devices that
  /// share one SNMPv3 engine ID (cloned from one image: USM needs them to differ).
  std::vector<EndpointFailure> warnings;
  std::size_t silent = 0;  ///< endpoints that never answered
};

class DeviceDriver {
 public:
  virtual ~DeviceDriver() = default;

  /// "snmp", "ipp", ...
  [[nodiscard]] virtual std::string_view protocol() const = 0;

  /// Finds which endpoints answer this protocol with one of the credentials and identifies
  /// them. Returns at once; `progress` (may be empty) and `done` (exactly once, last) run on a
  /// driver thread and must not block.
  virtual void discover(DiscoverRequest request,
                        std::function<void(const DiscoverProgress&)> progress,
                        std::function<void(DiscoverResult)> done) = 0;
};

}  // namespace pw::agent::driver
