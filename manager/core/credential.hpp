#pragma once
// Device communication credentials: what Agents present to devices (SNMP communities and
// users, device login accounts, system manager IDs, passwords). Several per kind, tried in
// their order within the kind; each is used only by the Agents it is associated with.
//
// A credential's fields are split in two: public fields (protocols, user names, versions)
// that administrators see again, and secret fields (communities, keys, passwords) that are
// encrypted at rest and never shown again. The rules below are pure; sealing is the
// services' business (manager/services/credential_service.hpp).
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/core/clock.hpp"

namespace pw::manager {

enum class CredentialKind { kSnmpV1, kSnmpV3, kUser, kDomain, kSystemManager, kPassword };
enum class CredentialAccess { kRead, kReadWrite };

/// Every kind, in the order lists and discovery go through them.
inline constexpr CredentialKind kCredentialKinds[] = {
    CredentialKind::kSnmpV1, CredentialKind::kSnmpV3,        CredentialKind::kUser,
    CredentialKind::kDomain, CredentialKind::kSystemManager, CredentialKind::kPassword};

/// "snmpv1", "snmpv3", "user", "domain", "systemManager", "password".
const char* toString(CredentialKind kind);
std::optional<CredentialKind> credentialKindFromString(std::string_view text);
/// "read", "readWrite".
const char* toString(CredentialAccess access);
std::optional<CredentialAccess> credentialAccessFromString(std::string_view text);

/// Field name -> value. Ordered, so listings and audit lines are stable.
using CredentialFields = std::map<std::string, std::string>;

/// The field names a kind has, in the order messages list them.
struct CredentialSchema {
  std::vector<std::string> public_fields;
  std::vector<std::string> secret_fields;
};
const CredentialSchema& credentialSchema(CredentialKind kind);

struct Credential {
  std::int64_t id = 0;
  CredentialKind kind = CredentialKind::kSnmpV1;
  std::string description;
  CredentialAccess access = CredentialAccess::kRead;
  std::vector<std::int64_t> agent_ids;   ///< ascending
  int position = 0;                      ///< 0-based order within its kind
  CredentialFields fields;               ///< public fields
  std::vector<std::string> secrets_set;  ///< names of the secret fields stored, schema order
  Clock::TimePoint created_at;
  Clock::TimePoint updated_at;
};

/// A refused value: `field` names it the way the API does ("fields.authKey", "description").
struct CredentialInvalid {
  std::string field;
  std::string message;  ///< starts with the field name
};

/// Splits a flat "fields" object into the kind's public and secret fields. Refuses names the
/// kind does not have, naming the allowed ones.
std::optional<CredentialInvalid> splitCredentialFields(CredentialKind kind,
                                                       const CredentialFields& input,
                                                       CredentialFields& public_fields,
                                                       CredentialFields& secret_fields);

/// Normalises and checks a complete credential (after an edit was merged): required fields
/// present, lengths and enumerations, the keys an SNMPv3 security level needs. Fields the
/// chosen SNMPv3 security level does not use (protocols, keys) are dropped, so a stored
/// credential never carries an unused secret. Empty secret values count as absent.
std::optional<CredentialInvalid> normalizeCredential(CredentialKind kind,
                                                     CredentialFields& public_fields,
                                                     CredentialFields& secret_fields);

/// At most kMaxDescriptionLength bytes, no control characters.
std::optional<CredentialInvalid> validateCredentialDescription(const std::string& description);
inline constexpr std::size_t kMaxDescriptionLength = 256;

/// Length-prefixed text form of a field map ("<n>:<name><n>:<value>..."), the plaintext that
/// gets sealed; decodeCredentialFields returns nullopt for anything encode did not produce.
std::string encodeCredentialFields(const CredentialFields& fields);
std::optional<CredentialFields> decodeCredentialFields(std::string_view text);

}  // namespace pw::manager
