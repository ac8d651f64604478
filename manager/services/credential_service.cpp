#include "manager/services/credential_service.hpp"

#include <algorithm>
#include <utility>

namespace pw::manager {
namespace {

Problem invalidInput(std::string message) {
  return {ErrorKind::kInvalidInput, "invalid_input", std::move(message)};
}

Problem invalidInput(const CredentialInvalid& invalid) {
  return invalidInput(invalid.message);
}

Problem notFound(std::int64_t id) {
  return {ErrorKind::kNotFound, "not_found",
          "Credential " + std::to_string(id) + " does not exist."};
}

std::string associatedData(std::int64_t id, CredentialKind kind) {
  return "credential:" + std::to_string(id) + ":" + toString(kind);
}

// The names of the secrets present, in schema order.
std::vector<std::string> secretNames(CredentialKind kind, const CredentialFields& secrets) {
  std::vector<std::string> names;
  for (const auto& name : credentialSchema(kind).secret_fields) {
    if (secrets.contains(name)) names.push_back(name);
  }
  return names;
}

std::string value(const CredentialFields& fields, const std::string& name) {
  const auto it = fields.find(name);
  return it == fields.end() ? std::string() : it->second;
}

}  // namespace

const char* toString(SnmpVersion version) {
  switch (version) {
    case SnmpVersion::kV1: return "v1";
    case SnmpVersion::kV2c: return "v2c";
    case SnmpVersion::kV3: return "v3";
  }
  return "v2c";
}

CredentialService::CredentialService(CredentialStore& store, AgentStore& agents,
                                     const crypto::SecretBox& box, const Clock& clock)
    : store_(store), agents_(agents), box_(box), clock_(clock) {}

std::vector<Credential> CredentialService::list(std::optional<CredentialKind> kind) {
  return store_.listCredentials(kind);
}

Outcome<Credential> CredentialService::get(std::int64_t id) {
  auto stored = store_.findCredential(id);
  if (!stored) return notFound(id);
  return std::move(stored->credential);
}

Outcome<std::vector<std::int64_t>> CredentialService::checkedAgents(
    const std::vector<std::int64_t>& ids) {
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (!agents_.findAgent(ids[i])) {
      return invalidInput("agentIds[" + std::to_string(i) + "]: there is no Agent " +
                          std::to_string(ids[i]));
    }
  }
  auto unique = ids;
  std::sort(unique.begin(), unique.end());
  unique.erase(std::unique(unique.begin(), unique.end()), unique.end());
  return unique;
}

std::string CredentialService::seal(std::int64_t id, CredentialKind kind,
                                    const CredentialFields& secrets) const {
  return box_.seal(encodeCredentialFields(secrets), associatedData(id, kind));
}

std::optional<CredentialFields> CredentialService::open(const StoredCredential& stored) const {
  const auto plain = box_.open(stored.sealed_secrets,
                               associatedData(stored.credential.id, stored.credential.kind));
  if (!plain) return std::nullopt;
  return decodeCredentialFields(*plain);
}

Outcome<Credential> CredentialService::create(const CredentialInput& input) {
  if (!input.kind) return invalidInput("kind is required");
  Credential c;
  c.kind = *input.kind;
  c.description = input.description.value_or("");
  c.access = input.access.value_or(CredentialAccess::kRead);
  if (auto invalid = validateCredentialDescription(c.description)) return invalidInput(*invalid);
  CredentialFields secrets;
  if (auto invalid = splitCredentialFields(c.kind, input.fields.value_or(CredentialFields{}),
                                           c.fields, secrets)) {
    return invalidInput(*invalid);
  }
  if (auto invalid = normalizeCredential(c.kind, c.fields, secrets)) return invalidInput(*invalid);
  auto agents = checkedAgents(input.agent_ids.value_or(std::vector<std::int64_t>{}));
  if (!agents) return agents.error();
  c.agent_ids = *std::move(agents);
  c.secrets_set = secretNames(c.kind, secrets);
  const auto id = store_.createCredential(
      c, [&](std::int64_t new_id) { return seal(new_id, c.kind, secrets); }, clock_.now());
  return get(id);
}

