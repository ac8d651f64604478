// MonitoringService on the real SQLite engine and command queue: which devices a poll sends
// (credential and port from discovery, skipped ones with reasons), the payload the Agent gets,
// readings stored from "monitor-reading" outbox records through MonitorReadingSink and the
// real OutboxService (no response, lowest supply without the waste receptacle, days-to-empty
// honestly empty, last seen, a batch sent twice, an invalid record skipped, a clock ahead),
// retention settings and purge on a FakeClock.
#include "manager/services/monitoring_service.hpp"

#include <gtest/gtest.h>

#include "manager/services/builtin_task_scheduler.hpp"
#include "manager/services/device_service.hpp"
#include "manager/services/outbox_service.hpp"
#include "manager/tests/agent_fixture.hpp"
#include "manager/tests/readings_outbox.hpp"

namespace pw::manager {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

class Credentials final : public DiscoverySources {
 public:
  Outcome<DiscoveryTargets> targetsFor(std::int64_t) override { return DiscoveryTargets{}; }
  std::vector<proto::SnmpCredentialData> snmpCredentialsFor(std::int64_t) override {
    return {{9, "v2c", "site-community", std::nullopt}, {10, "v2c", "other", std::nullopt}};
  }
  std::optional<std::int64_t> agentFor(const std::string&) override { return std::nullopt; }
};

class MonitoringServiceTest : public testing::AgentFixture {
 protected:
  std::int64_t activeAgent() { return enrolledAgent(false); }

  std::int64_t device(std::optional<std::int64_t> agent_id, const std::string& ip,
                      std::optional<std::int64_t> credential = 9) {
    return discoveredDevice(agent_id, ip, credential);
  }

  Credentials sources;
  std::vector<std::string> warnings;
  MonitoringService service{
      storage, storage,  storage,
      storage, commands, sources,
      clock,   {700, 2}, [this](const std::string& w) { warnings.push_back(w); }};
  testing::ReadingsOutbox outbox_wiring{storage, clock};
  OutboxService& outbox = outbox_wiring.outbox;

  /// An outbox batch of "monitor-reading" records for `readings`, from `first` on.
  static proto::OutboxBatch batchOf(std::int64_t first, std::int64_t command_id,
                                    Clock::TimePoint read_at,
                                    const std::vector<proto::DeviceReadingData>& readings) {
    proto::OutboxBatch batch{"5f0c", 0, {}};
    for (const auto& reading : readings) {
      batch.records.push_back({first++, proto::kMonitorReadingKind,
                               proto::toJson(proto::MonitorReadingRecord{
                                   command_id, toUnixSeconds(read_at), reading})});
    }
    return batch;
  }

