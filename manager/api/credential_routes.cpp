#include <spdlog/spdlog.h>

#include <variant>

#include "manager/api/http_util.hpp"
#include "manager/api/route_util.hpp"
#include "manager/api/routes.hpp"

namespace pw::manager::api {
namespace {

using nlohmann::json;

// Secrets are never part of the answer: only the names of those stored.
json credentialJson(const Credential& c) {
  json fields = json::object();
  for (const auto& [name, value] : c.fields) fields[name] = value;
  return {{"id", c.id},
          {"kind", toString(c.kind)},
          {"description", c.description},
          {"access", toString(c.access)},
          {"agentIds", c.agent_ids},
          {"position", c.position},
          {"fields", fields},
          {"secretsSet", c.secrets_set},
          {"createdAt", iso8601(c.created_at)},
          {"updatedAt", iso8601(c.updated_at)}};
}

json itemsJson(const std::vector<Credential>& credentials) {
  json items = json::array();
  for (const auto& c : credentials) items.push_back(credentialJson(c));
  return {{"items", items}};
}

std::string kindChoices() {
  std::string text;
  for (const auto kind : kCredentialKinds)
    text += (text.empty() ? "" : ", ") + std::string(toString(kind));
  return text;
}

std::variant<CredentialKind, std::string> parseKind(const json& value) {
  const auto kind =
      value.is_string() ? credentialKindFromString(value.get<std::string>()) : std::nullopt;
  if (!kind) return "kind must be one of " + kindChoices();
  return *kind;
}

// Positive integer ids; `name` names the array in messages ("agentIds", "ids").
std::variant<std::vector<std::int64_t>, std::string> parseIds(const json& value,
                                                              const std::string& name) {
  if (!value.is_array()) return name + " must be an array of ids";
  std::vector<std::int64_t> ids;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const auto& id = value[i];
    if (!id.is_number_integer() || id.get<std::int64_t>() <= 0) {
      return name + "[" + std::to_string(i) + "] must be a positive integer";
    }
    ids.push_back(id.get<std::int64_t>());
  }
  return ids;
}

// A POST or PATCH body. Every property is checked for its type here; values are the
// service's business. Unknown properties are refused, so that a typo does not go unnoticed.
std::variant<CredentialInput, std::string> parseCredentialInput(const json& body) {
  CredentialInput input;
  for (const auto& [key, value] : body.items()) {
    if (key == "kind") {
      auto kind = parseKind(value);
      if (auto* error = std::get_if<std::string>(&kind)) return *error;
      input.kind = std::get<CredentialKind>(kind);
    } else if (key == "description") {
      if (!value.is_string()) return "description must be a string";
      input.description = value.get<std::string>();
    } else if (key == "access") {
      const auto access =
          value.is_string() ? credentialAccessFromString(value.get<std::string>()) : std::nullopt;
      if (!access) return "access must be read or readWrite";
      input.access = *access;
    } else if (key == "agentIds") {
      auto ids = parseIds(value, "agentIds");
      if (auto* error = std::get_if<std::string>(&ids)) return *error;
      input.agent_ids = std::get<std::vector<std::int64_t>>(std::move(ids));
    } else if (key == "fields") {
      if (!value.is_object()) return "fields must be an object";
      CredentialFields fields;
      for (const auto& [name, v] : value.items()) {
        if (!v.is_string()) return "fields." + name + " must be a string";
        fields[name] = v.get<std::string>();
      }
      input.fields = std::move(fields);
    } else {
      return "\"" + key +
             "\" is not a credential property; send kind, description, access, agentIds, fields";
    }
  }
  return input;
}

// What an audit line may say about an edit: property and field names, never values.
std::string editedNames(const json& body) {
  std::string names;
  const auto add = [&names](const std::string& name) {
    names += (names.empty() ? "" : ",") + name;
  };
  for (const auto& [key, value] : body.items()) {
    if (key != "fields") {
      add(key);
      continue;
    }
    for (const auto& [name, v] : value.items()) add(name);
  }
  return names;
}

}  // namespace

