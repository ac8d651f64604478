#pragma once
// Poller: reads the monitoring data of many printers over one shared SnmpEngine and turns each
// answer into a DeviceReading (MonitorReader). See poller.cpp for the design note.
//
// Thread safety: start() may be called from any thread, any number of times (each call is an
// independent poll). Progress and completion run on the engine's I/O thread (or, once the
// engine is stopped, on the thread that submitted the last request), never concurrently for
// one poll; completion runs exactly once, after the last progress call. They must not block
// for long, throw, or stop/destroy the engine. The engine must outlive every poll started on
// it; the Poller object itself may be destroyed while polls are running.
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "agent/monitor/monitor.hpp"
#include "agent/snmp/engine.hpp"

namespace pw::agent::monitor {

struct PollTarget {
  snmp::Target target;  ///< address, port, version and credentials, timeout, retries
  std::string vendor;   ///< identify's vendor name from discovery ("" = generic counters only)
};

struct PollRequest {
  std::vector<PollTarget> devices;
  Parts parts{};                     ///< what to read of every device
  std::size_t max_walk_rows = 1000;  ///< per walked subtree; more = truncated (a partial failure)
  /// Devices under way at once (0 counts as 1). Enough to keep the engine window full (about
  /// ten requests per device with every part but identity); more only grows the queue and the
  /// memory held.
  std::size_t max_devices_in_flight = 2048;
};

struct DevicePoll {
  /// Set when the device answered; then built from everything that arrived.
  std::optional<DeviceReading> reading;
  /// Why there is no reading: kTimeout = no response (powered off, unreachable, wrong
  /// community), kAuthentication, kDecode, kMisconfigured (see snmp::ErrorClass).
  std::optional<snmp::SnmpError> error;
  /// Requests that failed for a device that did answer (a walk cut short, a GET refused for
  /// another reason than a missing object): the reading may lack those parts.
  std::vector<snmp::SnmpError> partial_failures;
};

struct PollProgress {
  std::size_t done = 0;
  std::size_t total = 0;
  std::size_t answered = 0;
};

using PollProgressCallback = std::function<void(const PollProgress&)>;
/// One DevicePoll per PollRequest::devices entry, in the same order.
using PollCompletion = std::function<void(std::vector<DevicePoll>)>;

class Poller {
 public:
  /// `engine` must outlive every poll started here.
  explicit Poller(snmp::SnmpEngine& engine, MonitorReader reader = MonitorReader());

  /// Starts a poll and returns at once. `progress` may be empty. An empty device list
  /// completes at once on the calling thread.
  void start(PollRequest request, PollProgressCallback progress, PollCompletion completion);

 private:
  struct Poll;
  snmp::SnmpEngine& engine_;
  std::shared_ptr<const MonitorReader> reader_;
};

}  // namespace pw::agent::monitor
