#pragma once
// DeviceDriver: how the Agent talks to printers, one implementation per protocol (SNMP now;
// IPP and vendor HTTP APIs later). Discovery, monitoring and device operations call drivers
// through this interface only, so a protocol or vendor plugs in as a new driver without
// touching them. Vendor differences inside a protocol are data (agent/identify/vendors/*.json),
// not code branches.
//
// Operations are asynchronous and batched — a driver is handed many devices at once so it can
// keep thousands of requests in flight (SNMP: one socket, one engine window). Writing device
// information is one device at a time (an administrator's edit).
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "agent/identify/identify.hpp"
#include "agent/monitor/monitor.hpp"
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

/// One registered device to read, with the credential that answered at discovery.
struct MonitorTarget {
  Endpoint endpoint;
  std::uint16_t port = 161;
  proto::SnmpCredentialData credential;
  std::string vendor;  ///< identify's vendor name ("" = generic counters only)
};

struct MonitorRequest {
  std::vector<MonitorTarget> devices;
  monitor::Parts parts{};  ///< what to read of every device
  Transport transport;     ///< timeout and retries (the port is each target's)
};

/// A failure of a device or of part of its reading. `kind`: timeout (no response),
/// authentication, rejected, decode, misconfigured.
struct DeviceProblem {
  std::string kind;
  std::string message;
};

struct MonitoredDevice {
  std::optional<monitor::DeviceReading> reading;  ///< set when the device answered
  std::optional<DeviceProblem> error;             ///< why there is no reading
  std::vector<DeviceProblem> partial_failures;    ///< parts missing from the reading
};

struct MonitorProgress {
  std::size_t done = 0;
  std::size_t total = 0;
  std::size_t answered = 0;
};

struct MonitorResult {
  std::vector<MonitoredDevice> devices;  ///< one per MonitorRequest::devices entry, same order
};

/// What the function checks ask: can the devices' address books, and their settings, be
/// managed through this driver (proto::kDeviceFunctions)?
struct CheckFunctionsRequest {
  std::vector<MonitorTarget> devices;
  std::vector<std::string> functions;
  Transport transport;  ///< timeout and retries (the port is each target's)
};

/// One function of one device: state supported | not_supported | unknown (no answer).
struct FunctionSupport {
  std::string function;
  std::string state;
  std::string reason;  ///< why, in words; empty when supported
};

struct CheckFunctionsResult {
  /// One list per CheckFunctionsRequest::devices entry (same order), one entry per function.
  std::vector<std::vector<FunctionSupport>> devices;
};

/// Identity fields (proto::kIdentityFields) to write to one device, with its write credential.
struct SetIdentityRequest {
  MonitorTarget device;
  std::vector<proto::IdentityValueData> values;
  Transport transport;  ///< timeout and retries (the port is the device's)
};

/// Restart or shut down devices (proto::kResetKinds), each with its write credential.
struct ResetRequest {
  std::vector<MonitorTarget> devices;
  std::string kind;
  Transport transport;  ///< timeout and retries (the port is each device's)
};

/// How one device took a reset: done, or refused with a reason (proto::ResetResultData).
struct ResetOutcome {
  bool done = false;
  std::string reason;
  std::string message;
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

  /// Reads the asked parts (status and alerts, supplies and trays, counters, identity) of the
  /// devices. Returns at once; `progress` (may be empty) and `done` (exactly once, last) run on
  /// a driver thread and must not block. A driver that cannot monitor fails every device as
  /// misconfigured.
  virtual void monitor(MonitorRequest request,
                       std::function<void(const MonitorProgress&)> /*progress*/,
                       std::function<void(MonitorResult)> done) {
    MonitorResult result;
    result.devices.resize(request.devices.size());
    for (auto& device : result.devices) {
      device.error = DeviceProblem{
          "misconfigured", "the " + std::string(protocol()) + " driver cannot monitor devices"};
    }
    done(std::move(result));
  }

  /// Probes whether each device's functions can be managed through this driver. Returns at
  /// once; `done` runs exactly once on a driver thread. A driver without such a probe says
  /// not_supported for every function.
  virtual void checkFunctions(CheckFunctionsRequest request,
                              std::function<void(CheckFunctionsResult)> done) {
    CheckFunctionsResult result;
    for (std::size_t i = 0; i < request.devices.size(); ++i) {
      auto& functions = result.devices.emplace_back();
      for (const auto& function : request.functions) {
        functions.push_back({function, "not_supported",
                             "the " + std::string(protocol()) + " driver cannot manage it"});
      }
    }
    done(std::move(result));
  }

  /// Writes each value to the device on its own, so that a refused field does not stop the
  /// others. Returns at once; `done` runs exactly once on a driver thread with one entry per
  /// value, in order (reason: proto::IdentityWriteData). A driver that cannot write refuses
  /// every field with reason "notSupported".
  virtual void setIdentity(SetIdentityRequest request,
                           std::function<void(std::vector<proto::IdentityWriteData>)> done) {
    std::vector<proto::IdentityWriteData> results;
    for (const auto& value : request.values) {
      results.push_back({value.field, false, "notSupported",
                         "the " + std::string(protocol()) + " driver cannot write it"});
    }
    done(std::move(results));
  }

  /// Restarts or shuts down each device on its own. Returns at once; `done` runs exactly once
  /// on a driver thread with one outcome per device, in order. A driver that cannot do it
  /// refuses every device with reason "notSupported".
  virtual void reset(ResetRequest request, std::function<void(std::vector<ResetOutcome>)> done) {
    done(std::vector<ResetOutcome>(
        request.devices.size(),
        {false, "notSupported", "the " + std::string(protocol()) + " driver cannot do it"}));
  }
};

}  // namespace pw::agent::driver
