#include "common/crypto/secrets.hpp"

#include "common/core/hex.hpp"
#include "common/crypto/openssl_error_queue.hpp"

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <climits>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/crypto/crypto_error.hpp"

namespace pw::crypto {
namespace {

struct CipherCtxDeleter {
  void operator()(EVP_CIPHER_CTX* ctx) const noexcept { EVP_CIPHER_CTX_free(ctx); }
};
using CipherCtxPtr = std::unique_ptr<EVP_CIPHER_CTX, CipherCtxDeleter>;

[[noreturn]] void throwOpenssl(const char* what) {
  ERR_clear_error();
  throw std::runtime_error(std::string("OpenSSL: ") + what);
}

// Wipes a string's bytes before it is released (key material, intermediate plaintext).
void cleanse(std::string& s) noexcept {
  if (!s.empty()) OPENSSL_cleanse(s.data(), s.size());
}

const unsigned char* bytesOf(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

// ---- base64url ----------------------------------------------------------------------------------

constexpr char kBase64UrlAlphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

// -1 for characters outside the base64url alphabet ('+' and '/' included: they are the
// standard alphabet, and accepting both would give one token two spellings).
constexpr std::array<int8_t, 256> makeDecodeTable() {
  std::array<int8_t, 256> table{};
  for (auto& entry : table) entry = -1;
  for (int i = 0; i < 64; ++i) {
    table[static_cast<unsigned char>(kBase64UrlAlphabet[i])] = static_cast<int8_t>(i);
  }
  return table;
}
constexpr std::array<int8_t, 256> kDecodeTable = makeDecodeTable();

// ---- password hashing ---------------------------------------------------------------------------

constexpr std::string_view kScryptTag = "scrypt";
// N = 2^15, r = 8, p = 1: 32 MiB and roughly 50-100 ms per hash on current x86 hardware.
constexpr unsigned kDefaultLogN = 15;
constexpr unsigned kDefaultR = 8;
constexpr unsigned kDefaultP = 1;
constexpr std::size_t kSaltBytes = 16;
constexpr std::size_t kHashBytes = 32;
// Stored parameters are bounded so a doctored hash cannot make a login burn gigabytes or
// minutes; maxmem additionally rejects combinations that need more than 64 MiB.
constexpr unsigned kMinLogN = 10;
constexpr unsigned kMaxLogN = 20;
constexpr unsigned kMaxR = 16;
constexpr unsigned kMaxP = 4;
constexpr std::size_t kMinSaltBytes = 8;
constexpr std::size_t kMaxSaltBytes = 64;
constexpr std::size_t kMinHashBytes = 16;
constexpr std::size_t kMaxHashBytes = 64;
constexpr uint64_t kScryptMaxMemory = 64ULL * 1024 * 1024 + 64ULL * 1024;

// false when OpenSSL refuses the parameters (e.g. they need more than kScryptMaxMemory).
bool scrypt(std::string_view password, std::string_view salt, unsigned log_n, unsigned r,
            unsigned p, std::string& out) {
  // An empty string_view may carry a null pointer; OpenSSL wants a valid one.
  const char* pass = password.empty() ? "" : password.data();
  return EVP_PBE_scrypt(pass, password.size(), bytesOf(salt), salt.size(), uint64_t{1} << log_n, r,
                        p, kScryptMaxMemory, reinterpret_cast<unsigned char*>(out.data()),
                        out.size()) == 1;
}

// A small decimal without sign, spaces or leading zeros, within [min, max].
std::optional<unsigned> parseBounded(std::string_view text, unsigned min, unsigned max) {
  if (text.empty() || text.size() > 2 || (text.size() > 1 && text.front() == '0')) {
    return std::nullopt;
  }
  unsigned value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || value < min || value > max) {
    return std::nullopt;
  }
  return value;
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  for (;;) {
    const std::size_t at = text.find(separator);
    parts.push_back(text.substr(0, at));
    if (at == std::string_view::npos) return parts;
    text.remove_prefix(at + 1);
  }
}

// ---- SecretBox ----------------------------------------------------------------------------------

constexpr unsigned char kSealVersion = 1;
constexpr std::size_t kKeyBytes = 32;
constexpr std::size_t kNonceBytes = 12;
constexpr std::size_t kTagBytes = 16;
constexpr std::size_t kSealOverhead = 1 + kNonceBytes + kTagBytes;

// A moved-from SecretBox has no key; using it is a bug, not bad input.
void requireKey(const std::string& key) {
  if (key.size() != kKeyBytes) throw std::logic_error("SecretBox used after move");
}

// The version byte is authenticated along with the caller's associated data, so the header
// cannot be rewritten to make a future format parse this ciphertext. It has a fixed length,
// so prefixing it keeps the AAD unambiguous.
bool feedAad(EVP_CIPHER_CTX* ctx, std::string_view associated_data, bool encrypt) {
  const auto update = encrypt ? EVP_EncryptUpdate : EVP_DecryptUpdate;
  int length = 0;
  const unsigned char version = kSealVersion;
  if (update(ctx, nullptr, &length, &version, 1) != 1) return false;
  if (associated_data.empty()) return true;
  if (associated_data.size() > static_cast<std::size_t>(INT_MAX)) return false;
  return update(ctx, nullptr, &length, bytesOf(associated_data),
                static_cast<int>(associated_data.size())) == 1;
}

}  // namespace

// ---- random -------------------------------------------------------------------------------------

std::string randomBytes(std::size_t n) {
  const detail::ErrorQueueCleaner cleaner;
  if (n > static_cast<std::size_t>(INT_MAX)) throw std::invalid_argument("randomBytes: too many");
  std::string out(n, '\0');
  if (n > 0 && RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)) != 1) {
    throwOpenssl("RAND_bytes");
  }
  return out;
}

