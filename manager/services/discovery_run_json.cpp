#include "manager/services/discovery_run_json.hpp"

#include <array>

namespace pw::manager {
namespace {

using nlohmann::json;

constexpr std::array kRunStates = {RunState::kQueued,  RunState::kRunning, RunState::kSucceeded,
                                   RunState::kPartial, RunState::kFailed,  RunState::kCancelled};

RunState runStateFrom(const std::string& text) {
  for (const auto state : kRunStates) {
    if (text == toString(state)) return state;
  }
  throw std::invalid_argument("unknown run state " + text);
}

json errorJson(const std::optional<RunError>& error) {
  if (!error) return nullptr;
  return {{"code", error->code}, {"message", error->message}};
}

}  // namespace

json toJson(const DiscoveryRun& run, const TimeFormat& time) {
  json agents = json::array();
  for (const auto& a : run.agents) {
    agents.push_back({{"agentId", a.agent_id},
                      {"agentName", a.agent_name},
                      {"state", toString(a.state)},
                      {"progress", {{"done", a.done}, {"total", a.total}, {"found", a.found}}},
                      {"error", errorJson(a.error)}});
  }
  json failures = json::array();
  for (const auto& f : run.summary.failures) {
    failures.push_back({{"address", f.address}, {"kind", f.kind}, {"message", f.message}});
  }
  json conditions = json::array();
  for (const auto& c : run.registration.conditions) {
    conditions.push_back(
        {{"field", toString(c.field)}, {"operator", toString(c.op)}, {"value", c.value}});
  }
  const auto& s = run.summary;
  return {{"id", run.id},
          {"kind", toString(run.kind)},
          {"state", toString(run.state)},
          {"target", run.kind == RunKind::kSingle ? json(run.target) : json(nullptr)},
          {"port", run.port},
          {"registration",
           {{"method", toString(run.registration.matching_state)}, {"conditions", conditions}}},
          {"createdBy", run.created_by},
          {"createdAt", time(run.created_at)},
          {"finishedAt", run.finished_at ? time(*run.finished_at) : json(nullptr)},
          {"agents", agents},
          {"summary",
           {{"probed", s.probed},
            {"found", s.found},
            {"created", s.created},
            {"updated", s.updated},
            {"managed", s.managed},
            {"unmanaged", s.unmanaged},
            {"notPrinters", s.not_printers},
            {"failures", failures}}}};
}

std::string toStoredJson(const DiscoveryRun& run) {
  return toJson(run, [](Clock::TimePoint t) { return json(toUnixSeconds(t)); }).dump();
}

std::optional<DiscoveryRun> discoveryRunFromStoredJson(const std::string& text) {
  try {
    const auto j = json::parse(text);
    DiscoveryRun run;
    run.id = j.at("id").get<std::int64_t>();
    run.kind = j.at("kind").get<std::string>() == "single" ? RunKind::kSingle : RunKind::kScope;
    run.state = runStateFrom(j.at("state").get<std::string>());
    if (j.at("target").is_string()) run.target = j.at("target").get<std::string>();
    run.port = j.at("port").get<int>();
    const auto& registration = j.at("registration");
    run.registration.matching_state =
        deviceStateFromString(registration.at("method").get<std::string>())
            .value_or(DeviceState::kManaged);
    for (const auto& c : registration.at("conditions")) {
      const auto field = conditionFieldFromString(c.at("field").get<std::string>());
      const auto op = conditionOperatorFromString(c.at("operator").get<std::string>());
      if (!field || !op) return std::nullopt;
      run.registration.conditions.push_back({*field, *op, c.at("value").get<std::string>()});
    }
    run.created_by = j.at("createdBy").get<std::string>();
    run.created_at = fromUnixSeconds(j.at("createdAt").get<std::int64_t>());
    if (j.at("finishedAt").is_number()) {
      run.finished_at = fromUnixSeconds(j.at("finishedAt").get<std::int64_t>());
    }
    for (const auto& a : j.at("agents")) {
      AgentRun agent;
      agent.agent_id = a.at("agentId").get<std::int64_t>();
      agent.agent_name = a.at("agentName").get<std::string>();
      agent.state = runStateFrom(a.at("state").get<std::string>());
      agent.done = a.at("progress").at("done").get<std::int64_t>();
      agent.total = a.at("progress").at("total").get<std::int64_t>();
      agent.found = a.at("progress").at("found").get<std::int64_t>();
      if (a.at("error").is_object()) {
        agent.error = RunError{a.at("error").at("code").get<std::string>(),
                               a.at("error").at("message").get<std::string>()};
      }
      run.agents.push_back(std::move(agent));
    }
    const auto& s = j.at("summary");
    run.summary.probed = s.at("probed").get<std::int64_t>();
    run.summary.found = s.at("found").get<std::int64_t>();
    run.summary.created = s.at("created").get<std::int64_t>();
    run.summary.updated = s.at("updated").get<std::int64_t>();
    run.summary.managed = s.at("managed").get<std::int64_t>();
    run.summary.unmanaged = s.at("unmanaged").get<std::int64_t>();
    run.summary.not_printers = s.at("notPrinters").get<std::int64_t>();
    for (const auto& f : s.at("failures")) {
      run.summary.failures.push_back({f.at("address").get<std::string>(),
                                      f.at("kind").get<std::string>(),
                                      f.at("message").get<std::string>()});
    }
    return run;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace pw::manager
