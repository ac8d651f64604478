// SNMPv3: key derivation against the RFC 3414 appendix A vectors, both directions of the message
// codec through the agent-side USM (every auth/priv pair, every Report), hostile input.
// Interoperability with Debian's snmpd and snmpget is in engine_v3_test.cpp.
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "agent/snmp/codec.hpp"
#include "agent/snmp/usm_agent.hpp"
#include "agent/snmp/v3_codec.hpp"
#include "common/core/hex.hpp"

namespace pw::agent::snmp {
namespace {

const std::string kEngine = std::string("\x80\x00\x1f\x88\x80\x01\x02\x03\x04", 9);

LocalizedKeys keysFor(AuthProtocol auth, const std::string& auth_password, PrivProtocol priv,
                      const std::string& priv_password, const std::string& engine = kEngine) {
  auto auth_key = passwordToKey(auth, auth_password);
  std::string priv_key;
  if (priv != PrivProtocol::kNone) priv_key = passwordToKey(auth, priv_password).value();
  EXPECT_TRUE(auth_key);
  auto keys = localizeKeys(auth, auth_key.value(), priv, priv_key, engine);
  EXPECT_TRUE(keys);
  return keys.value();
}

V3Message getRequest(const std::string& user, SecurityLevel level, std::int32_t time = 10) {
  V3Message message;
  message.header.msg_id = 77;
  message.header.level = level;
  message.header.reportable = true;
  message.header.engine_id = kEngine;
  message.header.engine_boots = 3;
  message.header.engine_time = time;
  message.header.user_name = user;
  message.pdu.context_engine_id = kEngine;
  message.pdu.context_name = "ctx";
  message.pdu.type = V3PduType::kGet;
  message.pdu.request_id = 4242;
  message.pdu.varbinds = {{Oid{1, 3, 6, 1, 2, 1, 1, 5, 0}, Null{}}};
  return message;
}

const LocalEngine kLocal{kEngine, 3, 12};

// RFC 3414 A.3.1 / A.3.2: password "maplesyrup", engine ID 00..02.
TEST(UsmKeyTest, MatchesTheRfcVectors) {
  const std::string engine = std::string(11, '\0') + '\x02';
  const auto md5 = passwordToKey(AuthProtocol::kMd5, "maplesyrup");
  ASSERT_TRUE(md5);
  EXPECT_EQ(hexEncode(md5.value()), "9faf3283884e92834ebc9847d8edd963");
  const auto md5_local =
      localizeKeys(AuthProtocol::kMd5, md5.value(), PrivProtocol::kNone, "", engine);
  ASSERT_TRUE(md5_local);
  EXPECT_EQ(hexEncode(md5_local->auth_key), "526f5eed9fcce26f8964c2930787d82b");
  const auto sha = passwordToKey(AuthProtocol::kSha1, "maplesyrup");
  ASSERT_TRUE(sha);
  EXPECT_EQ(hexEncode(sha.value()), "9fb5cc0381497b3793528939ff788d5d79145211");
  const auto sha_local =
      localizeKeys(AuthProtocol::kSha1, sha.value(), PrivProtocol::kNone, "", engine);
  ASSERT_TRUE(sha_local);
  EXPECT_EQ(hexEncode(sha_local->auth_key), "6695febc9288e36282235fc7151f128497b38f3f");
}

TEST(UsmKeyTest, RefusesShortPasswordsAndPrivacyWithoutAuthentication) {
  EXPECT_EQ(passwordToKey(AuthProtocol::kSha1, "short").error(), CodecError::kBadKey);
  EXPECT_EQ(passwordToKey(AuthProtocol::kNone, "long enough").error(), CodecError::kBadKey);
  EXPECT_EQ(localizeKeys(AuthProtocol::kNone, "", PrivProtocol::kAes128, "x", kEngine).error(),
            CodecError::kBadKey);
  EXPECT_EQ(digestLength(AuthProtocol::kMd5), 12U);
  EXPECT_EQ(digestLength(AuthProtocol::kSha1), 12U);
  EXPECT_EQ(digestLength(AuthProtocol::kSha224), 16U);
  EXPECT_EQ(digestLength(AuthProtocol::kSha256), 24U);
  EXPECT_EQ(digestLength(AuthProtocol::kSha384), 32U);
  EXPECT_EQ(digestLength(AuthProtocol::kSha512), 48U);
}

// The two AES-256 key extensions differ only when the hash is shorter than 32 bytes.
TEST(UsmKeyTest, Aes256ExtensionsDifferOnlyForShortHashes) {
  const auto blumenthal =
      keysFor(AuthProtocol::kSha1, "authpass1", PrivProtocol::kAes256, "privpass1");
  const auto reeder =
      keysFor(AuthProtocol::kSha1, "authpass1", PrivProtocol::kAes256Reeder, "privpass1");
  EXPECT_EQ(blumenthal.priv_key.size(), 32U);
  EXPECT_EQ(reeder.priv_key.size(), 32U);
  EXPECT_EQ(blumenthal.priv_key.substr(0, 20), reeder.priv_key.substr(0, 20));
  EXPECT_NE(blumenthal.priv_key, reeder.priv_key);
  const auto long_a =
      keysFor(AuthProtocol::kSha256, "authpass1", PrivProtocol::kAes256, "privpass1");
  const auto long_b =
      keysFor(AuthProtocol::kSha256, "authpass1", PrivProtocol::kAes256Reeder, "privpass1");
  EXPECT_EQ(long_a.priv_key, long_b.priv_key);
}

TEST(UsmKeyTest, ProtocolNamesRoundTrip) {
  for (auto p : {AuthProtocol::kMd5, AuthProtocol::kSha1, AuthProtocol::kSha224,
                 AuthProtocol::kSha256, AuthProtocol::kSha384, AuthProtocol::kSha512}) {
    EXPECT_EQ(parseAuthProtocol(toString(p)), p);
  }
  for (auto p : {PrivProtocol::kDes, PrivProtocol::kAes128, PrivProtocol::kAes256,
                 PrivProtocol::kAes256Reeder}) {
    EXPECT_EQ(parsePrivProtocol(toString(p)), p);
  }
  for (auto l :
       {SecurityLevel::kNoAuthNoPriv, SecurityLevel::kAuthNoPriv, SecurityLevel::kAuthPriv}) {
    EXPECT_EQ(parseSecurityLevel(toString(l)), l);
  }
  EXPECT_FALSE(parseSecurityLevel("authOnly"));
  EXPECT_FALSE(parseAuthProtocol("sha-3"));
  EXPECT_FALSE(parsePrivProtocol("3des"));
}

struct Combination {
  AuthProtocol auth;
  PrivProtocol priv;
};

class V3RoundTripTest : public ::testing::TestWithParam<Combination> {};

// Manager request → agent → response → manager, at the strongest level the pair allows.
TEST_P(V3RoundTripTest, RequestAndResponseGoThroughTheAgentSide) {
  const auto [auth, priv] = GetParam();
  const SecurityLevel level =
      priv != PrivProtocol::kNone ? SecurityLevel::kAuthPriv : SecurityLevel::kAuthNoPriv;
  const UsmAgent agent({{"alice", auth, "auth-secret", priv, "priv-secret"}});
  const LocalizedKeys keys = keysFor(auth, "auth-secret", priv, "priv-secret");
  const V3Message request = getRequest("alice", level);
  const auto bytes = encodeV3(request, keys, 0x0102030405060708ULL);
  ASSERT_TRUE(bytes) << toString(bytes.error());

  const Incoming incoming = agent.receive(bytes.value(), kLocal);
  ASSERT_EQ(incoming.kind, Incoming::Kind::kRequest) << incoming.reason;
  EXPECT_EQ(incoming.request.header, request.header);
  EXPECT_EQ(incoming.request.pdu, request.pdu);

  Response response;
  response.request_id = 4242;
  response.varbinds = {{Oid{1, 3, 6, 1, 2, 1, 1, 5, 0}, OctetString{"printer-7"}},
                       {Oid{1, 3, 6, 1, 2, 1, 31, 1, 1, 1, 6, 1}, Counter64{1ULL << 40}}};
  const auto reply = agent.respond(incoming, response, kLocal, 99);
  ASSERT_TRUE(reply) << toString(reply.error());
  const auto envelope = parseV3(reply.value());
  ASSERT_TRUE(envelope);
  EXPECT_EQ(envelope->header.level, level);
  EXPECT_EQ(envelope->header.msg_id, 77);
  EXPECT_EQ(envelope->header.engine_time, 12);
  EXPECT_EQ(envelope->auth_params.size(), digestLength(auth));
  const auto opened = openV3(envelope.value(), keys);
  ASSERT_TRUE(opened) << toString(opened.error());
  EXPECT_EQ(opened->type, V3PduType::kResponse);
  EXPECT_EQ(opened->request_id, 4242);
  EXPECT_EQ(opened->context_name, "ctx");
  EXPECT_EQ(opened->varbinds, response.varbinds);
  if (priv != PrivProtocol::kNone) {
    // Encrypted: the value is not visible on the wire.
    EXPECT_EQ(reply->find("printer-7"), std::string::npos);
    const LocalizedKeys other = keysFor(auth, "auth-secret", priv, "other-priv");
    EXPECT_EQ(openV3(envelope.value(), other).error(), CodecError::kDecryptionFailed);
  }
  const LocalizedKeys wrong = keysFor(auth, "other-auth", priv, "priv-secret");
  EXPECT_EQ(openV3(envelope.value(), wrong).error(), CodecError::kWrongDigest);
}

INSTANTIATE_TEST_SUITE_P(
    AllPairs, V3RoundTripTest,
    ::testing::Values(Combination{AuthProtocol::kMd5, PrivProtocol::kNone},
                      Combination{AuthProtocol::kMd5, PrivProtocol::kDes},
                      Combination{AuthProtocol::kMd5, PrivProtocol::kAes256},
                      Combination{AuthProtocol::kSha1, PrivProtocol::kAes128},
                      Combination{AuthProtocol::kSha1, PrivProtocol::kAes256Reeder},
                      Combination{AuthProtocol::kSha224, PrivProtocol::kDes},
                      Combination{AuthProtocol::kSha256, PrivProtocol::kAes256},
                      Combination{AuthProtocol::kSha384, PrivProtocol::kAes128},
                      Combination{AuthProtocol::kSha512, PrivProtocol::kAes256}));

// Decodes a Report and returns its single usmStats varbind's counter number.
std::uint32_t reportKind(const Incoming& incoming, const LocalizedKeys& keys = {}) {
  EXPECT_EQ(incoming.kind, Incoming::Kind::kReport) << incoming.reason;
  const auto envelope = parseV3(incoming.report);
  EXPECT_TRUE(envelope);
  if (!envelope) return 0;
  const auto pdu = openV3(envelope.value(), keys);
  EXPECT_TRUE(pdu);
  if (!pdu || pdu->varbinds.size() != 1) return 0;
  EXPECT_EQ(pdu->type, V3PduType::kReport);
  EXPECT_EQ(envelope->header.engine_id, kEngine);
  return pdu->varbinds[0].oid[9];
}

TEST(UsmAgentTest, ReportsEachSecurityFailure) {
  const UsmAgent agent(
      {{"alice", AuthProtocol::kSha256, "auth-secret", PrivProtocol::kAes128, "priv-secret"},
       {"bob", AuthProtocol::kMd5, "bob-secret", PrivProtocol::kNone, ""}});
  const LocalizedKeys alice =
      keysFor(AuthProtocol::kSha256, "auth-secret", PrivProtocol::kAes128, "priv-secret");

  // Discovery: empty engine ID and user, noAuthNoPriv.
  V3Message probe = getRequest("", SecurityLevel::kNoAuthNoPriv);
  probe.header.engine_id.clear();
  probe.pdu.varbinds.clear();
  const Incoming discovery = agent.receive(encodeV3(probe, {}).value(), kLocal);
  EXPECT_EQ(reportKind(discovery), 4U);
  const auto discovered = parseV3(discovery.report);
  EXPECT_EQ(discovered->header.engine_boots, 3);
  EXPECT_EQ(discovered->header.engine_time, 12);
  EXPECT_EQ(openV3(discovered.value(), {})->request_id, 4242);

  EXPECT_EQ(reportKind(agent.receive(
                encodeV3(getRequest("carol", SecurityLevel::kNoAuthNoPriv), {}).value(), kLocal)),
            3U);
  const LocalizedKeys bob = keysFor(AuthProtocol::kMd5, "bob-secret", PrivProtocol::kNone, "");
  LocalizedKeys bob_with_priv =
      keysFor(AuthProtocol::kMd5, "bob-secret", PrivProtocol::kAes128, "whatever1");
  EXPECT_EQ(
      reportKind(agent.receive(
          encodeV3(getRequest("bob", SecurityLevel::kAuthPriv), bob_with_priv).value(), kLocal)),
      1U);
  const LocalizedKeys wrong =
      keysFor(AuthProtocol::kSha256, "wrong-secret", PrivProtocol::kAes128, "priv-secret");
  EXPECT_EQ(reportKind(agent.receive(
                encodeV3(getRequest("alice", SecurityLevel::kAuthPriv), wrong).value(), kLocal)),
            5U);
  const LocalizedKeys wrong_priv =
      keysFor(AuthProtocol::kSha256, "auth-secret", PrivProtocol::kAes128, "wrong-priv");
  EXPECT_EQ(
      reportKind(agent.receive(
          encodeV3(getRequest("alice", SecurityLevel::kAuthPriv), wrong_priv).value(), kLocal)),
      6U);
  // Out of the time window: the Report is authenticated with alice's keys.
  const Incoming late = agent.receive(
      encodeV3(getRequest("alice", SecurityLevel::kAuthPriv, 1000), alice).value(), kLocal);
  EXPECT_EQ(reportKind(late, alice), 2U);
  EXPECT_EQ(parseV3(late.report)->header.level, SecurityLevel::kAuthNoPriv);
  // Not reportable: dropped silently.
  V3Message quiet = getRequest("carol", SecurityLevel::kNoAuthNoPriv);
  quiet.header.reportable = false;
  EXPECT_EQ(agent.receive(encodeV3(quiet, {}).value(), kLocal).kind, Incoming::Kind::kDrop);
  EXPECT_EQ(
      agent.receive(encodeV3(getRequest("bob", SecurityLevel::kAuthNoPriv), bob).value(), kLocal)
          .kind,
      Incoming::Kind::kRequest);
}

TEST(UsmAgentTest, RefusesUnusablePasswords) {
  EXPECT_THROW(UsmAgent({{"x", AuthProtocol::kSha1, "short", PrivProtocol::kNone, ""}}),
               std::invalid_argument);
  EXPECT_THROW(UsmAgent({{"x", AuthProtocol::kNone, "", PrivProtocol::kDes, "long enough"}}),
               std::invalid_argument);
}

TEST(V3CodecTest, TellsVersionsApart) {
  const auto v2c = encodeRequest(Version::kV2c, "public", 1, PduType::kGet, {{Oid{1, 3, 6}}});
  ASSERT_TRUE(v2c);
  EXPECT_EQ(parseV3(v2c.value()).error(), CodecError::kUnsupportedVersion);
  const auto v3 = encodeV3(getRequest("u", SecurityLevel::kNoAuthNoPriv), {});
  ASSERT_TRUE(v3);
  EXPECT_EQ(decodeResponse(v3.value()).error(), CodecError::kUnsupportedVersion);
  EXPECT_EQ(encodeRequest(Version::kV3, "", 1, PduType::kGet, {{Oid{1, 3, 6}}}).error(),
            CodecError::kUnsupportedVersion);
  // Missing keys for the level asked for.
  EXPECT_EQ(encodeV3(getRequest("u", SecurityLevel::kAuthNoPriv), {}).error(), CodecError::kBadKey);
}

std::vector<std::string> samples() {
  const LocalizedKeys keys =
      keysFor(AuthProtocol::kSha1, "auth-secret", PrivProtocol::kDes, "priv-secret");
  std::vector<std::string> out;
  out.push_back(encodeV3(getRequest("alice", SecurityLevel::kNoAuthNoPriv), {}).value());
  out.push_back(encodeV3(getRequest("alice", SecurityLevel::kAuthNoPriv), keys).value());
  out.push_back(encodeV3(getRequest("alice", SecurityLevel::kAuthPriv), keys, 5).value());
  return out;
}

TEST(V3CodecTest, TruncatedMessagesAreErrorsAtEveryLength) {
  const UsmAgent agent(
      {{"alice", AuthProtocol::kSha1, "auth-secret", PrivProtocol::kDes, "priv-secret"}});
  for (const std::string& bytes : samples()) {
    for (std::size_t length = 0; length < bytes.size(); ++length) {
      const std::string_view cut(bytes.data(), length);
      EXPECT_FALSE(parseV3(cut)) << "length " << length;
      EXPECT_NE(agent.receive(cut, kLocal).kind, Incoming::Kind::kRequest) << "length " << length;
    }
  }
}

TEST(V3CodecTest, RandomAndMutatedInputNeverCrashes) {
  std::mt19937 random(20261121);  // fixed seed: a failure is reproducible
  const UsmAgent agent(
      {{"alice", AuthProtocol::kSha1, "auth-secret", PrivProtocol::kDes, "priv-secret"}});
  const LocalizedKeys keys =
      keysFor(AuthProtocol::kSha1, "auth-secret", PrivProtocol::kDes, "priv-secret");
  const std::vector<std::string> valid = samples();
  std::uniform_int_distribution<int> byte(0, 255);
  int parsed = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string input;
    if (round % 4 == 0) {
      input.resize(static_cast<std::size_t>(random() % 200));
      for (char& c : input) c = static_cast<char>(byte(random));
      if (input.size() > 4 && round % 8 == 0) input.replace(0, 5, "\x30\x40\x02\x01\x03", 5);
    } else {
      input = valid[static_cast<std::size_t>(round) % valid.size()];
      const int flips = 1 + static_cast<int>(random() % 4);
      for (int f = 0; f < flips; ++f) {
        input[random() % input.size()] = static_cast<char>(byte(random));
      }
    }
    if (auto envelope = parseV3(input)) {
      ++parsed;
      (void)openV3(envelope.value(), keys);
    }
    (void)agent.receive(input, kLocal);
  }
  EXPECT_GT(parsed, 0);  // mutations of value bytes still parse; reaching here is the test
}

}  // namespace
}  // namespace pw::agent::snmp