std::string randomToken(std::size_t bytes) {
  std::string raw = randomBytes(bytes);
  std::string token = base64UrlEncode(raw);
  cleanse(raw);
  return token;
}

// ---- encodings ----------------------------------------------------------------------------------

std::string base64UrlEncode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  const unsigned char* in = bytesOf(bytes);
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const uint32_t group = (uint32_t{in[i]} << 16) | (uint32_t{in[i + 1]} << 8) | in[i + 2];
    out.push_back(kBase64UrlAlphabet[(group >> 18) & 0x3f]);
    out.push_back(kBase64UrlAlphabet[(group >> 12) & 0x3f]);
    out.push_back(kBase64UrlAlphabet[(group >> 6) & 0x3f]);
    out.push_back(kBase64UrlAlphabet[group & 0x3f]);
  }
  const std::size_t rest = bytes.size() - i;
  if (rest == 1) {
    const uint32_t group = uint32_t{in[i]} << 16;
    out.push_back(kBase64UrlAlphabet[(group >> 18) & 0x3f]);
    out.push_back(kBase64UrlAlphabet[(group >> 12) & 0x3f]);
  } else if (rest == 2) {
    const uint32_t group = (uint32_t{in[i]} << 16) | (uint32_t{in[i + 1]} << 8);
    out.push_back(kBase64UrlAlphabet[(group >> 18) & 0x3f]);
    out.push_back(kBase64UrlAlphabet[(group >> 12) & 0x3f]);
    out.push_back(kBase64UrlAlphabet[(group >> 6) & 0x3f]);
  }
  return out;
}

