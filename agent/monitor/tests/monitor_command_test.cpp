// The monitor command: payload refusals, the wire form of readings (parts, RFC 3805 states,
// errors, partial failures, order) queued as outbox records, the summary result, an outbox
// that refuses a record, and progress — with a test double of our own DeviceDriver
// interface. The SNMP driver itself is exercised against printwarden-sim in
// tests/e2e/test_monitoring.py and tests/poller_sim_test.cpp.
#include "agent/monitor/monitor_command.hpp"

#include <gtest/gtest.h>

namespace pw::agent::monitor {
namespace {

nlohmann::json payload(nlohmann::json parts = {"status", "supplies", "counters"}) {
  return {{"devices",
           {{{"deviceId", 12},
             {"address", "10.0.0.1"},
             {"port", 161},
             {"credentialId", 3},
             {"vendor", "HP"}},
            {{"deviceId", 13},
             {"address", "10.0.0.2"},
             {"port", 1161},
             {"credentialId", 3},
             {"vendor", ""}}}},
          {"credentials", {{{"id", 3}, {"version", "v2c"}, {"community", "site-b"}}}},
          {"parts", std::move(parts)},
          {"timeoutMs", 500},
          {"retries", 0}};
}

DeviceReading jammedReading() {
  DeviceReading r;
  r.status.severity = Severity::kError;
  r.status.power = PowerState::kOn;
  r.status.error_state = std::string("\x04\x00", 2);
  r.status.error_flags = {Condition::kJammed};
  r.status.conditions = {Condition::kJammed};
  Alert jam;
  jam.index = "1.5";
  jam.code = 8;
  jam.code_name = "jam";
  jam.severity = Severity::kError;
  jam.condition = Condition::kJammed;
  jam.description = std::string(2000, 'x');  // longer than the wire allows
  r.status.alerts = {jam};
  Supply toner;
  toner.index = "1.1";
  toner.max_capacity = Amount::from(100);
  toner.level = Amount::from(-3);
  r.supplies = {toner};
  r.counters.normalized[CounterField::kTotal] = CounterValue{48213, "impressions", "generic"};
  r.uptime_ticks = 8640000;
  return r;
}

// Answers the first device with a reading and fails the second as silent; records the request.
class ScriptedDriver final : public driver::DeviceDriver {
 public:
  [[nodiscard]] std::string_view protocol() const override { return "scripted"; }
  void discover(driver::DiscoverRequest, std::function<void(const driver::DiscoverProgress&)>,
                std::function<void(driver::DiscoverResult)> done) override {
    done({});
  }
  void monitor(driver::MonitorRequest request,
               std::function<void(const driver::MonitorProgress&)> progress,
               std::function<void(driver::MonitorResult)> done) override {
    seen = request;
    driver::MonitorResult result;
    result.devices.resize(request.devices.size());
    result.devices[0].reading = jammedReading();
    result.devices[0].partial_failures.push_back({"decode", "walk cut"});
    result.devices[1].error = driver::DeviceProblem{"timeout", "no response"};
    if (progress) progress({2, 2, 1});
    done(std::move(result));
  }
  driver::MonitorRequest seen;
};

// Stands in for the Agent's outbox: keeps the records, numbered from 41; refuses the record
// `fail_at` (0-based) when set.
struct RecordedQueue {
  std::vector<std::pair<std::string, nlohmann::json>> records;
  std::optional<std::size_t> fail_at;
  RecordQueue queue() {
    return [this](const char* kind, const std::string& payload,
                  std::string& error) -> std::optional<std::uint64_t> {
      if (fail_at && records.size() == *fail_at) {
        error = "No space left on device";
        return std::nullopt;
      }
      records.emplace_back(kind, nlohmann::json::parse(payload));
      return 40 + records.size();
    };
  }
};

TEST(MonitorCommand, RefusesMalformedPayloads) {
  FakeClock clock;
  ScriptedDriver driver;
  RecordedQueue queued;
  auto bad = payload();
  bad["devices"][0]["address"] = "10.0.0.300";
  auto result = runMonitorCommand({7, "monitor", 0, bad}, driver, clock, {}, queued.queue());
  EXPECT_FALSE(result.succeeded);
  EXPECT_EQ(result.error->code, "invalid_payload");
  EXPECT_NE(result.error->message.find("10.0.0.300"), std::string::npos);
  bad = payload({"toner"});
  result = runMonitorCommand({7, "monitor", 0, bad}, driver, clock, {}, queued.queue());
  EXPECT_EQ(result.error->code, "invalid_payload");
  EXPECT_TRUE(driver.seen.devices.empty());  // never reached the driver
  EXPECT_TRUE(queued.records.empty());
}

TEST(MonitorCommand, QueuesOneRecordPerDeviceInPayloadOrderAndAnswersTheSummary) {
  FakeClock clock;
  ScriptedDriver driver;
  RecordedQueue queued;
  const auto result =
      runMonitorCommand({7, "monitor", 0, payload()}, driver, clock, {}, queued.queue());
  ASSERT_TRUE(result.succeeded) << result.error->message;
  ASSERT_EQ(driver.seen.devices.size(), 2u);
  EXPECT_EQ(driver.seen.devices[1].endpoint.ipv4, 0x0a000002u);
  EXPECT_EQ(driver.seen.devices[1].port, 1161);
  EXPECT_EQ(driver.seen.devices[0].credential.community, "site-b");
  EXPECT_EQ(driver.seen.devices[0].vendor, "HP");
  EXPECT_EQ(driver.seen.transport.timeout_ms, 500);

  // The result carries only the summary: the readings are the records.
  const auto summary = proto::parseMonitorSummary(result.data);
  ASSERT_TRUE(summary) << summary.error.message;
  EXPECT_EQ(*summary.value, (proto::MonitorSummary{2, 1, 1, 41, 42}));
  ASSERT_EQ(queued.records.size(), 2u);
  std::vector<proto::MonitorReadingRecord> records;
  for (const auto& [kind, json] : queued.records) {
    EXPECT_EQ(kind, "monitor-reading");
    auto record = proto::parseMonitorReadingRecord(json);
    ASSERT_TRUE(record) << record.error.message;
    EXPECT_EQ(record.value->command_id, 7);
    EXPECT_EQ(record.value->read_at, toUnixSeconds(clock.now()));
    records.push_back(std::move(*record.value));
  }
  const auto& first = records[0].device;
  EXPECT_EQ(first.device_id, 12);
  EXPECT_EQ(first.address, "10.0.0.1");
  ASSERT_TRUE(first.reading && first.reading->status && first.reading->supplies);
  EXPECT_EQ(first.reading->status->severity, "error");
  EXPECT_EQ(first.reading->status->error_state_hex, "0400");
  EXPECT_EQ(first.reading->status->conditions, std::vector<std::string>{"jammed"});
  EXPECT_EQ(first.reading->status->alerts[0].condition, "jammed");
  EXPECT_EQ(first.reading->status->alerts[0].description.size(), 1024u);
  EXPECT_EQ(first.reading->supplies->items[0].level.state, "some_remaining");
  EXPECT_FALSE(first.reading->supplies->items[0].percent.has_value());
  EXPECT_EQ(first.reading->counters->normalized[0]->value, 48213);
  EXPECT_EQ(first.reading->uptime_ticks, 8640000);
  EXPECT_EQ(first.partial_failures[0].kind, "decode");
  const auto& second = records[1].device;
  EXPECT_EQ(second.device_id, 13);
  EXPECT_FALSE(second.reading.has_value());
  EXPECT_EQ(second.error->kind, "timeout");
}

TEST(MonitorCommand, AnOutboxThatRefusesARecordFailsTheCommandAndSaysWhatWasQueued) {
  FakeClock clock;
  ScriptedDriver driver;
  RecordedQueue queued;
  queued.fail_at = 1;
  const auto result =
      runMonitorCommand({7, "monitor", 0, payload()}, driver, clock, {}, queued.queue());
  EXPECT_FALSE(result.succeeded);
  EXPECT_EQ(result.error->code, "outbox_failed");
  EXPECT_EQ(result.error->message,
            "1 of 2 readings were queued; the others were lost: No space left on device");
  EXPECT_EQ(queued.records.size(), 1u);
}

TEST(MonitorCommand, ReportsOnlyTheAskedParts) {
  const std::vector<std::string> parts = {"counters"};
  const auto wire = toWire(jammedReading(), parts);
  EXPECT_FALSE(wire.status.has_value());
  EXPECT_FALSE(wire.supplies.has_value());
  ASSERT_TRUE(wire.counters.has_value());
  EXPECT_EQ(wire.uptime_ticks, 8640000);
}

TEST(MonitorCommand, PassesThePartsToTheDriverAndSendsIdentityAndMacs) {
  FakeClock clock;
  ScriptedDriver driver;
  RecordedQueue queued;
  const auto result = runMonitorCommand({8, "monitor", 0, payload({"identity", "supplies"})},
                                        driver, clock, {}, queued.queue());
  ASSERT_TRUE(result.succeeded) << result.error->message;
  EXPECT_EQ(driver.seen.parts,
            (Parts{.status = false, .supplies = true, .counters = false, .identity = true}));

  DeviceReading reading = jammedReading();
  reading.macs = {"00:1b:a9:0b:a7:52", "00:1b:a9:0b:a7:53"};
  identify::DeviceIdentity identity;
  identity.vendor = "Brother";
  identity.model = "HL-5370DW";
  identity.mac = "00:1b:a9:0b:a7:52";
  identity.name = std::string(300, 'n');  // longer than the wire allows
  identity.is_printer = true;
  reading.identity = identity;
  const std::vector<std::string> parts = {"status", "identity"};
  const auto wire = toWire(reading, parts);
  ASSERT_TRUE(wire.status && wire.identity);
  EXPECT_EQ(wire.status->macs, reading.macs);
  EXPECT_EQ(wire.identity->model, "HL-5370DW");
  EXPECT_EQ(wire.identity->macs, reading.macs);
  EXPECT_EQ(wire.identity->name.size(), 255u);
  EXPECT_TRUE(wire.identity->is_printer);
  // Not asked: not sent, even when the reading has it.
  EXPECT_FALSE(toWire(reading, std::vector<std::string>{"status"}).identity.has_value());
}

TEST(MonitorCommand, ADriverThatCannotMonitorFailsEveryDevice) {
  // The interface's default: a protocol without monitoring says so per device.
  class DiscoverOnly final : public driver::DeviceDriver {
   public:
    [[nodiscard]] std::string_view protocol() const override { return "ipp"; }
    void discover(driver::DiscoverRequest, std::function<void(const driver::DiscoverProgress&)>,
                  std::function<void(driver::DiscoverResult)> done) override {
      done({});
    }
  } driver;
  FakeClock clock;
  RecordedQueue queued;
  const auto result =
      runMonitorCommand({7, "monitor", 0, payload()}, driver, clock, {}, queued.queue());
  ASSERT_TRUE(result.succeeded);
  EXPECT_EQ(proto::parseMonitorSummary(result.data).value->failed, 2);
  ASSERT_EQ(queued.records.size(), 2u);
  for (const auto& [kind, json] : queued.records) {
    const auto record = proto::parseMonitorReadingRecord(json);
    ASSERT_TRUE(record);
    EXPECT_EQ(record.value->device.error->kind, "misconfigured");
    EXPECT_EQ(record.value->device.error->message, "the ipp driver cannot monitor devices");
  }
}

}  // namespace
}  // namespace pw::agent::monitor
