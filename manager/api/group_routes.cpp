// Device groups: the hierarchy (flat or as a tree, with member counts), static members added by
// id or by the device list's filter ("add every device of the current view"), dynamic groups'
// filters in the device list's own shape ({"vendor": ["hp"], ...} = filter[vendor]=hp).
#include <spdlog/spdlog.h>

#include <map>
#include <variant>

#include "manager/api/http_util.hpp"
#include "manager/api/route_util.hpp"
#include "manager/api/routes.hpp"
#include "manager/services/group_service.hpp"

namespace pw::manager::api {
namespace {

using nlohmann::json;

json filterJson(const std::vector<DeviceFilter>& filters) {
  json object = json::object();
  for (const auto& filter : filters) object[toString(filter.field)] = filter.values;
  return object;
}

json groupJson(const GroupSummary& s) {
  const auto& g = s.group;
  return {{"id", g.id},
          {"parentId", g.parent_id ? json(*g.parent_id) : json(nullptr)},
          {"name", g.name},
          {"comment", g.comment},
          {"kind", toString(g.kind)},
          {"filter", g.kind == GroupKind::kDynamic ? filterJson(g.filters) : json(nullptr)},
          {"memberCount", s.member_count},
          {"createdAt", iso8601(g.created_at)}};
}

// The groups nested under their parents; `summaries` lists parents before children.
json treeJson(const std::vector<GroupSummary>& summaries) {
  std::map<std::int64_t, std::vector<const GroupSummary*>> children;  // 0: the top level
  for (const auto& s : summaries) children[s.group.parent_id.value_or(0)].push_back(&s);
  const auto build = [&children](const auto& self, std::int64_t parent) -> json {
    json items = json::array();
    for (const auto* s : children[parent]) {
      auto node = groupJson(*s);
      node["children"] = self(self, s->group.id);
      items.push_back(std::move(node));
    }
    return items;
  };
  return build(build, 0);
}

// {"field": ["value", ...], ...}: the device list's filter[field]. "group" (filter[group]) only
// where `groups` may take it: a dynamic group's own filter never refers to groups.
std::variant<DeviceQuery, std::string> parseFilter(const json& value, bool allow_groups) {
  if (!value.is_object()) return "filter must be an object of field names to lists of values";
  DeviceQuery query;
  for (const auto& [name, values] : value.items()) {
    if (!values.is_array()) return "filter." + name + " must be a list of strings";
    if (name == "group") {
      if (!allow_groups) return "filter.group: a dynamic group cannot be defined by groups";
      for (const auto& v : values) {
        if (!v.is_number_integer() || v.get<std::int64_t>() <= 0) {
          return "filter.group must list positive group ids";
        }
        query.groups.push_back(v.get<std::int64_t>());
      }
      continue;
    }
    const auto field = deviceFieldFromString(name);
    if (!field) return "filter: there is no device field \"" + name + "\"";
    DeviceFilter filter{*field, {}};
    for (const auto& v : values) {
      if (!v.is_string()) return "filter." + name + " must be a list of strings";
      filter.values.push_back(v.get<std::string>());
    }
    query.filters.push_back(std::move(filter));
  }
  return query;
}

std::optional<std::string> optionalString(const json& body, const char* key, std::string& error) {
  if (!body.contains(key)) return std::nullopt;
  if (!body[key].is_string()) {
    error = std::string(key) + " must be a string";
    return std::nullopt;
  }
  return body[key].get<std::string>();
}

// parentId: a positive group id, or null for the top level.
std::variant<std::optional<std::int64_t>, std::string> parseParent(const json& value) {
  if (value.is_null()) return std::optional<std::int64_t>();
  if (!value.is_number_integer() || value.get<std::int64_t>() <= 0) {
    return "parentId must be a positive group id or null";
  }
  return std::optional<std::int64_t>(value.get<std::int64_t>());
}

std::variant<DeviceGroup, std::string> parseNewGroup(const json& body) {
  for (const auto& [key, value] : body.items()) {
    if (key != "name" && key != "kind" && key != "parentId" && key != "comment" &&
        key != "filter") {
      return "\"" + key + "\" is not a group property; send name, kind, parentId, comment, filter";
    }
  }
  DeviceGroup group;
  if (!body.contains("name") || !body["name"].is_string()) return "name must be a string";
  group.name = body["name"].get<std::string>();
  const auto kind = body.contains("kind") && body["kind"].is_string()
                        ? groupKindFromString(body["kind"].get<std::string>())
                        : std::nullopt;
  if (!kind) return "kind must be static or dynamic";
  group.kind = *kind;
  std::string error;
  group.comment = optionalString(body, "comment", error).value_or("");
  if (!error.empty()) return error;
  if (body.contains("parentId")) {
    auto parent = parseParent(body["parentId"]);
    if (auto* e = std::get_if<std::string>(&parent)) return *e;
    group.parent_id = std::get<std::optional<std::int64_t>>(parent);
  }
  if (body.contains("filter") && !body["filter"].is_null()) {
    auto filter = parseFilter(body["filter"], false);
    if (auto* e = std::get_if<std::string>(&filter)) return *e;
    group.filters = std::get<DeviceQuery>(filter).filters;
  }
  return group;
}

std::variant<GroupEdit, std::string> parseGroupEdit(const json& body) {
  GroupEdit edit;
  std::string error;
  for (const auto& [key, value] : body.items()) {
    if (key == "name") {
      edit.name = optionalString(body, "name", error);
    } else if (key == "comment") {
      edit.comment = optionalString(body, "comment", error);
    } else if (key == "parentId") {
      auto parent = parseParent(value);
      if (auto* e = std::get_if<std::string>(&parent)) return *e;
      edit.parent_id = std::get<std::optional<std::int64_t>>(parent);
    } else if (key == "filter") {
      auto filter = parseFilter(value, false);
      if (auto* e = std::get_if<std::string>(&filter)) return *e;
      edit.filters = std::get<DeviceQuery>(filter).filters;
    } else if (key == "kind") {
      return "kind cannot be changed; create a new group of the other kind";
    } else {
      return "\"" + key + "\" cannot be edited; send any of name, comment, parentId, filter";
    }
    if (!error.empty()) return error;
  }
  return edit;
}

// The answer to a member change: how many changed and how many devices the group holds now.
void respondMembers(const RouteEnv& env, std::int64_t id, const Outcome<MemberChange>& change,
                    const char* counted, const net::Responder& respond) {
  if (!change) return respond(problemResponse(change.error()));
  const auto group = env.deps.groups.get(id);
  if (!group) return respond(problemResponse(group.error()));
  respond(jsonResponse(200, {{counted, change->count}, {"memberCount", group->member_count}}));
}

}  // namespace

void addGroupRoutes(Router& router, const RouteEnv& env) {
  router.add({"GET", "/api/v1/groups", Access::view(Grant::kDevices),
              [env](RouteContext& ctx, const net::Responder& respond) {
                bool tree = false;
                for (const auto& [name, value] : ctx.request.queryParams()) {
                  if (name != "view" || (value != "tree" && value != "flat")) {
                    return respond(problemResponse(400, "invalid_input",
                                                   "use view=tree or view=flat, nothing else"));
                  }
                  tree = value == "tree";
                }
                const auto groups = env.deps.groups.list();
                if (tree) return respond(jsonResponse(200, {{"items", treeJson(groups)}}));
                json items = json::array();
                for (const auto& g : groups) items.push_back(groupJson(g));
                respond(jsonResponse(200, {{"items", items}}));
              }});

  router.add({"POST", "/api/v1/groups", Access::manage(Grant::kDevices),
              [env](RouteContext& ctx, const net::Responder& respond) {
                auto body = parseJsonObjectBody(ctx.request);
                if (body.error) return respond(*body.error);
                auto group = parseNewGroup(body.value);
                if (const auto* error = std::get_if<std::string>(&group)) {
                  return respond(problemResponse(400, "invalid_input", *error));
                }
                const auto created = env.deps.groups.create(std::get<DeviceGroup>(group));
                if (created) {
                  env.audit.info("device group created id={} kind={} by={}", created->group.id,
                                 toString(created->group.kind), ctx.auth->user.username);
                }
                respondOutcome<GroupSummary>(created, 201, respond, groupJson);
              }});

  router.add({"GET", "/api/v1/groups/{id}", Access::view(Grant::kDevices),
              [env](RouteContext& ctx, const net::Responder& respond) {
                const auto id = idParam(ctx);
                if (!id) return respond(badId());
                respondOutcome<GroupSummary>(env.deps.groups.get(*id), 200, respond, groupJson);
              }});

  router.add({"PATCH", "/api/v1/groups/{id}", Access::manage(Grant::kDevices),
              [env](RouteContext& ctx, const net::Responder& respond) {
                const auto id = idParam(ctx);
                if (!id) return respond(badId());
                auto body = parseJsonObjectBody(ctx.request);
                if (body.error) return respond(*body.error);
                auto edit = parseGroupEdit(body.value);
                if (const auto* error = std::get_if<std::string>(&edit)) {
                  return respond(problemResponse(400, "invalid_input", *error));
                }
                const auto updated = env.deps.groups.update(*id, std::get<GroupEdit>(edit));
                if (updated) {
                  env.audit.info("device group edited id={} by={}", *id, ctx.auth->user.username);
                }
                respondOutcome<GroupSummary>(updated, 200, respond, groupJson);
              }});

  router.add({"DELETE", "/api/v1/groups/{id}", Access::manage(Grant::kDevices),
              [env](RouteContext& ctx, const net::Responder& respond) {
                const auto id = idParam(ctx);
                if (!id) return respond(badId());
                bool subtree = false;
                for (const auto& [name, value] : ctx.request.queryParams()) {
                  if (name != "subtree" || (value != "true" && value != "false")) {
                    return respond(
                        problemResponse(400, "invalid_input", "use subtree=true or subtree=false"));
                  }
                  subtree = value == "true";
                }
                const auto deleted = env.deps.groups.remove(*id, subtree);
                if (!deleted) return respond(problemResponse(deleted.error()));
                env.audit.info("device group deleted id={} subtree={} by={}", *id, subtree,
                               ctx.auth->user.username);
                respond(emptyResponse(204));
              }});

  router.add({"POST", "/api/v1/groups/{id}/members", Access::manage(Grant::kDevices),
              [env](RouteContext& ctx, const net::Responder& respond) {
                const auto id = idParam(ctx);
                if (!id) return respond(badId());
                auto body = parseJsonObjectBody(ctx.request);
                if (body.error) return respond(*body.error);
                const bool by_ids = body.value.contains("deviceIds");
                if (body.value.size() != 1 || (!by_ids && !body.value.contains("filter"))) {
                  return respond(
                      problemResponse(400, "invalid_input", "send either deviceIds or filter"));
                }
                Outcome<MemberChange> added = MemberChange{};
                if (by_ids) {
                  auto ids = parseDeviceIds(body.value["deviceIds"]);
                  if (const auto* error = std::get_if<std::string>(&ids)) {
                    return respond(problemResponse(400, "invalid_input", *error));
                  }
                  added = env.deps.groups.addMembers(*id, std::get<std::vector<std::int64_t>>(ids));
                } else {
                  auto query = parseFilter(body.value["filter"], true);
                  if (const auto* error = std::get_if<std::string>(&query)) {
                    return respond(problemResponse(400, "invalid_input", *error));
                  }
                  added = env.deps.groups.addMembersMatching(*id, std::get<DeviceQuery>(query));
                }
                if (added) {
                  env.audit.info("device group members added id={} devices={} by={}", *id,
                                 added->count, ctx.auth->user.username);
                }
                respondMembers(env, *id, added, "added", respond);
              }});

  router.add({"DELETE", "/api/v1/groups/{id}/members", Access::manage(Grant::kDevices),
              [env](RouteContext& ctx, const net::Responder& respond) {
                const auto id = idParam(ctx);
                if (!id) return respond(badId());
                auto body = parseJsonObjectBody(ctx.request);
                if (body.error) return respond(*body.error);
                if (body.value.size() != 1 || !body.value.contains("deviceIds")) {
                  return respond(problemResponse(400, "invalid_input", "send deviceIds"));
                }
                auto ids = parseDeviceIds(body.value["deviceIds"]);
                if (const auto* error = std::get_if<std::string>(&ids)) {
                  return respond(problemResponse(400, "invalid_input", *error));
                }
                const auto removed =
                    env.deps.groups.removeMembers(*id, std::get<std::vector<std::int64_t>>(ids));
                if (removed) {
                  env.audit.info("device group members removed id={} devices={} by={}", *id,
                                 removed->count, ctx.auth->user.username);
                }
                respondMembers(env, *id, removed, "removed", respond);
              }});
}

}  // namespace pw::manager::api
