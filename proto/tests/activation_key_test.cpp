#include "proto/cpp/activation_key.hpp"

#include <gtest/gtest.h>

namespace pw::proto {
namespace {

const std::string kFingerprint(43, 'A');

TEST(ActivationKey, FormatsAndParsesBack) {
  const ActivationKey key{"abcdefghijklmnopqrstuvwx", kFingerprint};
  const auto parsed = ActivationKey::parse(key.format());
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->secret, key.secret);
  EXPECT_EQ(parsed->ca_fingerprint, kFingerprint);
}

TEST(ActivationKey, RejectsMalformedKeys) {
  EXPECT_FALSE(ActivationKey::parse(""));
  EXPECT_FALSE(ActivationKey::parse("pwa2.abcdefghijklmnopqrstuvwx." + kFingerprint));
  EXPECT_FALSE(ActivationKey::parse("pwa1.short." + kFingerprint));
  EXPECT_FALSE(ActivationKey::parse("pwa1.abcdefghijklmnopqrstuvwx"));
  EXPECT_FALSE(ActivationKey::parse("pwa1.abcdefghijklmnopqrstuv+x." + kFingerprint));
  EXPECT_FALSE(ActivationKey::parse("pwa1.abcdefghijklmnopqrstuvwx." + kFingerprint + "A"));
  EXPECT_FALSE(ActivationKey::parse("pwa1.abcdefghijklmnopqrstuvwx.x." + kFingerprint));
}

}  // namespace
}  // namespace pw::proto
