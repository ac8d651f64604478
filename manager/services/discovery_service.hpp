#pragma once
// Discovery runs. An administrator starts a run on some Agents (each sweeps its own scope with
// the SNMP credentials associated with it) or on one address or host name; the Manager sends
// each Agent a "discover" command, follows its progress reports, registers the printers it
// found (new ones managed or unmanaged by the run's registration rule; known ones updated, see
// matchDevice) and keeps a summary. Runs are stored; one a Manager restart interrupted is
// marked failed at the next start, never left "running". Thread-safe.
//
// Cancelling a run stops the Manager from waiting and discards what the Agents return; an
// Agent's sweep already under way finishes on its own (bounded by the timeouts).
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/core/clock.hpp"
#include "manager/core/command_queue.hpp"
#include "manager/core/discovery_run.hpp"
#include "manager/core/storage.hpp"
#include "manager/services/device_service.hpp"
#include "manager/services/problem.hpp"
#include "proto/cpp/agent_messages.hpp"

namespace pw::manager {

/// What an Agent's discovery covers.
struct DiscoveryTargets {
  std::vector<std::string> addresses;  ///< dotted IPv4, expanded from its rules
  std::vector<std::string> hostnames;
};

/// Where discovery learns Agents' scopes and credentials: the scope and credential services,
/// joined in the composition root (manager/app/main.cpp).
class DiscoverySources {
 public:
  virtual ~DiscoverySources() = default;
  /// The Agent's discovery targets: its specified addresses or its IPv4 rules, plus its host
  /// names; a Problem when they cannot be expanded (e.g. too many addresses).
  virtual Outcome<DiscoveryTargets> targetsFor(std::int64_t agent_id) = 0;
  /// The SNMP credentials associated with the Agent, in the order to try them (with secrets).
  virtual std::vector<proto::SnmpCredentialData> snmpCredentialsFor(std::int64_t agent_id) = 0;
  /// The read-write ones among them, same order: what writes to devices use. None by default.
  virtual std::vector<proto::SnmpCredentialData> snmpWriteCredentialsFor(std::int64_t agent_id) {
    (void)agent_id;
    return {};
  }
  /// The Agent whose scope covers the IPv4 address or host name; nullopt when none does.
  virtual std::optional<std::int64_t> agentFor(const std::string& address_or_hostname) = 0;
};

/// The "UDP communication settings": how patiently devices are asked.
struct SnmpTransportSettings {
  int timeout_ms = 1000;  ///< per attempt
  int retries = 1;        ///< retransmissions after the first attempt
};

struct ScopeDiscoveryRequest {
  std::vector<std::int64_t> agent_ids;  ///< 1..kMaxAgentsPerRun, no duplicates
  RegistrationRule registration;
  int port = 161;
  std::string created_by;
};

struct SingleDiscoveryRequest {
  std::string target;                    ///< IPv4 address or host name
  std::optional<std::int64_t> agent_id;  ///< resolved from the scopes when absent
  RegistrationRule registration;
  int port = 161;
  std::string created_by;
};

class DiscoveryService {
 public:
  static constexpr std::size_t kMaxAgentsPerRun = 100;
  static constexpr std::size_t kMaxListedRuns = 200;

  DiscoveryService(AgentStore& agents, DiscoveryRunStore& runs, CommandQueue& commands,
                   DeviceService& devices, DiscoverySources& sources, const Clock& clock,
                   SnmpTransportSettings transport = {});

  /// Marks runs a previous Manager process left unfinished as failed. Call once at start.
  void failInterruptedRuns();

  /// Starts a run and returns it at once (202). invalid_input naming the field; not_found for
  /// an unknown Agent. An Agent that cannot take part (inactive, no scope, no credentials) is
  /// recorded as failed in the run with the reason, and the others go ahead.
  Outcome<DiscoveryRun> start(const ScopeDiscoveryRequest& request);
  /// As above for one device. no_agent_for_target (conflict) when no scope covers the target
  /// and no Agent was named.
  Outcome<DiscoveryRun> start(const SingleDiscoveryRequest& request);

  Outcome<DiscoveryRun> get(std::int64_t id);
  /// Newest first.
  std::vector<DiscoveryRun> list(std::size_t limit);
  /// conflict (run_finished) when it has finished already.
  Outcome<DiscoveryRun> cancel(std::int64_t id);

  /// 30 s plus 1 s per 1,000 endpoints, at most 300 s.
  static std::chrono::seconds timeLimitFor(std::size_t endpoints);

 private:
  struct AgentJob {
    std::int64_t agent_id = 0;
    proto::DiscoverPayload payload;
  };
  Outcome<DiscoveryRun> launch(DiscoveryRun run, std::vector<AgentJob> jobs);
  void onProgress(std::int64_t run_id, std::int64_t agent_id, const CommandProgressInfo& info);
  void onOutcome(std::int64_t run_id, std::int64_t agent_id, const CommandOutcome& outcome);
  /// Registers what an Agent found; returns the failure to record on the Agent, if any.
  std::optional<RunError> record(std::int64_t run_id, std::int64_t agent_id,
                                 const std::vector<std::string>& expected_addresses,
                                 const CommandOutcome& outcome);
  void persist(const DiscoveryRun& run);  // caller holds mutex_
  AgentRun* agentOf(DiscoveryRun& run, std::int64_t agent_id);

  AgentStore& agents_;
  DiscoveryRunStore& runs_;
  CommandQueue& commands_;
  DeviceService& devices_;
  DiscoverySources& sources_;
  const Clock& clock_;
  const SnmpTransportSettings transport_;

  std::mutex mutex_;
  std::map<std::int64_t, DiscoveryRun> active_;  // unfinished runs, by id
};

}  // namespace pw::manager
