#pragma once
// What the Manager needs from its database, declared by the core and implemented by an
// engine adapter (SQLite now: manager/storage; a server engine later). Calls block: run them
// on the worker pool, never on an I/O thread. Engine failures throw StorageError, which the
// API boundary turns into a 500 problem; expected outcomes (a duplicate name, a missing row)
// are return values.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

#include "manager/core/agent.hpp"
#include "manager/core/credential.hpp"
#include "manager/core/dashboard.hpp"
#include "manager/core/device.hpp"
#include "manager/core/device_group.hpp"
#include "manager/core/device_view.hpp"
#include "manager/core/monitoring.hpp"
#include "manager/core/notification_store.hpp"
#include "manager/core/outbox_ingest.hpp"
#include "manager/core/region.hpp"
#include "manager/core/scope_settings.hpp"
#include "manager/core/user.hpp"
#include "manager/core/webhook_store.hpp"

namespace pw::manager {

class StorageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct NewUser {
  std::string username;
  std::string password_hash;
  Role role = Role::kUser;
  bool builtin = false;
};

class UserStore {
 public:
  virtual ~UserStore() = default;
  virtual std::optional<User> findUserByName(const std::string& username) = 0;
  virtual std::optional<User> findUserById(std::int64_t id) = 0;
  /// nullopt when the name is taken (names compare case-insensitively).
  virtual std::optional<std::int64_t> createUser(const NewUser& user, Clock::TimePoint now) = 0;
  /// Creates or refreshes a directory user (no local password) with the role and grants its
  /// groups map to. nullopt when the name belongs to a local account, which is never taken over.
  virtual std::optional<std::int64_t> saveDirectoryUser(const std::string& username, Role role,
                                                        GrantSet grants, UserSource source,
                                                        Clock::TimePoint now) = 0;
  /// Records the lockout state of a user (failures since the last success, locked until).
  virtual void setLoginFailures(std::int64_t user_id, int failed_logins,
                                std::optional<Clock::TimePoint> locked_until) = 0;
};

class SessionStore {
 public:
  virtual ~SessionStore() = default;
  virtual void createSession(const Session& session) = 0;
  virtual std::optional<Session> findSession(const std::string& id_hash) = 0;
  virtual void touchSession(const std::string& id_hash, Clock::TimePoint last_seen,
                            Clock::TimePoint expires_at) = 0;
  virtual void deleteSession(const std::string& id_hash) = 0;
  virtual int deleteExpiredSessions(Clock::TimePoint now) = 0;
};

/// The one-time secret an inactive Agent enrols with, kept two ways: hashed to look it up
/// and sealed (encrypted) so an administrator can copy it again until it is used.
struct ActivationSecret {
  std::string key_hash;
  std::string key_sealed;
};

struct AgentCertificate {
  std::string serial_hex;
  std::int64_t agent_id = 0;
  std::string sha256_fingerprint;
  Clock::TimePoint issued_at;
  Clock::TimePoint expires_at;
  std::string activation_key_hash;  ///< the key it was issued for
  std::string certificate_pem;
};

class AgentStore {
 public:
  virtual ~AgentStore() = default;
  virtual std::vector<Agent> listAgents() = 0;
  virtual std::optional<Agent> findAgent(std::int64_t id) = 0;
  /// nullopt when the name is taken.
  virtual std::optional<std::int64_t> createAgent(const std::string& name, bool local,
                                                  const ActivationSecret& secret,
                                                  Clock::TimePoint now) = 0;
  /// Deletes the Agent, with its scope and its credential associations (not the credentials),
  /// and revokes its certificates. False when it did not exist.
  virtual bool deleteAgent(std::int64_t id, Clock::TimePoint now) = 0;
  /// Returns the Agent to inactive with a new activation secret and revokes its certificates.
  virtual bool deactivateAgent(std::int64_t id, const ActivationSecret& secret,
                               Clock::TimePoint now) = 0;
  /// The activation secret of an inactive Agent; nullopt once it is active.
  virtual std::optional<ActivationSecret> activationSecret(std::int64_t id) = 0;
  /// The inactive Agent whose activation key hashes to key_hash.
  virtual std::optional<Agent> findAgentByActivationKeyHash(const std::string& key_hash) = 0;
  /// Marks the Agent active, consumes its activation key and records its certificate, in one
  /// transaction. False when the Agent is no longer inactive (the key was used meanwhile).
  virtual bool activateAgent(std::int64_t id, const AgentCertificate& certificate,
                             const std::string& hostname, Clock::TimePoint now) = 0;
  virtual void recordContact(std::int64_t id, const std::string& version,
                             const std::string& hostname, Clock::TimePoint now) = 0;
  /// Certificates that are neither revoked nor expired at `now`.
  virtual std::vector<AgentCertificate> validAgentCertificates(Clock::TimePoint now) = 0;
  /// The unrevoked certificate issued for an activation key (to answer a repeated enrolment).
  virtual std::optional<AgentCertificate> certificateForActivation(const std::string& key_hash) = 0;
};

struct DeviceUpsert {
  std::int64_t id = 0;
  bool created = false;  ///< false: an existing device was updated
};

/// What a state change on one device came to.
enum class DeviceChange {
  kDone,
  kNotFound,
  kWrongState,  ///< e.g. restoring a device that is not removed
};

class DeviceStore {
 public:
  virtual ~DeviceStore() = default;
  /// Records a discovery report (normalised, see normalizeReport) in one transaction: the
  /// device matchDevice picks is updated (address, host name, Agent, last seen, how it was
  /// reached, and identity fields the report knows; its state, name, location and contact
  /// stay, removed included; a contact failure is cleared), or a new device is created in
  /// report.state_if_new.
  virtual DeviceUpsert upsertDevice(const DiscoveryReport& report, Clock::TimePoint now) = 0;
  /// One page of the list and the total. The filters must be valid (validateDeviceQuery); the
  /// page size is not bounded here, so an export reads every matching device in one call.
  virtual DevicePage listDevices(const DeviceQuery& query) = 0;
  /// Records the rows of an import file in ONE transaction: all of them or none. Each row is
  /// matched like a discovery report (matchDevice on identityReport(row)) against the registry
  /// as the earlier rows left it, so a row never duplicates a device it identifies.
  /// - A match is updated: each non-empty field of the row replaces the stored one (an empty
  ///   cell keeps what discovery or an administrator recorded), the state becomes managed (the
  ///   only state an import file may ask for), the Agent changes only to an assigned one, and
  ///   first/last seen and registered_by stay.
  /// - No match: a new managed device, registered_by import, first and last seen `now`.
  /// - A row matching a removed device, or whose identity another device holds, is a conflict.
  /// Any conflict rolls everything back; the outcome then lists every conflict and counts
  /// nothing. Engine failures throw StorageError (also rolled back).
  virtual DeviceImportOutcome importDevices(std::span<const ImportedDevice> rows,
                                            Clock::TimePoint now) = 0;
  virtual std::optional<Device> findDevice(std::int64_t id) = 0;
  /// Sets the edited fields. kWrongState for a removed device.
  virtual DeviceChange updateDevice(std::int64_t id, const DeviceEdit& edit) = 0;
  /// Removes the device, remembering its state. kWrongState when already removed.
  virtual DeviceChange removeDevice(std::int64_t id) = 0;
  /// Returns a removed device to the state it had. kWrongState when not removed.
  virtual DeviceChange restoreDevice(std::int64_t id) = 0;
  /// Deletes a removed device for good. kWrongState when not removed.
  virtual DeviceChange deleteDevice(std::int64_t id) = 0;
  /// The managed devices that have an Agent, by Agent id (ascending device ids).
  virtual std::map<std::int64_t, std::vector<std::int64_t>> managedDevicesByAgent() = 0;
  /// Notes a failed contact on the devices (not removed) registered at that IPv4 address.
  /// Returns how many devices it concerned.
  virtual std::size_t recordContactFailure(const std::string& ip_address,
                                           const ContactFailure& failure) = 0;
};

/// A credential as stored: its secret fields only as the sealed text the services made.
struct StoredCredential {
  Credential credential;
  std::string sealed_secrets;
};

/// Seals a new credential's secrets once its id is known (the id is sealed with them).
using SealCredentialSecrets = std::function<std::string(std::int64_t id)>;

/// Credentials are kept in order within their kind (positions 0..n-1 without gaps); deleting
/// an Agent drops its associations, not the credentials.
class CredentialStore {
 public:
  virtual ~CredentialStore() = default;
  /// Every credential (or those of one kind), by kind (kCredentialKinds order), then position.
  virtual std::vector<Credential> listCredentials(std::optional<CredentialKind> kind) = 0;
  virtual std::optional<StoredCredential> findCredential(std::int64_t id) = 0;
  /// Stores `credential` (its id and position are ignored) last in its kind, in one
  /// transaction with the sealed secrets `seal` returns for the new id; the new id. Agent ids
  /// must exist (the caller checked); a vanished one makes the engine throw.
  virtual std::int64_t createCredential(const Credential& credential,
                                        const SealCredentialSecrets& seal,
                                        Clock::TimePoint now) = 0;
  /// Replaces description, access, Agents, public fields and secret names of credential.id,
  /// and the sealed secrets when given. False when it does not exist.
  virtual bool updateCredential(const Credential& credential,
                                const std::optional<std::string>& sealed_secrets,
                                Clock::TimePoint now) = 0;
  /// Deletes and closes the gap in its kind's order. False when it did not exist.
  virtual bool deleteCredential(std::int64_t id) = 0;
  /// Sets the order of a kind. False, changing nothing, unless `ids` lists exactly the
  /// credentials of that kind, each once.
  virtual bool reorderCredentials(CredentialKind kind, const std::vector<std::int64_t>& ids,
                                  Clock::TimePoint now) = 0;
  /// The credentials associated with the Agent, in listCredentials order.
  virtual std::vector<StoredCredential> credentialsForAgent(std::int64_t agent_id) = 0;
};

class ScopeStore {
 public:
  virtual ~ScopeStore() = default;
  /// nullopt when the Agent has no stored scope (or does not exist).
  virtual std::optional<AgentScopeSettings> findAgentScope(std::int64_t agent_id) = 0;
  /// Every stored scope, by Agent id.
  virtual std::vector<std::pair<std::int64_t, AgentScopeSettings>> listAgentScopes() = 0;
  /// Replaces the Agent's scope. False when the Agent does not exist.
  virtual bool saveAgentScope(std::int64_t agent_id, const AgentScopeSettings& scope) = 0;
  /// Changes whenever any scope changes, an Agent's deletion included: a cache key.
  virtual std::int64_t scopeRevision() = 0;
};

/// Regions with their rules, the region of each device (derived, see RegionMembership) and the
/// regions of users. Every write that can move a device between regions recomputes the
/// devices' regions in the same transaction: region writes here, device writes in DeviceStore
/// (discovery, import). The services check rules and overlaps before writing.
class RegionStore {
 public:
  virtual ~RegionStore() = default;
  /// By name (case-insensitive), with rules in entry order.
  virtual std::vector<Region> listRegions() = 0;
  virtual std::optional<Region> findRegion(std::int64_t id) = 0;
  /// Devices (not removed) per region id; regions without devices are absent.
  virtual std::map<std::int64_t, std::int64_t> regionDeviceCounts() = 0;
  /// The new id, or nullopt when the name is taken (names compare case-insensitively).
  virtual std::optional<std::int64_t> createRegion(const Region& region, Clock::TimePoint now) = 0;
  enum class RegionWrite { kDone, kNotFound, kNameTaken };
  /// Replaces name, description, time zone and rules of region.id.
  virtual RegionWrite updateRegion(const Region& region, Clock::TimePoint now) = 0;
  /// Its devices fall to another region or none; users lose it. False when it did not exist.
  virtual bool deleteRegion(std::int64_t id) = 0;
  /// Recomputes every device's region in one transaction (one pass in C++); how many changed.
  virtual std::size_t recomputeDeviceRegions() = 0;
  /// The user's regions, ascending ids.
  virtual std::vector<std::int64_t> userRegions(std::int64_t user_id) = 0;
  /// Replaces the user's regions. The regions must exist (the caller checked); false when the
  /// user does not.
  virtual bool setUserRegions(std::int64_t user_id,
                              const std::vector<std::int64_t>& region_ids) = 0;
};

/// Discovery runs, each stored as a JSON document (manager/services/discovery_run_json.hpp).
class DiscoveryRunStore {
 public:
  virtual ~DiscoveryRunStore() = default;
  /// Stores a new run and returns its id; `body_json` is written again by updateDiscoveryRun
  /// with the id inside.
  virtual std::int64_t insertDiscoveryRun(const std::string& body_json,
                                          Clock::TimePoint created_at) = 0;
  virtual void updateDiscoveryRun(std::int64_t id, bool finished, const std::string& body_json) = 0;
  virtual std::optional<std::string> findDiscoveryRun(std::int64_t id) = 0;
  /// Newest first, at most `limit`; only unfinished runs when asked.
  virtual std::vector<std::string> listDiscoveryRuns(std::size_t limit, bool unfinished_only) = 0;
};

/// Manager-wide settings as JSON documents under fixed keys, and built-in task start times.
class SettingsStore {
 public:
  virtual ~SettingsStore() = default;
  virtual std::optional<std::string> findSetting(const std::string& key) = 0;
  virtual void saveSetting(const std::string& key, const std::string& value_json) = 0;
  virtual std::optional<Clock::TimePoint> builtInTaskLastStarted(const std::string& task) = 0;
  virtual void recordBuiltInTaskStart(const std::string& task, Clock::TimePoint at) = 0;
};

/// Agents' outboxes (manager/core/outbox_ingest.hpp).
class OutboxStore {
 public:
  virtual ~OutboxStore() = default;
  /// In ONE transaction: reads the Agent's position in `stream` (0 when the stream is not
  /// the one stored: a new outbox on the Agent), writes each record above it in order (or
  /// counts its rejection), skips the others as duplicates, and stores the new position (the
  /// last record's sequence when higher) with `dropped`. The records must be in increasing
  /// sequence order.
  virtual IngestOutcome ingestOutbox(std::int64_t agent_id, const std::string& stream,
                                     std::int64_t dropped, const std::vector<IngestRecord>& records,
                                     Clock::TimePoint now) = 0;
  virtual std::optional<OutboxPosition> findOutboxPosition(std::int64_t agent_id) = 0;
  /// The newest "agent-status" sample of the Agent.
  virtual std::optional<AgentSelfStatus> latestAgentSelfStatus(std::int64_t agent_id) = 0;
  /// Deletes samples taken before `before`; how many.
  virtual std::size_t purgeAgentSelfStatus(Clock::TimePoint before) = 0;
};

/// Monitoring readings and their history (manager/core/monitoring.hpp).
class MonitoringStore {
 public:
  virtual ~MonitoringStore() = default;
  /// Stores the snapshots in one transaction, with statements prepared once for the batch.
  /// Per device: a status that differs from the current one (severity, power, conditions)
  /// closes the open edge at read_at and opens a new one; an equal one touches no edge. A
  /// snapshot older than the stored status leaves the status alone (a late delivery). Daily
  /// rows are replaced by a later reading of the same day. Snapshots of devices that do not
  /// exist (deleted meanwhile) are skipped. Returns how many were stored.
  virtual std::size_t ingestSnapshots(const std::vector<DeviceSnapshot>& snapshots) = 0;
  virtual std::optional<CurrentStatus> currentStatus(std::int64_t device_id) = 0;
  /// Edges that overlap [from, to), oldest first.
  virtual std::vector<StatusEdge> statusEdges(std::int64_t device_id, Clock::TimePoint from,
                                              Clock::TimePoint to) = 0;
  /// The current supplies document and when it was read.
  virtual std::optional<std::pair<std::string, Clock::TimePoint>> currentSupplies(
      std::int64_t device_id) = 0;
  /// Daily levels of every supply of the device from `from_day` on, by supply then day.
  virtual std::vector<SupplyLevelPoint> supplyLevels(std::int64_t device_id,
                                                     std::int64_t from_day) = 0;
  /// The latest counters document and when it was read.
  virtual std::optional<std::pair<std::string, Clock::TimePoint>> currentCounters(
      std::int64_t device_id) = 0;
  /// Daily counter readings with from_day <= day <= to_day, oldest first.
  virtual std::vector<DailyCounters> dailyCounters(std::int64_t device_id, std::int64_t from_day,
                                                   std::int64_t to_day) = 0;
  /// For the reports: per device, its daily counter rows with from_day <= day <= to_day and
  /// the last row before from_day (the baseline of the first step), oldest first, with their
  /// serial; handed to `each` one device at a time in the given order, devices without rows
  /// skipped. Reads one snapshot without waiting for the writer.
  virtual void counterHistories(
      const std::vector<std::int64_t>& device_ids, std::int64_t from_day, std::int64_t to_day,
      const std::function<void(std::int64_t, const std::vector<DailyCounters>&)>& each) = 0;
  /// The latest daily counter row of each of the devices that has one, in the given order.
  virtual std::vector<std::pair<std::int64_t, DailyCounters>> latestCounters(
      const std::vector<std::int64_t>& device_ids) = 0;
  /// Status and lowest supply of the devices that have them, for the device list.
  virtual std::vector<std::pair<std::int64_t, DeviceMonitoringSummary>> monitoringSummaries(
      const std::vector<std::int64_t>& device_ids) = 0;
  /// Deletes history older than the cut-offs (open edges are kept whatever their age).
  virtual PurgeCounts purgeMonitoringHistory(const PurgeCutoffs& cutoffs) = 0;
  /// Replaces what earlier checks said about these devices' functions (one transaction;
  /// records of devices deleted meanwhile are skipped).
  virtual void storeFunctionSupport(const std::vector<FunctionSupport>& records) = 0;
  virtual std::vector<FunctionSupport> functionSupport(std::int64_t device_id) = 0;
  /// The devices found to support the function: the function checks skip them.
  virtual std::set<std::int64_t> devicesSupporting(const std::string& function) = 0;
};

/// Device groups (manager/core/device_group.hpp). Each change checks and writes in one
/// transaction, so two concurrent edits cannot make a loop or a sixth thousand member.
class GroupStore {
 public:
  virtual ~GroupStore() = default;
  /// Every group with its member count, parents before children, siblings by name.
  virtual std::vector<GroupSummary> listGroups() = 0;
  virtual std::optional<GroupSummary> findGroup(std::int64_t id) = 0;
  /// Stores a new group (its id is ignored); the new id, or kParentNotFound / kNameTaken.
  virtual std::variant<std::int64_t, GroupChange> createGroup(const DeviceGroup& group,
                                                              Clock::TimePoint now) = 0;
  /// kNotFound, kParentNotFound, kNameTaken, kCycle, kNotDynamic (filters on a static group).
  virtual GroupChange updateGroup(std::int64_t id, const GroupEdit& edit) = 0;
  /// Deletes the group (with its subgroups when `subtree`, else kHasChildren if it has any);
  /// devices stay in the registry.
  virtual GroupChange deleteGroup(std::int64_t id, bool subtree) = 0;
  /// Adds devices to a static group, all or none: kUnknownDevices (listing them) when an id is
  /// not a device or a removed one, kTooManyMembers when the group would pass
  /// kMaxStaticGroupMembers. Devices already members are not counted as added.
  virtual MemberChange addGroupMembers(std::int64_t id,
                                       const std::vector<std::int64_t>& devices) = 0;
  /// Adds the devices the list query's filters select (paging ignored), all or none.
  virtual MemberChange addGroupMembersMatching(std::int64_t id, const DeviceQuery& query) = 0;
  /// Removes devices from a static group; `count` says how many were members.
  virtual MemberChange removeGroupMembers(std::int64_t id,
                                          const std::vector<std::int64_t>& devices) = 0;
  /// The group's devices (static members or the dynamic filter's matches, never removed
  /// devices), ascending ids; nullopt when the group does not exist.
  virtual std::optional<std::vector<std::int64_t>> groupDeviceIds(std::int64_t id) = 0;
};

/// Dashboards and the aggregations their panels show, over managed devices only.
class DashboardStore {
 public:
  virtual ~DashboardStore() = default;
  /// The shared dashboard (no user) or a user's: its document (JSON) and when it was saved.
  virtual std::optional<std::pair<std::string, Clock::TimePoint>> findDashboard(
      std::optional<std::int64_t> user_id) = 0;
  virtual void saveDashboard(std::optional<std::int64_t> user_id, const std::string& body_json,
                             Clock::TimePoint now) = 0;
  /// Managed devices per kStatusCategories entry (categories without devices are left out).
  virtual std::map<std::string, std::int64_t> statusBreakdown() = 0;
  /// Managed devices whose severity is one of `severities`, worst first, then longest in it.
  virtual std::vector<DeviceInError> devicesInError(const std::vector<std::string>& severities,
                                                    std::size_t limit) = 0;
  /// How many managed devices have a supply at or below `percent`, and the `limit` lowest of
  /// them with that supply (from the latest daily level); days_to_empty is left empty.
  virtual std::pair<std::int64_t, std::vector<LowSupply>> lowSupplies(std::int64_t percent,
                                                                      std::size_t limit) = 0;
  /// Pages used by the managed devices per day from from_day to to_day (FleetPages).
  virtual std::vector<DailyPages> fleetPages(std::int64_t from_day, std::int64_t to_day) = 0;
  /// Managed devices and latest outbox depth of every Agent that has either.
  virtual std::vector<AgentLoad> agentLoads() = 0;
};

class Storage : public UserStore,
                public SessionStore,
                public AgentStore,
                public DeviceStore,
                public CredentialStore,
                public ScopeStore,
                public DiscoveryRunStore,
                public SettingsStore,
                public OutboxStore,
                public MonitoringStore,
                public GroupStore,
                public RegionStore,
                public DeviceViewStore,
                public DashboardStore,
                public NotificationStore,
                public WebhookStore {
 public:
  /// The schema version the database is at.
  virtual int schemaVersion() = 0;
};

}  // namespace pw::manager