// The credential store ("device communication settings").
void addCredentialRoutes(Router& router, const RouteEnv& env) {
  router.add({"GET", "/api/v1/credentials", Access::kSystemManager,
              [env](RouteContext& ctx, const net::Responder& respond) {
                std::optional<CredentialKind> kind;
                for (const auto& [name, value] : ctx.request.queryParams()) {
                  if (name != "kind") {
                    return respond(
                        problemResponse(400, "invalid_input",
                                        "unknown query parameter \"" + name + "\"; use kind"));
                  }
                  auto parsed = parseKind(value);
                  if (auto* error = std::get_if<std::string>(&parsed)) {
                    return respond(problemResponse(400, "invalid_input", *error));
                  }
                  kind = std::get<CredentialKind>(parsed);
                }
                respond(jsonResponse(200, itemsJson(env.deps.credentials.list(kind))));
              }});

  router.add({"POST", "/api/v1/credentials", Access::kSystemManager,
              [env](RouteContext& ctx, const net::Responder& respond) {
                auto body = parseJsonObjectBody(ctx.request);
                if (body.error) return respond(*body.error);
                const auto input = parseCredentialInput(body.value);
                if (const auto* error = std::get_if<std::string>(&input)) {
                  return respond(problemResponse(400, "invalid_input", *error));
                }
                const auto created = env.deps.credentials.create(std::get<CredentialInput>(input));
                if (created) {
                  env.audit.info("credential {} ({}) created by={}", created->id,
                                 toString(created->kind), ctx.auth->user.username);
                }
                respondOutcome<Credential>(created, 201, respond, credentialJson);
              }});

  router.add({"PUT", "/api/v1/credentials/order", Access::kSystemManager,
              [env](RouteContext& ctx, const net::Responder& respond) {
                auto body = parseJsonObjectBody(ctx.request);
                if (body.error) return respond(*body.error);
                const auto& j = body.value;
                for (const auto& [key, value] : j.items()) {
                  if (key != "kind" && key != "ids") {
                    return respond(problemResponse(
                        400, "invalid_input",
                        "\"" + key + "\" is not part of an order; send kind and ids"));
                  }
                }
                auto kind = parseKind(j.contains("kind") ? j["kind"] : json());
                if (auto* error = std::get_if<std::string>(&kind)) {
                  return respond(problemResponse(400, "invalid_input", *error));
                }
                auto ids = parseIds(j.contains("ids") ? j["ids"] : json(), "ids");
                if (auto* error = std::get_if<std::string>(&ids)) {
                  return respond(problemResponse(400, "invalid_input", *error));
                }
                const auto& id_list = std::get<std::vector<std::int64_t>>(ids);
                const auto reordered =
                    env.deps.credentials.reorder(std::get<CredentialKind>(kind), id_list);
                if (!reordered) return respond(problemResponse(reordered.error()));
                std::string order;
                for (const auto id : id_list)
                  order += (order.empty() ? "" : ",") + std::to_string(id);
                env.audit.info("credentials {} reordered ids={} by={}",
                               toString(std::get<CredentialKind>(kind)), order,
                               ctx.auth->user.username);
                respond(jsonResponse(200, itemsJson(*reordered)));
              }});

  router.add({"GET", "/api/v1/credentials/{id}", Access::kSystemManager,
              [env](RouteContext& ctx, const net::Responder& respond) {
                const auto id = idParam(ctx);
                if (!id) return respond(badId());
                respondOutcome<Credential>(env.deps.credentials.get(*id), 200, respond,
                                           credentialJson);
              }});

  router.add(
      {"PATCH", "/api/v1/credentials/{id}", Access::kSystemManager,
       [env](RouteContext& ctx, const net::Responder& respond) {
         const auto id = idParam(ctx);
         if (!id) return respond(badId());
         auto body = parseJsonObjectBody(ctx.request);
         if (body.error) return respond(*body.error);
         const auto input = parseCredentialInput(body.value);
         if (const auto* error = std::get_if<std::string>(&input)) {
           return respond(problemResponse(400, "invalid_input", *error));
         }
         const auto updated = env.deps.credentials.update(*id, std::get<CredentialInput>(input));
         if (updated) {
           env.audit.info("credential {} ({}) edited fields={} by={}", *id, toString(updated->kind),
                          editedNames(body.value), ctx.auth->user.username);
         }
         respondOutcome<Credential>(updated, 200, respond, credentialJson);
       }});

  router.add({"DELETE", "/api/v1/credentials/{id}", Access::kSystemManager,
              [env](RouteContext& ctx, const net::Responder& respond) {
                const auto id = idParam(ctx);
                if (!id) return respond(badId());
                const auto existing = env.deps.credentials.get(*id);
                if (!existing) return respond(problemResponse(existing.error()));
                const auto removed = env.deps.credentials.remove(*id);
                if (!removed) return respond(problemResponse(removed.error()));
                env.audit.info("credential {} ({}) deleted by={}", *id, toString(existing->kind),
                               ctx.auth->user.username);
                respond(emptyResponse(204));
              }});
}

}  // namespace pw::manager::api
