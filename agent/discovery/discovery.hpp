#pragma once
// DiscoverySweep: finds and identifies SNMP devices among a list of IPv4 addresses, over one
// shared SnmpEngine. See discovery.cpp for the design note.
//
// Thread safety: start() may be called from any thread, any number of times (each call is an
// independent sweep). The progress and completion callbacks run on the engine's I/O thread
// (or, once the engine is stopped, on the thread that submitted the last request), never
// concurrently for one sweep; completion runs exactly once, after the last progress call. They
// must not block for long, throw, or stop/destroy the engine. The engine must outlive every
// sweep started on it (until its completion callback has run); the DiscoverySweep object
// itself may be destroyed while sweeps are still running.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "agent/identify/identify.hpp"
#include "agent/snmp/engine.hpp"

namespace pw::agent::discovery {

/// One way of asking a device: an SNMP target without its address (version, community or v3
/// security, port, timeout, retries), and the Manager's id of the credential it came from.
struct AccessProfile {
  snmp::Target target;             ///< target.ipv4 is ignored: each swept address is filled in
  std::int64_t credential_id = 0;  ///< 0 for an ad-hoc community
};

struct SweepRequest {
  std::vector<std::uint32_t> addresses;  ///< IPv4, host byte order; duplicates are swept twice
  std::vector<AccessProfile> profiles;   ///< tried in order until one answers
  std::size_t max_walk_rows = 16;        ///< per walked column (ifPhysAddress)
};

struct DiscoveredDevice {
  std::uint32_t address = 0;          ///< host byte order
  identify::DeviceIdentity identity;  ///< identity.is_printer flags printers; others are kept
  std::size_t profile = 0;            ///< index into SweepRequest::profiles that answered
  /// False when a stage-2 request failed (also listed in SweepResult::failures): the identity
  /// was computed from what did arrive and may lack fields.
  bool complete = true;
};

/// A reason an address could not be (fully) read that is not plain silence.
struct SweepFailure {
  std::uint32_t address = 0;
  snmp::ErrorClass kind = snmp::ErrorClass::kDecode;
  std::string message;
};

struct SweepProgress {
  std::size_t done = 0;   ///< addresses finished (answered, silent or failed)
  std::size_t total = 0;  ///< addresses in the request
  std::size_t devices_found = 0;
  std::size_t printers_found = 0;
};

struct SweepResult {
  std::vector<DiscoveredDevice> devices;  ///< sorted by address
  std::vector<SweepFailure> failures;     ///< sorted by address
  std::size_t silent = 0;                 ///< addresses that never answered any community
  std::size_t total = 0;
};

using ProgressCallback = std::function<void(const SweepProgress&)>;
using CompletionCallback = std::function<void(SweepResult)>;

class DiscoverySweep {
 public:
  /// `engine` must outlive every sweep started here (see the note at the top).
  explicit DiscoverySweep(snmp::SnmpEngine& engine,
                          identify::Identifier identifier = identify::Identifier());

  /// Starts a sweep and returns at once. `progress` may be empty. An empty address list
  /// completes at once on the calling thread.
  void start(SweepRequest request, ProgressCallback progress, CompletionCallback completion);

 private:
  struct Sweep;
  snmp::SnmpEngine& engine_;
  std::shared_ptr<const identify::Identifier> identifier_;
  std::vector<snmp::Oid> get_oids_;   ///< stage-2 scalars (without the stage-1 ones)
  std::vector<snmp::Oid> walk_oids_;  ///< stage-2 columns
};

}  // namespace pw::agent::discovery
