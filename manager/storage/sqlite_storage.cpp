#include "manager/storage/sqlite_storage.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <charconv>
#include <functional>
#include <span>
#include <string_view>
#include <variant>

#include "common/core/embedded_file.hpp"
#include "manager/storage/sqlite_readers.hpp"
#include "manager/storage/sqlite_statement.hpp"

std::span<const pw::EmbeddedFile> sqliteMigrations();  // generated from migrations/*.sql

namespace pw::manager {
namespace {

using sqlite::Statement;
using sqlite::Transaction;

int migrationVersion(const EmbeddedFile& file) {
  int version = 0;
  const auto name = file.path;
  const auto [end, ec] = std::from_chars(name.data(), name.data() + name.size(), version);
  if (ec != std::errc() || end == name.data() || *end != '_') {
    throw StorageError("migration file name must start with NNNN_: " + std::string(name));
  }
  return version;
}

std::vector<EmbeddedFile> sortedMigrations() {
  std::vector<EmbeddedFile> files(sqliteMigrations().begin(), sqliteMigrations().end());
  std::sort(files.begin(), files.end(),
            [](const auto& a, const auto& b) { return migrationVersion(a) < migrationVersion(b); });
  return files;
}

constexpr const char* kAgentColumns =
    "id, name, local, state, version, hostname, last_contact_at, created_at";

Agent readAgent(const Statement& s) {
  Agent agent;
  agent.id = s.integer(0);
  agent.name = s.text(1);
  agent.local = s.integer(2) != 0;
  agent.state = s.text(3) == "active" ? AgentState::kActive : AgentState::kInactive;
  agent.version = s.text(4);
  agent.hostname = s.text(5);
  if (!s.isNull(6)) agent.last_contact = s.time(6);
  agent.created_at = s.time(7);
  return agent;
}

User readUser(const Statement& s) {
  User user;
  user.id = s.integer(0);
  user.username = s.text(1);
  user.password_hash = s.text(2);
  user.role = roleFromString(s.text(3)).value_or(Role::kUser);
  user.builtin = s.integer(4) != 0;
  user.grants = GrantSet::fromBits(static_cast<std::uint32_t>(s.integer(5)));
  user.failed_logins = static_cast<int>(s.integer(6));
  if (!s.isNull(7)) user.locked_until = s.time(7);
  user.source = userSourceFromString(s.text(8)).value_or(UserSource::kLocal);
  return user;
}

// After an UPDATE or DELETE of one device guarded by its state: done when it touched the row,
// else whether the device is in another state (`exists()`) or missing.
template <typename Exists>
DeviceChange deviceChange(sqlite3* db, Exists exists) {
  if (sqlite3_changes(db) > 0) return DeviceChange::kDone;
  return exists() ? DeviceChange::kWrongState : DeviceChange::kNotFound;
}

// Runs `sql`, a state change of device `id` (its one bound value) guarded by its state.
template <typename Exists>
DeviceChange changeDevice(sqlite3* db, const char* sql, std::int64_t id, Exists exists) {
  Statement(db, sql).bind(id).step();
  return deviceChange(db, exists);
}

}  // namespace

SqliteStorage::SqliteStorage(const std::filesystem::path& file) {
  const int rc =
      sqlite3_open_v2(file.string().c_str(), &db_,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    throw StorageError("cannot open database " + file.string() + ": " + message);
  }
  try {
    sqlite3_busy_timeout(db_, 5000);
    exec("PRAGMA journal_mode = WAL");
    exec("PRAGMA synchronous = NORMAL");  // durable at checkpoints; WAL keeps it consistent
    exec("PRAGMA foreign_keys = ON");
    migrate();
    readers_ = std::make_unique<sqlite::ReadConnections>(file);
  } catch (...) {
    sqlite3_close(db_);
    db_ = nullptr;
    throw;
  }
}

SqliteStorage::~SqliteStorage() {
  audit_insert_.reset();  // finalized before its connection closes
  readers_.reset();       // the writer closes last, so it can checkpoint the WAL into the file
  sqlite3_close(db_);
}

void SqliteStorage::exec(const char* sql) {
  char* error = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &error) != SQLITE_OK) {
    std::string message = error ? error : sqlite3_errmsg(db_);
    sqlite3_free(error);
    throw StorageError(message);
  }
}

int SqliteStorage::latestSchemaVersion() {
  const auto files = sortedMigrations();
  return files.empty() ? 0 : migrationVersion(files.back());
}

void SqliteStorage::migrate() {
  exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
      "applied_at INTEGER NOT NULL)");
  const int current = schemaVersion();
  if (current > latestSchemaVersion()) {
    throw StorageError("the database is at schema version " + std::to_string(current) +
                       " but this Manager knows only up to " +
                       std::to_string(latestSchemaVersion()) + "; use a newer Manager");
  }
  // Every migration not yet recorded, not only those above the highest: branches developed in
  // parallel may land 0005 before 0004, and a database that got 0005 first must still get 0004.
  std::vector<int> applied;
  {
    Statement s(db_, "SELECT version FROM schema_migrations");
    while (s.step()) applied.push_back(static_cast<int>(s.integer(0)));
  }
  for (const auto& file : sortedMigrations()) {
    const int version = migrationVersion(file);
    if (std::find(applied.begin(), applied.end(), version) != applied.end()) continue;
    Transaction tx(db_);
    exec(std::string(file.data).c_str());
    Statement(db_, "INSERT INTO schema_migrations (version, applied_at) VALUES (?, strftime('%s'))")
        .bind(static_cast<std::int64_t>(version))
        .step();
    tx.commit();
  }
}

