#include "common/crypto/secrets.hpp"
#include "common/core/hex.hpp"

#include <openssl/err.h>

#include <chrono>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/crypto/crypto_error.hpp"

namespace pw::crypto {
namespace {

using ::testing::MatchesRegex;
using ::testing::StartsWith;

// ---- randomness ---------------------------------------------------------------------------------

TEST(SecretsTest, RandomBytesHaveRequestedLength) {
  EXPECT_EQ(randomBytes(0), "");
  EXPECT_EQ(randomBytes(1).size(), 1U);
  EXPECT_EQ(randomBytes(4096).size(), 4096U);
  EXPECT_NE(randomBytes(32), randomBytes(32));
}

TEST(SecretsTest, TokensAreUrlSafeAndUnique) {
  std::set<std::string> tokens;
  for (int i = 0; i < 200; ++i) {
    const std::string token = randomToken();
    EXPECT_EQ(token.size(), 43U);  // 32 bytes -> 43 base64url characters, no padding
    EXPECT_THAT(token, MatchesRegex("[A-Za-z0-9_-]+"));
    tokens.insert(token);
  }
  EXPECT_EQ(tokens.size(), 200U);
  EXPECT_EQ(randomToken(16).size(), 22U);
  EXPECT_EQ(base64UrlDecode(randomToken(24))->size(), 24U);
}

// ---- encodings ----------------------------------------------------------------------------------

TEST(SecretsTest, Base64UrlMatchesRfc4648Vectors) {
  const std::vector<std::pair<std::string, std::string>> vectors = {{"", ""},
                                                                    {"f", "Zg"},
                                                                    {"fo", "Zm8"},
                                                                    {"foo", "Zm9v"},
                                                                    {"foob", "Zm9vYg"},
                                                                    {"fooba", "Zm9vYmE"},
                                                                    {"foobar", "Zm9vYmFy"},
                                                                    {"\xfb\xff", "-_8"},
                                                                    {"\xff\xfe\xfd", "__79"}};
  for (const auto& [plain, encoded] : vectors) {
    EXPECT_EQ(base64UrlEncode(plain), encoded);
    const auto decoded = base64UrlDecode(encoded);
    ASSERT_TRUE(decoded) << encoded;
    EXPECT_EQ(*decoded, plain);
  }
}

TEST(SecretsTest, Base64UrlRoundTripsAllBytesAndLengths) {
  std::string all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
  for (std::size_t length = 0; length <= all.size(); ++length) {
    const std::string bytes = all.substr(all.size() - length);
    const auto decoded = base64UrlDecode(base64UrlEncode(bytes));
    ASSERT_TRUE(decoded) << length;
    EXPECT_EQ(*decoded, bytes);
  }
}

TEST(SecretsTest, Base64UrlAcceptsCorrectPadding) {
  EXPECT_EQ(base64UrlDecode("Zg=="), "f");
  EXPECT_EQ(base64UrlDecode("Zm8="), "fo");
  EXPECT_EQ(base64UrlDecode("Zm9v"), "foo");
}

TEST(SecretsTest, Base64UrlRejectsInvalidInput) {
  for (const std::string& bad : {
           std::string("Zm9v!"),        // not in the alphabet
           std::string("Zm9+"),         // the standard alphabet is not base64url
           std::string("Zm9/"),         //
           std::string("Zm 9v"),        // whitespace
           std::string("Zm9v\n"),       //
           std::string("Z"),            // a lone character cannot end a byte
           std::string("Zm9vY"),        //
           std::string("Zh"),           // non-zero trailing bits ("Zg" is canonical)
           std::string("Zm-"),          // ("Zm8" is canonical)
           std::string("Zm9="),         // non-zero trailing bits with padding
           std::string("Zg="),          // padding must complete a 4-character group
           std::string("Zg==="),        //
           std::string("Z==="),         //
           std::string("="),            //
           std::string("Zg==Zg=="),     // padding only at the very end
           std::string("Zm8=a"),        //
           std::string("Zm\0v", 4),     // embedded NUL
           std::string("Zm\xc3\xa9v"),  // non-ASCII
       }) {
    EXPECT_FALSE(base64UrlDecode(bad)) << bad;
  }
}

TEST(SecretsTest, HexAndSha256) {
  EXPECT_EQ(hexEncode(""), "");
  EXPECT_EQ(hexEncode(std::string("\x00\x01\xab\xff", 4)), "0001abff");
  EXPECT_EQ(sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(SecretsTest, ConstantTimeEquals) {
  EXPECT_TRUE(constantTimeEquals("", ""));
  EXPECT_TRUE(constantTimeEquals("secret", "secret"));
  EXPECT_FALSE(constantTimeEquals("secret", "secreT"));
  EXPECT_FALSE(constantTimeEquals("secret", "secret2"));
  EXPECT_FALSE(constantTimeEquals("", "x"));
  EXPECT_TRUE(constantTimeEquals(std::string("a\0b", 3), std::string("a\0b", 3)));
  EXPECT_FALSE(constantTimeEquals(std::string("a\0b", 3), std::string("a\0c", 3)));
}

// ---- passwords ----------------------------------------------------------------------------------

TEST(PasswordTest, HashVerifiesOnlyTheRightPassword) {
  const auto start = std::chrono::steady_clock::now();
  const std::string hash = hashPassword("correct horse battery staple");
  const auto elapsed = std::chrono::steady_clock::now() - start;
  RecordProperty(
      "hash_ms",
      static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count()));
  EXPECT_THAT(hash, MatchesRegex("scrypt\\$15\\$8\\$1\\$[A-Za-z0-9_-]{22}\\$[A-Za-z0-9_-]{43}"));
  EXPECT_TRUE(verifyPassword("correct horse battery staple", hash));
  EXPECT_FALSE(verifyPassword("correct horse battery stapl", hash));
  EXPECT_FALSE(verifyPassword("", hash));
  EXPECT_NE(hashPassword("correct horse battery staple"), hash) << "salts must differ";
}

TEST(PasswordTest, EmptyAndBinaryPasswords) {
  const std::string empty_hash = hashPassword("");
  EXPECT_TRUE(verifyPassword("", empty_hash));
  EXPECT_FALSE(verifyPassword(" ", empty_hash));
  const std::string binary(std::string("p\0w", 3));
  const std::string binary_hash = hashPassword(binary);
  EXPECT_TRUE(verifyPassword(binary, binary_hash));
  EXPECT_FALSE(verifyPassword("p", binary_hash));
}

TEST(PasswordTest, VerifiesRfc7914VectorWithItsOwnParameters) {
  // RFC 7914 section 12: scrypt("pleaseletmein", "SodiumChloride", N=16384, r=8, p=1, 64).
  // Parameters travel with the hash, so hashes made with other (bounded) settings verify.
  const unsigned char expected[] = {
      0x70, 0x23, 0xbd, 0xcb, 0x3a, 0xfd, 0x73, 0x48, 0x46, 0x1c, 0x06, 0xcd, 0x81,
      0xfd, 0x38, 0xeb, 0xfd, 0xa8, 0xfb, 0xba, 0x90, 0x4f, 0x8e, 0x3e, 0xa9, 0xb5,
      0x43, 0xf6, 0x54, 0x5d, 0xa1, 0xf2, 0xd5, 0x43, 0x29, 0x55, 0x61, 0x3f, 0x0f,
      0xcf, 0x62, 0xd4, 0x97, 0x05, 0x24, 0x2a, 0x9a, 0xf9, 0xe6, 0x1e, 0x85, 0xdc,
      0x0d, 0x65, 0x1e, 0x40, 0xdf, 0xcf, 0x01, 0x7b, 0x45, 0x57, 0x58, 0x87};
  const std::string hash(reinterpret_cast<const char*>(expected), sizeof(expected));
  const std::string salt_and_hash = base64UrlEncode("SodiumChloride") + "$" + base64UrlEncode(hash);
  EXPECT_TRUE(verifyPassword("pleaseletmein", "scrypt$14$8$1$" + salt_and_hash));
  EXPECT_FALSE(verifyPassword("pleaseletmein", "scrypt$14$8$2$" + salt_and_hash));
  EXPECT_FALSE(verifyPassword("pleaseletmeout", "scrypt$14$8$1$" + salt_and_hash));
}

TEST(PasswordTest, MalformedHashesAreRejectedWithoutCrashing) {
  const std::string good = hashPassword("pw");
  const std::size_t salt_at = good.find("$1$") + 3;
  const std::string salt_and_hash = good.substr(salt_at);  // "<salt>$<hash>"
  const std::string salt = salt_and_hash.substr(0, salt_and_hash.find('$'));
  const std::string hash = salt_and_hash.substr(salt_and_hash.find('$') + 1);

  const std::vector<std::string> malformed = {
      "",
      "scrypt",
      "scrypt$$$$$",
      "bcrypt$15$8$1$" + salt_and_hash,
      "scrypt$15$8$1$" + salt,                      // hash missing
      "scrypt$15$8$1$" + salt_and_hash + "$extra",  // too many fields
      "scrypt$15$8$" + salt_and_hash,               // too few fields
      "scrypt$9$8$1$" + salt_and_hash,              // logN below the bound
      "scrypt$21$8$1$" + salt_and_hash,             // logN above the bound
      "scrypt$99$8$1$" + salt_and_hash,
      "scrypt$15$0$1$" + salt_and_hash,   // r below the bound
      "scrypt$15$17$1$" + salt_and_hash,  // r above the bound
      "scrypt$15$8$0$" + salt_and_hash,   // p below the bound
      "scrypt$15$8$5$" + salt_and_hash,   // p above the bound
      "scrypt$20$16$4$" + salt_and_hash,  // in bounds, but far beyond 64 MiB
      "scrypt$-15$8$1$" + salt_and_hash,
      "scrypt$+15$8$1$" + salt_and_hash,
      "scrypt$015$8$1$" + salt_and_hash,
      "scrypt$ 15$8$1$" + salt_and_hash,
      "scrypt$15 $8$1$" + salt_and_hash,
      "scrypt$1x$8$1$" + salt_and_hash,
      "scrypt$18446744073709551631$8$1$" + salt_and_hash,
      "scrypt$15$8$1$!!!!$" + hash,                 // salt not base64url
      "scrypt$15$8$1$$" + hash,                     // empty salt
      "scrypt$15$8$1$c2FsdA$" + hash,               // 4-byte salt: too short
      "scrypt$15$8$1$" + salt + "$",                // empty hash
      "scrypt$15$8$1$" + salt + "$AAAA",            // 3-byte hash: too short
      "scrypt$15$8$1$" + salt + "$" + hash + "==",  // broken padding
      "SCRYPT$15$8$1$" + salt_and_hash,
      std::string("scrypt$15$8$1$\0", 15) + salt_and_hash,
  };
  for (const std::string& stored : malformed) {
    EXPECT_FALSE(verifyPassword("pw", stored)) << stored;
  }
  EXPECT_EQ(ERR_peek_error(), 0UL);

  // Changing one character of the stored hash breaks it.
  std::string tampered = good;
  tampered[tampered.size() - 5] = tampered[tampered.size() - 5] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(verifyPassword("pw", tampered));
}

// ---- SecretBox ----------------------------------------------------------------------------------

class SecretBoxTest : public ::testing::Test {
 protected:
  SecretBox box_{SecretBox::generateKey()};

  // The raw bytes of a sealed value, for byte-level tampering.
  static std::string raw(const std::string& sealed) { return base64UrlDecode(sealed).value(); }
};

TEST_F(SecretBoxTest, RoundTrips) {
  for (const std::string& plaintext :
       {std::string{}, std::string("s3cr3t"), std::string("\0\x01\xff binary", 10),
        std::string(100'000, 'x')}) {
    const std::string sealed = box_.seal(plaintext, "agent:17:activation");
    EXPECT_THAT(sealed, MatchesRegex("[A-Za-z0-9_-]+"));
    EXPECT_EQ(raw(sealed).size(), 1 + 12 + plaintext.size() + 16);
    EXPECT_EQ(raw(sealed)[0], '\x01') << "version byte";
    const auto opened = box_.open(sealed, "agent:17:activation");
    ASSERT_TRUE(opened) << opened.error().message();
    EXPECT_EQ(*opened, plaintext);
  }
  // Empty associated data is allowed, and distinct from non-empty.
  const std::string sealed = box_.seal("x", "");
  EXPECT_EQ(box_.open(sealed, "").value(), "x");
  EXPECT_FALSE(box_.open(sealed, "a"));
}

TEST_F(SecretBoxTest, NoncesMakeEverySealDifferent) {
  EXPECT_NE(box_.seal("same", "ad"), box_.seal("same", "ad"));
  EXPECT_NE(raw(box_.seal("same", "ad")).substr(1, 12), raw(box_.seal("same", "ad")).substr(1, 12));
}

TEST_F(SecretBoxTest, DetectsEveryFlippedByte) {
  const std::string bytes = raw(box_.seal("printer password", "printer:4"));
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    std::string tampered = bytes;
    tampered[i] = static_cast<char>(tampered[i] ^ 0x01);
    const auto opened = box_.open(base64UrlEncode(tampered), "printer:4");
    ASSERT_FALSE(opened) << "byte " << i;
    // Byte 0 is the version: an unknown version is not a sealed value at all.
    EXPECT_EQ(opened.error(), i == 0 ? Errc::malformed : Errc::decrypt_failed) << "byte " << i;
  }
}

TEST_F(SecretBoxTest, WrongAssociatedDataFails) {
  const std::string sealed = box_.seal("token", "agent:17:activation");
  const auto opened = box_.open(sealed, "agent:18:activation");
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error(), Errc::decrypt_failed);
}

TEST_F(SecretBoxTest, WrongKeyFails) {
  const std::string sealed = box_.seal("token", "ad");
  const SecretBox other(SecretBox::generateKey());
  const auto opened = other.open(sealed, "ad");
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error(), Errc::decrypt_failed);
}

TEST_F(SecretBoxTest, TruncatedInputFails) {
  const std::string bytes = raw(box_.seal("some secret", "ad"));
  for (std::size_t length = 0; length < bytes.size(); ++length) {
    EXPECT_FALSE(box_.open(base64UrlEncode(bytes.substr(0, length)), "ad")) << length;
  }
  EXPECT_EQ(box_.open(base64UrlEncode(bytes.substr(0, 28)), "ad").error(), Errc::malformed);
  // Truncating the text itself (not only the decoded bytes) also fails.
  const std::string sealed = base64UrlEncode(bytes);
  for (std::size_t length = 0; length < sealed.size(); ++length) {
    EXPECT_FALSE(box_.open(sealed.substr(0, length), "ad")) << length;
  }
  // And so does appending.
  EXPECT_FALSE(box_.open(base64UrlEncode(bytes + "x"), "ad"));
}

TEST_F(SecretBoxTest, BadTextFails) {
  const std::string sealed = box_.seal("x", "ad");
  EXPECT_EQ(box_.open("", "ad").error(), Errc::malformed);
  EXPECT_EQ(box_.open("!!!!", "ad").error(), Errc::malformed);
  EXPECT_EQ(box_.open(sealed + "*", "ad").error(), Errc::malformed);
  EXPECT_EQ(box_.open(" " + sealed, "ad").error(), Errc::malformed);
  EXPECT_EQ(ERR_peek_error(), 0UL);
}

TEST_F(SecretBoxTest, KeyMustBe32Bytes) {
  EXPECT_THROW(SecretBox(std::string(31, 'k')), std::invalid_argument);
  EXPECT_THROW(SecretBox(std::string(33, 'k')), std::invalid_argument);
  EXPECT_THROW(SecretBox(""), std::invalid_argument);
  EXPECT_EQ(SecretBox::generateKey().size(), 32U);
  EXPECT_NE(SecretBox::generateKey(), SecretBox::generateKey());
}

TEST_F(SecretBoxTest, CopiesAndMovesKeepWorking) {
  const std::string sealed = box_.seal("x", "ad");
  SecretBox copy = box_;
  EXPECT_EQ(copy.open(sealed, "ad").value(), "x");
  SecretBox moved = std::move(copy);
  EXPECT_EQ(moved.open(sealed, "ad").value(), "x");
  SecretBox assigned(SecretBox::generateKey());
  assigned = std::move(moved);
  EXPECT_EQ(assigned.open(sealed, "ad").value(), "x");
  // NOLINTNEXTLINE(bugprone-use-after-move): deliberately checks the guard
  EXPECT_THROW(static_cast<void>(moved.seal("x", "ad")), std::logic_error);
}

}  // namespace
}  // namespace pw::crypto

namespace pw::crypto {
namespace {

TEST(HexDecode, InvertsHexEncodeAndRejectsJunk) {
  const std::string bytes("\x00\x7f\x80\xff", 4);
  EXPECT_EQ(hexDecode(hexEncode(bytes)), bytes);
  EXPECT_EQ(hexDecode("AbCd"), std::string("\xab\xcd"));
  EXPECT_FALSE(hexDecode("abc"));
  EXPECT_FALSE(hexDecode("zz"));
}

}  // namespace
}  // namespace pw::crypto
