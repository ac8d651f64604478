// Golden examples: proto/agent/v1/examples/*.json are the contract both sides test against
// (the web console's suite validates the same files against the JSON Schemas). Parsing an
// example and writing it back must give the example again.
#include "proto/cpp/agent_messages.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

namespace pw::proto {
namespace {

using nlohmann::json;

json example(const std::string& name) {
  const auto path = std::filesystem::path(PW_PROTO_DIR) / "agent/v1/examples" / (name + ".json");
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << path;
  return json::parse(in);
}

template <typename Parse>
void expectRoundTrip(const std::string& name, Parse parse) {
  const auto golden = example(name);
  const auto parsed = parse(golden);
  ASSERT_TRUE(parsed) << name << ": " << parsed.error.message;
  EXPECT_EQ(toJson(*parsed.value), golden) << name;
}

// The payload of the command in "command-batch-<kind>" and the data of its result in
// "command-results-<kind>".
json payloadExample(const std::string& kind) {
  return example("command-batch-" + kind)["commands"][0]["payload"];
}
json dataExample(const std::string& kind) {
  return example("command-results-" + kind)["results"][0]["data"];
}

// One command kind's payload and result-data messages, for the typed round-trip test.
template <auto ParsePayload, auto ParseData>
struct CommandMessages {
  static constexpr auto parsePayload = ParsePayload;
  static constexpr auto parseData = ParseData;
};
struct DiscoverMessages : CommandMessages<parseDiscoverPayload, parseDiscoverData> {
  static constexpr const char* kKind = "discover";
};
struct MonitorMessages : CommandMessages<parseMonitorPayload, parseMonitorSummary> {
  static constexpr const char* kKind = "monitor";
};
struct CheckFunctionsMessages
    : CommandMessages<parseCheckFunctionsPayload, parseCheckFunctionsData> {
  static constexpr const char* kKind = "check-functions";
};
struct SetIdentityMessages : CommandMessages<parseSetIdentityPayload, parseSetIdentityData> {
  static constexpr const char* kKind = "set-identity";
};
struct ResetDeviceMessages : CommandMessages<parseResetDevicePayload, parseResetDeviceData> {
  static constexpr const char* kKind = "reset-device";
};

template <typename Messages>
class CommandMessagesTest : public ::testing::Test {};
using CommandKinds = ::testing::Types<DiscoverMessages, MonitorMessages, CheckFunctionsMessages,
                                      SetIdentityMessages, ResetDeviceMessages>;
TYPED_TEST_SUITE(CommandMessagesTest, CommandKinds);

// A command's payload inside its batch, and its result data, read and written back unchanged.
TYPED_TEST(CommandMessagesTest, PayloadAndDataRoundTrip) {
  const auto payload_wire = payloadExample(TypeParam::kKind);
  const auto payload = TypeParam::parsePayload(payload_wire);
  ASSERT_TRUE(payload) << payload.error.message;
  EXPECT_EQ(toJson(*payload.value), payload_wire);
  const auto data_wire = dataExample(TypeParam::kKind);
  const auto data = TypeParam::parseData(data_wire);
  ASSERT_TRUE(data) << data.error.message;
  EXPECT_EQ(toJson(*data.value), data_wire);
}

TEST(AgentMessages, GoldenExamplesRoundTrip) {
  expectRoundTrip("enrollment-request", parseEnrollmentRequest);
  expectRoundTrip("enrollment-response", parseEnrollmentResponse);
  expectRoundTrip("heartbeat", parseHeartbeat);
  expectRoundTrip("heartbeat-ack", parseHeartbeatAck);
  expectRoundTrip("command-batch", parseCommandBatch);
  expectRoundTrip("command-batch-empty", parseCommandBatch);
  expectRoundTrip("command-results", parseCommandResults);
  expectRoundTrip("command-batch-discover", parseCommandBatch);
  expectRoundTrip("command-results-discover", parseCommandResults);
  expectRoundTrip("command-progress", parseCommandProgressReport);
  expectRoundTrip("outbox-batch", [](const json& j) { return parseOutboxBatch(j); });
  expectRoundTrip("outbox-batch", [](json j) { return parseOutboxBatch(std::move(j)); });
  expectRoundTrip("outbox-ack", parseOutboxAck);
  expectRoundTrip("agent-status", parseAgentStatusSample);
  expectRoundTrip("command-batch-monitor", parseCommandBatch);
  expectRoundTrip("command-results-monitor", parseCommandResults);
  expectRoundTrip("monitor-reading", parseMonitorReadingRecord);
  expectRoundTrip("monitor-reading-error", parseMonitorReadingRecord);
  expectRoundTrip("monitor-reading-identity", parseMonitorReadingRecord);
  expectRoundTrip("command-batch-check-functions", parseCommandBatch);
  expectRoundTrip("command-results-check-functions", parseCommandResults);
  expectRoundTrip("command-batch-set-identity", parseCommandBatch);
  expectRoundTrip("command-results-set-identity", parseCommandResults);
  expectRoundTrip("command-batch-reset-device", parseCommandBatch);
  expectRoundTrip("command-results-reset-device", parseCommandResults);
}

TEST(AgentMessages, OutboxBatchIsCheckedStrictly) {
  const auto batch = parseOutboxBatch(example("outbox-batch"));
  ASSERT_TRUE(batch);
  ASSERT_EQ(batch.value->records.size(), 2u);
  EXPECT_EQ(batch.value->records[1].sequence, 42);
  const auto sample = parseAgentStatusSample(batch.value->records[0].payload);
  ASSERT_TRUE(sample) << sample.error.message;
  EXPECT_EQ(sample.value->rss_bytes, 18874368);

  auto bad = example("outbox-batch");
  bad["records"][1]["sequence"] = 41;
  EXPECT_EQ(parseOutboxBatch(bad).error.message,
            "field \"records\" must be in strictly increasing sequence order");
  bad = example("outbox-batch");
  bad["records"][0]["kind"] = "Agent Status";
  EXPECT_EQ(parseOutboxBatch(bad).error.message, "field \"kind\" has invalid characters");
  bad = example("outbox-batch");
  bad["stream"] = "not-hex";
  EXPECT_EQ(parseOutboxBatch(bad).error.message, "field \"stream\" has invalid characters");
  bad = example("outbox-batch");
  bad["records"][0]["payload"] = "text";
  EXPECT_EQ(parseOutboxBatch(bad).error.message, "field \"payload\" must be an object");
  EXPECT_EQ(parseOutboxBatch(std::move(bad)).error.message, "field \"payload\" must be an object");
  auto status = example("agent-status");
  status["cpuPercent"] = -1;
  EXPECT_EQ(parseAgentStatusSample(status).error.message, "field \"cpuPercent\" is out of range");
}

TEST(AgentMessages, MonitorPayloadAndDataReadAsTyped) {
  const auto payload = parseMonitorPayload(payloadExample("monitor"));
  ASSERT_TRUE(payload) << payload.error.message;
  ASSERT_EQ(payload.value->devices.size(), 2u);
  EXPECT_EQ(payload.value->devices[0].device_id, 12);
  EXPECT_EQ(payload.value->devices[0].vendor, "HP");
  EXPECT_EQ(payload.value->credentials[0].community, "site-b");
  EXPECT_EQ(payload.value->parts, (std::vector<std::string>{"status", "supplies", "counters"}));

  const auto summary = parseMonitorSummary(dataExample("monitor"));
  ASSERT_TRUE(summary) << summary.error.message;
  EXPECT_EQ(*summary.value, (MonitorSummary{2, 1, 1, 57, 58}));

  const auto record = parseMonitorReadingRecord(example("monitor-reading"));
  ASSERT_TRUE(record) << record.error.message;
  EXPECT_EQ(record.value->command_id, 91);
  const auto& first = record.value->device;
  ASSERT_TRUE(first.reading && first.reading->status && first.reading->supplies &&
              first.reading->counters);
  EXPECT_EQ(first.reading->status->severity, "error");
  EXPECT_EQ(first.reading->status->alerts[0].code_name, "jam");
  // RFC 3805 special values stay states, never a percentage.
  EXPECT_EQ(first.reading->supplies->items[1].level.state, "some_remaining");
  EXPECT_FALSE(first.reading->supplies->items[1].percent.has_value());
  EXPECT_EQ(first.reading->supplies->output_bins[0].remaining.state, "other");
  ASSERT_TRUE(first.reading->counters->normalized[0].has_value());
  EXPECT_EQ(first.reading->counters->normalized[0]->value, 48213);
  EXPECT_FALSE(first.reading->counters->normalized[2].has_value());  // no colour
  EXPECT_EQ(first.partial_failures.size(), 1u);
  const auto silent = parseMonitorReadingRecord(example("monitor-reading-error"));
  ASSERT_TRUE(silent) << silent.error.message;
  EXPECT_EQ(silent.value->device.error->kind, "timeout");
}

TEST(AgentMessages, CheckFunctionsPayloadAndDataReadAsTyped) {
  const auto wire = payloadExample("check-functions");
  const auto payload = parseCheckFunctionsPayload(wire);
  ASSERT_TRUE(payload) << payload.error.message;
  ASSERT_EQ(payload.value->devices.size(), 2u);
  EXPECT_EQ(payload.value->credentials[0].community, "site-b");
  EXPECT_EQ(payload.value->functions, (std::vector<std::string>{"addressBook", "deviceSettings"}));
  auto bad = wire;
  bad["functions"] = {"firmware"};
  EXPECT_EQ(parseCheckFunctionsPayload(bad).error.message,
            "field \"functions\" names an unknown function \"firmware\"");

  const auto data_wire = dataExample("check-functions");
  const auto data = parseCheckFunctionsData(data_wire);
  ASSERT_TRUE(data) << data.error.message;
  ASSERT_EQ(data.value->results.size(), 4u);
  EXPECT_EQ(data.value->results[1].state, "supported");
  auto bad_state = data_wire;
  bad_state["results"][0]["state"] = "maybe";
  EXPECT_EQ(parseCheckFunctionsData(bad_state).error.message, "unknown function state \"maybe\"");
}

TEST(AgentMessages, SetIdentityPayloadAndDataReadAsTyped) {
  const auto wire = payloadExample("set-identity");
  const auto payload = parseSetIdentityPayload(wire);
  ASSERT_TRUE(payload) << payload.error.message;
  EXPECT_EQ(payload.value->device.device_id, 12);
  EXPECT_EQ(payload.value->credential.community, "site-b-write");
  ASSERT_EQ(payload.value->values.size(), 2u);
  EXPECT_EQ(payload.value->values[1], (IdentityValueData{"location", "Building B, 2nd floor"}));
  auto bad = wire;
  bad["values"][1]["field"] = "serial";
  EXPECT_EQ(parseSetIdentityPayload(bad).error.message, "unknown identity field \"serial\"");
  bad = wire;
  bad["values"][1]["field"] = "name";
  EXPECT_EQ(parseSetIdentityPayload(bad).error.message, "field \"values\" names \"name\" twice");
  bad = wire;
  bad["devices"].push_back(wire["devices"][0]);
  EXPECT_FALSE(parseSetIdentityPayload(bad));
  bad = wire;
  bad["values"][0]["value"] = std::string(256, 'x');
  EXPECT_FALSE(parseSetIdentityPayload(bad));

  const auto data_wire = dataExample("set-identity");
  const auto data = parseSetIdentityData(data_wire);
  ASSERT_TRUE(data) << data.error.message;
  ASSERT_EQ(data.value->results.size(), 2u);
  EXPECT_TRUE(data.value->results[0].written);
  EXPECT_EQ(data.value->results[1].reason, "notWritable");
  auto unexplained = data_wire;
  unexplained["results"][1]["reason"] = "";
  EXPECT_FALSE(parseSetIdentityData(unexplained));
}

TEST(AgentMessages, ResetDevicePayloadAndDataReadAsTyped) {
  const auto wire = payloadExample("reset-device");
  const auto payload = parseResetDevicePayload(wire);
  ASSERT_TRUE(payload) << payload.error.message;
  EXPECT_EQ(payload.value->kind, "restart");
  ASSERT_EQ(payload.value->devices.size(), 2u);
  EXPECT_EQ(payload.value->credentials[0].community, "site-b-write");
  auto bad = wire;
  bad["kind"] = "reboot";
  EXPECT_EQ(parseResetDevicePayload(bad).error.message, "unknown reset kind \"reboot\"");
  bad = wire;
  bad["devices"][1]["credentialId"] = 5;
  EXPECT_FALSE(parseResetDevicePayload(bad));

  const auto data_wire = dataExample("reset-device");
  const auto data = parseResetDeviceData(data_wire);
  ASSERT_TRUE(data) << data.error.message;
  ASSERT_EQ(data.value->results.size(), 2u);
  EXPECT_TRUE(data.value->results[0].done);
  EXPECT_EQ(data.value->results[1].reason, "noAccess");
  auto unexplained = data_wire;
  unexplained["results"][1]["reason"] = "";
  EXPECT_FALSE(parseResetDeviceData(unexplained));
}

TEST(AgentMessages, MonitorMessagesAreCheckedStrictly) {
  const auto base = payloadExample("monitor");
  auto payload = base;
  payload["parts"] = {"status", "toner"};
  EXPECT_EQ(parseMonitorPayload(payload).error.message,
            "field \"parts\" names an unknown part \"toner\"");
  payload = base;
  payload["devices"][1]["credentialId"] = 9;
  EXPECT_EQ(parseMonitorPayload(payload).error.message,
            "device 13 names a credential the payload does not carry");
  payload = base;
  payload["devices"] = json::array();
  EXPECT_EQ(parseMonitorPayload(payload).error.message,
            "field \"devices\" needs at least 1 item(s)");

  auto both = example("monitor-reading-error");
  both["reading"] = {{"uptimeTicks", nullptr}};
  EXPECT_EQ(parseMonitorReadingRecord(both).error.message,
            "device 13 must have either a reading or an error");
  auto no_command = example("monitor-reading-error");
  no_command.erase("commandId");
  EXPECT_EQ(parseMonitorReadingRecord(no_command).error.message, "missing field \"commandId\"");
  const auto reading = example("monitor-reading");
  auto bad_state = reading;
  bad_state["reading"]["supplies"]["items"][0]["level"] = {{"state", "half"}};
  EXPECT_EQ(parseMonitorReadingRecord(bad_state).error.message,
            "field \"level\" has an unknown state");
  auto bad_field = reading;
  bad_field["reading"]["counters"]["normalized"]["duplex"] = {
      {"value", 1}, {"unit", "sheets"}, {"source", "x"}};
  EXPECT_EQ(parseMonitorReadingRecord(bad_field).error.message,
            "field \"normalized\" names an unknown counter \"duplex\"");

  auto summary = dataExample("monitor");
  summary["failed"] = 0;
  EXPECT_EQ(parseMonitorSummary(summary).error.message,
            "fields \"answered\" and \"failed\" must add up to \"devices\"");
}

TEST(AgentMessages, IdentityPartAndMacsReadAsTyped) {
  const auto record = parseMonitorReadingRecord(example("monitor-reading-identity"));
  ASSERT_TRUE(record) << record.error.message;
  const auto& first = *record.value->device.reading;
  EXPECT_FALSE(first.status.has_value());  // not asked
  ASSERT_TRUE(first.identity.has_value());
  EXPECT_EQ(first.identity->model, "LaserJet MFP M130nw");
  EXPECT_EQ(first.identity->macs.size(), 2u);
  EXPECT_TRUE(first.identity->is_printer);

  const auto monitor = example("monitor-reading");
  const auto with_macs = parseMonitorReadingRecord(monitor);
  ASSERT_TRUE(with_macs);
  EXPECT_EQ(with_macs.value->device.reading->status->macs,
            std::vector<std::string>{"00:1b:a9:0b:a7:52"});
  // An Agent older than the field sends no "macs": read as none exposed.
  auto old = monitor;
  old["reading"]["status"].erase("macs");
  const auto old_parsed = parseMonitorReadingRecord(old);
  ASSERT_TRUE(old_parsed) << old_parsed.error.message;
  EXPECT_TRUE(old_parsed.value->device.reading->status->macs.empty());
  auto bad_mac = monitor;
  bad_mac["reading"]["status"]["macs"] = {"001ba90ba752"};
  EXPECT_FALSE(parseMonitorReadingRecord(bad_mac));
  auto payload = payloadExample("monitor");
  payload["parts"] = {"identity", "supplies"};
  EXPECT_TRUE(parseMonitorPayload(payload));
}

TEST(AgentMessages, DiscoverPayloadAndDataReadAsTyped) {
  const auto batch = parseCommandBatch(example("command-batch-discover"));
  ASSERT_TRUE(batch);
  ASSERT_EQ(batch.value->commands.size(), 1u);
  EXPECT_EQ(batch.value->commands[0].kind, "discover");
  const auto payload = parseDiscoverPayload(batch.value->commands[0].payload);
  ASSERT_TRUE(payload) << payload.error.message;
  EXPECT_EQ(payload.value->addresses.size(), 3u);
  EXPECT_EQ(payload.value->hostnames, (std::vector<std::string>{"mfp1.example.com"}));
  ASSERT_EQ(payload.value->credentials.size(), 2u);
  EXPECT_EQ(payload.value->credentials[0].community, "site-b");
  ASSERT_TRUE(payload.value->credentials[1].v3.has_value());
  EXPECT_EQ(payload.value->credentials[1].v3->auth_protocol, "SHA-256");
  EXPECT_EQ(payload.value->port, 161);

  const auto data = parseDiscoverData(dataExample("discover"));
  ASSERT_TRUE(data) << data.error.message;
  ASSERT_EQ(data.value->devices.size(), 1u);
  EXPECT_TRUE(data.value->devices[0].is_printer);
  EXPECT_EQ(data.value->devices[0].serial, "VNB3K12345");
  EXPECT_EQ(data.value->silent, 1);
  EXPECT_EQ(data.value->failures[0].kind, "decode");
}

TEST(AgentMessages, DiscoverPayloadIsCheckedStrictly) {
  auto payload = payloadExample("discover");
  payload["credentials"] = json::array();
  EXPECT_EQ(parseDiscoverPayload(payload).error.message,
            "field \"credentials\" needs at least 1 item(s)");
  payload = payloadExample("discover");
  payload["credentials"][0]["version"] = "v4";
  EXPECT_EQ(parseDiscoverPayload(payload).error.message,
            "field \"version\" must be \"v1\", \"v2c\" or \"v3\"");
  payload = payloadExample("discover");
  payload["credentials"][1].erase("v3");
  EXPECT_EQ(parseDiscoverPayload(payload).error.message, "missing field \"v3\"");
  payload = payloadExample("discover");
  payload["addresses"] = json::array();
  payload["hostnames"] = json::array();
  EXPECT_EQ(parseDiscoverPayload(payload).error.message,
            "fields \"addresses\" and \"hostnames\" are both empty");
  payload = payloadExample("discover");
  payload["port"] = 0;
  EXPECT_EQ(parseDiscoverPayload(payload).error.message, "field \"port\" is out of range");
  payload = payloadExample("discover");
  payload["addresses"] = json::array({1});
  EXPECT_EQ(parseDiscoverPayload(payload).error.message,
            "field \"addresses\" must be a list of strings");
  auto data = dataExample("discover");
  data["devices"][0].erase("isPrinter");
  EXPECT_EQ(parseDiscoverData(data).error.message, "missing field \"isPrinter\"");
}

TEST(AgentMessages, EveryExampleFileIsCovered) {
  std::set<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::path(PW_PROTO_DIR) /
                                                               "agent/v1/examples")) {
    names.insert(entry.path().stem().string());
  }
  EXPECT_EQ(names, (std::set<std::string>{"command-batch",
                                          "command-batch-discover",
                                          "command-batch-empty",
                                          "command-results",
                                          "command-results-discover",
                                          "command-progress",
                                          "enrollment-request",
                                          "enrollment-response",
                                          "heartbeat",
                                          "heartbeat-ack",
                                          "outbox-batch",
                                          "outbox-ack",
                                          "agent-status",
                                          "command-batch-monitor",
                                          "command-results-monitor",
                                          "monitor-reading",
                                          "monitor-reading-error",
                                          "monitor-reading-identity",
                                          "command-batch-check-functions",
                                          "command-results-check-functions",
                                          "command-batch-set-identity",
                                          "command-results-set-identity",
                                          "command-batch-reset-device",
                                          "command-results-reset-device"}));
}