  /// Stores `readings`, read at `read_at`, the way they arrive: an outbox batch of the
  /// device's Agent. Returns the records stored.
  std::int64_t ingest(const std::vector<proto::DeviceReadingData>& readings,
                      Clock::TimePoint read_at) {
    if (!reading_agent_) reading_agent_ = activeAgent();
    const auto ingested =
        outbox.ingest(*reading_agent_, batchOf(next_sequence_, 7, read_at, readings));
    next_sequence_ += static_cast<std::int64_t>(readings.size());
    return ingested.ack.stored;
  }
  std::optional<std::int64_t> reading_agent_;
  std::int64_t next_sequence_ = 1;
};

// A black toner cartridge at `percent` of 100 %.
proto::SupplyData blackToner(std::int64_t percent) {
  return {"1.1",   "Black", 3,         "consumed",     3,
          "toner", 19,      "percent", {"value", 100}, {"value", percent},
          percent, 1,       "black"};
}

TEST_F(MonitoringServiceTest, SendsReachableDevicesAndSkipsTheOthersWithReasons) {
  const auto agent = activeAgent();
  const auto good = device(agent, "10.0.0.1");
  const auto never = device(agent, "10.0.0.2", std::nullopt);
  const auto other = device(std::nullopt, "10.0.0.3");  // reached by no Agent
  const auto started = service.startPoll(agent, {good, never, other, 999}, {"status"});
  ASSERT_TRUE(started) << started.error().message;
  EXPECT_EQ(started->device_ids, std::vector<std::int64_t>{good});
  ASSERT_EQ(started->skipped.size(), 3u);
  EXPECT_EQ(started->skipped[0].second, "never_reached");
  EXPECT_EQ(started->skipped[1].second, "other_agent");
  EXPECT_EQ(started->skipped[2].second, "not_found");

  const auto command = takeOne(agent);
  EXPECT_EQ(command.kind, "monitor");
  const auto payload = proto::parseMonitorPayload(json::parse(command.payload_json));
  ASSERT_TRUE(payload) << payload.error.message;
  ASSERT_EQ(payload.value->devices.size(), 1u);
  EXPECT_EQ(payload.value->devices[0].port, 1161);
  EXPECT_EQ(payload.value->devices[0].credential_id, 9);
  ASSERT_EQ(payload.value->credentials.size(), 1u);  // only the one the devices use
  EXPECT_EQ(payload.value->timeout_ms, 700);

  EXPECT_EQ(service.startPoll(agent, {good}, {"toner"}).error().code, "invalid_input");
  EXPECT_EQ(service.startPoll(agent, {never}, {"status"}).error().code, "nothing_to_poll");
  EXPECT_EQ(service.refresh(never).error().code, "cannot_poll");
  EXPECT_EQ(service.refresh(999).error().code, "not_found");
}

TEST_F(MonitoringServiceTest, StoresTheReadingsTheOutboxDelivers) {
  const auto agent = activeAgent();
  const auto printer = device(agent, "10.0.0.1");
  const auto silent = device(agent, "10.0.0.2");
  ASSERT_TRUE(service.startPoll(agent, {printer, silent}, {"status", "supplies", "counters"}));
  const auto command = takeOne(agent);

  proto::DeviceReadingData reading;
  reading.device_id = printer;
  reading.address = "10.0.0.1";
  proto::ReadingData r;
  r.status = proto::StatusData{"warning", "on", 3, 3, "2000", {"low_toner"}, {"low_toner"}, {}, {}};
  proto::SuppliesData supplies;
  supplies.items.push_back(blackToner(12));
  supplies.items.push_back({"1.2",
                            "Waste",
                            4,
                            "filled",
                            4,
                            "wasteToner",
                            19,
                            "percent",
                            {"value", 100},
                            {"value", 3},
                            3,
                            std::nullopt,
                            ""});
  r.supplies = supplies;
  proto::CountersData counters;
  counters.normalized[0] = proto::CounterValueData{5000, "impressions", "generic.json"};
  r.counters = counters;
  reading.reading = r;
  const proto::DeviceReadingData no_response{
      silent, "10.0.0.2", std::nullopt, proto::MonitorErrorData{"timeout", "no response"}, {}};
  // The command's result is only the summary: nothing is stored from it.
  commands.complete(
      agent, command.id,
      {CommandOutcome::Kind::kSucceeded, proto::toJson(proto::MonitorSummary{2, 1, 1, 1, 2}).dump(),
       "", "", clock.now()});
  EXPECT_FALSE(service.status(printer)->has_value());

  clock.advance(10min);
  const auto read_at = clock.now();  // polled, then delivered an hour later (an outage)
  clock.advance(1h);
  const auto batch = batchOf(1, command.id, read_at, {reading, no_response});
  const auto ingested = outbox.ingest(agent, batch);
  EXPECT_EQ(ingested.ack.stored, 2);
  EXPECT_EQ(ingested.ack.position, 2);

  const auto status = *service.status(printer);
  ASSERT_TRUE(status.has_value());
  EXPECT_EQ(status->read_at, fromUnixSeconds(toUnixSeconds(read_at)));  // the Agent's time
  EXPECT_EQ(status->status.severity, "warning");
  EXPECT_EQ(status->status.conditions, std::vector<std::string>{"low_toner"});
  const auto none = *service.status(silent);
  EXPECT_EQ(none->status.power, "no_response");
  EXPECT_EQ(none->error_kind, "timeout");

  const auto summaries = service.summaries({printer, silent});
  EXPECT_EQ(summaries.at(printer).lowest_percent, 12);  // not the waste box's 3 %
  EXPECT_FALSE(summaries.at(silent).lowest_percent.has_value());

  const auto view = *service.supplies(printer);
  ASSERT_TRUE(view.has_value());
  EXPECT_FALSE(view->days_to_empty.at("1.1").has_value());  // one reading: no estimate
  const auto counted = *service.counters(printer, 0, dayOf(clock.now()));
  ASSERT_EQ(counted.daily.size(), 1u);
  EXPECT_EQ(counted.daily[0].counters.values[0], 5000);
  EXPECT_TRUE(warnings.empty());
  // The device that answered was seen when it was read; the silent one was not.
  EXPECT_EQ(storage.findDevice(printer)->last_seen, fromUnixSeconds(toUnixSeconds(read_at)));
  EXPECT_LT(storage.findDevice(silent)->last_seen, read_at);

  // The same batch again (its answer was lost): skipped whole, nothing stored twice.
  const auto again = outbox.ingest(agent, batch);
  EXPECT_EQ(again.ack.stored, 0);
  EXPECT_EQ(again.ack.duplicates, 2);
  EXPECT_EQ(service.statusHistory(printer, read_at - 1h, clock.now() + 1h)->size(), 1u);
  EXPECT_EQ(service.counters(printer, 0, dayOf(clock.now()))->daily.size(), 1u);
}

// A registered printer with a known MAC and serial, as discovery records it.
std::int64_t registeredPrinter(SqliteStorage& storage, Clock::TimePoint now, const std::string& ip,
                               const std::string& mac) {
  DiscoveryReport r;
  r.identity = {"HP", "M507", "SER-" + ip, "1.0", mac};
  r.ip_address = ip;
  r.name = "npi-" + ip;
  r.snmp_version = "v2c";
  r.credential_id = 9;
  return storage.upsertDevice(r, now).id;
}

proto::DeviceReadingData statusReading(std::int64_t id, std::vector<std::string> macs) {
  proto::ReadingData r;
  r.status = proto::StatusData{};
  r.status->severity = "ok";
  r.status->power = "on";
  r.status->macs = std::move(macs);
  proto::SuppliesData supplies;
  supplies.items.push_back(blackToner(55));
  r.supplies = supplies;
  proto::DeviceReadingData reading;
  reading.device_id = id;
  reading.reading = std::move(r);
  return reading;
}

TEST_F(MonitoringServiceTest, AnotherMacAtTheAddressIsAConflictAndItsReadingIsNotStored) {
  const auto printer = registeredPrinter(storage, clock.now(), "10.0.0.1", "00:11:22:33:44:55");
  const auto no_mac = registeredPrinter(storage, clock.now(), "10.0.0.2", "");

  // The registered MAC among the answering device's (second interface): on, stored.
  ingest({statusReading(printer, {"02:00:00:00:00:01", "00:11:22:33:44:55"})}, clock.now());
  EXPECT_EQ((*service.status(printer))->status.power, "on");
  ASSERT_TRUE(service.supplies(printer)->has_value());

  clock.advance(60s);
  ingest(
      {statusReading(printer, {"66:77:88:99:aa:bb"}), statusReading(no_mac, {"66:77:88:99:aa:bb"})},
      clock.now());
  const auto conflict = **service.status(printer);
  EXPECT_EQ(conflict.status.power, "conflict");
  EXPECT_EQ(conflict.status.severity, "unknown");
  EXPECT_EQ(conflict.error_kind, "conflict");
  EXPECT_NE(conflict.error_message.find("66:77:88:99:aa:bb"), std::string::npos);
  EXPECT_NE(conflict.error_message.find("00:11:22:33:44:55"), std::string::npos);
  EXPECT_EQ(service.summaries({printer}).at(printer).power, "conflict");
  // The other device's supplies are not this printer's: the earlier ones stay.
  EXPECT_EQ(service.summaries({printer}).at(printer).lowest_percent, 55);
  EXPECT_EQ((*service.supplies(printer))->read_at, clock.now() - 60s);
  // No registered MAC: nothing to compare with.
  EXPECT_EQ((*service.status(no_mac))->status.power, "on");

  // A device that exposes no MAC: no judgement, the reading counts.
  clock.advance(60s);
  ingest({statusReading(printer, {})}, clock.now());
  EXPECT_EQ((*service.status(printer))->status.power, "on");
  const auto edges = *service.statusHistory(printer, clock.now() - 1h, clock.now() + 1s);
  ASSERT_EQ(edges.size(), 3u);  // on, conflict, on
  EXPECT_EQ(edges[1].status.power, "conflict");
}

proto::DeviceReadingData identityReading(std::int64_t id, proto::IdentityData identity) {
  proto::DeviceReadingData reading;
  reading.device_id = id;
  reading.reading = proto::ReadingData{};
  reading.reading->identity = std::move(identity);
  return reading;
}

TEST_F(MonitoringServiceTest, IdentityPartUpdatesTheRecordButNeverTheAdministratorsText) {
  const auto printer = registeredPrinter(storage, clock.now(), "10.0.0.1", "00:11:22:33:44:55");
  const auto imported = registeredPrinter(storage, clock.now(), "10.0.0.2", "");
  DeviceEdit edit;
  edit.name = "Front desk";
  edit.contact = "";
  ASSERT_EQ(storage.updateDevice(printer, edit), DeviceChange::kDone);

  proto::IdentityData fresh{"HP",      "LaserJet M507dn",   "SER-10.0.0.1",
                            "2.1",     "00:11:22:33:44:55", {"00:11:22:33:44:55"},
                            "npi-new", "Room 4 ",           "it@example.com",
                            true};
  // Found at .2: a device without a registered MAC learns it (and fills its empty fields).
  proto::IdentityData second{
      "HP",           "M507", "", "",  "AA:BB:CC:00:00:02", {"AA:BB:CC:00:00:02"},
      "npi-10.0.0.2", "Hall", "", true};
  EXPECT_EQ(
      ingest({identityReading(printer, fresh), identityReading(imported, second)}, clock.now()), 2);
  const auto updated = *storage.findDevice(printer);
  EXPECT_EQ(updated.identity.model, "LaserJet M507dn");
  EXPECT_EQ(updated.identity.firmware, "2.1");
  EXPECT_EQ(updated.name, "Front desk");         // edited by hand: kept
  EXPECT_EQ(updated.location, "Room 4");         // was empty: filled (trimmed)
  EXPECT_EQ(updated.contact, "it@example.com");  // was empty: filled
  const auto learned = *storage.findDevice(imported);
  EXPECT_EQ(learned.identity.mac, "aa:bb:cc:00:00:02");
  EXPECT_EQ(learned.identity.serial, "SER-10.0.0.2");  // the reading did not know it: kept
  EXPECT_EQ(learned.name, "npi-10.0.0.2");

  // Another printer answering at the address (other MAC, other serial): the record is left
  // alone, whatever that printer says.
  proto::IdentityData stranger{
      "Canon", "iR-ADV C5535", "XYZ", "9.9", "66:77:88:99:aa:bb", {"66:77:88:99:aa:bb"},
      "other", "elsewhere",    "",    true};
  ingest({identityReading(printer, stranger)}, clock.now());
  const auto kept = *storage.findDevice(printer);
  EXPECT_EQ(kept.identity.model, "LaserJet M507dn");
  EXPECT_EQ(kept.identity.mac, "00:11:22:33:44:55");
  EXPECT_EQ(kept.identity.serial, "SER-10.0.0.1");
  // ... and, identity being read without the status part, still shows as a conflict.
  EXPECT_EQ((*service.status(printer))->status.power, "conflict");

  // Same MAC, another serial (a print server moved to another printer): not this device.
  stranger.mac = "00:11:22:33:44:55";
  stranger.macs = {"00:11:22:33:44:55"};
  ingest({identityReading(printer, stranger)}, clock.now());
  EXPECT_EQ(storage.findDevice(printer)->identity.serial, "SER-10.0.0.1");
}

TEST_F(MonitoringServiceTest, AnInvalidReadingIsRejectedAndTheOthersOfTheBatchStored) {
  const auto agent = activeAgent();
  const auto printer = device(agent, "10.0.0.1");
  proto::DeviceReadingData jammed{printer, "10.0.0.1", proto::ReadingData{}, std::nullopt, {}};
  jammed.reading->status =
      proto::StatusData{"error", "on", 5, 1, "0400", {"jammed"}, {"jammed"}, {}};
  auto batch = batchOf(1, 7, clock.now(), {jammed, jammed});
  batch.records[0].payload.erase("readAt");
  batch.records.push_back({3, proto::kMonitorReadingKind, {{"deviceId", "twelve"}}});
  const auto ingested = outbox.ingest(agent, batch);
  EXPECT_EQ(ingested.ack.stored, 1);
  EXPECT_EQ(ingested.ack.rejected, 2);
  EXPECT_EQ(ingested.ack.position, 3);  // a record that can never be stored does not block
  EXPECT_EQ(ingested.first_rejection, "invalid monitor-reading payload: missing field \"readAt\"");
  EXPECT_EQ((*service.status(printer))->status.conditions, std::vector<std::string>{"jammed"});
}

TEST_F(MonitoringServiceTest, AReadingFromAnAgentClockAheadIsTakenAsNowAndAnUnknownDeviceDropped) {
  const auto agent = activeAgent();
  const auto printer = device(agent, "10.0.0.1");
  proto::DeviceReadingData ok{printer, "10.0.0.1", proto::ReadingData{}, std::nullopt, {}};
  ok.reading->status = proto::StatusData{"ok", "on", 2, 3, "00", {}, {}, {}};
  proto::DeviceReadingData gone = ok;
  gone.device_id = 999;
  const auto ingested = outbox.ingest(agent, batchOf(1, 7, clock.now() + 2h, {ok, gone}));
  EXPECT_EQ(ingested.ack.stored, 2);
  EXPECT_EQ(ingested.ack.rejected, 0);
  EXPECT_EQ((*service.status(printer))->read_at, fromUnixSeconds(toUnixSeconds(clock.now())));
}

TEST_F(MonitoringServiceTest, AFailedCommandIsWarnedAbout) {
  const auto agent = activeAgent();
  const auto printer = device(agent, "10.0.0.1");
  ASSERT_TRUE(service.startPoll(agent, {printer}, {"status"}));
  const auto command = takeOne(agent);
  commands.complete(agent, command.id,
                    {CommandOutcome::Kind::kFailed, "{}", "outbox_failed",
                     "0 of 1 readings were queued", clock.now()});
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("outbox_failed 0 of 1 readings were queued"), std::string::npos);
  EXPECT_FALSE(service.status(printer)->has_value());
}

