// CredentialStore on SQLite (tables of migration 0004). Secrets arrive sealed; this file never
// sees them in clear.
#include <algorithm>

#include "manager/storage/sqlite_statement.hpp"
#include "manager/storage/sqlite_storage.hpp"

namespace pw::manager {
namespace {

using sqlite::Statement;
using sqlite::Transaction;

std::size_t kindOrder(CredentialKind kind) {
  const auto* it = std::find(std::begin(kCredentialKinds), std::end(kCredentialKinds), kind);
  return static_cast<std::size_t>(it - std::begin(kCredentialKinds));
}

std::string joinNames(const std::vector<std::string>& names) {
  std::string text;
  for (const auto& name : names) text += (text.empty() ? "" : ",") + name;
  return text;
}

std::vector<std::string> splitNames(const std::string& text) {
  std::vector<std::string> names;
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto end = text.find(',', pos);
    if (end == std::string::npos) end = text.size();
    names.push_back(text.substr(pos, end - pos));
    pos = end + 1;
  }
  return names;
}

}  // namespace

std::vector<StoredCredential> SqliteStorage::selectCredentialsLocked(
    const std::string& where, std::optional<std::int64_t> value) {
  std::vector<StoredCredential> found;
  {
    Statement s(db_,
                "SELECT id, kind, position, description, access, secret_names, sealed_secrets, "
                "created_at, updated_at FROM credentials " +
                    where);
    if (value) s.bind(*value);
    while (s.step()) {
      const auto kind = credentialKindFromString(s.text(1));
      if (!kind) throw StorageError("credential " + s.text(0) + " has an unknown kind");
      StoredCredential stored;
      auto& c = stored.credential;
      c.id = s.integer(0);
      c.kind = *kind;
      c.position = static_cast<int>(s.integer(2));
      c.description = s.text(3);
      c.access = credentialAccessFromString(s.text(4)).value_or(CredentialAccess::kRead);
      c.secrets_set = splitNames(s.text(5));
      stored.sealed_secrets = s.text(6);
      c.created_at = s.time(7);
      c.updated_at = s.time(8);
      found.push_back(std::move(stored));
    }
  }
  for (auto& stored : found) {
    auto& c = stored.credential;
    Statement fields(db_, "SELECT name, value FROM credential_fields WHERE credential_id = ?");
    fields.bind(c.id);
    while (fields.step()) c.fields[fields.text(0)] = fields.text(1);
    Statement agents(db_,
                     "SELECT agent_id FROM credential_agents WHERE credential_id = ? "
                     "ORDER BY agent_id");
    agents.bind(c.id);
    while (agents.step()) c.agent_ids.push_back(agents.integer(0));
  }
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
    const auto key = [](const Credential& c) {
      return std::tuple(kindOrder(c.kind), c.position, c.id);
    };
    return key(a.credential) < key(b.credential);
  });
  return found;
}

void SqliteStorage::writeCredentialDetailsLocked(const Credential& credential) {
  Statement(db_, "DELETE FROM credential_fields WHERE credential_id = ?")
      .bind(credential.id)
      .step();
  for (const auto& [name, value] : credential.fields) {
    Statement(db_, "INSERT INTO credential_fields (credential_id, name, value) VALUES (?, ?, ?)")
        .bind(credential.id)
        .bind(name)
        .bind(value)
        .step();
  }
  Statement(db_, "DELETE FROM credential_agents WHERE credential_id = ?")
      .bind(credential.id)
      .step();
  for (const auto agent_id : credential.agent_ids) {
    Statement(db_,
              "INSERT OR IGNORE INTO credential_agents (credential_id, agent_id) VALUES (?, ?)")
        .bind(credential.id)
        .bind(agent_id)
        .step();
  }
}

std::vector<Credential> SqliteStorage::listCredentials(std::optional<CredentialKind> kind) {
  std::lock_guard lock(mutex_);
  std::vector<Credential> credentials;
  for (auto& stored : selectCredentialsLocked("", std::nullopt)) {
    if (!kind || stored.credential.kind == *kind) {
      credentials.push_back(std::move(stored.credential));
    }
  }
  return credentials;
}

