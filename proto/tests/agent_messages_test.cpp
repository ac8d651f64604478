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

TEST(AgentMessages, GoldenExamplesRoundTrip) {
  expectRoundTrip("enrollment-request", parseEnrollmentRequest);
  expectRoundTrip("enrollment-response", parseEnrollmentResponse);
  expectRoundTrip("heartbeat", parseHeartbeat);
  expectRoundTrip("heartbeat-ack", parseHeartbeatAck);
  expectRoundTrip("command-batch", parseCommandBatch);
  expectRoundTrip("command-batch-empty", parseCommandBatch);
  expectRoundTrip("command-results", parseCommandResults);
}

TEST(AgentMessages, EveryExampleFileIsCovered) {
  std::set<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::path(PW_PROTO_DIR) /
                                                               "agent/v1/examples")) {
    names.insert(entry.path().stem().string());
  }
  EXPECT_EQ(names, (std::set<std::string>{"command-batch", "command-batch-empty", "command-results",
                                          "enrollment-request", "enrollment-response", "heartbeat",
                                          "heartbeat-ack"}));
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
