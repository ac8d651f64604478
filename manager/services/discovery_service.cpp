#include "manager/services/discovery_service.hpp"

#include <algorithm>
#include <set>
#include <utility>
#include <variant>

#include "manager/scope/scope_rule.hpp"
#include "manager/services/discovery_run_json.hpp"

namespace pw::manager {
namespace {

Problem invalidInput(std::string message) {
  return Problem{ErrorKind::kInvalidInput, "invalid_input", std::move(message)};
}

std::optional<Problem> checkCommon(const RegistrationRule& registration, int port) {
  if (auto error = validateRegistrationRule(registration); !error.empty()) {
    return invalidInput(std::move(error));
  }
  if (port < 1 || port > 65535) return invalidInput("port must be between 1 and 65535");
  return std::nullopt;
}

void fail(AgentRun& agent, std::string code, std::string message) {
  agent.state = RunState::kFailed;
  agent.error = RunError{std::move(code), std::move(message)};
}

void addFailure(RunSummary& summary, RunFailure failure) {
  if (summary.failures.size() < kMaxRunFailures) summary.failures.push_back(std::move(failure));
}

}  // namespace

DiscoveryService::DiscoveryService(AgentStore& agents, DiscoveryRunStore& runs,
                                   CommandQueue& commands, DeviceService& devices,
                                   DiscoverySources& sources, const Clock& clock,
                                   SnmpTransportSettings transport)
    : agents_(agents),
      runs_(runs),
      commands_(commands),
      devices_(devices),
      sources_(sources),
      clock_(clock),
      transport_(transport) {}

std::chrono::seconds DiscoveryService::timeLimitFor(std::size_t endpoints) {
  const auto seconds = 30 + static_cast<std::int64_t>(endpoints / 1000);
  return std::chrono::seconds(std::min<std::int64_t>(seconds, 300));
}

void DiscoveryService::failInterruptedRuns() {
  for (const auto& text : runs_.listDiscoveryRuns(kMaxListedRuns, /*unfinished_only=*/true)) {
    auto run = discoveryRunFromStoredJson(text);
    if (!run) continue;
    for (auto& agent : run->agents) {
      if (!isFinished(agent.state)) {
        fail(agent, "manager_restarted", "The Manager stopped while the discovery ran.");
      }
    }
    run->state = overallState(*run);
    run->finished_at = clock_.now();
    std::lock_guard lock(mutex_);
    persist(*run);
  }
}

Outcome<DiscoveryRun> DiscoveryService::start(const ScopeDiscoveryRequest& request) {
  if (request.agent_ids.empty() || request.agent_ids.size() > kMaxAgentsPerRun) {
    return invalidInput("agentIds must name 1 to " + std::to_string(kMaxAgentsPerRun) + " Agents");
  }
  if (std::set<std::int64_t>(request.agent_ids.begin(), request.agent_ids.end()).size() !=
      request.agent_ids.size()) {
    return invalidInput("agentIds names an Agent twice");
  }
  if (auto problem = checkCommon(request.registration, request.port)) return *problem;

  DiscoveryRun run;
  run.kind = RunKind::kScope;
  run.port = request.port;
  run.registration = request.registration;
  run.created_by = request.created_by;
  std::vector<AgentJob> jobs;
  for (const auto agent_id : request.agent_ids) {
    const auto agent = agents_.findAgent(agent_id);
    if (!agent) {
      return Problem{ErrorKind::kNotFound, "not_found",
                     "There is no Agent " + std::to_string(agent_id) + "."};
    }
    AgentRun part;
    part.agent_id = agent_id;
    part.agent_name = agent->name;
    AgentJob job{agent_id, {}};
    if (agent->state != AgentState::kActive) {
      fail(part, "agent_not_active", "The Agent has not been activated.");
    } else if (auto targets = sources_.targetsFor(agent_id); !targets) {
      fail(part, targets.error().code, targets.error().message);
    } else if (targets->addresses.empty() && targets->hostnames.empty()) {
      fail(part, "no_scope",
           "The Agent has nothing to discover: give it IPv4 rules, discovery addresses or host "
           "names.");
    } else {
      job.payload.addresses = std::move(targets->addresses);
      job.payload.hostnames = std::move(targets->hostnames);
    }
    run.agents.push_back(std::move(part));
    if (run.agents.back().state != RunState::kFailed) jobs.push_back(std::move(job));
  }
  return launch(std::move(run), std::move(jobs));
}

Outcome<DiscoveryRun> DiscoveryService::start(const SingleDiscoveryRequest& request) {
  auto parsed = scope::parseRule(scope::RuleList::kSpecified, request.target, 0);
  const auto* rule = std::get_if<scope::ScopeRule>(&parsed);
  if (rule == nullptr || (rule->kind == scope::RuleKind::kIpv4Range && rule->range.size() != 1)) {
    return invalidInput(
        "target must be one IPv4 address or host name" +
        (rule == nullptr ? ": " + std::get<scope::ScopeError>(parsed).reason : std::string()));
  }
  if (auto problem = checkCommon(request.registration, request.port)) return *problem;
  const bool by_address = rule->kind == scope::RuleKind::kIpv4Range;
  const std::string target = by_address ? rule->text : rule->name;  // host names in lower case
  const auto agent_id = request.agent_id ? request.agent_id : sources_.agentFor(target);
  if (!agent_id) {
    return Problem{ErrorKind::kConflict, "no_agent_for_target",
                   "No Agent's scope covers " + target + "; choose the Agent to ask."};
  }
  const auto agent = agents_.findAgent(*agent_id);
  if (!agent) {
    return Problem{ErrorKind::kNotFound, "not_found",
                   "There is no Agent " + std::to_string(*agent_id) + "."};
  }
  DiscoveryRun run;
  run.kind = RunKind::kSingle;
  run.target = target;
  run.port = request.port;
  run.registration = request.registration;
  run.created_by = request.created_by;
  run.agents.emplace_back().agent_id = *agent_id;
  run.agents.back().agent_name = agent->name;
  std::vector<AgentJob> jobs;
  if (agent->state != AgentState::kActive) {
    fail(run.agents.back(), "agent_not_active", "The Agent has not been activated.");
  } else {
    AgentJob job{*agent_id, {}};
    (by_address ? job.payload.addresses : job.payload.hostnames) = {target};
    jobs.push_back(std::move(job));
  }
  return launch(std::move(run), std::move(jobs));
}

Outcome<DiscoveryRun> DiscoveryService::launch(DiscoveryRun run, std::vector<AgentJob> jobs) {
  // Credentials last: an Agent without any is a failed part like one without a scope.
  for (auto it = jobs.begin(); it != jobs.end();) {
    it->payload.credentials = sources_.snmpCredentialsFor(it->agent_id);
    if (it->payload.credentials.empty()) {
      fail(*agentOf(run, it->agent_id), "no_credentials",
           "No SNMP credential is associated with the Agent (Device communication settings).");
      it = jobs.erase(it);
    } else {
      it->payload.port = run.port;
      it->payload.timeout_ms = transport_.timeout_ms;
      it->payload.retries = transport_.retries;
      agentOf(run, it->agent_id)->total =
          static_cast<std::int64_t>(it->payload.addresses.size() + it->payload.hostnames.size());
      ++it;
    }
  }
  run.created_at = clock_.now();
  run.state = jobs.empty() ? overallState(run) : RunState::kRunning;
  if (isFinished(run.state)) run.finished_at = run.created_at;
  {
    std::lock_guard lock(mutex_);
    run.id = runs_.insertDiscoveryRun(toStoredJson(run), run.created_at);
    for (const auto& job : jobs) agentOf(run, job.agent_id)->state = RunState::kRunning;
    persist(run);
    if (!isFinished(run.state)) active_[run.id] = run;
  }
  for (auto& job : jobs) {
    const auto run_id = run.id;
    const auto agent_id = job.agent_id;
    const auto endpoints = job.payload.addresses.size() + job.payload.hostnames.size();
    auto expected = std::make_shared<std::vector<std::string>>(job.payload.addresses);
    expected->insert(expected->end(), job.payload.hostnames.begin(), job.payload.hostnames.end());
    std::sort(expected->begin(), expected->end());
    commands_.issue(
        agent_id, "discover", proto::toJson(job.payload).dump(), timeLimitFor(endpoints),
        [this, run_id, agent_id, expected](const CommandOutcome& outcome) {
          std::optional<RunError> error;
          if (outcome.kind == CommandOutcome::Kind::kSucceeded) {
            error = record(run_id, agent_id, *expected, outcome);
          } else {
            error = RunError{
                outcome.error_code.empty()
                    ? (outcome.kind == CommandOutcome::Kind::kTimedOut ? "agent_timeout"
                                                                       : "discovery_failed")
                    : outcome.error_code,
                outcome.error_message.empty() ? "The Agent did not complete the discovery."
                                              : outcome.error_message};
          }
          std::lock_guard lock(mutex_);
          const auto it = active_.find(run_id);
          if (it == active_.end() || it->second.state == RunState::kCancelled) return;
          auto& part = *agentOf(it->second, agent_id);
          if (error) {
            fail(part, error->code, error->message);
          } else {
            part.state = RunState::kSucceeded;
            part.done = part.total;
          }
          it->second.state = overallState(it->second);
          if (isFinished(it->second.state)) {
            it->second.finished_at = clock_.now();
            persist(it->second);
            active_.erase(it);
          } else {
            persist(it->second);
          }
        },
        [this, run_id, agent_id](const CommandProgressInfo& info) {
          std::lock_guard lock(mutex_);
          const auto it = active_.find(run_id);
          if (it == active_.end()) return;
          auto& part = *agentOf(it->second, agent_id);
          part.done = info.done;
          part.found = info.found;
        });
  }
  return run;
}

std::optional<RunError> DiscoveryService::record(std::int64_t run_id, std::int64_t agent_id,
                                                 const std::vector<std::string>& expected,
                                                 const CommandOutcome& outcome) {
  const auto json = proto::parseJsonText(outcome.data_json);
  const auto data = json ? proto::parseDiscoverData(*json) : proto::Parsed<proto::DiscoverData>{};
  if (!data) {
    return RunError{"agent_result_invalid", "The Agent's discovery result could not be read: " +
                                                (json ? data.error.message : "not JSON")};
  }
  RegistrationRule rule;
  int port = 161;
  {
    std::lock_guard lock(mutex_);
    const auto it = active_.find(run_id);
    if (it == active_.end() || it->second.state == RunState::kCancelled) return std::nullopt;
    rule = it->second.registration;
    port = it->second.port;
  }
  const auto asked = [&expected](const std::string& what) {
    return std::binary_search(expected.begin(), expected.end(), what);
  };
  RunSummary found;
  found.probed = static_cast<std::int64_t>(expected.size());
  found.found = static_cast<std::int64_t>(data.value->devices.size());
  for (const auto& device : data.value->devices) {
    if (!asked(device.address) && !(device.hostname.size() > 0 && asked(device.hostname))) {
      return RunError{"agent_result_invalid",
                      "The Agent reported " + device.address + ", which it was not asked about."};
    }
  }
  for (const auto& device : data.value->devices) {
    if (!device.is_printer) {
      ++found.not_printers;
      continue;
    }
    DiscoveryReport report;
    report.agent_id = agent_id;
    report.identity = {device.vendor, device.model, device.serial, device.firmware, device.mac};
    report.ip_address = device.address;
    report.hostname = device.hostname;
    report.name = device.name;
    report.location = device.location;
    report.contact = device.contact;
    report.snmp_version = device.snmp_version;
    report.snmp_port = port;
    if (device.credential_id > 0) report.credential_id = device.credential_id;
    report.state_if_new =
        registrationStateFor(rule, {device.vendor, device.model, device.name, device.location,
                                    device.address, device.hostname, device.serial});
    const auto recorded = devices_.recordDiscovery(report);
    if (!recorded) {
      addFailure(found, {device.address, "invalid_identity", recorded.error().message});
    } else if (recorded->created) {
      ++found.created;
      ++(report.state_if_new == DeviceState::kManaged ? found.managed : found.unmanaged);
    } else {
      ++found.updated;
    }
  }
  for (const auto& warning : data.value->warnings) {
    addFailure(found, {warning.address, warning.kind, warning.message});
  }
  for (const auto& failure : data.value->failures) {
    addFailure(found, {failure.address, failure.kind, failure.message});
    if (failure.kind != "unresolved") {
      devices_.recordContactFailure(failure.address, {failure.kind, failure.message, clock_.now()});
    }
  }

  std::lock_guard lock(mutex_);
  const auto it = active_.find(run_id);
  if (it == active_.end() || it->second.state == RunState::kCancelled) return std::nullopt;
  auto& summary = it->second.summary;
  summary.probed += found.probed;
  summary.found += found.found;
  summary.created += found.created;
  summary.updated += found.updated;
  summary.managed += found.managed;
  summary.unmanaged += found.unmanaged;
  summary.not_printers += found.not_printers;
  for (auto& failure : found.failures) addFailure(summary, std::move(failure));
  agentOf(it->second, agent_id)->found = found.found;
  return std::nullopt;
}

Outcome<DiscoveryRun> DiscoveryService::get(std::int64_t id) {
  {
    std::lock_guard lock(mutex_);
    if (const auto it = active_.find(id); it != active_.end()) return it->second;
  }
  const auto text = runs_.findDiscoveryRun(id);
  const auto run = text ? discoveryRunFromStoredJson(*text) : std::nullopt;
  if (!run) {
    return Problem{ErrorKind::kNotFound, "not_found",
                   "There is no discovery run " + std::to_string(id) + "."};
  }
  return *run;
}

std::vector<DiscoveryRun> DiscoveryService::list(std::size_t limit) {
  std::vector<DiscoveryRun> out;
  const auto stored = runs_.listDiscoveryRuns(std::min(limit, kMaxListedRuns), false);
  std::lock_guard lock(mutex_);
  for (const auto& text : stored) {
    auto run = discoveryRunFromStoredJson(text);
    if (!run) continue;
    const auto it = active_.find(run->id);
    out.push_back(it != active_.end() ? it->second : std::move(*run));
  }
  return out;
}

Outcome<DiscoveryRun> DiscoveryService::cancel(std::int64_t id) {
  std::lock_guard lock(mutex_);
  const auto it = active_.find(id);
  if (it == active_.end()) {
    if (!runs_.findDiscoveryRun(id)) {
      return Problem{ErrorKind::kNotFound, "not_found",
                     "There is no discovery run " + std::to_string(id) + "."};
    }
    return Problem{ErrorKind::kConflict, "run_finished", "The discovery has finished already."};
  }
  auto run = std::move(it->second);
  active_.erase(it);
  for (auto& agent : run.agents) {
    if (!isFinished(agent.state)) agent.state = RunState::kCancelled;
  }
  run.state = RunState::kCancelled;
  run.finished_at = clock_.now();
  persist(run);
  return run;
}

void DiscoveryService::persist(const DiscoveryRun& run) {
  runs_.updateDiscoveryRun(run.id, isFinished(run.state), toStoredJson(run));
}

AgentRun* DiscoveryService::agentOf(DiscoveryRun& run, std::int64_t agent_id) {
  for (auto& agent : run.agents) {
    if (agent.agent_id == agent_id) return &agent;
  }
  return &run.agents.front();  // unreachable: every job belongs to one of the run's Agents
}

}  // namespace pw::manager
