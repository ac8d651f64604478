#pragma once
// HTTPS/1.1 server on Boost.Beast + OpenSSL: TLS 1.2+, a deadline on every operation,
// header and body size limits, keep-alive, optional mutual TLS.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "common/net/event_loop.hpp"
#include "common/net/http_message.hpp"

namespace pw::net {

struct TlsServerSettings {
  std::string certificate_chain_pem;  ///< leaf first
  std::string private_key_pem;
  /// When set, clients must present a certificate issued by this CA (mutual TLS); the
  /// handshake fails without one.
  std::string client_ca_pem;
  /// Called during the handshake for a client certificate whose chain verified; returning
  /// false refuses the handshake (revoked or unknown certificate). Thread-safe callee.
  std::function<bool(const PeerCertificate&)> accept_client;
};

struct HttpsServerSettings {
  std::string address = "127.0.0.1";
  std::uint16_t port = 0;  ///< 0 picks a free port; read it back with port()
  std::size_t max_header_bytes = 16 * 1024;
  std::size_t max_body_bytes = 1024 * 1024;
  /// When set, decides each request's body limit from its method and target, once the header
  /// is read (an upload route may take more than the rest); max_body_bytes otherwise. Called on
  /// an I/O thread: keep it quick and thread-safe.
  std::function<std::size_t(std::string_view method, std::string_view target)> body_limit_for;
  std::chrono::milliseconds handshake_timeout{10'000};
  std::chrono::milliseconds read_timeout{30'000};  ///< per request, from first byte
  std::chrono::milliseconds write_timeout{30'000};
  std::chrono::milliseconds idle_timeout{60'000};  ///< keep-alive wait between requests
  /// Upper bound for a parked Responder (long polls); the server answers 504 after it.
  std::chrono::milliseconds response_timeout{120'000};
};

class HttpsServer {
 public:
  /// Throws std::runtime_error naming the reason when the key/certificate cannot be loaded
  /// or the address cannot be bound.
  HttpsServer(EventLoop& loop, HttpsServerSettings settings, TlsServerSettings tls,
              RequestHandler handler);
  ~HttpsServer();
  HttpsServer(const HttpsServer&) = delete;
  HttpsServer& operator=(const HttpsServer&) = delete;

  /// The bound port (useful after binding port 0).
  [[nodiscard]] std::uint16_t port() const;
  /// Begins accepting. Thread-safe.
  void start();
  /// Stops accepting and closes open connections. Thread-safe.
  void stop();
  /// Connections currently open (handshaking, idle or serving). Thread-safe.
  [[nodiscard]] std::size_t openConnections() const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace pw::net
