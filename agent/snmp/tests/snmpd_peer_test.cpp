// The codec against a real peer: Debian's snmpd, started on a free loopback port and fed
// datagrams built by encodeRequest from a plain UDP socket.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "agent/snmp/codec.hpp"
#include "agent/snmp/tests/snmpd_process.hpp"

extern char** environ;

namespace pw::agent::snmp {
namespace {

namespace fs = std::filesystem;

const Oid kSysDescr = {1, 3, 6, 1, 2, 1, 1, 1, 0};
const Oid kSysName = {1, 3, 6, 1, 2, 1, 1, 5, 0};
const Oid kSystem = {1, 3, 6, 1, 2, 1, 1};
constexpr const char* kSysNameValue = "pw-peer-test";

class SnmpdPeerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(fs::exists(PW_SNMPD)) << "snmpd not installed (apt-get install snmpd)";
    snmpd_.emplace(
        std::string("peer-") + ::testing::UnitTest::GetInstance()->current_test_info()->name(),
        kSysNameValue);
    port_ = snmpd_->port();

    socket_ = socket(AF_INET, SOCK_DGRAM, 0);
    ASSERT_GE(socket_, 0);
    peer_.sin_family = AF_INET;
    peer_.sin_port = htons(static_cast<std::uint16_t>(port_));
    peer_.sin_addr.s_addr = htonl(INADDR_LOOPBACK);

    // Ready when it answers; snmpd binds its port only after reading the configuration.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!get(kSysName, "public", 200)) {
      ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "snmpd did not answer";
      ASSERT_TRUE(snmpd_->running()) << "snmpd exited; see " << snmpd_->directory();
    }
  }

  void TearDown() override {
    if (socket_ >= 0) close(socket_);
    if (snmpd_ && HasFailure()) snmpd_->keepDirectory();
    snmpd_.reset();
  }

  // Sends the message and returns the first datagram back within timeout_ms.
  std::optional<std::string> exchange(const std::string& message, int timeout_ms) {
    sendto(socket_, message.data(), message.size(), 0, reinterpret_cast<sockaddr*>(&peer_),
           sizeof peer_);
    pollfd pfd{socket_, POLLIN, 0};
    if (poll(&pfd, 1, timeout_ms) != 1) return std::nullopt;
    std::string buffer(65535, '\0');
    const ssize_t n = recv(socket_, buffer.data(), buffer.size(), 0);
    if (n <= 0) return std::nullopt;
    buffer.resize(static_cast<std::size_t>(n));
    return buffer;
  }

  std::optional<Response> send(const Request& request, int timeout_ms = 2000) {
    const auto message = encodeRequest(request);
    EXPECT_TRUE(message);
    if (!message) return std::nullopt;
    const auto reply = exchange(message.value(), timeout_ms);
    if (!reply) return std::nullopt;
    auto response = decodeResponse(*reply);
    EXPECT_TRUE(response) << toString(response.error());
    if (!response) return std::nullopt;
    return std::move(response).value();
  }

  std::optional<Response> get(const Oid& oid, const std::string& community, int timeout_ms) {
    Request request;
    request.community = community;
    request.request_id = ++request_id_;
    request.varbinds = {{oid}};
    return send(request, timeout_ms);
  }

  std::optional<testing::SnmpdProcess> snmpd_;
  int port_ = 0;
  int socket_ = -1;
  sockaddr_in peer_{};
  std::int32_t request_id_ = 1000;
};

TEST_F(SnmpdPeerTest, GetReturnsTheConfiguredSysName) {
  Request request;
  request.community = "public";
  request.request_id = 424242;
  request.varbinds = {{kSysName}, {kSysDescr}};
  const auto response = send(request);
  ASSERT_TRUE(response);
  EXPECT_EQ(response->request_id, 424242);
  EXPECT_EQ(response->error_status, ErrorStatus::kNoError);
  ASSERT_EQ(response->varbinds.size(), 2U);
  EXPECT_EQ(response->varbinds[0].oid, kSysName);
  EXPECT_EQ(response->varbinds[0].value, Value{OctetString{kSysNameValue}});
  EXPECT_TRUE(std::holds_alternative<OctetString>(response->varbinds[1].value));
}

TEST_F(SnmpdPeerTest, GetNextAndGetBulkWalkForward) {
  Request next;
  next.community = "public";
  next.request_id = 7;
  next.type = PduType::kGetNext;
  next.varbinds = {{kSystem}};
  const auto first = send(next);
  ASSERT_TRUE(first);
  ASSERT_EQ(first->varbinds.size(), 1U);
  EXPECT_EQ(first->varbinds[0].oid, kSysDescr);

  Request bulk = next;
  bulk.request_id = 8;
  bulk.type = PduType::kGetBulk;
  bulk.max_repetitions = 5;
  const auto rows = send(bulk);
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->varbinds.size(), 5U);
  EXPECT_EQ(rows->varbinds[0].oid, kSysDescr);
  for (std::size_t i = 1; i < rows->varbinds.size(); ++i) {
    EXPECT_LT(rows->varbinds[i - 1].oid, rows->varbinds[i].oid);  // numeric, lexicographic
  }
  EXPECT_TRUE(std::holds_alternative<TimeTicks>(rows->varbinds[2].value));  // sysUpTime.0
}

TEST_F(SnmpdPeerTest, ErrorsDifferBetweenV1AndV2c) {
  const Oid missing = {1, 3, 6, 1, 2, 1, 1, 5, 1};
  const auto v2 = get(missing, "public", 2000);
  ASSERT_TRUE(v2);
  EXPECT_EQ(v2->error_status, ErrorStatus::kNoError);
  ASSERT_EQ(v2->varbinds.size(), 1U);
  EXPECT_EQ(v2->varbinds[0].value, Value{NoSuchInstance{}});

  Request v1;
  v1.version = Version::kV1;
  v1.community = "public";
  v1.request_id = 99;
  v1.varbinds = {{kSysName}, {missing}};
  const auto response = send(v1);
  ASSERT_TRUE(response);
  EXPECT_EQ(response->version, Version::kV1);
  EXPECT_EQ(response->error_status, ErrorStatus::kNoSuchName);
  EXPECT_EQ(response->error_index, 2);
}

TEST_F(SnmpdPeerTest, WrongCommunityGetsNoAnswer) {
  EXPECT_FALSE(get(kSysName, "not-the-community", 500));
  EXPECT_TRUE(get(kSysName, "public", 2000));  // still alive
}

}  // namespace
}  // namespace pw::agent::snmp