std::optional<std::string> base64UrlDecode(std::string_view text) {
  // Padding is optional, but when present it must be the standard one: total length a
  // multiple of four and at most two '=' at the very end.
  if (const std::size_t pad = text.find('='); pad != std::string_view::npos) {
    const std::size_t pad_count = text.size() - pad;
    if (text.size() % 4 != 0 || pad_count > 2 ||
        text.find_first_not_of('=', pad) != std::string_view::npos) {
      return std::nullopt;
    }
    text.remove_suffix(pad_count);
  }
  // A lone trailing character carries only 6 bits: no byte can end there.
  if (text.size() % 4 == 1) return std::nullopt;

  std::string out;
  out.reserve(text.size() / 4 * 3 + 2);
  uint32_t accumulator = 0;
  int bits = 0;
  for (const char c : text) {
    const int value = static_cast<int>(kDecodeTable[static_cast<unsigned char>(c)]);
    if (value < 0) return std::nullopt;
    accumulator = (accumulator << 6) | static_cast<uint32_t>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((accumulator >> bits) & 0xff));
    }
  }
  // Leftover bits must be zero; otherwise several texts would decode to the same bytes.
  if ((accumulator & ((1U << bits) - 1)) != 0) return std::nullopt;
  return out;
}

std::string sha256Hex(std::string_view data) {
  const detail::ErrorQueueCleaner cleaner;
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (EVP_Digest(data.data(), data.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1) {
    throwOpenssl("EVP_Digest(SHA-256)");
  }
  return hexEncode(std::string_view(reinterpret_cast<const char*>(digest.data()), length));
}

bool constantTimeEquals(std::string_view a, std::string_view b) {
  // Lengths are not secret here (hashes and tokens have fixed sizes); contents are.
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

// ---- passwords ----------------------------------------------------------------------------------

std::string hashPassword(std::string_view password) {
  const detail::ErrorQueueCleaner cleaner;
  const std::string salt = randomBytes(kSaltBytes);
  std::string hash(kHashBytes, '\0');
  if (!scrypt(password, salt, kDefaultLogN, kDefaultR, kDefaultP, hash)) {
    throwOpenssl("EVP_PBE_scrypt");
  }
  std::string out = std::string(kScryptTag) + "$" + std::to_string(kDefaultLogN) + "$" +
                    std::to_string(kDefaultR) + "$" + std::to_string(kDefaultP) + "$" +
                    base64UrlEncode(salt) + "$" + base64UrlEncode(hash);
  return out;
}

bool verifyPassword(std::string_view password, std::string_view stored_hash) {
  const detail::ErrorQueueCleaner cleaner;
  const std::vector<std::string_view> fields = split(stored_hash, '$');
  if (fields.size() != 6 || fields[0] != kScryptTag) return false;
  const auto log_n = parseBounded(fields[1], kMinLogN, kMaxLogN);
  const auto r = parseBounded(fields[2], 1, kMaxR);
  const auto p = parseBounded(fields[3], 1, kMaxP);
  const auto salt = base64UrlDecode(fields[4]);
  const auto expected = base64UrlDecode(fields[5]);
  if (!log_n || !r || !p || !salt || !expected) return false;
  if (salt->size() < kMinSaltBytes || salt->size() > kMaxSaltBytes ||
      expected->size() < kMinHashBytes || expected->size() > kMaxHashBytes) {
    return false;
  }
  std::string actual(expected->size(), '\0');
  if (!scrypt(password, *salt, *log_n, *r, *p, actual)) return false;
  const bool match = constantTimeEquals(actual, *expected);
  cleanse(actual);
  return match;
}

// ---- SecretBox ----------------------------------------------------------------------------------

SecretBox::SecretBox(std::string key) : key_(std::move(key)) {
  if (key_.size() != kKeyBytes) {
    cleanse(key_);
    throw std::invalid_argument("SecretBox key must be 32 bytes");
  }
}

SecretBox::~SecretBox() {
  cleanse(key_);
}

SecretBox& SecretBox::operator=(SecretBox&& other) noexcept {
  if (this != &other) {
    cleanse(key_);
    key_ = std::move(other.key_);
  }
  return *this;
}

std::string SecretBox::generateKey() {
  return randomBytes(kKeyBytes);
}

std::string SecretBox::seal(std::string_view plaintext, std::string_view associated_data) const {
  const detail::ErrorQueueCleaner cleaner;
  requireKey(key_);
  if (plaintext.size() > static_cast<std::size_t>(INT_MAX) - kSealOverhead) {
    throw std::invalid_argument("SecretBox::seal: plaintext too large");
  }
  const std::string nonce = randomBytes(kNonceBytes);
  std::string sealed(kSealOverhead + plaintext.size(), '\0');
  auto* out = reinterpret_cast<unsigned char*>(sealed.data());
  out[0] = kSealVersion;
  std::copy(nonce.begin(), nonce.end(), sealed.begin() + 1);
  unsigned char* ciphertext = out + 1 + kNonceBytes;

  const CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
  if (!ctx) throwOpenssl("EVP_CIPHER_CTX_new");
  // AES-256-GCM's default IV length is the 12 bytes used here.
  if (EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, bytesOf(key_), bytesOf(nonce)) !=
          1 ||
      !feedAad(ctx.get(), associated_data, true)) {
    throwOpenssl("AES-256-GCM init");
  }
  int length = 0;
  if (!plaintext.empty() && EVP_EncryptUpdate(ctx.get(), ciphertext, &length, bytesOf(plaintext),
                                              static_cast<int>(plaintext.size())) != 1) {
    throwOpenssl("EVP_EncryptUpdate");
  }
  int final_length = 0;
  if (EVP_EncryptFinal_ex(ctx.get(), ciphertext + length, &final_length) != 1) {
    throwOpenssl("EVP_EncryptFinal_ex");
  }
  unsigned char* tag = ciphertext + plaintext.size();
  if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, static_cast<int>(kTagBytes), tag) != 1) {
    throwOpenssl("EVP_CTRL_GCM_GET_TAG");
  }
  return base64UrlEncode(sealed);
}

