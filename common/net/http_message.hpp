#pragma once
// Plain HTTP request/response values shared by the HTTPS server and client. They carry no
// Beast types, so code above the transport never includes Boost.Beast (one Beast translation
// unit costs 20-30 s to compile).
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pw::net {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

/// The client certificate of a mutual-TLS connection, after the chain was verified.
struct PeerCertificate {
  std::string subject_common_name;
  std::string serial_hex;          ///< lower-case hex, no leading zeros
  std::string sha256_fingerprint;  ///< lower-case hex of the DER encoding
};

struct HttpRequest {
  std::string method;  ///< upper case: GET, POST, ...
  std::string target;  ///< as sent: path plus optional '?' query
  HeaderList headers;  ///< names lower-cased by the server; sent as given by the client
  std::string body;
  std::string remote_address;           ///< filled by the server
  std::optional<PeerCertificate> peer;  ///< filled by the server on mutual-TLS listeners

  /// Header value by case-insensitive name, empty when absent.
  [[nodiscard]] std::string_view header(std::string_view name) const;
  /// target without the query string.
  [[nodiscard]] std::string_view path() const;
  /// Value of a query parameter (percent-decoded), nullopt when absent.
  [[nodiscard]] std::optional<std::string> queryParam(std::string_view name) const;
  /// Every query parameter in order, percent-decoded; a name may repeat (a=1&a=2).
  [[nodiscard]] std::vector<std::pair<std::string, std::string>> queryParams() const;
};

struct HttpResponse {
  int status = 200;
  HeaderList headers;
  std::string body;

  [[nodiscard]] std::string_view header(std::string_view name) const;
};

/// Completes a request. Must be called exactly once; may be called from any thread and at
/// any later time (long polls park it). Calling it after the connection closed is harmless.
using Responder = std::function<void(HttpResponse)>;

/// Application entry point of a server. Invoked on an I/O thread: it must not block; blocking
/// work (SQLite, file I/O) is posted to a worker pool, which later calls the Responder.
using RequestHandler = std::function<void(HttpRequest&&, Responder)>;

}  // namespace pw::net