std::optional<StoredCredential> SqliteStorage::findCredential(std::int64_t id) {
  std::lock_guard lock(mutex_);
  auto found = selectCredentialsLocked("WHERE id = ?", id);
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

std::int64_t SqliteStorage::createCredential(const Credential& credential,
                                             const SealCredentialSecrets& seal,
                                             Clock::TimePoint now) {
  std::lock_guard lock(mutex_);
  Transaction tx(db_);
  // Last in its kind; the sealed value needs the id, so it is written once the row exists.
  Statement(db_,
            "INSERT INTO credentials (kind, position, description, access, secret_names, "
            "sealed_secrets, created_at, updated_at) VALUES (?, (SELECT COUNT(*) FROM "
            "credentials WHERE kind = ?), ?, ?, ?, '', ?, ?)")
      .bind(std::string(toString(credential.kind)))
      .bind(std::string(toString(credential.kind)))
      .bind(credential.description)
      .bind(std::string(toString(credential.access)))
      .bind(joinNames(credential.secrets_set))
      .bind(now)
      .bind(now)
      .step();
  auto created = credential;
  created.id = sqlite3_last_insert_rowid(db_);
  Statement(db_, "UPDATE credentials SET sealed_secrets = ? WHERE id = ?")
      .bind(seal(created.id))
      .bind(created.id)
      .step();
  writeCredentialDetailsLocked(created);
  tx.commit();
  return created.id;
}

bool SqliteStorage::updateCredential(const Credential& credential,
                                     const std::optional<std::string>& sealed_secrets,
                                     Clock::TimePoint now) {
  std::lock_guard lock(mutex_);
  Transaction tx(db_);
  Statement(db_,
            "UPDATE credentials SET description = ?, access = ?, secret_names = ?, "
            "sealed_secrets = COALESCE(?, sealed_secrets), updated_at = ? WHERE id = ?")
      .bind(credential.description)
      .bind(std::string(toString(credential.access)))
      .bind(joinNames(credential.secrets_set))
      .bind(sealed_secrets)
      .bind(now)
      .bind(credential.id)
      .step();
  if (sqlite3_changes(db_) == 0) return false;
  writeCredentialDetailsLocked(credential);
  tx.commit();
  return true;
}

bool SqliteStorage::deleteCredential(std::int64_t id) {
  std::lock_guard lock(mutex_);
  Transaction tx(db_);
  std::string kind;
  std::int64_t position = 0;
  {
    Statement s(db_, "SELECT kind, position FROM credentials WHERE id = ?");
    s.bind(id);
    if (!s.step()) return false;
    kind = s.text(0);
    position = s.integer(1);
  }
  Statement(db_, "DELETE FROM credentials WHERE id = ?").bind(id).step();
  Statement(db_, "UPDATE credentials SET position = position - 1 WHERE kind = ? AND position > ?")
      .bind(kind)
      .bind(position)
      .step();
  tx.commit();
  return true;
}

bool SqliteStorage::reorderCredentials(CredentialKind kind, const std::vector<std::int64_t>& ids,
                                       Clock::TimePoint now) {
  std::lock_guard lock(mutex_);
  Transaction tx(db_);
  std::vector<std::int64_t> current;
  {
    Statement s(db_, "SELECT id FROM credentials WHERE kind = ? ORDER BY id");
    s.bind(std::string(toString(kind)));
    while (s.step()) current.push_back(s.integer(0));
  }
  auto wanted = ids;
  std::sort(wanted.begin(), wanted.end());
  if (wanted != current) return false;  // missing, foreign or repeated ids
  for (std::size_t i = 0; i < ids.size(); ++i) {
    Statement(db_, "UPDATE credentials SET position = ?, updated_at = ? WHERE id = ?")
        .bind(static_cast<std::int64_t>(i))
        .bind(now)
        .bind(ids[i])
        .step();
  }
  tx.commit();
  return true;
}

std::vector<StoredCredential> SqliteStorage::credentialsForAgent(std::int64_t agent_id) {
  std::lock_guard lock(mutex_);
  return selectCredentialsLocked(
      "WHERE id IN (SELECT credential_id FROM credential_agents WHERE agent_id = ?)", agent_id);
}

}  // namespace pw::manager
