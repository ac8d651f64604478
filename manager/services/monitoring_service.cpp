#include "manager/services/monitoring_service.hpp"

#include <algorithm>
#include <set>
#include <utility>

namespace pw::manager {
namespace {

Problem invalidInput(std::string message) {
  return Problem{ErrorKind::kInvalidInput, "invalid_input", std::move(message)};
}

Problem deviceNotFound(std::int64_t id) {
  return Problem{ErrorKind::kNotFound, "not_found",
                 "There is no device " + std::to_string(id) + "."};
}

// The lowest supply the device list shows: the smallest percentage among consumed supplies
// (a waste receptacle's level is how full it is, not what is left); else the state of the
// first one without a percentage (e.g. some_remaining), so the list never invents a number.
void lowestSupply(const proto::SuppliesData& supplies, DeviceSnapshot& out) {
  const proto::SupplyData* lowest = nullptr;
  const proto::SupplyData* first_without_percent = nullptr;
  for (const auto& item : supplies.items) {
    if (item.supply_class == "filled") continue;
    if (item.percent && (lowest == nullptr || *item.percent < *lowest->percent)) lowest = &item;
    if (!item.percent && first_without_percent == nullptr) first_without_percent = &item;
  }
  if (lowest == nullptr) lowest = first_without_percent;
  if (lowest == nullptr) return;
  out.lowest_percent = lowest->percent;
  out.lowest_state = lowest->percent ? "value" : lowest->level.state;
  out.lowest_name = lowest->description;
  out.lowest_colorant = lowest->colorant;
}

}  // namespace

IdentityReading identityReadingOf(std::int64_t device_id, const proto::IdentityData& wire) {
  IdentityReading out;
  out.device_id = device_id;
  out.identity = {wire.vendor, wire.model, wire.serial, wire.firmware, wire.mac};
  out.macs = wire.macs;
  out.name = wire.name;
  out.location = wire.location;
  out.contact = wire.contact;
  normalizeIdentityReading(out);
  return out;
}

DeviceSnapshot snapshotOf(const proto::DeviceReadingData& reading, Clock::TimePoint read_at) {
  DeviceSnapshot out;
  out.device_id = reading.device_id;
  out.read_at = read_at;
  out.answered = !reading.error && reading.reading;
  if (reading.error) {
    // No reading: the status says why. A timeout is the product's "no response".
    CurrentStatus status;
    status.status.power = reading.error->kind == "timeout" ? "no_response" : "unknown";
    status.error_kind = reading.error->kind;
    status.error_message = reading.error->message;
    out.status = std::move(status);
    return out;
  }
  if (!reading.reading) return out;
  const auto& r = *reading.reading;
  if (r.status) {
    out.reported_macs = r.status->macs;
  } else if (r.identity) {
    out.reported_macs = r.identity->macs;
  }
  if (r.identity) out.identity = identityReadingOf(reading.device_id, *r.identity);
  if (r.status) {
    CurrentStatus status;
    status.status = {r.status->severity, r.status->power, r.status->conditions};
    nlohmann::json alerts = nlohmann::json::array();
    for (const auto& alert : r.status->alerts) alerts.push_back(proto::toJson(alert));
    status.alerts_json = alerts.dump();
    status.uptime_ticks = r.uptime_ticks;
    out.status = std::move(status);
  }
  if (r.supplies) {
    out.supplies_json = proto::toJson(*r.supplies).dump();
    for (const auto& item : r.supplies->items) {
      out.supply_levels.push_back(
          {item.index, item.description, item.colorant, item.level.state, item.percent});
    }
    lowestSupply(*r.supplies, out);
  }
  if (r.counters) {
    out.counters_json = proto::toJson(*r.counters).dump();
    CounterValues values;
    for (std::size_t i = 0; i < kCounterFieldNames.size(); ++i) {
      if (const auto& v = r.counters->normalized[i]) {
        values.values[i] = v->value;
        values.units[i] = v->unit;
      }
    }
    out.counters = std::move(values);
  }
  return out;
}

MonitoringService::MonitoringService(AgentStore& agents, DeviceStore& devices,
                                     MonitoringStore& store, SettingsStore& settings,
                                     CommandQueue& commands, DiscoverySources& sources,
                                     const Clock& clock, SnmpTransportSettings transport, Warn warn)
    : agents_(agents),
      devices_(devices),
      store_(store),
      settings_(settings),
      commands_(commands),
      sources_(sources),
      clock_(clock),
      transport_(transport),
      warn_(std::move(warn)) {}

std::chrono::seconds MonitoringService::timeLimitFor(std::size_t devices) {
  return std::chrono::seconds(
      std::min<std::int64_t>(30 + static_cast<std::int64_t>(devices / 500), 600));
}

Outcome<PollStarted> MonitoringService::startPoll(std::int64_t agent_id,
                                                  const std::vector<std::int64_t>& device_ids,
                                                  const std::vector<std::string>& parts) {
  if (parts.empty())
    return invalidInput("parts must name at least one of status, supplies, counters, identity");
  for (const auto& part : parts) {
    if (std::find(std::begin(proto::kMonitorParts), std::end(proto::kMonitorParts), part) ==
        std::end(proto::kMonitorParts)) {
      return invalidInput("parts: \"" + part + "\" is not status, supplies, counters or identity");
    }
  }
  auto targets = targetsFor(agent_id, device_ids);
  if (!targets) return targets.error();
  proto::MonitorPayload payload;
  payload.parts = parts;
  return issue(agent_id, "monitor", std::move(payload), std::move(*targets),
               [this, agent_id](const CommandOutcome& outcome) { onOutcome(agent_id, outcome); });
}

Outcome<MonitoringService::Targets> MonitoringService::targetsFor(
    std::int64_t agent_id, const std::vector<std::int64_t>& device_ids) {
  if (device_ids.empty() || device_ids.size() > proto::kMaxMonitorDevices) {
    return invalidInput("devices must name 1 to " + std::to_string(proto::kMaxMonitorDevices) +
                        " devices");
  }
  const auto agent = agents_.findAgent(agent_id);
  if (!agent) {
    return Problem{ErrorKind::kNotFound, "not_found",
                   "There is no Agent " + std::to_string(agent_id) + "."};
  }
  if (agent->state != AgentState::kActive) {
    return Problem{ErrorKind::kConflict, "agent_not_active", "The Agent has not been activated."};
  }
  std::map<std::int64_t, proto::SnmpCredentialData> credentials;
  for (auto& c : sources_.snmpCredentialsFor(agent_id)) credentials.emplace(c.id, std::move(c));

  Targets targets;
  std::set<std::int64_t> used_credentials;
  std::set<std::int64_t> seen;
  for (const auto id : device_ids) {
    if (!seen.insert(id).second) continue;
    const auto device = devices_.findDevice(id);
    std::string skip;
    if (!device) {
      skip = "not_found";
    } else if (device->state != DeviceState::kManaged) {
      skip = "not_managed";
    } else if (device->agent_id != agent_id) {
      skip = "other_agent";
    } else if (device->ip_address.empty() || !device->communication.credential_id) {
      skip = "never_reached";  // no address or no credential that answered
    } else if (!credentials.contains(*device->communication.credential_id)) {
      skip = "credential_not_associated";
    }
    if (!skip.empty()) {
      targets.started.skipped.emplace_back(id, std::move(skip));
      continue;
    }
    const auto credential_id = *device->communication.credential_id;
    targets.devices.push_back({id, device->ip_address, device->communication.snmp_port,
                               credential_id, device->identity.vendor});
    if (used_credentials.insert(credential_id).second) {
      targets.credentials.push_back(credentials.at(credential_id));
    }
    targets.started.device_ids.push_back(id);
  }
  if (targets.devices.empty()) {
    return Problem{ErrorKind::kConflict, "nothing_to_poll",
                   "None of the devices can be polled through this Agent (not managed, another "
                   "Agent's, or never reached with a credential)."};
  }
  return targets;
}

Outcome<PollStarted> MonitoringService::refresh(std::int64_t device_id) {
  const auto device = devices_.findDevice(device_id);
  if (!device) return deviceNotFound(device_id);
  if (!device->agent_id) {
    return Problem{ErrorKind::kConflict, "no_agent", "No Agent reaches this device."};
  }
  const std::vector<std::string> all(std::begin(proto::kMonitorParts),
                                     std::end(proto::kMonitorParts));
  auto started = startPoll(*device->agent_id, {device_id}, all);
  if (started && !started->skipped.empty()) {
    return Problem{ErrorKind::kConflict, "cannot_poll",
                   "The device cannot be polled: " + started->skipped.front().second + "."};
  }
  if (!started && started.error().code == "nothing_to_poll") {
    return Problem{ErrorKind::kConflict, "cannot_poll", started.error().message};
  }
  return started;
}

void MonitoringService::onOutcome(std::int64_t agent_id, const CommandOutcome& outcome) {
  // The readings travel through the outbox; a failed command only needs saying.
  if (outcome.kind != CommandOutcome::Kind::kSucceeded && warn_) {
    warn_("[agent " + std::to_string(agent_id) +
          "] monitor command ended without all its "
          "readings: " +
          outcome.error_code + " " + outcome.error_message);
  }
}

IngestRecord MonitorReadingSink::read(std::int64_t, const proto::OutboxRecordData& record) {
  const auto parsed = proto::parseMonitorReadingRecord(record.payload);
  if (!parsed) return {0, "invalid monitor-reading payload: " + parsed.error.message, {}};
  const auto read_at = std::min(fromUnixSeconds(parsed.value->read_at), clock_.now());
  return {0,
          {},
          [snapshot = snapshotOf(parsed.value->device, read_at)](IngestWriter& writer) {
            writer.addDeviceSnapshot(snapshot);
          },
          parsed.value->device.device_id};
}

Outcome<bool> MonitoringService::deviceExists(std::int64_t device_id) {
  if (!devices_.findDevice(device_id)) return deviceNotFound(device_id);
  return true;
}

Outcome<std::optional<CurrentStatus>> MonitoringService::status(std::int64_t device_id) {
  if (auto exists = deviceExists(device_id); !exists) return exists.error();
  return store_.currentStatus(device_id);
}

Outcome<std::vector<StatusEdge>> MonitoringService::statusHistory(std::int64_t device_id,
                                                                  Clock::TimePoint from,
                                                                  Clock::TimePoint to) {
  if (auto exists = deviceExists(device_id); !exists) return exists.error();
  if (to <= from) return invalidInput("from must be before to");
  return store_.statusEdges(device_id, from, to);
}

Outcome<std::optional<SuppliesView>> MonitoringService::supplies(std::int64_t device_id) {
  if (auto exists = deviceExists(device_id); !exists) return exists.error();
  const auto current = store_.currentSupplies(device_id);
  if (!current) return std::optional<SuppliesView>{};
  SuppliesView view{current->first, current->second, {}};
  std::map<std::string, std::vector<SupplyLevelPoint>> by_supply;
  for (auto& point : store_.supplyLevels(device_id, dayOf(clock_.now()) - kRateWindowDays)) {
    by_supply[point.level.index].push_back(std::move(point));
  }
  for (const auto& [index, history] : by_supply) view.days_to_empty[index] = daysToEmpty(history);
  return std::optional<SuppliesView>(std::move(view));
}

Outcome<CountersView> MonitoringService::counters(std::int64_t device_id, std::int64_t from_day,
                                                  std::int64_t to_day) {
  if (auto exists = deviceExists(device_id); !exists) return exists.error();
  if (to_day < from_day) return invalidInput("from must not be after to");
  CountersView view;
  if (auto latest = store_.currentCounters(device_id)) {
    view.latest_json = std::move(latest->first);
    view.read_at = latest->second;
  }
  // One day before the range, so the first day in it has its usage.
  view.daily = store_.dailyCounters(device_id, from_day - 1, to_day);
  view.usage = dailyUsage(view.daily);
  if (!view.daily.empty() && view.daily.front().day < from_day) {
    view.daily.erase(view.daily.begin());
    view.usage.erase(view.usage.begin());
  }
  return view;
}

std::map<std::int64_t, DeviceMonitoringSummary> MonitoringService::summaries(
    const std::vector<std::int64_t>& ids) {
  auto list = store_.monitoringSummaries(ids);
  return {std::make_move_iterator(list.begin()), std::make_move_iterator(list.end())};
}

RetentionSettings MonitoringService::retention() {
  RetentionSettings out;
  const auto stored = settings_.findSetting(kRetentionKey);
  const auto json = stored ? proto::parseJsonText(*stored) : std::nullopt;
  if (!json || !json->is_object()) return out;
  const auto read = [&json](const char* name, int& value) {
    if (const auto it = json->find(name); it != json->end() && it->is_number_integer()) {
      value = it->get<int>();
    }
  };
  read("statusHistoryDays", out.status_history_days);
  read("counterDays", out.counter_days);
  read("supplyDays", out.supply_days);
  return out;
}

Outcome<RetentionSettings> MonitoringService::setRetention(const RetentionSettings& settings) {
  if (auto error = validateRetention(settings); !error.empty()) return invalidInput(error);
  settings_.saveSetting(kRetentionKey,
                        nlohmann::json{{"statusHistoryDays", settings.status_history_days},
                                       {"counterDays", settings.counter_days},
                                       {"supplyDays", settings.supply_days}}
                            .dump());
  return settings;
}

PurgeCounts MonitoringService::purge() {
  return store_.purgeMonitoringHistory(purgeCutoffs(retention(), clock_.now()));
}

}  // namespace pw::manager
