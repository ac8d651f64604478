// The credential rules of manager/core: kinds, field split, validation and the sealed
// plaintext's encoding.
#include "manager/core/credential.hpp"

#include <gtest/gtest.h>

namespace pw::manager {
namespace {

// Splits and normalises; the problem's message, or "" when valid.
std::string check(CredentialKind kind, const CredentialFields& input,
                  CredentialFields* pub_out = nullptr, CredentialFields* sec_out = nullptr) {
  CredentialFields pub;
  CredentialFields sec;
  if (auto p = splitCredentialFields(kind, input, pub, sec)) return p->message;
  if (auto p = normalizeCredential(kind, pub, sec)) return p->message;
  if (pub_out) *pub_out = pub;
  if (sec_out) *sec_out = sec;
  return "";
}

TEST(Credential, KindsAndAccessRoundTripThroughTheirNames) {
  for (const auto kind : kCredentialKinds) {
    EXPECT_EQ(credentialKindFromString(toString(kind)), kind);
  }
  EXPECT_EQ(credentialKindFromString("systemManager"), CredentialKind::kSystemManager);
  EXPECT_FALSE(credentialKindFromString("SNMPv1"));
  EXPECT_EQ(credentialAccessFromString("readWrite"), CredentialAccess::kReadWrite);
  EXPECT_FALSE(credentialAccessFromString("write"));
}

TEST(Credential, UnknownFieldsAreRefusedNamingTheKindsFields) {
  EXPECT_EQ(check(CredentialKind::kSnmpV1, {{"version", "v2c"}, {"community", "x"}, {"user", "a"}}),
            "fields.user is not a field of snmpv1 credentials; they have version, community");
  EXPECT_EQ(check(CredentialKind::kPassword, {{"username", "a"}, {"password", "p"}}),
            "fields.username is not a field of password credentials; they have password");
}

TEST(Credential, SnmpV1NeedsAVersionAndACommunity) {
  EXPECT_EQ(check(CredentialKind::kSnmpV1, {{"community", "public"}}),
            "fields.version is required");
  EXPECT_EQ(check(CredentialKind::kSnmpV1, {{"version", "v3"}, {"community", "public"}}),
            "fields.version must be one of v1, v2c");
  EXPECT_EQ(check(CredentialKind::kSnmpV1, {{"version", "v1"}}), "fields.community is required");
  EXPECT_EQ(
      check(CredentialKind::kSnmpV1, {{"version", "v1"}, {"community", std::string(65, 'c')}}),
      "fields.community must be 1 to 64 characters long");
  EXPECT_EQ(check(CredentialKind::kSnmpV1, {{"version", "v1"}, {"community", "a\nb"}}),
            "fields.community must not contain control characters");
  EXPECT_EQ(
      check(CredentialKind::kSnmpV1, {{"version", "v1"}, {"community", std::string(64, 'c')}}), "");
  // 64 characters of two bytes each still fit: limits count characters.
  std::string accented;
  for (int i = 0; i < 64; ++i) accented += "\xC3\xA9";
  EXPECT_EQ(check(CredentialKind::kSnmpV1, {{"version", "v1"}, {"community", accented}}), "");
}

TEST(Credential, SnmpV3KeysFollowTheSecurityLevel) {
  const CredentialFields base = {{"username", "monitor"},     {"securityLevel", "authPriv"},
                                 {"authProtocol", "SHA-256"}, {"authKey", "authpass1"},
                                 {"privProtocol", "AES"},     {"privKey", "privpass1"}};
  CredentialFields pub;
  CredentialFields sec;
  EXPECT_EQ(check(CredentialKind::kSnmpV3, base, &pub, &sec), "");
  EXPECT_EQ(pub.at("contextName"), "");  // defaulted
  EXPECT_EQ(sec.size(), 2u);

  auto missing_priv = base;
  missing_priv.erase("privKey");
  EXPECT_EQ(check(CredentialKind::kSnmpV3, missing_priv),
            "fields.privKey is required with securityLevel authPriv");
  auto short_key = base;
  short_key["authKey"] = "1234567";
  EXPECT_EQ(check(CredentialKind::kSnmpV3, short_key),
            "fields.authKey must be 8 to 64 characters long");
  auto bad_protocol = base;
  bad_protocol["authProtocol"] = "SHA1";
  EXPECT_EQ(check(CredentialKind::kSnmpV3, bad_protocol),
            "fields.authProtocol must be one of MD5, SHA, SHA-224, SHA-256, SHA-384, SHA-512");
  auto bad_priv = base;
  bad_priv["privProtocol"] = "3DES";
  EXPECT_EQ(check(CredentialKind::kSnmpV3, bad_priv),
            "fields.privProtocol must be one of DES, AES, AES-256");
  auto auth_only = base;
  auth_only["securityLevel"] = "authNoPriv";
  auth_only.erase("authKey");
  EXPECT_EQ(check(CredentialKind::kSnmpV3, auth_only),
            "fields.authKey is required with securityLevel authNoPriv");
  auto level = base;
  level["securityLevel"] = "authAndPriv";
  EXPECT_EQ(check(CredentialKind::kSnmpV3, level),
            "fields.securityLevel must be one of noAuthNoPriv, authNoPriv, authPriv");
  auto user = base;
  user["username"] = std::string(33, 'u');
  EXPECT_EQ(check(CredentialKind::kSnmpV3, user),
            "fields.username must be 1 to 32 characters long");
}

TEST(Credential, ALowerSecurityLevelDropsTheKeysItDoesNotUse) {
  CredentialFields pub;
  CredentialFields sec;
  EXPECT_EQ(check(CredentialKind::kSnmpV3,
                  {{"username", "u"},
                   {"securityLevel", "authNoPriv"},
                   {"authProtocol", "SHA"},
                   {"authKey", "authpass1"},
                   {"privProtocol", "AES"},
                   {"privKey", "privpass1"}},
                  &pub, &sec),
            "");
  EXPECT_FALSE(pub.contains("privProtocol"));
  EXPECT_FALSE(sec.contains("privKey"));
  EXPECT_TRUE(sec.contains("authKey"));
  EXPECT_EQ(
      check(CredentialKind::kSnmpV3,
            {{"username", "u"}, {"securityLevel", "noAuthNoPriv"}, {"authKey", "x"}}, &pub, &sec),
      "");
  EXPECT_TRUE(sec.empty());
}

TEST(Credential, EmptySecretsCountAsAbsent) {
  EXPECT_EQ(check(CredentialKind::kUser, {{"username", "admin"}, {"password", ""}}),
            "fields.password is required");
}

TEST(Credential, OtherKinds) {
  EXPECT_EQ(check(CredentialKind::kUser, {{"username", "admin"}, {"password", "pw"}}), "");
  EXPECT_EQ(check(CredentialKind::kDomain, {{"username", "admin"}, {"password", "pw"}}),
            "fields.domain is required");
  EXPECT_EQ(check(CredentialKind::kDomain,
                  {{"domain", "CORP"}, {"username", "admin"}, {"password", "pw"}}),
            "");
  EXPECT_EQ(check(CredentialKind::kSystemManager, {{"systemManagerId", "7654321"}, {"pin", "12a"}}),
            "fields.pin must be 1 to 7 digits");
  EXPECT_EQ(check(CredentialKind::kSystemManager, {{"systemManagerId", "12345678"}, {"pin", "1"}}),
            "fields.systemManagerId must be 1 to 7 digits");
  EXPECT_EQ(
      check(CredentialKind::kSystemManager, {{"systemManagerId", "7654321"}, {"pin", "7654321"}}),
      "");
  EXPECT_EQ(check(CredentialKind::kPassword, {}), "fields.password is required");
  EXPECT_EQ(check(CredentialKind::kPassword, {{"password", std::string(129, 'p')}}),
            "fields.password must be 1 to 128 characters long");
}

TEST(Credential, Description) {
  EXPECT_FALSE(validateCredentialDescription(""));
  EXPECT_FALSE(validateCredentialDescription(std::string(256, 'd')));
  EXPECT_EQ(validateCredentialDescription(std::string(257, 'd'))->field, "description");
  EXPECT_EQ(validateCredentialDescription("a\tb")->message,
            "description must not contain control characters");
}

TEST(Credential, FieldEncodingRoundTripsAnyBytes) {
  const CredentialFields fields = {
      {"authKey", "a:b,c=d"}, {"privKey", std::string("x\0y", 3)}, {"empty", ""}};
  const auto text = encodeCredentialFields(fields);
  EXPECT_EQ(decodeCredentialFields(text), fields);
  EXPECT_EQ(decodeCredentialFields(""), CredentialFields{});
  EXPECT_FALSE(decodeCredentialFields("7:authKey"));         // value missing
  EXPECT_FALSE(decodeCredentialFields("7:authKey9:short"));  // value shorter than said
  EXPECT_FALSE(decodeCredentialFields("x:y"));
}

}  // namespace
}  // namespace pw::manager
