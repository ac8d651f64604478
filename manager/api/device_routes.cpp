#include "manager/api/routes.hpp"

#include <spdlog/spdlog.h>

#include "manager/api/device_query.hpp"
#include "manager/api/http_util.hpp"
#include "manager/api/route_util.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <variant>

namespace pw::manager::api {
namespace {

using nlohmann::json;

json communicationJson(const DeviceCommunication& c) {
  json last_error = nullptr;
  if (c.last_failure) {
    last_error = {{"kind", c.last_failure->kind},
                  {"message", c.last_failure->message},
                  {"at", iso8601(c.last_failure->at)}};
  }
  return {{"protocol", "snmp"},
          {"version", c.snmp_version.empty() ? json(nullptr) : json(c.snmp_version)},
          {"credentialId", c.credential_id ? json(*c.credential_id) : json(nullptr)},
          {"lastError", last_error}};
}

// The device list's monitoring columns: status (severity, power) and the lowest supply
// (percent, or its RFC 3805 state when no supply gives a percentage, with the supply's name
// and colorant); null until polled.
json monitoringJson(const DeviceMonitoringSummary* m, json& device) {
  device["status"] = m != nullptr && !m->severity.empty()
                         ? json{{"severity", m->severity}, {"power", m->power}}
                         : json(nullptr);
  device["lowestSupply"] =
      m != nullptr && (m->lowest_percent || !m->lowest_state.empty())
          ? json{{"percent", m->lowest_percent ? json(*m->lowest_percent) : json(nullptr)},
                 {"state", m->lowest_state},
                 {"name", m->lowest_name},
                 {"colorant", m->lowest_colorant}}
          : json(nullptr);
  return device;
}

// The header's counts of the matching devices by severity and by power ("notPolled": no
// reading yet); each adds up to the total.
json statusCountsJson(const DevicePage& page) {
  json severity = json::object();
  json power = json::object();
  for (const auto& c : page.status_counts) {
    const std::string s = c.severity.empty() ? std::string(kNotPolled) : c.severity;
    const std::string p = c.power.empty() ? std::string(kNotPolled) : c.power;
    severity[s] = severity.value(s, std::int64_t{0}) + c.count;
    power[p] = power.value(p, std::int64_t{0}) + c.count;
  }
  return {{"severity", severity}, {"power", power}};
}

// The device's region as {id, name}; null outside every region.
json regionJson(const Device& d, const std::map<std::int64_t, std::string>& region_names) {
  if (!d.region_id) return nullptr;
  const auto it = region_names.find(*d.region_id);
  return {{"id", *d.region_id}, {"name", it == region_names.end() ? "" : it->second}};
}

json deviceJson(const Device& d, const DeviceMonitoringSummary* monitoring,
                const std::map<std::int64_t, std::string>& region_names) {
  json device = {{"id", d.id},
                 {"agentId", d.agent_id ? json(*d.agent_id) : json(nullptr)},
                 {"state", toString(d.state)},
                 {"vendor", d.identity.vendor},
                 {"model", d.identity.model},
                 {"serial", d.identity.serial},
                 {"firmware", d.identity.firmware},
                 {"mac", d.identity.mac},
                 {"name", d.name},
                 {"location", d.location},
                 {"contact", d.contact},
                 {"ipAddress", d.ip_address},
                 {"hostname", d.hostname},
                 {"firstSeen", iso8601(d.first_seen)},
                 {"lastSeen", iso8601(d.last_seen)},
                 {"linkUrl", d.link_url},
                 {"communication", communicationJson(d.communication)},
                 {"deviceType", d.device_type},
                 {"registeredBy", toString(d.registered_by)},
                 {"region", regionJson(d, region_names)}};
  return monitoringJson(monitoring, device);
}

// One device with its monitoring summary.
std::function<json(const Device&)> oneDeviceJson(const RouteEnv& env) {
  return [env](const Device& d) {
    const auto summaries = env.deps.readings.summaries({d.id});
    const auto it = summaries.find(d.id);
    return deviceJson(d, it == summaries.end() ? nullptr : &it->second, env.deps.regions.names());
  };
}

// A PATCH body: any of name, location, contact, linkUrl, each a string.
std::variant<DeviceEdit, std::string> parseDeviceEdit(const json& body) {
  DeviceEdit edit;
  for (const auto& [key, value] : body.items()) {
    std::optional<std::string>* field = key == "name"       ? &edit.name
                                        : key == "location" ? &edit.location
                                        : key == "contact"  ? &edit.contact
                                        : key == "linkUrl"  ? &edit.link_url
                                                            : nullptr;
    if (field == nullptr) {
      return "\"" + key + "\" cannot be edited; send any of name, location, contact, linkUrl";
    }
    if (!value.is_string()) return key + " must be a string";
    *field = value.get<std::string>();
  }
  return edit;
}

// The batch actions of the device list (POST /api/v1/devices/batch).
enum class BatchAction { kEdit, kRemove, kRefresh };

struct Batch {
  BatchAction action = BatchAction::kEdit;
  std::vector<std::int64_t> ids;
  DeviceEdit edit;
};

// {"action": "edit"|"remove"|"refresh", "deviceIds": [...], "edit": {...}}: at most
// kMaxBatchDevices distinct ids; "edit" only with the edit action, and without a name (one name
// for many printers is never what the administrator means).
std::variant<Batch, std::string> parseBatch(const json& body) {
  Batch batch;
  for (const auto& [key, value] : body.items()) {
    if (key != "action" && key != "deviceIds" && key != "edit") {
      return "\"" + key + "\" is not a batch field; send action, deviceIds and, to edit, edit";
    }
  }
  const auto action =
      body.value("action", json()).is_string() ? body["action"].get<std::string>() : "";
  if (action == "edit") {
    batch.action = BatchAction::kEdit;
  } else if (action == "remove") {
    batch.action = BatchAction::kRemove;
  } else if (action == "refresh") {
    batch.action = BatchAction::kRefresh;
  } else {
    return "action must be edit, remove or refresh";
  }
  if (!body.contains("deviceIds")) return "deviceIds is required";
  auto ids = parseDeviceIds(body["deviceIds"]);
  if (const auto* error = std::get_if<std::string>(&ids)) return *error;
  batch.ids = std::move(std::get<std::vector<std::int64_t>>(ids));
  std::sort(batch.ids.begin(), batch.ids.end());
  batch.ids.erase(std::unique(batch.ids.begin(), batch.ids.end()), batch.ids.end());
  if (batch.ids.empty()) return "deviceIds must name at least one device";
  if (batch.ids.size() > kMaxBatchDevices) {
    return "deviceIds: at most " + std::to_string(kMaxBatchDevices) + " devices at once, not " +
           std::to_string(batch.ids.size());
  }
  if (batch.action != BatchAction::kEdit) {
    if (body.contains("edit")) return "edit is only taken by the edit action";
    return batch;
  }
  if (!body.contains("edit") || !body["edit"].is_object() || body["edit"].empty()) {
    return "edit must be an object with any of location, contact, linkUrl";
  }
  if (body["edit"].contains("name")) return "edit.name cannot be set on several devices at once";
  auto edit = parseDeviceEdit(body["edit"]);
  if (const auto* error = std::get_if<std::string>(&edit)) return "edit: " + *error;
  batch.edit = std::get<DeviceEdit>(edit);
  if (auto error = validateDeviceEdit(batch.edit); !error.empty()) return "edit." + error;
  return batch;
}

// Runs one action on one device the caller may see; a problem becomes a failure entry.
std::optional<Problem> runBatchAction(const RouteEnv& env, const Batch& batch, std::int64_t id,
                                      const DeviceScope& scope) {
  if (auto visible = env.deps.devices.get(id, scope); !visible) return visible.error();
  switch (batch.action) {
    case BatchAction::kEdit:
      if (auto r = env.deps.devices.update(id, batch.edit); !r) return r.error();
      break;
    case BatchAction::kRemove:
      if (auto r = env.deps.devices.remove(id); !r) return r.error();
      break;
    case BatchAction::kRefresh:
      if (auto r = env.deps.readings.refresh(id); !r) return r.error();
      break;
  }
  return std::nullopt;
}

const char* toString(BatchAction action) {
  switch (action) {
    case BatchAction::kEdit: return "edit";
    case BatchAction::kRemove: return "remove";
    case BatchAction::kRefresh: return "refresh";
  }
  return "";
}

// What an edit may change, for the audit record's before/after.
json editableFields(const Device& d) {
  return {
      {"name", d.name}, {"location", d.location}, {"contact", d.contact}, {"linkUrl", d.link_url}};
}

}  // namespace

// The device registry.
void addDeviceRoutes(Router& router, const RouteEnv& env) {
  router.add({"GET", "/api/v1/devices", Access::view(Grant::kDevices),
              [env](RouteContext& ctx, const net::Responder& respond) {
                auto query = parseDeviceQuery(ctx.request, {});
                if (const auto* error = std::get_if<std::string>(&query)) {
                  return respond(problemResponse(400, "invalid_input", *error));
                }
                auto& q = std::get<DeviceQuery>(query);
                q.scope = callerScope(env, ctx);
                const auto page = env.deps.devices.list(q);
                if (!page) return respond(problemResponse(page.error()));
                json items = json::array();
                std::vector<std::int64_t> ids;
                for (const auto& device : page->items) ids.push_back(device.id);
                const auto summaries = env.deps.readings.summaries(ids);
                const auto region_names = env.deps.regions.names();
                for (const auto& device : page->items) {
                  const auto it = summaries.find(device.id);
                  items.push_back(deviceJson(device, it == summaries.end() ? nullptr : &it->second,
                                             region_names));
                }
                respond(jsonResponse(200, {{"items", items},
                                           {"total", page->total},
                                           {"statusCounts", statusCountsJson(*page)},
                                           {"page", q.page},
                                           {"pageSize", q.page_size}}));
              }});

  router.add({"GET", "/api/v1/devices/{id}", Access::view(Grant::kDevices),
              [env](RouteContext& ctx, const net::Responder& respond) {
                const auto id = idParam(ctx);
                if (!id) return respond(badId());
                respondOutcome<Device>(env.deps.devices.get(*id, callerScope(env, ctx)), 200,
                                       respond, oneDeviceJson(env));
              }});

  // Name, location and contact are written to the printer first (DeviceService::edit); the
  // answer waits for it and says, per field, whether the printer took it.
  router.add({"PATCH", "/api/v1/devices/{id}", Access::manage(Grant::kDevices),
              [env](RouteContext& ctx, const net::Responder& respond) {
                const auto id = idParam(ctx);
                if (!id) return respond(badId());
                auto body = parseJsonObjectBody(ctx.request);
                if (body.error) return respond(*body.error);
                auto edit = parseDeviceEdit(body.value);
                if (const auto* error = std::get_if<std::string>(&edit)) {
                  return respond(problemResponse(400, "invalid_input", *error));
                }
                std::string fields;
                for (const auto& [key, value] : body.value.items()) {
                  fields += (fields.empty() ? "" : ",") + key;
                }
                const auto scope = callerScope(env, ctx);
                auto before = env.deps.devices.get(*id, scope);
                env.deps.devices.edit(
                    *id, std::get<DeviceEdit>(std::move(edit)), scope,
                    [env, id = *id, fields, by = ctx.auth->user.username, note = ctx.audit,
                     before = std::move(before), respond](const Outcome<DeviceEdited>& edited) {
                      if (!edited) return respond(problemResponse(edited.error()));
                      if (before)
                        note->change(editableFields(*before), editableFields(edited->device));
                      json writes = json::array();
                      std::string refused;
                      for (const auto& w : edited->writes) {
                        writes.push_back({{"field", w.field},
                                          {"written", w.written},
                                          {"reason", w.reason},
                                          {"message", w.message}});
                        if (!w.written) refused += (refused.empty() ? "" : ",") + w.field;
                      }
                      env.audit.info("device edited id={} fields={} refused_by_device={} by={}", id,
                                     fields, refused, by);
                      auto device = oneDeviceJson(env)(edited->device);
                      device["writeBack"] = std::move(writes);
                      respond(jsonResponse(200, device));
                    });
              }});

  // One request per chunk of the console's selection: the console shows progress between chunks
  // (decision 0025). Devices outside the caller's regions fail as not_found, like GET /{id}.
  router.add({"POST", "/api/v1/devices/batch", Access::manage(Grant::kDevices),
              [env](RouteContext& ctx, const net::Responder& respond) {
                auto body = parseJsonObjectBody(ctx.request);
                if (body.error) return respond(*body.error);
                const auto parsed = parseBatch(body.value);
                if (const auto* error = std::get_if<std::string>(&parsed)) {
                  return respond(problemResponse(400, "invalid_input", *error));
                }
                const auto& batch = std::get<Batch>(parsed);
                const auto scope = callerScope(env, ctx);
                json failures = json::array();
                for (const auto id : batch.ids) {
                  if (const auto problem = runBatchAction(env, batch, id, scope)) {
                    failures.push_back(
                        {{"id", id}, {"code", problem->code}, {"message", problem->message}});
                  }
                }
                const auto succeeded = batch.ids.size() - failures.size();
                env.audit.info("device batch {} devices={} succeeded={} by={}",
                               toString(batch.action), batch.ids.size(), succeeded,
                               ctx.auth->user.username);
                respond(jsonResponse(200, {{"succeeded", succeeded}, {"failures", failures}}));
              }});

  router.add({"POST", "/api/v1/devices/{id}/remove", Access::manage(Grant::kDevices),
              [env](RouteContext& ctx, const net::Responder& respond) {
                const auto id = idParam(ctx);
                if (!id) return respond(badId());
                const auto removed = env.deps.devices.remove(*id);
                if (removed)
                  env.audit.info("device removed id={} by={}", *id, ctx.auth->user.username);
                respondOutcome<Device>(removed, 200, respond, oneDeviceJson(env));
              }});

  router.add({"POST", "/api/v1/devices/{id}/restore", Access::manage(Grant::kDevices),
              [env](RouteContext& ctx, const net::Responder& respond) {
                const auto id = idParam(ctx);
                if (!id) return respond(badId());
                const auto restored = env.deps.devices.restore(*id);
                if (restored) {
                  env.audit.info("device restored id={} by={}", *id, ctx.auth->user.username);
                }
                respondOutcome<Device>(restored, 200, respond, oneDeviceJson(env));
              }});

  router.add({"DELETE", "/api/v1/devices/{id}", Access::manage(Grant::kDevices),
              [env](RouteContext& ctx, const net::Responder& respond) {
                const auto id = idParam(ctx);
                if (!id) return respond(badId());
                const auto deleted = env.deps.devices.deletePermanently(*id);
                if (!deleted) return respond(problemResponse(deleted.error()));
                env.audit.info("device deleted id={} by={}", *id, ctx.auth->user.username);
                respond(emptyResponse(204));
              }});
}

}  // namespace pw::manager::api