boost::system::result<std::string> SecretBox::open(std::string_view sealed,
                                                   std::string_view associated_data) const {
  const detail::ErrorQueueCleaner cleaner;
  requireKey(key_);
  const std::optional<std::string> raw = base64UrlDecode(sealed);
  if (!raw || raw->size() < kSealOverhead ||
      static_cast<unsigned char>((*raw)[0]) != kSealVersion ||
      raw->size() > static_cast<std::size_t>(INT_MAX)) {
    return Errc::malformed;
  }
  const unsigned char* in = bytesOf(*raw);
  const unsigned char* nonce = in + 1;
  const unsigned char* ciphertext = nonce + kNonceBytes;
  const std::size_t ciphertext_size = raw->size() - kSealOverhead;
  // The tag is handed to OpenSSL through a non-const pointer; copy it out of the input.
  std::array<unsigned char, kTagBytes> tag{};
  std::copy(ciphertext + ciphertext_size, ciphertext + ciphertext_size + kTagBytes, tag.begin());

  const CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
  if (!ctx) throwOpenssl("EVP_CIPHER_CTX_new");
  if (EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, bytesOf(key_), nonce) != 1 ||
      !feedAad(ctx.get(), associated_data, false)) {
    throwOpenssl("AES-256-GCM init");
  }
  std::string plaintext(ciphertext_size, '\0');
  int length = 0;
  if (ciphertext_size > 0 &&
      EVP_DecryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(plaintext.data()), &length,
                        ciphertext, static_cast<int>(ciphertext_size)) != 1) {
    cleanse(plaintext);
    return Errc::decrypt_failed;
  }
  if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, static_cast<int>(kTagBytes),
                          tag.data()) != 1) {
    throwOpenssl("EVP_CTRL_GCM_SET_TAG");
  }
  int final_length = 0;
  // GCM writes nothing in Final; the call only checks the tag. Unauthenticated plaintext
  // is wiped, never returned.
  if (EVP_DecryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(plaintext.data()) + length,
                          &final_length) != 1) {
    cleanse(plaintext);
    return Errc::decrypt_failed;
  }
  return plaintext;
}

}  // namespace pw::crypto