TEST(AgentMessages, GoldenFieldsReadAsTyped) {
  const auto results = parseCommandResults(example("command-results"));
  ASSERT_TRUE(results);
  ASSERT_EQ(results.value->results.size(), 2u);
  EXPECT_TRUE(results.value->results[0].succeeded);
  EXPECT_FALSE(results.value->results[1].succeeded);
  EXPECT_EQ(results.value->results[1].error->code, "unsupported_command");
}

TEST(AgentMessages, ReportsTheOffendingField) {
  auto heartbeat = example("heartbeat");
  heartbeat.erase("hostname");
  EXPECT_EQ(parseHeartbeat(heartbeat).error.message, "missing field \"hostname\"");
  heartbeat = example("heartbeat");
  heartbeat["startedAt"] = "yesterday";
  EXPECT_EQ(parseHeartbeat(heartbeat).error.message, "field \"startedAt\" must be an integer");
  auto response = example("enrollment-response");
  response["agentPort"] = 70000;
  EXPECT_EQ(parseEnrollmentResponse(response).error.message, "field \"agentPort\" is out of range");
  auto results = example("command-results");
  results["results"][0]["outcome"] = "maybe";
  EXPECT_FALSE(parseCommandResults(results));
  EXPECT_EQ(parseHeartbeat(json::array()).error.message, "message must be a JSON object");
}

TEST(AgentMessages, IgnoresUnknownFieldsForForwardCompatibility) {
  auto heartbeat = example("heartbeat");
  heartbeat["futureField"] = 1;
  EXPECT_TRUE(parseHeartbeat(heartbeat));
}

TEST(AgentMessages, MalformedTextIsNotJson) {
  EXPECT_FALSE(parseJsonText("{\"a\":"));
  EXPECT_TRUE(parseJsonText("{\"a\":1}"));
}

}  // namespace
}  // namespace pw::proto