TEST_F(MonitoringServiceTest, RetentionIsValidatedStoredAndPurges) {
  EXPECT_EQ(service.retention(), RetentionSettings{});
  EXPECT_EQ(service.setRetention({0, 1, 1}).error().code, "invalid_input");
  ASSERT_TRUE(service.setRetention({2, 3, 4}));
  EXPECT_EQ(service.retention(), (RetentionSettings{2, 3, 4}));

  const auto agent = activeAgent();
  const auto printer = device(agent, "10.0.0.1");
  DeviceSnapshot day_one;
  day_one.device_id = printer;
  day_one.read_at = clock.now();
  day_one.counters = CounterValues{};
  storage.ingestSnapshots({day_one});
  clock.advance(24h * 3);
  EXPECT_EQ(service.purge().counter_days, 0);  // 3 days old: kept
  clock.advance(24h);
  EXPECT_EQ(service.purge().counter_days, 1);  // 4 days old: past 3
}

TEST_F(MonitoringServiceTest, FunctionChecksStoreTheAnswerAndSkipSupportedDevices) {
  const auto agent = activeAgent();
  const auto writable = device(agent, "10.0.0.1");
  const auto read_only = device(agent, "10.0.0.2");
  const auto started =
      startBuiltInTask(service, agent, {writable, read_only}, BuiltInTask::kCheckDeviceSettings);
  ASSERT_TRUE(started) << started.error().message;
  auto command = takeOne(agent);
  EXPECT_EQ(command.kind, "check-functions");
  const auto payload = proto::parseCheckFunctionsPayload(json::parse(command.payload_json));
  ASSERT_TRUE(payload) << payload.error.message;
  EXPECT_EQ(payload.value->functions, std::vector<std::string>{"deviceSettings"});
  ASSERT_EQ(payload.value->devices.size(), 2u);

  proto::CheckFunctionsData data;
  data.results = {{writable, "deviceSettings", "supported", ""},
                  {read_only, "deviceSettings", "not_supported", "refused: noAccess"}};
  commands.complete(
      agent, command.id,
      {CommandOutcome::Kind::kSucceeded, proto::toJson(data).dump(), "", "", clock.now()});
  const auto stored = *service.functionSupport(read_only);
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0].state, "not_supported");
  EXPECT_EQ(stored[0].reason, "refused: noAccess");
  EXPECT_EQ(service.devicesSupporting("deviceSettings"), std::set<std::int64_t>{writable});

  // The next check leaves out the supported device; once all are supported, nothing is sent.
  ASSERT_TRUE(
      startBuiltInTask(service, agent, {writable, read_only}, BuiltInTask::kCheckDeviceSettings));
  command = takeOne(agent);
  const auto again = proto::parseCheckFunctionsPayload(json::parse(command.payload_json));
  ASSERT_EQ(again.value->devices.size(), 1u);
  EXPECT_EQ(again.value->devices[0].device_id, read_only);
  const auto none = startBuiltInTask(service, agent, {writable}, BuiltInTask::kCheckDeviceSettings);
  ASSERT_TRUE(none);
  EXPECT_EQ(none->command_id, 0);
  // The address-book check is a separate function: the writable device is checked for it.
  ASSERT_TRUE(startBuiltInTask(service, agent, {writable}, BuiltInTask::kCheckAddressBook));
  EXPECT_EQ(takeOne(agent).kind, "check-functions");
  EXPECT_EQ(service.functionSupport(999).error().code, "not_found");
}

}  // namespace
}  // namespace pw::manager
