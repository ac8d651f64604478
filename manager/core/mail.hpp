#pragma once
// E-mail as the Manager sends it: the outgoing server's settings, a message, and the outbox
// interface the services post to (manager/notify implements it over SMTP).
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pw::manager {

enum class MailSecurity { kNone, kStartTls, kImplicitTls };

std::string_view toString(MailSecurity security);
std::optional<MailSecurity> mailSecurityFromString(std::string_view text);

/// The outgoing (SMTP) server. `password` is the plain secret, held in memory only while a
/// message is sent; it is stored sealed and never returned by the API.
struct MailServerSettings {
  std::string host;  ///< empty: e-mail is not configured
  int port = 587;
  MailSecurity security = MailSecurity::kStartTls;
  std::string user;  ///< empty: no authentication
  std::string password;
  std::string sender;  ///< the From address
  std::string ca_pem;  ///< CA certificates (PEM) to trust instead of the system's; empty: system
};

/// How urgent the message says it is. High and low go out as X-Priority and Importance headers
/// (the pair mail clients read); normal sends neither, as a message without them is normal.
enum class MailPriority { kNormal, kHigh, kLow };

/// "high", "normal", "low".
std::string_view toString(MailPriority priority);
std::optional<MailPriority> mailPriorityFromString(std::string_view text);

struct MailAttachment {
  std::string filename;  ///< printable ASCII, no quotes
  std::string content_type;
  std::string data;
};

struct MailMessage {
  std::vector<std::string> to;
  std::string subject;  ///< UTF-8; encoded for the header by the sender
  std::string text;     ///< UTF-8 plain text
  std::vector<MailAttachment> attachments;
  MailPriority priority = MailPriority::kNormal;
};

/// A plausible single address "local@domain": no spaces, angle brackets, quotes or control
/// characters (they could inject SMTP commands or headers), at most 254 characters.
bool isMailAddress(std::string_view address);

/// Why the settings cannot be used, naming the field; nullopt when they can. An empty host
/// (e-mail switched off) is valid whatever the other fields say.
std::optional<std::string> validateMailServer(const MailServerSettings& settings);

/// Where services post mail: sent in order off the caller's thread by a bounded queue.
class MailOutbox {
 public:
  /// Called once the server accepted the message (nullopt) or with the error text.
  using Done = std::function<void(std::optional<std::string> error)>;
  virtual ~MailOutbox() = default;
  /// Queues the message; false (and `done` never called) when the queue is full.
  virtual bool post(MailServerSettings server, MailMessage message, Done done) = 0;
};

}  // namespace pw::manager
