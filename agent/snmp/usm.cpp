#include "agent/snmp/usm.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <vector>

#include "agent/snmp/netsnmp_bridge.hpp"

namespace pw::agent::snmp {
namespace {

constexpr std::size_t kSaltLength = 8;

struct AuthInfo {
  const oid* algorithm;  // net-snmp's transform OID
  std::size_t algorithm_length;
  std::size_t key_length;     // hash output: the localized key
  std::size_t digest_length;  // truncated HMAC on the wire
};

std::optional<AuthInfo> authInfo(AuthProtocol protocol) {
  switch (protocol) {
    case AuthProtocol::kNone: return std::nullopt;
    case AuthProtocol::kMd5: return AuthInfo{usmHMACMD5AuthProtocol, 10, 16, 12};
    case AuthProtocol::kSha1: return AuthInfo{usmHMACSHA1AuthProtocol, 10, 20, 12};
    case AuthProtocol::kSha224: return AuthInfo{usmHMAC128SHA224AuthProtocol, 10, 28, 16};
    case AuthProtocol::kSha256: return AuthInfo{usmHMAC192SHA256AuthProtocol, 10, 32, 24};
    case AuthProtocol::kSha384: return AuthInfo{usmHMAC256SHA384AuthProtocol, 10, 48, 32};
    case AuthProtocol::kSha512: return AuthInfo{usmHMAC384SHA512AuthProtocol, 10, 64, 48};
  }
  return std::nullopt;
}

struct PrivInfo {
  const oid* algorithm;
  std::size_t algorithm_length;
  std::size_t key_length;  // DES: 8 key bytes + 8 pre-IV bytes
  int extension_type;      // net-snmp's privType for netsnmp_extend_kul
  bool des;
};

std::optional<PrivInfo> privInfo(PrivProtocol protocol) {
  switch (protocol) {
    case PrivProtocol::kNone: return std::nullopt;
    case PrivProtocol::kDes:
      return PrivInfo{usmDESPrivProtocol, 10, 16, USM_CREATE_USER_PRIV_DES, true};
    case PrivProtocol::kAes128:
      return PrivInfo{usmAESPrivProtocol, 10, 16, USM_CREATE_USER_PRIV_AES, false};
    case PrivProtocol::kAes256:
      return PrivInfo{usmAES256PrivProtocol, 9, 32, USM_CREATE_USER_PRIV_AES256, false};
    case PrivProtocol::kAes256Reeder:
      return PrivInfo{usmAES256CiscoPrivProtocol, 11, 32, USM_CREATE_USER_PRIV_AES256_CISCO, false};
  }
  return std::nullopt;
}

const u_char* bytes(std::string_view text) {
  return reinterpret_cast<const u_char*>(text.data());
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

void putBigEndian32(std::uint32_t value, u_char* out) {
  out[0] = static_cast<u_char>(value >> 24);
  out[1] = static_cast<u_char>(value >> 16);
  out[2] = static_cast<u_char>(value >> 8);
  out[3] = static_cast<u_char>(value);
}

// The IV: DES xors the pre-IV (second half of the key) with the salt; AES concatenates the
// authoritative engine's boots and time with the salt.
std::array<u_char, 16> makeIv(const PrivInfo& info, const LocalizedKeys& keys,
                              std::int32_t engine_boots, std::int32_t engine_time,
                              std::string_view salt) {
  std::array<u_char, 16> iv{};
  if (info.des) {
    for (std::size_t i = 0; i < kSaltLength; ++i) {
      iv[i] = static_cast<u_char>(keys.priv_key[8 + i] ^ salt[i]);
    }
  } else {
    putBigEndian32(static_cast<std::uint32_t>(engine_boots), iv.data());
    putBigEndian32(static_cast<std::uint32_t>(engine_time), iv.data() + 4);
    std::copy(salt.begin(), salt.end(), iv.begin() + 8);
  }
  return iv;
}

}  // namespace

std::string_view toString(AuthProtocol protocol) noexcept {
  switch (protocol) {
    case AuthProtocol::kNone: return "none";
    case AuthProtocol::kMd5: return "MD5";
    case AuthProtocol::kSha1: return "SHA";
    case AuthProtocol::kSha224: return "SHA-224";
    case AuthProtocol::kSha256: return "SHA-256";
    case AuthProtocol::kSha384: return "SHA-384";
    case AuthProtocol::kSha512: return "SHA-512";
  }
  return "?";
}

std::string_view toString(PrivProtocol protocol) noexcept {
  switch (protocol) {
    case PrivProtocol::kNone: return "none";
    case PrivProtocol::kDes: return "DES";
    case PrivProtocol::kAes128: return "AES";
    case PrivProtocol::kAes256: return "AES-256";
    case PrivProtocol::kAes256Reeder: return "AES-256-C";
  }
  return "?";
}

std::string_view toString(SecurityLevel level) noexcept {
  switch (level) {
    case SecurityLevel::kNoAuthNoPriv: return "noAuthNoPriv";
    case SecurityLevel::kAuthNoPriv: return "authNoPriv";
    case SecurityLevel::kAuthPriv: return "authPriv";
  }
  return "?";
}

std::optional<AuthProtocol> parseAuthProtocol(std::string_view text) {
  const std::string name = lower(text);
  if (name == "md5") return AuthProtocol::kMd5;
  if (name == "sha" || name == "sha-1" || name == "sha1") return AuthProtocol::kSha1;
  if (name == "sha-224" || name == "sha224") return AuthProtocol::kSha224;
  if (name == "sha-256" || name == "sha256") return AuthProtocol::kSha256;
  if (name == "sha-384" || name == "sha384") return AuthProtocol::kSha384;
  if (name == "sha-512" || name == "sha512") return AuthProtocol::kSha512;
  return std::nullopt;
}

std::optional<PrivProtocol> parsePrivProtocol(std::string_view text) {
  const std::string name = lower(text);
  if (name == "des") return PrivProtocol::kDes;
  if (name == "aes" || name == "aes-128" || name == "aes128") return PrivProtocol::kAes128;
  if (name == "aes-256" || name == "aes256") return PrivProtocol::kAes256;
  if (name == "aes-256-c" || name == "aes256c") return PrivProtocol::kAes256Reeder;
  return std::nullopt;
}

std::optional<SecurityLevel> parseSecurityLevel(std::string_view text) {
  const std::string name = lower(text);
  if (name == "noauthnopriv") return SecurityLevel::kNoAuthNoPriv;
  if (name == "authnopriv") return SecurityLevel::kAuthNoPriv;
  if (name == "authpriv") return SecurityLevel::kAuthPriv;
  return std::nullopt;
}

std::size_t digestLength(AuthProtocol protocol) noexcept {
  const auto info = authInfo(protocol);
  return info ? info->digest_length : 0;
}

Result<std::string> passwordToKey(AuthProtocol protocol, std::string_view password) {
  detail::initLibrary();
  const auto info = authInfo(protocol);
  if (!info || password.size() < 8) return CodecError::kBadKey;
  std::array<u_char, 64> key{};
  size_t key_length = key.size();
  if (generate_Ku(info->algorithm, static_cast<u_int>(info->algorithm_length), bytes(password),
                  password.size(), key.data(), &key_length) != SNMPERR_SUCCESS ||
      key_length != info->key_length) {
    return CodecError::kBadKey;
  }
  return std::string(reinterpret_cast<const char*>(key.data()), key_length);
}

Result<LocalizedKeys> localizeKeys(AuthProtocol auth, std::string_view auth_master_key,
                                   PrivProtocol priv, std::string_view priv_master_key,
                                   std::string_view engine_id) {
  detail::initLibrary();
  LocalizedKeys out;
  out.auth = auth;
  out.priv = priv;
  const auto auth_info = authInfo(auth);
  if (!auth_info) {
    if (priv != PrivProtocol::kNone) return CodecError::kBadKey;
    return out;
  }
  if (engine_id.empty() || engine_id.size() > 32 ||
      auth_master_key.size() != auth_info->key_length) {
    return CodecError::kBadKey;
  }
  const auto localize = [&](std::string_view master, std::vector<u_char>& buffer) {
    size_t length = buffer.size();
    if (generate_kul(auth_info->algorithm, static_cast<u_int>(auth_info->algorithm_length),
                     bytes(engine_id), engine_id.size(), bytes(master), master.size(),
                     buffer.data(), &length) != SNMPERR_SUCCESS) {
      return std::optional<std::size_t>{};
    }
    return std::optional<std::size_t>{length};
  };
  std::vector<u_char> buffer(64);
  const auto auth_length = localize(auth_master_key, buffer);
  if (!auth_length) return CodecError::kBadKey;
  out.auth_key.assign(reinterpret_cast<const char*>(buffer.data()), *auth_length);

  const auto priv_info = privInfo(priv);
  if (!priv_info) return out;
  if (priv_master_key.size() != auth_info->key_length) return CodecError::kBadKey;
  std::fill(buffer.begin(), buffer.end(), 0);
  const auto priv_length = localize(priv_master_key, buffer);
  if (!priv_length) return CodecError::kBadKey;
  // Buffer capacity (64) exceeds every key length needed, so net-snmp extends in place and
  // never reallocates our buffer.
  u_char* data = buffer.data();
  size_t length = *priv_length;
  std::vector<oid> hash(auth_info->algorithm, auth_info->algorithm + auth_info->algorithm_length);
  std::string engine(engine_id);
  if (length < priv_info->key_length &&
      netsnmp_extend_kul(static_cast<u_int>(priv_info->key_length), hash.data(),
                         static_cast<u_int>(hash.size()), priv_info->extension_type,
                         reinterpret_cast<u_char*>(engine.data()),
                         static_cast<u_int>(engine.size()), &data, &length,
                         static_cast<u_int>(buffer.size())) != SNMPERR_SUCCESS) {
    return CodecError::kBadKey;
  }
  if (data != buffer.data() || length < priv_info->key_length) return CodecError::kBadKey;
  out.priv_key.assign(reinterpret_cast<const char*>(data), priv_info->key_length);
  return out;
}

Result<std::string> computeDigest(const LocalizedKeys& keys, std::string_view message) {
  detail::initLibrary();
  const auto info = authInfo(keys.auth);
  if (!info || keys.auth_key.size() != info->key_length) return CodecError::kBadKey;
  std::array<u_char, 64> mac{};
  size_t mac_length = info->digest_length;
  if (sc_generate_keyed_hash(info->algorithm, info->algorithm_length, bytes(keys.auth_key),
                             static_cast<u_int>(keys.auth_key.size()), bytes(message),
                             static_cast<u_int>(message.size()), mac.data(),
                             &mac_length) != SNMPERR_SUCCESS ||
      mac_length != info->digest_length) {
    return CodecError::kEncodeFailed;
  }
  return std::string(reinterpret_cast<const char*>(mac.data()), mac_length);
}

Result<bool> verifyDigest(const LocalizedKeys& keys, std::string_view message,
                          std::string_view digest) {
  Result<std::string> expected = computeDigest(keys, message);
  if (!expected) return expected.error();
  if (digest.size() != expected->size()) return CodecError::kWrongDigest;
  unsigned char difference = 0;  // no early exit: timing must not tell where bytes differ
  for (std::size_t i = 0; i < digest.size(); ++i) {
    difference |= static_cast<unsigned char>(digest[i] ^ (*expected)[i]);
  }
  if (difference != 0) return CodecError::kWrongDigest;
  return true;
}

Result<Encrypted> encryptScopedPdu(const LocalizedKeys& keys, std::int32_t engine_boots,
                                   std::int32_t engine_time, std::uint64_t salt,
                                   std::string_view plaintext) {
  detail::initLibrary();
  const auto info = privInfo(keys.priv);
  if (!info || keys.priv_key.size() != info->key_length) return CodecError::kBadKey;
  std::string salt_bytes(kSaltLength, '\0');
  if (info->des) {
    // RFC 3414 8.1.1.1: the engine boots, then a local counter.
    putBigEndian32(static_cast<std::uint32_t>(engine_boots),
                   reinterpret_cast<u_char*>(salt_bytes.data()));
    putBigEndian32(static_cast<std::uint32_t>(salt),
                   reinterpret_cast<u_char*>(salt_bytes.data()) + 4);
  } else {
    for (std::size_t i = 0; i < kSaltLength; ++i) {
      salt_bytes[i] = static_cast<char>(salt >> (56 - 8 * i));
    }
  }
  std::array<u_char, 16> iv = makeIv(*info, keys, engine_boots, engine_time, salt_bytes);
  std::string key(keys.priv_key);
  std::vector<u_char> out(plaintext.size() + 16);
  size_t out_length = out.size();
  if (sc_encrypt(info->algorithm, info->algorithm_length, reinterpret_cast<u_char*>(key.data()),
                 static_cast<u_int>(info->des ? 8 : key.size()), iv.data(),
                 static_cast<u_int>(info->des ? 8 : 16), bytes(plaintext),
                 static_cast<u_int>(plaintext.size()), out.data(),
                 &out_length) != SNMPERR_SUCCESS) {
    return CodecError::kEncodeFailed;
  }
  return Encrypted{std::string(reinterpret_cast<const char*>(out.data()), out_length),
                   std::move(salt_bytes)};
}

Result<std::string> decryptScopedPdu(const LocalizedKeys& keys, std::int32_t engine_boots,
                                     std::int32_t engine_time, std::string_view priv_params,
                                     std::string_view ciphertext) {
  detail::initLibrary();
  const auto info = privInfo(keys.priv);
  if (!info || keys.priv_key.size() != info->key_length) return CodecError::kBadKey;
  if (priv_params.size() != kSaltLength || ciphertext.empty() ||
      (info->des && ciphertext.size() % 8 != 0)) {
    return CodecError::kDecryptionFailed;
  }
  std::array<u_char, 16> iv = makeIv(*info, keys, engine_boots, engine_time, priv_params);
  std::string key(keys.priv_key);
  std::string input(ciphertext);
  std::vector<u_char> out(ciphertext.size() + 16);
  size_t out_length = out.size();
  if (sc_decrypt(info->algorithm, info->algorithm_length, reinterpret_cast<u_char*>(key.data()),
                 static_cast<u_int>(info->des ? 8 : key.size()), iv.data(),
                 static_cast<u_int>(info->des ? 8 : 16), reinterpret_cast<u_char*>(input.data()),
                 static_cast<u_int>(input.size()), out.data(), &out_length) != SNMPERR_SUCCESS) {
    return CodecError::kDecryptionFailed;
  }
  return std::string(reinterpret_cast<const char*>(out.data()), out_length);
}

}  // namespace pw::agent::snmp
