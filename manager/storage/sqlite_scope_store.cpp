// ScopeStore on SQLite (tables of migration 0004): the entries as text, list by list, in entry
// order. Parsing and checking them is manager/scope's business, in the services.
#include "manager/storage/sqlite_statement.hpp"
#include "manager/storage/sqlite_storage.hpp"

namespace pw::manager {
namespace {

using sqlite::Statement;
using sqlite::Transaction;

// The column value of each list, and the settings member it fills.
struct ScopeList {
  const char* name;
  std::vector<std::string> AgentScopeSettings::*entries;
};
constexpr ScopeList kScopeLists[] = {{"ipv4", &AgentScopeSettings::ipv4},
                                     {"fqdn", &AgentScopeSettings::fqdn_suffixes},
                                     {"address", &AgentScopeSettings::addresses},
                                     {"host", &AgentScopeSettings::host_names}};

}  // namespace

std::vector<std::pair<std::int64_t, AgentScopeSettings>> SqliteStorage::listAgentScopes() {
  std::lock_guard lock(mutex_);
  std::vector<std::pair<std::int64_t, AgentScopeSettings>> scopes;
  {
    Statement s(db_, "SELECT agent_id, method FROM agent_scopes ORDER BY agent_id");
    while (s.step()) {
      AgentScopeSettings settings;
      settings.method = discoveryMethodFromString(s.text(1)).value_or(DiscoveryMethod::kScope);
      scopes.emplace_back(s.integer(0), std::move(settings));
    }
  }
  Statement s(db_,
              "SELECT agent_id, list, entry FROM agent_scope_entries ORDER BY agent_id, list, "
              "position");
  auto scope = scopes.begin();
  while (s.step()) {
    const auto agent_id = s.integer(0);
    while (scope != scopes.end() && scope->first < agent_id) ++scope;
    if (scope == scopes.end() || scope->first != agent_id) continue;  // cannot happen (FK)
    const auto list = s.text(1);
    for (const auto& l : kScopeLists) {
      if (list == l.name) (scope->second.*l.entries).push_back(s.text(2));
    }
  }
  return scopes;
}

std::optional<AgentScopeSettings> SqliteStorage::findAgentScope(std::int64_t agent_id) {
  std::lock_guard lock(mutex_);
  AgentScopeSettings settings;
  {
    Statement s(db_, "SELECT method FROM agent_scopes WHERE agent_id = ?");
    s.bind(agent_id);
    if (!s.step()) return std::nullopt;
    settings.method = discoveryMethodFromString(s.text(0)).value_or(DiscoveryMethod::kScope);
  }
  Statement s(db_,
              "SELECT list, entry FROM agent_scope_entries WHERE agent_id = ? "
              "ORDER BY list, position");
  s.bind(agent_id);
  while (s.step()) {
    const auto list = s.text(0);
    for (const auto& l : kScopeLists) {
      if (list == l.name) (settings.*l.entries).push_back(s.text(1));
    }
  }
  return settings;
}

bool SqliteStorage::saveAgentScope(std::int64_t agent_id, const AgentScopeSettings& scope) {
  std::lock_guard lock(mutex_);
  Transaction tx(db_);
  {
    Statement s(db_, "SELECT 1 FROM agents WHERE id = ?");
    s.bind(agent_id);
    if (!s.step()) return false;
  }
  // The upsert fires a trigger either way, which bumps scope_revision.
  Statement(db_,
            "INSERT INTO agent_scopes (agent_id, method) VALUES (?, ?) "
            "ON CONFLICT (agent_id) DO UPDATE SET method = excluded.method")
      .bind(agent_id)
      .bind(std::string(toString(scope.method)))
      .step();
  Statement(db_, "DELETE FROM agent_scope_entries WHERE agent_id = ?").bind(agent_id).step();
  for (const auto& l : kScopeLists) {
    const auto& entries = scope.*l.entries;
    for (std::size_t i = 0; i < entries.size(); ++i) {
      Statement(db_,
                "INSERT INTO agent_scope_entries (agent_id, list, position, entry) "
                "VALUES (?, ?, ?, ?)")
          .bind(agent_id)
          .bind(std::string(l.name))
          .bind(static_cast<std::int64_t>(i))
          .bind(entries[i])
          .step();
    }
  }
  tx.commit();
  return true;
}

std::int64_t SqliteStorage::scopeRevision() {
  std::lock_guard lock(mutex_);
  Statement s(db_, "SELECT revision FROM scope_revision WHERE id = 1");
  return s.step() ? s.integer(0) : 0;
}

}  // namespace pw::manager