Outcome<Credential> CredentialService::update(std::int64_t id, const CredentialInput& input) {
  auto stored = store_.findCredential(id);
  if (!stored) return notFound(id);
  Credential c = stored->credential;
  if (input.kind && *input.kind != c.kind) {
    return invalidInput(std::string("kind cannot change (credential ") + std::to_string(id) +
                        " is " + toString(c.kind) + "); create a new credential instead");
  }
  if (input.description) c.description = *input.description;
  if (auto invalid = validateCredentialDescription(c.description)) return invalidInput(*invalid);
  if (input.access) c.access = *input.access;

  std::optional<std::string> sealed;
  if (input.fields) {
    CredentialFields public_in;
    CredentialFields secrets_in;
    if (auto invalid = splitCredentialFields(c.kind, *input.fields, public_in, secrets_in)) {
      return invalidInput(*invalid);
    }
    for (auto& [name, v] : public_in) c.fields[name] = v;
    // The stored secrets are opened only when one of them is kept.
    CredentialFields secrets;
    const bool keeps_stored =
        std::any_of(c.secrets_set.begin(), c.secrets_set.end(),
                    [&](const std::string& name) { return !secrets_in.contains(name); });
    if (keeps_stored) {
      auto opened = open(*stored);
      if (!opened) {
        return Problem{ErrorKind::kConflict, "credential_unreadable",
                       "The stored secrets of credential " + std::to_string(id) +
                           " cannot be decrypted (was the master key replaced?); send all of "
                           "its secret fields again."};
      }
      secrets = *std::move(opened);
    }
    for (auto& [name, v] : secrets_in) secrets[name] = v;
    if (auto invalid = normalizeCredential(c.kind, c.fields, secrets)) {
      return invalidInput(*invalid);
    }
    c.secrets_set = secretNames(c.kind, secrets);
    sealed = seal(id, c.kind, secrets);
  }
  if (input.agent_ids) {
    auto agents = checkedAgents(*input.agent_ids);
    if (!agents) return agents.error();
    c.agent_ids = *std::move(agents);
  }
  if (!store_.updateCredential(c, sealed, clock_.now())) return notFound(id);
  return get(id);
}

Outcome<void> CredentialService::remove(std::int64_t id) {
  if (!store_.deleteCredential(id)) return notFound(id);
  return {};
}

Outcome<std::vector<Credential>> CredentialService::reorder(CredentialKind kind,
                                                            const std::vector<std::int64_t>& ids) {
  if (!store_.reorderCredentials(kind, ids, clock_.now())) {
    std::string current;
    for (const auto& c : store_.listCredentials(kind)) {
      current += (current.empty() ? "" : ", ") + std::to_string(c.id);
    }
    return invalidInput(std::string("ids must list every ") + toString(kind) +
                        " credential exactly once: [" + current + "]");
  }
  return store_.listCredentials(kind);
}

SnmpCredentials CredentialService::snmpCredentialsForAgent(std::int64_t agent_id) {
  SnmpCredentials result;
  // credentialsForAgent is ordered by kind (snmpv1 before snmpv3), then position.
  for (const auto& stored : store_.credentialsForAgent(agent_id)) {
    const auto& c = stored.credential;
    if (c.kind != CredentialKind::kSnmpV1 && c.kind != CredentialKind::kSnmpV3) continue;
    const auto secrets = open(stored);
    if (!secrets) {
      result.unreadable.push_back(c.id);
      continue;
    }
    SnmpCredential snmp;
    snmp.credential_id = c.id;
    snmp.access = c.access;
    if (c.kind == CredentialKind::kSnmpV1) {
      snmp.version = value(c.fields, "version") == "v1" ? SnmpVersion::kV1 : SnmpVersion::kV2c;
      snmp.community = value(*secrets, "community");
    } else {
      snmp.version = SnmpVersion::kV3;
      snmp.username = value(c.fields, "username");
      snmp.security_level = value(c.fields, "securityLevel");
      snmp.auth_protocol = value(c.fields, "authProtocol");
      snmp.priv_protocol = value(c.fields, "privProtocol");
      snmp.context_name = value(c.fields, "contextName");
      snmp.auth_key = value(*secrets, "authKey");
      snmp.priv_key = value(*secrets, "privKey");
    }
    result.credentials.push_back(std::move(snmp));
  }
  return result;
}

}  // namespace pw::manager
