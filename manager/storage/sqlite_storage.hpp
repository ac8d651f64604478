#pragma once
// The embedded SQLite engine behind the core's Storage interface. One connection in WAL mode
// guarded by a mutex does every write and most reads: simple and, for the Manager's write
// rates, fast enough; the device list reads through read-only connections of its own
// (sqlite_readers.hpp), so it waits for no writer. The interface lets a server engine replace
// it. Opening the database applies pending migrations
// (manager/storage/migrations/NNNN_name.sql), each in its own transaction, so a crash
// mid-migration leaves the previous version intact.
#include <filesystem>
#include <memory>
#include <mutex>

#include "manager/core/audit.hpp"
#include "manager/core/preference_store.hpp"
#include "manager/core/storage.hpp"
#include "manager/core/task.hpp"

struct sqlite3;

namespace pw::manager {

namespace sqlite {
class ReadConnections;
class Statement;
}  // namespace sqlite

class SqliteStorage final : public Storage,
                            public TaskStore,
                            public AuditStore,
                            public PreferenceStore {
 public:
  /// Opens or creates the database and migrates it. Throws StorageError when the file cannot
  /// be opened, is not a database, or was written by a newer version of the Manager.
  explicit SqliteStorage(const std::filesystem::path& file);
  ~SqliteStorage() override;
  SqliteStorage(const SqliteStorage&) = delete;
  SqliteStorage& operator=(const SqliteStorage&) = delete;

  /// Highest migration version this build knows.
  static int latestSchemaVersion();

  int schemaVersion() override;

  std::optional<User> findUserByName(const std::string& username) override;
  std::optional<User> findUserById(std::int64_t id) override;
  std::optional<std::int64_t> createUser(const NewUser& user, Clock::TimePoint now) override;
  std::optional<std::int64_t> saveDirectoryUser(const std::string& username, Role role,
                                                GrantSet grants, UserSource source,
                                                Clock::TimePoint now) override;
  void setLoginFailures(std::int64_t user_id, int failed_logins,
                        std::optional<Clock::TimePoint> locked_until) override;

  void createSession(const Session& session) override;
  std::optional<Session> findSession(const std::string& id_hash) override;
  void touchSession(const std::string& id_hash, Clock::TimePoint last_seen,
                    Clock::TimePoint expires_at) override;
  void deleteSession(const std::string& id_hash) override;
  int deleteExpiredSessions(Clock::TimePoint now) override;

  std::vector<Agent> listAgents() override;
  std::optional<Agent> findAgent(std::int64_t id) override;
  std::optional<std::int64_t> createAgent(const std::string& name, bool local,
                                          const ActivationSecret& secret,
                                          Clock::TimePoint now) override;
  bool deleteAgent(std::int64_t id, Clock::TimePoint now) override;
  bool deactivateAgent(std::int64_t id, const ActivationSecret& secret,
                       Clock::TimePoint now) override;
  std::optional<ActivationSecret> activationSecret(std::int64_t id) override;
  std::optional<Agent> findAgentByActivationKeyHash(const std::string& key_hash) override;
  bool activateAgent(std::int64_t id, const AgentCertificate& certificate,
                     const std::string& hostname, Clock::TimePoint now) override;
  void recordContact(std::int64_t id, const std::string& version, const std::string& hostname,
                     Clock::TimePoint now) override;
  std::vector<AgentCertificate> validAgentCertificates(Clock::TimePoint now) override;
  std::optional<AgentCertificate> certificateForActivation(const std::string& key_hash) override;

  DeviceUpsert upsertDevice(const DiscoveryReport& report, Clock::TimePoint now) override;
  DevicePage listDevices(const DeviceQuery& query) override;
  DeviceImportOutcome importDevices(std::span<const ImportedDevice> rows,
                                    Clock::TimePoint now) override;
  std::optional<Device> findDevice(std::int64_t id) override;
  DeviceChange updateDevice(std::int64_t id, const DeviceEdit& edit) override;
  DeviceChange removeDevice(std::int64_t id) override;
  DeviceChange restoreDevice(std::int64_t id) override;
  DeviceChange deleteDevice(std::int64_t id) override;
  std::map<std::int64_t, std::vector<std::int64_t>> managedDevicesByAgent() override;
  std::size_t recordContactFailure(const std::string& ip_address,
                                   const ContactFailure& failure) override;

  std::optional<std::string> preference(std::int64_t user_id, const std::string& key) override;
  void setPreference(std::int64_t user_id, const std::string& key, const std::string& value_json,
                     Clock::TimePoint now) override;

  std::vector<SavedDeviceView> listDeviceViews(std::int64_t user_id) override;
  std::optional<SavedDeviceView> findDeviceView(std::int64_t user_id, std::int64_t id) override;
  std::optional<std::int64_t> createDeviceView(std::int64_t user_id, const std::string& name,
                                               const std::string& settings_json,
                                               Clock::TimePoint now) override;
  DeviceViewChange updateDeviceView(std::int64_t user_id, std::int64_t id,
                                    const std::optional<std::string>& name,
                                    const std::optional<std::string>& settings_json,
                                    Clock::TimePoint now) override;
  bool deleteDeviceView(std::int64_t user_id, std::int64_t id) override;

  std::int64_t insertDiscoveryRun(const std::string& body_json,
                                  Clock::TimePoint created_at) override;
  void updateDiscoveryRun(std::int64_t id, bool finished, const std::string& body_json) override;
  std::optional<std::string> findDiscoveryRun(std::int64_t id) override;
  std::vector<std::string> listDiscoveryRuns(std::size_t limit, bool unfinished_only) override;

  std::optional<std::string> findSetting(const std::string& key) override;
  void saveSetting(const std::string& key, const std::string& value_json) override;
  std::optional<Clock::TimePoint> builtInTaskLastStarted(const std::string& task) override;
  void recordBuiltInTaskStart(const std::string& task, Clock::TimePoint at) override;

  // sqlite_credential_store.cpp
  std::vector<Credential> listCredentials(std::optional<CredentialKind> kind) override;
  std::optional<StoredCredential> findCredential(std::int64_t id) override;
  std::int64_t createCredential(const Credential& credential, const SealCredentialSecrets& seal,
                                Clock::TimePoint now) override;
  bool updateCredential(const Credential& credential,
                        const std::optional<std::string>& sealed_secrets,
                        Clock::TimePoint now) override;
  bool deleteCredential(std::int64_t id) override;
  bool reorderCredentials(CredentialKind kind, const std::vector<std::int64_t>& ids,
                          Clock::TimePoint now) override;
  std::vector<StoredCredential> credentialsForAgent(std::int64_t agent_id) override;

  // sqlite_scope_store.cpp
  std::optional<AgentScopeSettings> findAgentScope(std::int64_t agent_id) override;
  std::vector<std::pair<std::int64_t, AgentScopeSettings>> listAgentScopes() override;
  bool saveAgentScope(std::int64_t agent_id, const AgentScopeSettings& scope) override;
  std::int64_t scopeRevision() override;

  // sqlite_outbox_store.cpp
  IngestOutcome ingestOutbox(std::int64_t agent_id, const std::string& stream, std::int64_t dropped,
                             const std::vector<IngestRecord>& records,
                             Clock::TimePoint now) override;
  std::optional<OutboxPosition> findOutboxPosition(std::int64_t agent_id) override;
  std::optional<AgentSelfStatus> latestAgentSelfStatus(std::int64_t agent_id) override;
  std::size_t purgeAgentSelfStatus(Clock::TimePoint before) override;

  // sqlite_monitoring_store.cpp
  std::size_t ingestSnapshots(const std::vector<DeviceSnapshot>& snapshots) override;
  std::optional<CurrentStatus> currentStatus(std::int64_t device_id) override;
  std::vector<StatusEdge> statusEdges(std::int64_t device_id, Clock::TimePoint from,
                                      Clock::TimePoint to) override;
  std::optional<std::pair<std::string, Clock::TimePoint>> currentSupplies(
      std::int64_t device_id) override;
  std::vector<SupplyLevelPoint> supplyLevels(std::int64_t device_id,
                                             std::int64_t from_day) override;
  std::optional<std::pair<std::string, Clock::TimePoint>> currentCounters(
      std::int64_t device_id) override;
  std::vector<DailyCounters> dailyCounters(std::int64_t device_id, std::int64_t from_day,
                                           std::int64_t to_day) override;
  void counterHistories(
      const std::vector<std::int64_t>& device_ids, std::int64_t from_day, std::int64_t to_day,
      const std::function<void(std::int64_t, const std::vector<DailyCounters>&)>& each) override;
  std::vector<std::pair<std::int64_t, DailyCounters>> latestCounters(
      const std::vector<std::int64_t>& device_ids) override;
  std::vector<std::pair<std::int64_t, DeviceMonitoringSummary>> monitoringSummaries(
      const std::vector<std::int64_t>& device_ids) override;
  PurgeCounts purgeMonitoringHistory(const PurgeCutoffs& cutoffs) override;
  void storeFunctionSupport(const std::vector<FunctionSupport>& records) override;
  std::vector<FunctionSupport> functionSupport(std::int64_t device_id) override;
  std::set<std::int64_t> devicesSupporting(const std::string& function) override;
  // sqlite_group_store.cpp
  std::vector<GroupSummary> listGroups() override;
  std::optional<GroupSummary> findGroup(std::int64_t id) override;
  std::variant<std::int64_t, GroupChange> createGroup(const DeviceGroup& group,
                                                      Clock::TimePoint now) override;
  GroupChange updateGroup(std::int64_t id, const GroupEdit& edit) override;
  GroupChange deleteGroup(std::int64_t id, bool subtree) override;
  MemberChange addGroupMembers(std::int64_t id, const std::vector<std::int64_t>& devices) override;
  MemberChange addGroupMembersMatching(std::int64_t id, const DeviceQuery& query) override;
  MemberChange removeGroupMembers(std::int64_t id,
                                  const std::vector<std::int64_t>& devices) override;
  std::optional<std::vector<std::int64_t>> groupDeviceIds(std::int64_t id) override;

  // sqlite_region_store.cpp
  std::vector<Region> listRegions() override;
  std::optional<Region> findRegion(std::int64_t id) override;
  std::map<std::int64_t, std::int64_t> regionDeviceCounts() override;
  std::optional<std::int64_t> createRegion(const Region& region, Clock::TimePoint now) override;
  RegionWrite updateRegion(const Region& region, Clock::TimePoint now) override;
  bool deleteRegion(std::int64_t id) override;
  std::size_t recomputeDeviceRegions() override;
  std::vector<std::int64_t> userRegions(std::int64_t user_id) override;
  bool setUserRegions(std::int64_t user_id, const std::vector<std::int64_t>& region_ids) override;
  std::optional<std::pair<std::string, Clock::TimePoint>> findDashboard(
      std::optional<std::int64_t> user_id) override;
  void saveDashboard(std::optional<std::int64_t> user_id, const std::string& body_json,
                     Clock::TimePoint now) override;
  std::map<std::string, std::int64_t> statusBreakdown() override;
  std::vector<DeviceInError> devicesInError(const std::vector<std::string>& severities,
                                            std::size_t limit) override;
  std::pair<std::int64_t, std::vector<LowSupply>> lowSupplies(std::int64_t percent,
                                                              std::size_t limit) override;
  std::vector<DailyPages> fleetPages(std::int64_t from_day, std::int64_t to_day) override;
  std::vector<AgentLoad> agentLoads() override;

  // NotificationStore (sqlite_notification_store.cpp)
  std::vector<StoredNotificationRule> listNotificationRules() override;
  std::optional<StoredNotificationRule> findNotificationRule(std::int64_t id) override;
  std::optional<std::int64_t> createNotificationRule(const std::string& name,
                                                     const std::string& body_json,
                                                     Clock::TimePoint now) override;
  NotificationRuleChange updateNotificationRule(std::int64_t id, const std::string& name,
                                                const std::string& body_json,
                                                Clock::TimePoint now) override;
  bool deleteNotificationRule(std::int64_t id) override;
  std::optional<std::string> notificationState(std::int64_t rule_id,
                                               std::int64_t device_id) override;
  void saveNotificationState(std::int64_t rule_id, std::int64_t device_id,
                             const std::string& state_json) override;
  std::vector<std::pair<std::int64_t, std::string>> notificationStates(
      std::int64_t rule_id) override;

  // WebhookStore (sqlite_webhook_store.cpp)
  std::vector<StoredWebhook> listWebhooks() override;
  std::optional<StoredWebhook> findWebhook(std::int64_t id) override;
  std::optional<std::int64_t> createWebhook(const std::string& name, const std::string& body_json,
                                            const std::function<std::string(std::int64_t)>& seal,
                                            Clock::TimePoint now) override;
  WebhookChange updateWebhook(std::int64_t id, const std::string& name,
                              const std::string& body_json,
                              const std::optional<std::string>& token_sealed,
                              Clock::TimePoint now) override;
  bool deleteWebhook(std::int64_t id) override;
  void addWebhookDeliveries(const std::vector<std::int64_t>& subscription_ids,
                            const std::string& event, const std::string& payload_json,
                            Clock::TimePoint now) override;
  std::vector<WebhookDelivery> dueWebhookDeliveries(Clock::TimePoint now,
                                                    std::size_t limit) override;
  void saveWebhookDelivery(const WebhookDelivery& delivery) override;
  std::vector<WebhookDelivery> webhookDeliveries(std::int64_t subscription_id,
                                                 std::size_t limit) override;
  std::size_t purgeWebhookDeliveries(Clock::TimePoint before) override;
  // sqlite_task_store.cpp
  std::vector<TaskRecord> listTasks() override;
  std::optional<TaskRecord> findTask(std::int64_t id) override;
  std::int64_t createTask(const TaskRecord& task) override;
  bool updateTask(const TaskRecord& task) override;
  bool deleteTask(std::int64_t id) override;
  void setNextRun(std::int64_t task_id, std::optional<Clock::TimePoint> at) override;
  std::vector<TaskRecord> dueTasks(Clock::TimePoint now) override;
  std::int64_t createRun(const TaskRun& run) override;
  std::optional<TaskRun> findRun(std::int64_t run_id) override;
  std::vector<TaskRun> listRuns(std::optional<std::int64_t> task_id, std::size_t offset,
                                std::size_t limit) override;
  std::vector<TaskRun> runsInState(TaskRunState state) override;
  void setRunState(std::int64_t run_id, TaskRunState state,
                   std::optional<Clock::TimePoint> started_at,
                   std::optional<Clock::TimePoint> ended_at,
                   std::optional<std::string> detail) override;
  void addRunTargets(std::int64_t run_id, const std::vector<TargetRef>& targets) override;
  bool setTargetResult(std::int64_t run_id, const TaskTargetResult& result,
                       Clock::TimePoint now) override;
  void setTargetsRunning(std::int64_t run_id, const std::vector<TargetRef>& targets, int step,
                         std::optional<std::int64_t> command_id, Clock::TimePoint now) override;
  std::size_t finishTargets(std::int64_t run_id, bool sent, TargetResult result,
                            const std::string& detail, Clock::TimePoint now) override;
  std::pair<std::vector<TaskTargetResult>, std::int64_t> runTargets(std::int64_t run_id,
                                                                    std::size_t offset,
                                                                    std::size_t limit) override;
  std::size_t purgeRuns(Clock::TimePoint before) override;

  // sqlite_audit_store.cpp
  std::int64_t appendAudit(const AuditEntry& entry) override;
  AuditPage listAudit(const AuditQuery& query) override;
  std::size_t purgeAudit(Clock::TimePoint before) override;

 private:
  void migrate();
  void exec(const char* sql);
  void revokeCertificates(std::int64_t agent_id, Clock::TimePoint now);  // caller holds mutex_
  std::optional<Device> findDeviceLocked(std::int64_t id);               // caller holds mutex_
  // Reads the credentials a WHERE clause (with one bound integer, or none) selects, in list
  // order, with their fields and Agents. Caller holds mutex_.
  std::vector<StoredCredential> selectCredentialsLocked(const std::string& where,
                                                        std::optional<std::int64_t> value);
  void writeCredentialDetailsLocked(const Credential& credential);  // caller holds mutex_
  /// Devices that could match the report (a superset, see matchDevice); caller holds mutex_.
  std::vector<Device> matchCandidatesLocked(const DiscoveryReport& report);
  // sqlite_region_store.cpp; caller holds mutex_ and a transaction.
  std::vector<Region> selectRegionsLocked(std::optional<std::int64_t> id);
  void writeRegionRulesLocked(const Region& region);
  /// Every device's region (all ids) or those of `device_ids`; how many changed.
  std::size_t assignRegionsLocked(const std::vector<std::int64_t>* device_ids);

  // The devices a list query's filters select (paging and sort ignored), ascending ids, and
  // how many there are. Caller holds mutex_.
  std::vector<std::int64_t> matchingDeviceIdsLocked(const DeviceQuery& query);
  std::int64_t countMatchingDevicesLocked(const DeviceQuery& query);
  std::optional<DeviceGroup> findGroupLocked(std::int64_t id);  // caller holds mutex_
  static std::optional<DeviceGroup> selectGroup(sqlite3* db, std::int64_t id);
  std::vector<DeviceGroup> allGroupsLocked();  // caller holds mutex_
  // Adds existing, not removed devices to a static group, all or none; caller holds mutex_.
  MemberChange addGroupMembersLocked(std::int64_t id, const std::vector<std::int64_t>& devices);

  std::mutex mutex_;
  sqlite3* db_ = nullptr;
  std::unique_ptr<sqlite::ReadConnections> readers_;
  std::unique_ptr<sqlite::Statement> audit_insert_;  ///< prepared once: every request appends
};

}  // namespace pw::manager
