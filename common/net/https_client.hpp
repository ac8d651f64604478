#pragma once
// Blocking HTTPS/1.1 client with keep-alive and an overall deadline per request. Each
// instance owns its own I/O context and connection: use one per calling thread.
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <boost/system/result.hpp>

#include "common/net/http_message.hpp"

namespace pw::net {

struct HttpsClientSettings {
  std::string host;  ///< name or IP to connect to
  std::uint16_t port = 443;
  /// Trust anchors (PEM, may hold several certificates). Empty: only the system store.
  std::string trusted_ca_pem;
  bool use_system_trust_store = false;
  /// False skips certificate verification entirely. Only for fetching data whose integrity
  /// is checked another way (the Agent's first fetch of the Manager's CA, checked against the
  /// fingerprint in its activation key).
  bool verify_peer = true;
  /// Name checked against the server certificate's SAN. Empty means `host`.
  std::string expected_server_name;
  /// Client certificate (leaf first) and key for mutual TLS; empty for none.
  std::string client_certificate_pem;
  std::string client_private_key_pem;
  std::size_t max_body_bytes = 8 * 1024 * 1024;
};

/// True for the error request() returns when its deadline passed (lets callers word it without
/// including Asio).
bool isTimeout(const boost::system::error_code& error);

class HttpsClient {
 public:
  /// Throws std::runtime_error when the trust anchors or client credentials do not load.
  explicit HttpsClient(HttpsClientSettings settings);
  ~HttpsClient();
  HttpsClient(const HttpsClient&) = delete;
  HttpsClient& operator=(const HttpsClient&) = delete;

  /// Sends the request (Host, Content-Length added) and waits for the response, reusing the
  /// connection when possible. Errors: connection/TLS/verification failures, and
  /// boost::asio::error::timed_out when the deadline passes. Not thread-safe.
  boost::system::result<HttpResponse> request(const HttpRequest& request,
                                              std::chrono::milliseconds timeout);

  /// Closes the connection, e.g. to interrupt a long poll from another thread. Thread-safe.
  /// A request() in progress returns operation_aborted; the next request() reconnects. A
  /// close() that lands before request() starts only drops the kept connection: it does not
  /// cancel that later request (use a stop flag for shutdown).
  void close();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace pw::net
