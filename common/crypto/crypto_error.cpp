#include "common/crypto/crypto_error.hpp"

#include <string>

namespace pw::crypto {
namespace {

// error_category has a protected non-virtual destructor by design (categories are never
// deleted through a base pointer); GCC's -Wnon-virtual-dtor flags every derived class
// anyway, so it is silenced here exactly as Boost does for its own categories.
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnon-virtual-dtor"
#endif
class CryptoCategory final : public boost::system::error_category {
 public:
  // A fixed 64-bit id makes categories compare equal even if this object were duplicated
  // across shared libraries (Boost.System compares ids, not addresses, when one is set).
  constexpr CryptoCategory() noexcept : error_category(0x70772e63727970ULL) {}

  [[nodiscard]] const char* name() const noexcept override { return "pw.crypto"; }

  [[nodiscard]] std::string message(int value) const override {
    return messageText(static_cast<Errc>(value));
  }

  [[nodiscard]] const char* message(int value, char* /*buffer*/,
                                    std::size_t /*length*/) const noexcept override {
    return messageText(static_cast<Errc>(value));
  }

 private:
  static const char* messageText(Errc code) noexcept {
    switch (code) {
      case Errc::invalid_pem: return "not a valid PEM certificate or key";
      case Errc::invalid_csr: return "not a valid certificate signing request";
      case Errc::bad_signature: return "signature does not verify";
      case Errc::unsupported_key:
        return "key type or size not accepted (EC P-256/P-384 or RSA >= 2048 bits)";
      case Errc::key_mismatch: return "private key does not match the certificate";
      case Errc::not_a_ca: return "certificate is not a certificate authority";
      case Errc::wrong_password: return "wrong password";
      case Errc::decrypt_failed: return "decryption or integrity check failed";
      case Errc::malformed: return "malformed input";
    }
    return "unknown pw.crypto error";
  }
};
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

constexpr CryptoCategory kCryptoCategory;

}  // namespace

const boost::system::error_category& cryptoCategory() noexcept {
  return kCryptoCategory;
}

boost::system::error_code make_error_code(Errc code) noexcept {
  return {static_cast<int>(code), kCryptoCategory};
}

}  // namespace pw::crypto
