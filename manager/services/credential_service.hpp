#pragma once
// The device communication credentials (the credential store): administrators create, edit,
// order and delete them; discovery and monitoring read the decrypted SNMP ones of an Agent.
//
// Secret fields (communities, SNMPv3 keys, passwords, PINs) are sealed with the Manager's
// master key (AES-256-GCM, crypto::SecretBox) before they reach the store, with the associated
// data "credential:<id>:<kind>": a sealed value copied onto another row, or a row whose kind
// was changed, does not open. They leave this service only through snmpCredentialsForAgent,
// never in a Credential, never in a Problem. Thread-safe (the store is; the box is immutable).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/core/clock.hpp"
#include "common/crypto/secrets.hpp"
#include "manager/core/credential.hpp"
#include "manager/core/storage.hpp"
#include "manager/services/problem.hpp"

namespace pw::manager {

/// What a create or an edit carries; absent members are left as they are (an edit) or take
/// their defaults (a create: no description, read access, no Agents).
struct CredentialInput {
  std::optional<CredentialKind> kind;  ///< required to create; an edit may only repeat it
  std::optional<std::string> description;
  std::optional<CredentialAccess> access;
  std::optional<std::vector<std::int64_t>> agent_ids;
  /// Public and secret fields together, as the API receives them. In an edit, a field left
  /// out keeps its stored value; a secret sent empty is cleared.
  std::optional<CredentialFields> fields;
};

enum class SnmpVersion { kV1, kV2c, kV3 };
const char* toString(SnmpVersion version);  ///< "v1", "v2c", "v3"

/// One decrypted SNMP credential, ready for net-snmp. v1/v2c use `community`; v3 uses the
/// user-based fields (protocols and keys are empty when the security level does not use them).
struct SnmpCredential {
  std::int64_t credential_id = 0;
  SnmpVersion version = SnmpVersion::kV2c;
  CredentialAccess access = CredentialAccess::kRead;
  std::string community;
  std::string username;
  std::string security_level;  ///< "noAuthNoPriv", "authNoPriv", "authPriv"
  std::string auth_protocol;   ///< "MD5", "SHA", "SHA-224", "SHA-256", "SHA-384", "SHA-512"
  std::string auth_key;        ///< passphrase
  std::string priv_protocol;   ///< "DES", "AES", "AES-256"
  std::string priv_key;        ///< passphrase
  std::string context_name;
};

struct SnmpCredentials {
  std::vector<SnmpCredential> credentials;
  /// Credentials whose secrets did not decrypt (master key replaced, row tampered with):
  /// left out of `credentials`; the caller logs their ids.
  std::vector<std::int64_t> unreadable;
};

class CredentialService {
 public:
  CredentialService(CredentialStore& store, AgentStore& agents, const crypto::SecretBox& box,
                    const Clock& clock);

  /// By kind (kCredentialKinds order), then position.
  std::vector<Credential> list(std::optional<CredentialKind> kind = std::nullopt);
  Outcome<Credential> get(std::int64_t id);
  /// invalid_input naming the field ("kind", "fields.authKey", "agentIds[1]", ...). The new
  /// credential goes last in its kind.
  Outcome<Credential> create(const CredentialInput& input);
  /// invalid_input naming the field (a changed kind included); not_found;
  /// credential_unreadable (conflict) when stored secrets must be kept but do not decrypt:
  /// sending every secret field again repairs the credential.
  Outcome<Credential> update(std::int64_t id, const CredentialInput& input);
  Outcome<void> remove(std::int64_t id);
  /// `ids` must list every credential of the kind exactly once (invalid_input otherwise);
  /// returns the kind's credentials in their new order.
  Outcome<std::vector<Credential>> reorder(CredentialKind kind,
                                           const std::vector<std::int64_t>& ids);

  /// The decrypted SNMP credentials associated with the Agent, in the order discovery tries
  /// them: every snmpv1 credential (v1/v2c communities) by position, then every snmpv3 one by
  /// position. Communities first because a v1/v2c probe is a single request while a v3 probe
  /// first needs an engine-ID exchange, and nearly every printer answers v1/v2c; an
  /// administrator who wants v3 only associates no snmpv1 credential with the Agent.
  /// An unknown Agent simply has none.
  SnmpCredentials snmpCredentialsForAgent(std::int64_t agent_id);

 private:
  Outcome<std::vector<std::int64_t>> checkedAgents(const std::vector<std::int64_t>& ids);
  std::string seal(std::int64_t id, CredentialKind kind, const CredentialFields& secrets) const;
  std::optional<CredentialFields> open(const StoredCredential& stored) const;

  CredentialStore& store_;
  AgentStore& agents_;
  const crypto::SecretBox& box_;
  const Clock& clock_;
};

}  // namespace pw::manager