int SqliteStorage::schemaVersion() {
  Statement s(db_, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  s.step();
  return static_cast<int>(s.integer(0));
}

constexpr const char* kUserColumns =
    "SELECT id, username, password_hash, role, builtin, grants, failed_logins, locked_until, "
    "source FROM users ";

std::optional<User> SqliteStorage::findUserByName(const std::string& username) {
  std::lock_guard lock(mutex_);
  Statement s(db_, std::string(kUserColumns) + "WHERE username = ?");
  s.bind(username);
  if (!s.step()) return std::nullopt;
  return readUser(s);
}

std::optional<User> SqliteStorage::findUserById(std::int64_t id) {
  std::lock_guard lock(mutex_);
  Statement s(db_, std::string(kUserColumns) + "WHERE id = ?");
  s.bind(id);
  if (!s.step()) return std::nullopt;
  return readUser(s);
}

std::optional<std::int64_t> SqliteStorage::createUser(const NewUser& user, Clock::TimePoint now) {
  std::lock_guard lock(mutex_);
  Statement s(db_,
              "INSERT INTO users (username, password_hash, role, builtin, created_at) "
              "VALUES (?, ?, ?, ?, ?)");
  s.bind(user.username).bind(user.password_hash).bind(std::string(toString(user.role)));
  s.bind(static_cast<std::int64_t>(user.builtin)).bind(now);
  if (!s.stepUnlessConstraint()) return std::nullopt;
  return sqlite3_last_insert_rowid(db_);
}

std::optional<std::int64_t> SqliteStorage::saveDirectoryUser(const std::string& username, Role role,
                                                             GrantSet grants, UserSource source,
                                                             Clock::TimePoint now) {
  std::lock_guard lock(mutex_);
  // The WHERE of the upsert leaves a local account untouched, and then nothing is returned.
  Statement s(db_,
              "INSERT INTO users (username, password_hash, role, builtin, created_at, grants, "
              "source) VALUES (?, '', ?, 0, ?, ?, ?) "
              "ON CONFLICT (username) DO UPDATE SET role = excluded.role, "
              "grants = excluded.grants, source = excluded.source WHERE users.source <> 'local' "
              "RETURNING id");
  s.bind(username).bind(std::string(toString(role))).bind(now);
  s.bind(static_cast<std::int64_t>(grants.bits())).bind(std::string(toString(source)));
  if (!s.step()) return std::nullopt;
  return s.integer(0);
}

void SqliteStorage::setLoginFailures(std::int64_t user_id, int failed_logins,
                                     std::optional<Clock::TimePoint> locked_until) {
  std::lock_guard lock(mutex_);
  Statement s(db_, "UPDATE users SET failed_logins = ?, locked_until = ? WHERE id = ?");
  s.bind(static_cast<std::int64_t>(failed_logins));
  if (locked_until) {
    s.bind(*locked_until);
  } else {
    s.bindNull();
  }
  s.bind(user_id);
  s.step();
}

void SqliteStorage::createSession(const Session& session) {
  std::lock_guard lock(mutex_);
  Statement s(db_,
              "INSERT INTO sessions (id_hash, user_id, csrf_token, remember, created_at, "
              "last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
  s.bind(session.id_hash).bind(session.user_id).bind(session.csrf_token);
  s.bind(static_cast<std::int64_t>(session.remember)).bind(session.created_at);
  s.bind(session.last_seen_at).bind(session.expires_at).step();
}

std::optional<Session> SqliteStorage::findSession(const std::string& id_hash) {
  std::lock_guard lock(mutex_);
  Statement s(db_,
              "SELECT id_hash, user_id, csrf_token, remember, created_at, last_seen_at, expires_at "
              "FROM sessions WHERE id_hash = ?");
  s.bind(id_hash);
  if (!s.step()) return std::nullopt;
  return Session{s.text(0), s.integer(1), s.text(2), s.integer(3) != 0,
                 s.time(4), s.time(5),    s.time(6)};
}

void SqliteStorage::touchSession(const std::string& id_hash, Clock::TimePoint last_seen,
                                 Clock::TimePoint expires_at) {
  std::lock_guard lock(mutex_);
  Statement(db_, "UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE id_hash = ?")
      .bind(last_seen)
      .bind(expires_at)
      .bind(id_hash)
      .step();
}

void SqliteStorage::deleteSession(const std::string& id_hash) {
  std::lock_guard lock(mutex_);
  Statement(db_, "DELETE FROM sessions WHERE id_hash = ?").bind(id_hash).step();
}

int SqliteStorage::deleteExpiredSessions(Clock::TimePoint now) {
  std::lock_guard lock(mutex_);
  Statement(db_, "DELETE FROM sessions WHERE expires_at <= ?").bind(now).step();
  return sqlite3_changes(db_);
}

std::vector<Agent> SqliteStorage::listAgents() {
  std::lock_guard lock(mutex_);
  Statement s(db_, std::string("SELECT ") + kAgentColumns + " FROM agents ORDER BY name");
  std::vector<Agent> agents;
  while (s.step()) agents.push_back(readAgent(s));
  return agents;
}

std::optional<Agent> SqliteStorage::findAgent(std::int64_t id) {
  std::lock_guard lock(mutex_);
  Statement s(db_, std::string("SELECT ") + kAgentColumns + " FROM agents WHERE id = ?");
  s.bind(id);
  if (!s.step()) return std::nullopt;
  return readAgent(s);
}

std::optional<std::int64_t> SqliteStorage::createAgent(const std::string& name, bool local,
                                                       const ActivationSecret& secret,
                                                       Clock::TimePoint now) {
  std::lock_guard lock(mutex_);
  Statement s(db_,
              "INSERT INTO agents (name, local, state, activation_key_hash, "
              "activation_key_sealed, created_at) VALUES (?, ?, 'inactive', ?, ?, ?)");
  s.bind(name).bind(static_cast<std::int64_t>(local)).bind(secret.key_hash);
  s.bind(secret.key_sealed).bind(now);
  if (!s.stepUnlessConstraint()) return std::nullopt;
  return sqlite3_last_insert_rowid(db_);
}

void SqliteStorage::revokeCertificates(std::int64_t agent_id, Clock::TimePoint now) {
  Statement(
      db_, "UPDATE agent_certificates SET revoked_at = ? WHERE agent_id = ? AND revoked_at IS NULL")
      .bind(now)
      .bind(agent_id)
      .step();
}

bool SqliteStorage::deleteAgent(std::int64_t id, Clock::TimePoint now) {
  std::lock_guard lock(mutex_);
  Transaction tx(db_);
  revokeCertificates(id, now);
  Statement(db_, "DELETE FROM agents WHERE id = ?").bind(id).step();
  const bool deleted = sqlite3_changes(db_) > 0;
  tx.commit();
  return deleted;
}

bool SqliteStorage::deactivateAgent(std::int64_t id, const ActivationSecret& secret,
                                    Clock::TimePoint now) {
  std::lock_guard lock(mutex_);
  Transaction tx(db_);
  revokeCertificates(id, now);
  Statement(db_,
            "UPDATE agents SET state = 'inactive', activation_key_hash = ?, "
            "activation_key_sealed = ?, last_contact_at = NULL WHERE id = ?")
      .bind(secret.key_hash)
      .bind(secret.key_sealed)
      .bind(id)
      .step();
  const bool changed = sqlite3_changes(db_) > 0;
  tx.commit();
  return changed;
}

std::optional<ActivationSecret> SqliteStorage::activationSecret(std::int64_t id) {
  std::lock_guard lock(mutex_);
  Statement s(db_,
              "SELECT activation_key_hash, activation_key_sealed FROM agents "
              "WHERE id = ? AND state = 'inactive'");
  s.bind(id);
  if (!s.step() || s.isNull(0)) return std::nullopt;
  return ActivationSecret{s.text(0), s.text(1)};
}

std::optional<Agent> SqliteStorage::findAgentByActivationKeyHash(const std::string& key_hash) {
  std::lock_guard lock(mutex_);
  Statement s(db_, std::string("SELECT ") + kAgentColumns +
                       " FROM agents WHERE activation_key_hash = ? AND state = 'inactive'");
  s.bind(key_hash);
  if (!s.step()) return std::nullopt;
  return readAgent(s);
}

bool SqliteStorage::activateAgent(std::int64_t id, const AgentCertificate& certificate,
                                  const std::string& hostname, Clock::TimePoint now) {
  std::lock_guard lock(mutex_);
  Transaction tx(db_);
  Statement(db_,
            "UPDATE agents SET state = 'active', activation_key_hash = NULL, "
            "activation_key_sealed = NULL, hostname = ?, last_contact_at = ? "
            "WHERE id = ? AND state = 'inactive'")
      .bind(hostname)
      .bind(now)
      .bind(id)
      .step();
  if (sqlite3_changes(db_) == 0) return false;
  Statement(db_,
            "INSERT INTO agent_certificates (serial_hex, agent_id, fingerprint, issued_at, "
            "expires_at, activation_key_hash, certificate_pem) VALUES (?, ?, ?, ?, ?, ?, ?)")
      .bind(certificate.serial_hex)
      .bind(id)
      .bind(certificate.sha256_fingerprint)
      .bind(certificate.issued_at)
      .bind(certificate.expires_at)
      .bind(certificate.activation_key_hash)
      .bind(certificate.certificate_pem)
      .step();
  tx.commit();
  return true;
}

void SqliteStorage::recordContact(std::int64_t id, const std::string& version,
                                  const std::string& hostname, Clock::TimePoint now) {
  std::lock_guard lock(mutex_);
  Statement(db_,
            "UPDATE agents SET version = ?, hostname = ?, last_contact_at = ? "
            "WHERE id = ? AND state = 'active'")
      .bind(version)
      .bind(hostname)
      .bind(now)
      .bind(id)
      .step();
}

namespace {
constexpr const char* kCertificateColumns =
    "serial_hex, agent_id, fingerprint, issued_at, expires_at, "
    "COALESCE(activation_key_hash, ''), COALESCE(certificate_pem, '')";

AgentCertificate readCertificate(const Statement& s) {
  return {s.text(0), s.integer(1), s.text(2), s.time(3), s.time(4), s.text(5), s.text(6)};
}
}  // namespace

std::vector<AgentCertificate> SqliteStorage::validAgentCertificates(Clock::TimePoint now) {
  std::lock_guard lock(mutex_);
  Statement s(db_, std::string("SELECT ") + kCertificateColumns +
                       " FROM agent_certificates WHERE revoked_at IS NULL AND agent_id IS NOT "
                       "NULL AND expires_at > ?");
  s.bind(now);
  std::vector<AgentCertificate> certificates;
  while (s.step()) certificates.push_back(readCertificate(s));
  return certificates;
}

std::optional<AgentCertificate> SqliteStorage::certificateForActivation(
    const std::string& key_hash) {
  std::lock_guard lock(mutex_);
  Statement s(db_, std::string("SELECT ") + kCertificateColumns +
                       " FROM agent_certificates WHERE activation_key_hash = ? AND revoked_at IS "
                       "NULL AND agent_id IS NOT NULL");
  s.bind(key_hash);
  if (!s.step()) return std::nullopt;
  return readCertificate(s);
}

}  // namespace pw::manager

namespace pw::manager {
namespace {

constexpr const char* kDeviceColumns =
    "id, agent_id, state, state_before_removal, vendor, model, serial, firmware, mac, name, "
    "location, contact, ip_address, hostname, first_seen_at, last_seen_at, link_url, "
    "snmp_version, credential_id, contact_error_kind, contact_error_message, contact_error_at, "
    "device_type, registered_by, snmp_port, region_id";

// Set on every successful contact: how the device answered, and no failure any more.
constexpr const char* kReachedColumns =
    "snmp_version = ?, credential_id = ?, snmp_port = ?, contact_error_kind = NULL, "
    "contact_error_message = NULL, contact_error_at = NULL";

Device readDevice(const Statement& s) {
  Device d;
  d.id = s.integer(0);
  if (!s.isNull(1)) d.agent_id = s.integer(1);
  d.state = deviceStateFromString(s.text(2)).value_or(DeviceState::kManaged);
  if (!s.isNull(3)) d.state_before_removal = deviceStateFromString(s.text(3));
  d.identity = {s.text(4), s.text(5), s.text(6), s.text(7), s.text(8)};
  d.name = s.text(9);
  d.location = s.text(10);
  d.contact = s.text(11);
  d.ip_address = s.text(12);
  d.hostname = s.text(13);
  d.first_seen = s.time(14);
  d.last_seen = s.time(15);
  d.link_url = s.text(16);
  d.communication.snmp_version = s.text(17);
  if (!s.isNull(18)) d.communication.credential_id = s.integer(18);
  if (!s.isNull(19))
    d.communication.last_failure = ContactFailure{s.text(19), s.text(20), s.time(21)};
  d.device_type = s.text(22);
  d.registered_by = deviceOriginFromString(s.text(23)).value_or(DeviceOrigin::kDiscovery);
  d.communication.snmp_port = static_cast<int>(s.integer(24));
  if (!s.isNull(25)) d.region_id = s.integer(25);
  return d;
}

// The column behind each field: constants only, so that no request text reaches the SQL.
const char* deviceColumn(DeviceField field) {
  switch (field) {
    case DeviceField::kId: return "id";
    case DeviceField::kState: return "state";
    case DeviceField::kAgent: return "agent_id";
    case DeviceField::kVendor: return "vendor";
    case DeviceField::kModel: return "model";
    case DeviceField::kSerial: return "serial";
    case DeviceField::kFirmware: return "firmware";
    case DeviceField::kMac: return "mac";
    case DeviceField::kName: return "name";
    case DeviceField::kLocation: return "location";
    case DeviceField::kContact: return "contact";
    case DeviceField::kIpAddress: return "ip_address";
    case DeviceField::kHostname: return "hostname";
    case DeviceField::kFirstSeen: return "first_seen_at";
    case DeviceField::kLastSeen: return "last_seen_at";
    case DeviceField::kLinkUrl: return "link_url";
    case DeviceField::kRegion: return "region_id";
    // An empty type is the default one (kDefaultDeviceType), as the export writes it.
    case DeviceField::kDeviceType: return "COALESCE(NULLIF(device_type, ''), 'Printer')";
    // Copies on the device row kept by migration 0014's triggers: ranks and a percentage.
    case DeviceField::kSeverity: return "list_severity";
    case DeviceField::kPower: return "list_power";
    case DeviceField::kLowestSupply: return "list_lowest";
  }
  throw StorageError("unknown device field");
}

// The rank migration 0014 stores for a severity or power name (position + 1; 0 never polled).
std::int64_t listRank(DeviceField field, std::string_view value) {
  if (value == kNotPolled) return 0;
  const auto rank = [value](const auto& names) {
    return std::find(names.begin(), names.end(), value) - names.begin() + 1;
  };
  return field == DeviceField::kSeverity ? rank(kSeverityFilterValues) : rank(kPowerFilterValues);
}

// The name of a stored rank; empty for never polled.
std::string listName(DeviceField field, std::int64_t rank) {
  const auto& names = field == DeviceField::kSeverity ? kSeverityFilterValues : kPowerFilterValues;
  if (rank < 1 || rank > static_cast<std::int64_t>(names.size())) return {};
  return std::string(names[static_cast<std::size_t>(rank - 1)]);
}

// A WHERE clause of placeholders and the values for them, in order.
struct DeviceWhere {
  std::string sql;
  std::vector<std::variant<std::int64_t, std::string>> values;
  // What the status counts read (countsFrom): a short text filter tests every device row
  // (appendTextFilter); a text filter of the trigram index or a group selects rows by id.
  bool tests_each_row = false;
  bool selects_by_id = false;

  void bindTo(Statement& s) const {
    for (const auto& v : values) std::visit([&s](const auto& x) { s.bind(x); }, v);
  }
};

// Code points in UTF-8 text (the trigram tokenizer counts characters, not bytes).
std::size_t characterCount(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

// A case-insensitive substring test of one text field. Three characters or more go through
// migration 0022's trigram index (device_text, the same column names) as a phrase query on the
// column: its trigrams must follow each other, i.e. a substring. Shorter values have no trigram
// and test each device row; a sort index still ends the page early (decision 0027).
void appendTextFilter(std::string& any, DeviceWhere& where, const std::string& column,
                      const std::string& value) {
  if (characterCount(value) >= 3) {
    std::string phrase = "\"";
    for (const char c : value) phrase += c == '"' ? std::string("\"\"") : std::string(1, c);
    phrase += '"';
    any += "id IN (SELECT rowid FROM device_text WHERE device_text MATCH ?)";
    where.values.emplace_back(column + " : " + phrase);
    where.selects_by_id = true;
  } else {
    // instr() rather than LIKE: the value's % and _ stay plain text, no escaping needed.
    any += "instr(lower(COALESCE(" + column + ", '')), lower(?)) > 0";
    where.values.emplace_back(value);
    where.tests_each_row = true;
  }
}

// Appends one "AND (...)" per filter: the values of a field OR-ed, the fields AND-ed.
void appendFilters(DeviceWhere& where, const std::vector<DeviceFilter>& filters) {
  for (const auto& filter : filters) {
    const std::string column = deviceColumn(filter.field);
    std::string any;
    for (const auto& value : filter.values) {
      if (!any.empty()) any += " OR ";
      if (isTextFilterField(filter.field)) {
        appendTextFilter(any, where, column, value);
      } else if (filter.field == DeviceField::kAgent ||
                 (filter.field == DeviceField::kRegion && value != kNoRegion)) {
        any += column + " = ?";
        where.values.emplace_back(std::stoll(value));  // validateDeviceQuery checked it
      } else if (filter.field == DeviceField::kRegion) {
        any += column + " IS NULL";
      } else if (filter.field == DeviceField::kDeviceType) {
        any += column + " = ? COLLATE NOCASE";
        where.values.emplace_back(value);
        where.tests_each_row = true;
      } else if (filter.field == DeviceField::kLowestSupply) {
        any += column + " <= ?";  // 101 (no percentage) never matches: N is at most 100
        where.values.emplace_back(std::stoll(value));
      } else if (filter.field == DeviceField::kSeverity || filter.field == DeviceField::kPower) {
        any += column + " = ?";
        where.values.emplace_back(listRank(filter.field, value));
      } else {
        any += column + " = ?";
        where.values.emplace_back(value);
      }
    }
    where.sql += " AND (" + any + ")";
  }
}

// filter[group]: the devices of any of the groups, static members or a dynamic group's
// filter; removed devices are in no group.
void appendGroups(DeviceWhere& where, const std::vector<std::int64_t>& groups,
                  const std::function<std::optional<DeviceGroup>(std::int64_t)>& find_group) {
  if (groups.empty()) return;
  std::string any;
  for (const auto id : groups) {
    if (!any.empty()) any += " OR ";
    const auto group = find_group(id);
    if (!group) {
      any += "0";
    } else if (group->kind == GroupKind::kStatic) {
      any += "id IN (SELECT device_id FROM device_group_members WHERE group_id = ?)";
      where.values.emplace_back(id);
      where.selects_by_id = true;
    } else {
      DeviceWhere dynamic;
      dynamic.sql = "1";
      appendFilters(dynamic, group->filters);
      any += "(" + dynamic.sql + ")";
      where.values.insert(where.values.end(), dynamic.values.begin(), dynamic.values.end());
      where.tests_each_row = where.tests_each_row || dynamic.tests_each_row;
      where.selects_by_id = where.selects_by_id || dynamic.selects_by_id;
    }
  }
  where.sql += " AND (" + any + ") AND state <> 'removed'";
}

DeviceWhere deviceWhere(const DeviceQuery& query,
                        const std::function<std::optional<DeviceGroup>(std::int64_t)>& find_group) {
  DeviceWhere where;
  where.sql = " WHERE 1";
  appendFilters(where, query.filters);
  appendGroups(where, query.groups, find_group);
  const bool state_filtered =
      std::any_of(query.filters.begin(), query.filters.end(),
                  [](const auto& f) { return f.field == DeviceField::kState; });
  if (!state_filtered) where.sql += " AND state <> 'removed'";
  if (query.scope.regions) {
    // The caller sees only the devices of its regions (none when it has an empty set).
    std::string in;
    for (const auto id : *query.scope.regions) {
      in += in.empty() ? "?" : ", ?";
      where.values.emplace_back(id);
    }
    where.sql += in.empty() ? " AND 0" : " AND region_id IN (" + in + ")";
  }
  return where;
}

// FROM ... GROUP BY of the status counts. Without statistics (the Manager runs no ANALYZE) the
// planner reads an equality filter through its one-column index and then fetches every
// matching row to group it; the counts index holds every column the other filters test, so
// it counts from the index alone. A filter by id (text index, group) fetches just its rows;
// a short text filter tests each row, best in table order, so the grouping must not pull the
// scan into index order ("+").
std::string countsFrom(const DeviceWhere& where) {
  if (where.tests_each_row)
    return "FROM devices" + where.sql + " GROUP BY +list_severity, +list_power";
  if (where.selects_by_id)
    return "FROM devices" + where.sql + " GROUP BY list_severity, list_power";
  return "FROM devices INDEXED BY devices_list_counts" + where.sql +
         " GROUP BY list_severity, list_power";
}

std::string deviceOrder(const DeviceQuery& query) {
  const std::string direction = query.descending ? " DESC" : " ASC";
  if (query.sort == DeviceField::kRegion) {
    // By the region's name; devices without a region first (ascending), like empty text.
    return " ORDER BY COALESCE((SELECT name FROM regions WHERE regions.id = devices.region_id), "
           "'') COLLATE NOCASE" +
           direction + ", id" + direction;
  }
  const std::string column = deviceColumn(query.sort);
  const bool text = isTextFilterField(query.sort) || query.sort == DeviceField::kState;
  // Unknown (NULL) text sorts with empty text; the id keeps pages stable among equal values.
  const std::string key = text ? "COALESCE(" + column + ", '') COLLATE NOCASE" : column;
  return " ORDER BY " + key + direction + ", id" + direction;
}

// The known value wins over the unknown one.
std::string merged(const std::string& reported, const std::string& stored) {
  return reported.empty() ? stored : reported;
}

}  // namespace

std::optional<Device> SqliteStorage::findDeviceLocked(std::int64_t id) {
  Statement s(db_, std::string("SELECT ") + kDeviceColumns + " FROM devices WHERE id = ?");
  s.bind(id);
  if (!s.step()) return std::nullopt;
  return readDevice(s);
}

std::vector<Device> SqliteStorage::matchCandidatesLocked(const DiscoveryReport& report) {
  std::vector<Device> candidates;
  Statement s(db_, std::string("SELECT ") + kDeviceColumns +
                       " FROM devices WHERE mac = ? OR serial = ? OR ip_address = ?");
  s.bindTextOrNull(report.identity.mac)
      .bindTextOrNull(report.identity.serial)
      .bindTextOrNull(report.ip_address);
  while (s.step()) candidates.push_back(readDevice(s));
  return candidates;
}

DeviceUpsert SqliteStorage::upsertDevice(const DiscoveryReport& report, Clock::TimePoint now) {
  std::lock_guard lock(mutex_);
  Transaction tx(db_);
  const auto& r = report.identity;
  const auto candidates = matchCandidatesLocked(report);
  const auto match = matchDevice(candidates, report);
  if (!match) {
    Statement(db_,
              "INSERT INTO devices (agent_id, state, vendor, model, serial, firmware, mac, "
              "ip_address, hostname, name, location, contact, snmp_version, credential_id, "
              "snmp_port, first_seen_at, last_seen_at) "
              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(report.agent_id)
        .bind(std::string(toString(report.state_if_new)))
        .bindTextOrNull(r.vendor)
        .bindTextOrNull(r.model)
        .bindTextOrNull(r.serial)
        .bindTextOrNull(r.firmware)
        .bindTextOrNull(r.mac)
        .bind(report.ip_address)
        .bind(report.hostname)
        .bind(report.name)
        .bind(report.location)
        .bind(report.contact)
        .bind(report.snmp_version)
        .bind(report.credential_id)
        .bind(std::int64_t{report.snmp_port})
        .bind(now)
        .bind(now)
        .step();
    const DeviceUpsert created{sqlite3_last_insert_rowid(db_), true};
    const std::vector<std::int64_t> changed{created.id};
    assignRegionsLocked(&changed);
    tx.commit();
    return created;
  }

  const auto& old = *std::find_if(candidates.begin(), candidates.end(),
                                  [&](const Device& d) { return d.id == *match; });
  const auto agent_id = report.agent_id ? report.agent_id : old.agent_id;
  const bool updated =
      Statement(db_,
                std::string("UPDATE devices SET agent_id = ?, vendor = ?, model = ?, serial = ?, "
                            "firmware = ?, mac = ?, ip_address = ?, hostname = ?, "
                            "last_seen_at = ?, ") +
                    kReachedColumns + " WHERE id = ?")
          .bind(agent_id)
          .bindTextOrNull(merged(r.vendor, old.identity.vendor))
          .bindTextOrNull(merged(r.model, old.identity.model))
          .bindTextOrNull(merged(r.serial, old.identity.serial))
          .bindTextOrNull(merged(r.firmware, old.identity.firmware))
          .bindTextOrNull(merged(r.mac, old.identity.mac))
          .bind(merged(report.ip_address, old.ip_address))
          .bind(merged(report.hostname, old.hostname))
          .bind(now)
          .bind(merged(report.snmp_version, old.communication.snmp_version))
          .bind(report.credential_id ? report.credential_id : old.communication.credential_id)
          .bind(std::int64_t{report.snmp_port})
          .bind(old.id)
          .stepUnlessConstraint();
  if (!updated) {
    // The identity the report completes belongs to another device already (only possible
    // after an IP-address match, step 4): record the sighting, keep the identities apart.
    Statement(db_, std::string("UPDATE devices SET agent_id = ?, ip_address = ?, hostname = ?, "
                               "last_seen_at = ?, ") +
                       kReachedColumns + " WHERE id = ?")
        .bind(agent_id)
        .bind(merged(report.ip_address, old.ip_address))
        .bind(merged(report.hostname, old.hostname))
        .bind(now)
        .bind(merged(report.snmp_version, old.communication.snmp_version))
        .bind(report.credential_id ? report.credential_id : old.communication.credential_id)
        .bind(std::int64_t{report.snmp_port})
        .bind(old.id)
        .step();
  }
  const std::vector<std::int64_t> changed{old.id};
  assignRegionsLocked(&changed);  // the address or host name may have moved
  tx.commit();
  return {old.id, false};
}

DeviceImportOutcome SqliteStorage::importDevices(std::span<const ImportedDevice> rows,
                                                 Clock::TimePoint now) {
  std::lock_guard lock(mutex_);
  Transaction tx(db_);
  DeviceImportOutcome outcome;
  std::vector<std::int64_t> touched;  // their regions follow their addresses
  for (const auto& row : rows) {
    const auto report = identityReport(row);
    const auto& r = row.identity;
    const auto candidates = matchCandidatesLocked(report);
    const auto match = matchDevice(candidates, report);
    if (!match) {
      const bool inserted =
          Statement(db_,
                    "INSERT INTO devices (agent_id, state, vendor, model, serial, mac, name, "
                    "location, contact, ip_address, hostname, first_seen_at, last_seen_at, "
                    "link_url, device_type, registered_by) "
                    "VALUES (?, 'managed', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'import')")
              .bind(row.agent_id)
              .bindTextOrNull(r.vendor)
              .bindTextOrNull(r.model)
              .bindTextOrNull(r.serial)
              .bindTextOrNull(r.mac)
              .bind(row.name)
              .bind(row.location)
              .bind(row.contact)
              .bind(row.ip_address)
              .bind(row.hostname)
              .bind(now)
              .bind(now)
              .bind(row.link_url)
              .bind(row.device_type)
              .stepUnlessConstraint();
      if (inserted) {
        ++outcome.created;
        touched.push_back(sqlite3_last_insert_rowid(db_));
      } else {
        outcome.conflicts.push_back(
            {row.line, "PhysicalAddress", "another device already has this identity"});
      }
      continue;
    }
    const auto& old = *std::find_if(candidates.begin(), candidates.end(),
                                    [&](const Device& d) { return d.id == *match; });
    if (old.state == DeviceState::kRemoved) {
      outcome.conflicts.push_back(
          {row.line, "PhysicalAddress",
           "this is device " + std::to_string(old.id) +
               ", which is removed from management; restore or delete it first"});
      continue;
    }
    const bool updated =
        Statement(db_,
                  "UPDATE devices SET agent_id = ?, state = 'managed', vendor = ?, model = ?, "
                  "serial = ?, mac = ?, name = ?, location = ?, contact = ?, ip_address = ?, "
                  "hostname = ?, link_url = ?, device_type = ? WHERE id = ?")
            .bind(row.agent_id ? row.agent_id : old.agent_id)
            .bindTextOrNull(merged(r.vendor, old.identity.vendor))
            .bindTextOrNull(merged(r.model, old.identity.model))
            .bindTextOrNull(merged(r.serial, old.identity.serial))
            .bindTextOrNull(merged(r.mac, old.identity.mac))
            .bind(merged(row.name, old.name))
            .bind(merged(row.location, old.location))
            .bind(merged(row.contact, old.contact))
            .bind(merged(row.ip_address, old.ip_address))
            .bind(merged(row.hostname, old.hostname))
            .bind(merged(row.link_url, old.link_url))
            .bind(merged(row.device_type, old.device_type))
            .bind(old.id)
            .stepUnlessConstraint();
    if (updated) {
      ++outcome.updated;
      touched.push_back(old.id);
    } else {
      // Only after an address match (matchDevice step 4): the MAC or serial the row would
      // give this device belongs to another one already.
      outcome.conflicts.push_back(
          {row.line, "PhysicalAddress",
           "the row matches device " + std::to_string(old.id) +
               " by its address, but another device already has this identity"});
    }
  }
  if (!outcome.conflicts.empty()) return {0, 0, std::move(outcome.conflicts)};  // rolls back
  assignRegionsLocked(&touched);
  tx.commit();
  return outcome;
}

DevicePage SqliteStorage::listDevices(const DeviceQuery& query) {
  // A read connection: one snapshot for the counts and the page, no wait for the writer.
  const auto reader = readers_->acquire();
  sqlite3* const db = reader.db();
  const auto where = deviceWhere(query, [db](std::int64_t id) { return selectGroup(db, id); });
  DevicePage page;
  {
    // One aggregate gives both the total and the status counts of the matching devices.
    Statement count(db, "SELECT list_severity, list_power, COUNT(*) " + countsFrom(where));
    where.bindTo(count);
    while (count.step()) {
      page.status_counts.push_back({listName(DeviceField::kSeverity, count.integer(0)),
                                    listName(DeviceField::kPower, count.integer(1)),
                                    count.integer(2)});
      page.total += count.integer(2);
    }
  }
  Statement s(db, std::string("SELECT ") + kDeviceColumns + " FROM devices" + where.sql +
                      deviceOrder(query) + " LIMIT ? OFFSET ?");
  where.bindTo(s);
  s.bind(static_cast<std::int64_t>(query.page_size))
      .bind(static_cast<std::int64_t>(query.page - 1) * query.page_size);
  while (s.step()) page.items.push_back(readDevice(s));
  return page;
}

std::vector<std::int64_t> SqliteStorage::matchingDeviceIdsLocked(const DeviceQuery& query) {
  const auto where = deviceWhere(query, [this](std::int64_t id) { return findGroupLocked(id); });
  Statement s(db_, "SELECT id FROM devices" + where.sql + " ORDER BY id");
  where.bindTo(s);
  std::vector<std::int64_t> ids;
  while (s.step()) ids.push_back(s.integer(0));
  return ids;
}

std::int64_t SqliteStorage::countMatchingDevicesLocked(const DeviceQuery& query) {
  const auto where = deviceWhere(query, [this](std::int64_t id) { return findGroupLocked(id); });
  Statement s(db_, "SELECT COUNT(*) FROM devices" + where.sql);
  where.bindTo(s);
  s.step();
  return s.integer(0);
}

std::optional<Device> SqliteStorage::findDevice(std::int64_t id) {
  std::lock_guard lock(mutex_);
  return findDeviceLocked(id);
}

DeviceChange SqliteStorage::updateDevice(std::int64_t id, const DeviceEdit& edit) {
  std::lock_guard lock(mutex_);
  Statement(db_,
            "UPDATE devices SET name = COALESCE(?, name), location = COALESCE(?, location), "
            "contact = COALESCE(?, contact), link_url = COALESCE(?, link_url) "
            "WHERE id = ? AND state <> 'removed'")
      .bind(edit.name)
      .bind(edit.location)
      .bind(edit.contact)
      .bind(edit.link_url)
      .bind(id)
      .step();
  return deviceChange(db_, [&] { return findDeviceLocked(id).has_value(); });
}

DeviceChange SqliteStorage::removeDevice(std::int64_t id) {
  std::lock_guard lock(mutex_);
  // The right-hand sides see the row as it was, so the old state is what gets remembered.
  return changeDevice(db_,
                      "UPDATE devices SET state = 'removed', state_before_removal = state "
                      "WHERE id = ? AND state <> 'removed'",
                      id, [&] { return findDeviceLocked(id).has_value(); });
}

DeviceChange SqliteStorage::restoreDevice(std::int64_t id) {
  std::lock_guard lock(mutex_);
  return changeDevice(
      db_,
      "UPDATE devices SET state = state_before_removal, state_before_removal = NULL "
      "WHERE id = ? AND state = 'removed'",
      id, [&] { return findDeviceLocked(id).has_value(); });
}

std::map<std::int64_t, std::vector<std::int64_t>> SqliteStorage::managedDevicesByAgent() {
  std::lock_guard lock(mutex_);
  Statement s(db_,
              "SELECT agent_id, id FROM devices WHERE state = 'managed' AND agent_id IS NOT NULL "
              "ORDER BY agent_id, id");
  std::map<std::int64_t, std::vector<std::int64_t>> out;
  while (s.step()) out[s.integer(0)].push_back(s.integer(1));
  return out;
}

std::size_t SqliteStorage::recordContactFailure(const std::string& ip_address,
                                                const ContactFailure& failure) {
  std::lock_guard lock(mutex_);
  Statement(db_,
            "UPDATE devices SET contact_error_kind = ?, contact_error_message = ?, "
            "contact_error_at = ? WHERE ip_address = ? AND state != 'removed'")
      .bind(failure.kind)
      .bind(failure.message)
      .bind(failure.at)
      .bind(ip_address)
      .step();
  return static_cast<std::size_t>(sqlite3_changes(db_));
}

std::int64_t SqliteStorage::insertDiscoveryRun(const std::string& body_json,
                                               Clock::TimePoint created_at) {
  std::lock_guard lock(mutex_);
  Statement(db_, "INSERT INTO discovery_runs (created_at, body) VALUES (?, ?)")
      .bind(created_at)
      .bind(body_json)
      .step();
  return sqlite3_last_insert_rowid(db_);
}

void SqliteStorage::updateDiscoveryRun(std::int64_t id, bool finished,
                                       const std::string& body_json) {
  std::lock_guard lock(mutex_);
  Statement(db_, "UPDATE discovery_runs SET finished = ?, body = ? WHERE id = ?")
      .bind(static_cast<std::int64_t>(finished ? 1 : 0))
      .bind(body_json)
      .bind(id)
      .step();
}

std::optional<std::string> SqliteStorage::findDiscoveryRun(std::int64_t id) {
  std::lock_guard lock(mutex_);
  Statement s(db_, "SELECT body FROM discovery_runs WHERE id = ?");
  s.bind(id);
  if (!s.step()) return std::nullopt;
  return s.text(0);
}

std::vector<std::string> SqliteStorage::listDiscoveryRuns(std::size_t limit, bool unfinished_only) {
  std::lock_guard lock(mutex_);
  Statement s(db_,
              unfinished_only
                  ? "SELECT body FROM discovery_runs WHERE finished = 0 ORDER BY id DESC LIMIT ?"
                  : "SELECT body FROM discovery_runs ORDER BY id DESC LIMIT ?");
  s.bind(static_cast<std::int64_t>(limit));
  std::vector<std::string> out;
  while (s.step()) out.push_back(s.text(0));
  return out;
}

DeviceChange SqliteStorage::deleteDevice(std::int64_t id) {
  std::lock_guard lock(mutex_);
  return changeDevice(db_, "DELETE FROM devices WHERE id = ? AND state = 'removed'", id,
                      [&] { return findDeviceLocked(id).has_value(); });
}

}  // namespace pw::manager
