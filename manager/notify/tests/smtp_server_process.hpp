#pragma once
// tests/harness/smtp_server.py (Debian's python3-aiosmtpd) as a test peer.
#include "manager/notify/tests/peer_process.hpp"

namespace pw::manager::notify::testing {

class SmtpServerProcess : public PeerProcess {
 public:
  /// mode: plain, starttls or tls; an empty user: no AUTH.
  explicit SmtpServerProcess(const std::string& mode, const std::string& user = "",
                             const std::string& password = "")
      : PeerProcess(PW_SMTP_SERVER, arguments(mode, user, password)) {}

  [[nodiscard]] std::string caPem() const { return read("ca.pem"); }
  /// The n-th message received (1-based): its raw DATA and its envelope JSON; empty if none.
  [[nodiscard]] std::string message(int n) const { return read(numbered("mail", n, ".eml")); }
  [[nodiscard]] std::string envelope(int n) const { return read(numbered("mail", n, ".json")); }

 private:
  static std::vector<std::string> arguments(const std::string& mode, const std::string& user,
                                            const std::string& password) {
    std::vector<std::string> out = {"--mode", mode};
    if (!user.empty()) out.insert(out.end(), {"--user", user, "--password", password});
    return out;
  }
};

}  // namespace pw::manager::notify::testing
