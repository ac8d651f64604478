#include "common/net/https_server.hpp"

#include "common/core/hex.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>
#include <exception>
#include <limits>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/ssl/verify_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

namespace pw::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using boost::system::error_code;

namespace {

constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);
/// Sending close_notify is a courtesy; a peer that does not answer must not hold the socket.
constexpr std::chrono::milliseconds kShutdownTimeout{2'000};
/// Before closing we read and discard what the client is still sending (the rest of an
/// oversized body): closing with unread input makes the kernel send a RST, and the client
/// then loses our last response (413/431) before it could read it.
constexpr std::chrono::milliseconds kLingerTimeout{2'000};
constexpr std::chrono::milliseconds kAcceptRetryDelay{100};
constexpr std::size_t kFirstReadBytes = 4096;
/// Mozilla "intermediate" TLS 1.2 suites (forward secrecy, AEAD only); TLS 1.3 suites are
/// OpenSSL's defaults.
constexpr const char* kTls12Ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";

std::string asciiLower(std::string_view in) {
  std::string out(in);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && asciiLower(a) == asciiLower(b);
}

std::optional<PeerCertificate> describeCertificate(X509* cert) {
  if (cert == nullptr) return std::nullopt;
  PeerCertificate peer;

  if (X509_NAME* subject = X509_get_subject_name(cert)) {
    const int index = X509_NAME_get_index_by_NID(subject, NID_commonName, -1);
    if (index >= 0) {
      ASN1_STRING* data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subject, index));
      unsigned char* utf8 = nullptr;
      const int length = ASN1_STRING_to_UTF8(&utf8, data);
      if (length < 0) return std::nullopt;
      peer.subject_common_name.assign(reinterpret_cast<const char*>(utf8),
                                      static_cast<std::size_t>(length));
      OPENSSL_free(utf8);
    }
  }

  BIGNUM* serial = ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert), nullptr);
  if (serial == nullptr) return std::nullopt;
  char* hex = BN_bn2hex(serial);  // upper case, no leading zeros ("0" for zero)
  BN_free(serial);
  if (hex == nullptr) return std::nullopt;
  // BN_bn2hex prints whole bytes ("0ABCDE"); the wire format drops leading zeros.
  std::string serial_hex = asciiLower(hex);
  OPENSSL_free(hex);
  const bool negative = !serial_hex.empty() && serial_hex.front() == '-';
  const auto digits = serial_hex.find_first_not_of('0', negative ? 1 : 0);
  peer.serial_hex =
      digits == std::string::npos ? "0" : (negative ? "-" : "") + serial_hex.substr(digits);

  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int digest_size = 0;
  if (X509_digest(cert, EVP_sha256(), digest.data(), &digest_size) != 1) return std::nullopt;
  peer.sha256_fingerprint =
      hexEncode(std::string_view(reinterpret_cast<const char*>(digest.data()), digest_size));
  return peer;
}

std::string listenText(const std::string& address, std::uint16_t port) {
  const bool v6 = address.find(':') != std::string::npos;
  return (v6 ? "[" + address + "]" : address) + ":" + std::to_string(port);
}

HttpResponse jsonError(int status, std::string_view code, std::string_view message) {
  HttpResponse r;
  r.status = status;
  r.headers.emplace_back("Content-Type", "application/json");
  // code and message are constants of this file: nothing to escape.
  r.body = std::string(R"({"code":")") + std::string(code) + R"(","message":")" +
           std::string(message) + R"("})";
  return r;
}

// RFC 9110 token characters; anything else in an application-supplied header name, or CR/LF
// in a value, would let data injected into a header split the response.
bool validHeaderName(std::string_view name) {
  if (name.empty()) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
    return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
  });
}

bool validHeaderValue(std::string_view value) {
  return std::none_of(value.begin(), value.end(),
                      [](char c) { return c == '\r' || c == '\n' || c == '\0'; });
}

bool isHttpParseError(const error_code& ec) {
  return ec.category() == http::make_error_code(http::error::bad_method).category();
}

enum class Next { kKeepAlive, kClose };

/// The application may end a kept-alive connection with "Connection: close".
bool wantsClose(const HttpResponse& response) {
  return asciiLower(response.header("connection")).find("close") != std::string::npos;
}

class Connection;

/// The server proper. HttpsServer::Impl derives from it so that the connections, which live
/// in this file's anonymous namespace, can share ownership of it.
struct ServerCore : std::enable_shared_from_this<ServerCore> {
  ServerCore(EventLoop& loop, HttpsServerSettings s, TlsServerSettings t, RequestHandler h)
      : io(*static_cast<asio::io_context*>(loop.nativeHandle())),
        settings(std::move(s)),
        tls(std::move(t)),
        handler(std::move(h)),
        acceptor_strand(asio::make_strand(io)),
        acceptor(acceptor_strand) {
    configureTls();
    listen();
  }

  void configureTls();
  void listen();
  static asio::awaitable<void> acceptLoop(std::shared_ptr<ServerCore> self);
  void startConnection(tcp::socket socket);
  void forget(Connection* connection);
  void stop();
  [[nodiscard]] bool mutualTls() const { return !tls.client_ca_pem.empty(); }

  asio::io_context& io;
  const HttpsServerSettings settings;
  const TlsServerSettings tls;
  const RequestHandler handler;
  ssl::context ssl_ctx{ssl::context::tls_server};
  asio::strand<asio::io_context::executor_type> acceptor_strand;
  tcp::acceptor acceptor;
  std::uint16_t bound_port = 0;
  std::atomic<bool> started{false};
  std::atomic<bool> stopped{false};

  mutable std::mutex connections_mutex;
  // Weak: a connection lives as long as its coroutine; the server only needs to reach the
  // open ones to close them on stop().
  std::unordered_map<Connection*, std::weak_ptr<Connection>> connections;
};

/// One accepted TLS connection. All members are touched only on the connection's strand.
class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(std::shared_ptr<ServerCore> server, tcp::socket socket)
      : server_(std::move(server)),
        strand_(socket.get_executor()),
        stream_(std::move(socket), server_->ssl_ctx),
        response_timer_(strand_),
        watch_timer_(strand_) {
    error_code ec;
    const auto remote = beast::get_lowest_layer(stream_).socket().remote_endpoint(ec);
    if (!ec) remote_address_ = remote.address().to_string();
    if (server_->mutualTls()) {
      // Per-connection callback (SSL_set_verify) so the verified identity lands on this
      // connection; the verify mode itself comes from the context.
      stream_.set_verify_callback(
          [this](bool preverify_ok, ssl::verify_context& ctx) {
            return verifyClient(preverify_ok, ctx);
          },
          ec);
    }
  }

  [[nodiscard]] const asio::any_io_executor& strand() const { return strand_; }
  [[nodiscard]] ServerCore& server() const { return *server_; }

  asio::awaitable<void> run();

  /// Closes the socket; pending operations finish with operation_aborted. On the strand.
  void closeNow() {
    closing_ = true;
    beast::get_lowest_layer(stream_).close();
    response_timer_.cancel();
    watch_timer_.cancel();
  }

  /// Hands the application's response to the waiting request. On the strand.
  void deliver(std::uint64_t sequence, HttpResponse response) {
    // A late answer (after the 504, or to an earlier request) has nobody waiting for it.
    if (sequence != request_sequence_ || !awaiting_response_ || pending_response_) return;
    pending_response_ = std::move(response);
    response_timer_.cancel();
  }

 private:
  bool verifyClient(bool preverify_ok, ssl::verify_context& ctx);
  asio::awaitable<Next> serveOne();
  asio::awaitable<std::optional<HttpResponse>> dispatch(HttpRequest request);
  asio::awaitable<bool> write(HttpResponse response, bool keep_alive, bool head_request);
  asio::awaitable<Next> failRead(const error_code& ec);
  asio::awaitable<void> closeGracefully();
  /// Starts the background read that waits for the next request and notices a client that
  /// goes away; its bytes land in buffer_.
  void startWatch();
  /// Waits until the watch read completed (true) or `limit` passed (false).
  asio::awaitable<bool> awaitWatch(std::chrono::milliseconds limit);

  std::shared_ptr<ServerCore> server_;
  asio::any_io_executor strand_;
  beast::ssl_stream<beast::tcp_stream> stream_;
  beast::flat_buffer buffer_;
  asio::steady_timer response_timer_;
  asio::steady_timer watch_timer_;
  bool watch_pending_ = false;
  error_code watch_error_;
  std::string remote_address_;
  std::optional<PeerCertificate> peer_;
  std::uint64_t request_sequence_ = 0;
  bool awaiting_response_ = false;
  std::optional<HttpResponse> pending_response_;
  bool closing_ = false;
};

/// Shared by all copies of one request's Responder. The first call wins; if every copy is
/// destroyed without a call (a handler that lost the request), the client gets a 500 now
/// instead of a 504 after response_timeout.
class ResponseSlot {
 public:
  ResponseSlot(std::weak_ptr<Connection> connection, std::uint64_t sequence)
      : connection_(std::move(connection)), sequence_(sequence) {}
  ResponseSlot(const ResponseSlot&) = delete;
  ResponseSlot& operator=(const ResponseSlot&) = delete;

  ~ResponseSlot() {
    if (!claim()) return;
    try {
      send(jsonError(500, "internal", "the request handler dropped the request"));
    } catch (...) {  // bad_alloc in a destructor: the 504 path still answers the client
    }
  }

  /// True for the first caller only: the one that answers the request.
  bool claim() { return !done_.exchange(true); }

  void complete(HttpResponse response) {
    if (claim()) send(std::move(response));
  }

 private:
  void send(HttpResponse response) {
    auto connection = connection_.lock();
    if (!connection) return;  // connection already closed: the answer has no recipient
    auto strand = connection->strand();
    asio::post(strand, [connection = std::move(connection), sequence = sequence_,
                        response = std::move(response)]() mutable {
      connection->deliver(sequence, std::move(response));
    });
  }

  std::weak_ptr<Connection> connection_;
  std::uint64_t sequence_;
  std::atomic<bool> done_{false};
};

bool Connection::verifyClient(bool preverify_ok, ssl::verify_context& ctx) {
  X509_STORE_CTX* store = ctx.native_handle();
  if (!preverify_ok) return false;  // chain, expiry, CA: OpenSSL already said no
  if (X509_STORE_CTX_get_error_depth(store) != 0) return true;
  std::optional<PeerCertificate> peer;
  try {
    peer = describeCertificate(X509_STORE_CTX_get_current_cert(store));
    if (!peer) {
      X509_STORE_CTX_set_error(store, X509_V_ERR_APPLICATION_VERIFICATION);
      return false;
    }
    if (server_->tls.accept_client && !server_->tls.accept_client(*peer)) {
      X509_STORE_CTX_set_error(store, X509_V_ERR_CERT_REJECTED);
      return false;
    }
  } catch (...) {
    // An exception must not unwind through OpenSSL's C frames; refusing is the safe answer.
    X509_STORE_CTX_set_error(store, X509_V_ERR_APPLICATION_VERIFICATION);
    return false;
  }
  peer_ = std::move(peer);
  return true;
}

asio::awaitable<void> Connection::run() {
  auto& tcp_layer = beast::get_lowest_layer(stream_);
  try {
    tcp_layer.expires_after(server_->settings.handshake_timeout);
    auto [handshake_ec] = co_await stream_.async_handshake(ssl::stream_base::server, kTuple);
    // Fail closed: on a mutual-TLS listener a request must always carry a verified peer.
    if (handshake_ec || (server_->mutualTls() && !peer_)) {
      tcp_layer.close();
      co_return;
    }
    Next next = Next::kKeepAlive;
    while (next == Next::kKeepAlive && !closing_ && !server_->stopped) {
      next = co_await serveOne();
    }
  } catch (...) {
    // Nothing may escape a coroutine; fall through to close the socket.
  }
  tcp_layer.close();
}

asio::awaitable<Next> Connection::serveOne() {
  const auto& settings = server_->settings;
  auto& tcp_layer = beast::get_lowest_layer(stream_);

  // Between requests the connection may idle for idle_timeout; once the first byte arrives
  // the whole request must come within read_timeout.
  if (buffer_.size() == 0) {
    if (!watch_pending_) startWatch();
    const bool arrived = co_await awaitWatch(settings.idle_timeout);
    // Idle timeout, client went away, or stop().
    if (!arrived || watch_error_ || buffer_.size() == 0) co_return Next::kClose;
  }

  tcp_layer.expires_after(settings.read_timeout);
  http::request_parser<http::string_body> parser;
  parser.header_limit(static_cast<std::uint32_t>(
      std::min<std::size_t>(settings.max_header_bytes, std::numeric_limits<std::uint32_t>::max())));
  // The limit depends on the route, known only once the header is in: check the announced
  // length by hand, then let the parser enforce the limit on the body (chunked ones included).
  parser.body_limit(boost::none);

  {
    auto [ec, n] = co_await http::async_read_header(stream_, buffer_, parser, kTuple);
    if (ec) co_return co_await failRead(ec);
  }
  const auto& head = parser.get();
  const std::size_t body_limit = settings.body_limit_for
                                     ? settings.body_limit_for(head.method_string(), head.target())
                                     : settings.max_body_bytes;
  if (parser.content_length() && *parser.content_length() > body_limit) {
    co_return co_await failRead(http::error::body_limit);
  }
  parser.body_limit(body_limit);
  if (!parser.is_done()) {
    // Clients sending "Expect: 100-continue" (curl does for larger bodies) wait for this
    // interim answer before the body.
    if (equalsIgnoreCase(parser.get()[http::field::expect], "100-continue")) {
      http::response<http::empty_body> interim{http::status::continue_, 11};
      tcp_layer.expires_after(settings.write_timeout);
      auto [ec, n] = co_await http::async_write(stream_, interim, kTuple);
      if (ec) co_return Next::kClose;
      tcp_layer.expires_after(settings.read_timeout);
    }
    auto [ec, n] = co_await http::async_read(stream_, buffer_, parser, kTuple);
    if (ec) co_return co_await failRead(ec);
  }
  tcp_layer.expires_never();  // the handler may take long (long polls): response_timeout rules

  auto message = parser.release();
  const bool keep_alive = message.keep_alive();
  // Watch the socket while the handler works, so that a client that goes away during a long
  // poll frees the connection at once instead of at response_timeout. The same read then
  // waits for the next request.
  if (keep_alive && buffer_.size() == 0) startWatch();
  const bool head_request = message.method() == http::verb::head;

  HttpRequest request;
  request.method = std::string(message.method_string());
  request.target = std::string(message.target());
  request.headers.reserve(static_cast<std::size_t>(std::distance(message.begin(), message.end())));
  for (const auto& field : message) {
    request.headers.emplace_back(asciiLower(field.name_string()), std::string(field.value()));
  }
  request.body = std::move(message.body());
  request.remote_address = remote_address_;
  request.peer = peer_;

  auto response = co_await dispatch(std::move(request));
  if (!response || closing_) co_return Next::kClose;

  const bool keep = keep_alive && !server_->stopped && !wantsClose(*response);
  if (!co_await write(std::move(*response), keep, head_request)) co_return Next::kClose;
  if (!keep) {
    co_await closeGracefully();
    co_return Next::kClose;
  }
  co_return Next::kKeepAlive;
}

asio::awaitable<std::optional<HttpResponse>> Connection::dispatch(HttpRequest request) {
  const std::uint64_t sequence = ++request_sequence_;
  pending_response_.reset();
  awaiting_response_ = true;
  if (server_->stopped) co_return std::nullopt;

  {
    auto slot = std::make_shared<ResponseSlot>(weak_from_this(), sequence);
    try {
      server_->handler(std::move(request),
                       [slot](HttpResponse response) { slot->complete(std::move(response)); });
    } catch (...) {
      // The handler broke its contract; answer for it unless it already answered.
      if (slot->claim()) {
        pending_response_ = jsonError(500, "internal", "the request handler failed");
      }
    }
  }

  // deliver() runs on this strand, so it cannot slip in between the check and the wait.
  response_timer_.expires_after(server_->settings.response_timeout);
  while (!pending_response_ && !closing_ && !watch_error_) {
    auto [ec] = co_await response_timer_.async_wait(kTuple);
    if (!ec) break;  // expired; a cancel means "look again"
  }
  awaiting_response_ = false;
  if (closing_ || watch_error_) co_return std::nullopt;  // stop(), or the client went away
  if (pending_response_) co_return std::move(pending_response_);
  co_return jsonError(504, "response_timeout", "the server did not answer in time");
}

asio::awaitable<bool> Connection::write(HttpResponse response, bool keep_alive, bool head_request) {
  http::response<http::string_body> message;
  message.version(11);
  const bool valid_status = response.status >= 100 && response.status <= 599;
  message.result(static_cast<unsigned>(valid_status ? response.status : 500));
  for (const auto& [name, value] : response.headers) {
    if (!validHeaderName(name) || !validHeaderValue(value)) continue;
    // Framing headers are ours: a stale Content-Length from the app would corrupt the stream.
    if (equalsIgnoreCase(name, "content-length") || equalsIgnoreCase(name, "transfer-encoding"))
      continue;
    // Connection is derived from keep_alive (see wantsClose()).
    if (equalsIgnoreCase(name, "connection")) continue;
    message.insert(name, value);
  }
  message.set(http::field::server, "printwarden");
  const unsigned status = message.result_int();
  const bool body_allowed = status >= 200 && status != 204 && status != 304;
  if (body_allowed) {
    message.content_length(response.body.size());
    // A HEAD response announces the length of the body it does not carry.
    if (!head_request) message.body() = std::move(response.body);
  }
  message.keep_alive(keep_alive);

  beast::get_lowest_layer(stream_).expires_after(server_->settings.write_timeout);
  auto [ec, n] = co_await http::async_write(stream_, message, kTuple);
  co_return !ec;
}

asio::awaitable<Next> Connection::failRead(const error_code& ec) {
  std::optional<HttpResponse> answer;
  if (ec == http::error::header_limit) {
    answer = jsonError(431, "request_too_large", "the request header fields are too large");
  } else if (ec == http::error::body_limit) {
    answer = jsonError(413, "request_too_large", "the request body is too large");
  } else if (isHttpParseError(ec) && ec != http::error::end_of_stream &&
             ec != http::error::partial_message) {
    answer = jsonError(400, "bad_request", "the request is not valid HTTP/1.1");
  }
  // Timeouts, resets, truncation and stop() just close: there is nobody to answer.
  if (!answer) co_return Next::kClose;

  if (!co_await write(std::move(*answer), false, false)) co_return Next::kClose;

  co_await closeGracefully();
  co_return Next::kClose;
}

void Connection::startWatch() {
  watch_pending_ = true;
  // Only our own timers bound this read (idle_timeout, response_timeout): it may span a
  // long poll. No other operation is pending here, as expires_never() requires.
  beast::get_lowest_layer(stream_).expires_never();
  stream_.async_read_some(
      buffer_.prepare(kFirstReadBytes),
      [self = shared_from_this()](const error_code& ec, std::size_t n) {
        self->watch_pending_ = false;
        if (ec) {
          self->watch_error_ = ec;
          self->response_timer_.cancel();  // a parked request has nobody to answer to now
        } else {
          self->buffer_.commit(n);
        }
        self->watch_timer_.cancel();
      });
}

asio::awaitable<bool> Connection::awaitWatch(std::chrono::milliseconds limit) {
  watch_timer_.expires_after(limit);
  while (watch_pending_ && !closing_) {
    auto [ec] = co_await watch_timer_.async_wait(kTuple);
    if (!ec) break;  // the limit passed
  }
  co_return !watch_pending_;
}

asio::awaitable<void> Connection::closeGracefully() {
  auto& tcp_layer = beast::get_lowest_layer(stream_);
  // One-way TLS shutdown: send our close_notify without waiting for the client's. A two-way
  // shutdown fails as soon as the client is still sending (the rest of a refused upload).
  SSL_set_shutdown(stream_.native_handle(), SSL_RECEIVED_SHUTDOWN);
  tcp_layer.expires_after(kShutdownTimeout);
  co_await stream_.async_shutdown(kTuple);  // failure changes nothing: we close anyway
  error_code ec;
  tcp_layer.socket().shutdown(tcp::socket::shutdown_send, ec);
  if (ec) co_return;
  const auto linger = std::min(kLingerTimeout, server_->settings.read_timeout);
  if (watch_pending_) {
    // The watch read is already draining; a second read on the socket is not allowed.
    co_await awaitWatch(linger);
    co_return;
  }
  // Lingering close: the client now knows the end has come (close_notify, FIN); read and
  // discard until it closes too, so that it has read our answer before the socket goes.
  tcp_layer.expires_after(linger);
  std::array<char, 4096> discard{};
  for (;;) {
    auto [read_ec, n] = co_await tcp_layer.async_read_some(asio::buffer(discard), kTuple);
    if (read_ec) break;
  }
}

void ServerCore::configureTls() {
  SSL_CTX* native = ssl_ctx.native_handle();
  ssl_ctx.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                      ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 |
                      ssl::context::single_dh_use);
  if (SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION) != 1 ||
      SSL_CTX_set_cipher_list(native, kTls12Ciphers) != 1) {
    throw std::runtime_error("cannot configure the TLS protocol versions and ciphers");
  }
  // No session resumption: every connection runs a full handshake, so the client certificate
  // is verified and accept_client (revocation) consulted every time, and the verified peer
  // identity is always known to the connection.
  SSL_CTX_set_session_cache_mode(native, SSL_SESS_CACHE_OFF);
  SSL_CTX_set_options(native, SSL_OP_NO_TICKET);
  SSL_CTX_set_num_tickets(native, 0);

  error_code ec;
  ssl_ctx.use_certificate_chain(asio::buffer(tls.certificate_chain_pem), ec);
  if (ec) throw std::runtime_error("cannot load the server certificate chain: " + ec.message());
  ssl_ctx.use_private_key(asio::buffer(tls.private_key_pem), ssl::context::pem, ec);
  if (ec) throw std::runtime_error("cannot load the server private key: " + ec.message());
  if (SSL_CTX_check_private_key(native) != 1) {
    throw std::runtime_error("the server private key does not match its certificate");
  }

  if (!mutualTls()) {
    ssl_ctx.set_verify_mode(ssl::verify_none);
    return;
  }
  // Only this CA is trusted for clients: the system store is deliberately not loaded.
  ssl_ctx.add_certificate_authority(asio::buffer(tls.client_ca_pem), ec);
  if (ec) throw std::runtime_error("cannot load the client CA certificate: " + ec.message());
  // Advertise the accepted issuers so clients holding several certificates pick the right one.
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(
      BIO_new_mem_buf(tls.client_ca_pem.data(), static_cast<int>(tls.client_ca_pem.size())),
      &BIO_free);
  while (bio) {
    X509* ca = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr);
    if (ca == nullptr) break;
    SSL_CTX_add_client_CA(native, ca);
    X509_free(ca);
  }
  ERR_clear_error();  // the loop ends on a "no start line" error by design
  ssl_ctx.set_verify_mode(ssl::verify_peer | ssl::verify_fail_if_no_peer_cert);
}

void ServerCore::listen() {
  const std::string where = listenText(settings.address, settings.port);
  error_code ec;
  const auto address = asio::ip::make_address(settings.address, ec);
  if (ec) throw std::runtime_error("cannot listen on " + where + ": not an IP address");
  const tcp::endpoint endpoint{address, settings.port};
  acceptor.open(endpoint.protocol(), ec);
#if !defined(_WIN32)
  // On POSIX this only allows rebinding over TIME_WAIT after a restart; on Windows it would
  // let a second process steal the port, hence not there.
  if (!ec) acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
#endif
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (!ec) bound_port = acceptor.local_endpoint(ec).port();
  if (ec) throw std::runtime_error("cannot listen on " + where + ": " + ec.message());
}

// Takes the server by value: the coroutine starts later, on the strand, and must own it.
asio::awaitable<void> ServerCore::acceptLoop(std::shared_ptr<ServerCore> self) {
  try {
    while (!self->stopped) {
      auto [ec, socket] = co_await self->acceptor.async_accept(asio::make_strand(self->io), kTuple);
      if (self->stopped || ec == asio::error::operation_aborted || !self->acceptor.is_open()) {
        break;
      }
      if (ec) {
        // Typically out of file descriptors: back off instead of spinning on the error.
        asio::steady_timer pause(self->acceptor_strand, kAcceptRetryDelay);
        co_await pause.async_wait(kTuple);
        continue;
      }
      self->startConnection(std::move(socket));
    }
  } catch (...) {
    // Nothing may escape a coroutine; without an accept loop the server is simply closed.
  }
}

void ServerCore::startConnection(tcp::socket socket) {
  // Without it, the last partial segment of a response (a TLS record after the full ones)
  // waits for the client's delayed ACK: 40 ms on Linux, most of a device list request's time
  // (bench/run, decision 0031). A failure only costs that delay.
  error_code ignored;
  socket.set_option(tcp::no_delay(true), ignored);
  std::shared_ptr<Connection> connection;
  try {
    connection = std::make_shared<Connection>(shared_from_this(), std::move(socket));
  } catch (...) {
    return;  // SSL_new failed (out of memory): drop this client, keep serving others
  }
  {
    std::lock_guard lock(connections_mutex);
    if (stopped) return;  // stop() already swept the list; this one would be missed
    connections.emplace(connection.get(), connection);
  }
  asio::co_spawn(connection->strand(), connection->run(), [connection](const std::exception_ptr&) {
    connection->server().forget(connection.get());
  });
}

void ServerCore::forget(Connection* connection) {
  std::lock_guard lock(connections_mutex);
  connections.erase(connection);
}

void ServerCore::stop() {
  std::vector<std::shared_ptr<Connection>> open;
  {
    std::lock_guard lock(connections_mutex);
    if (stopped.exchange(true)) return;
    for (const auto& [key, weak] : connections) {
      if (auto connection = weak.lock()) open.push_back(std::move(connection));
    }
  }
  asio::post(acceptor_strand, [self = shared_from_this()] {
    error_code ec;
    self->acceptor.close(ec);
  });
  for (auto& connection : open) {
    auto strand = connection->strand();
    asio::post(strand, [connection = std::move(connection)] { connection->closeNow(); });
  }
}

}  // namespace

struct HttpsServer::Impl : ServerCore {
  using ServerCore::ServerCore;
};

HttpsServer::HttpsServer(EventLoop& loop, HttpsServerSettings settings, TlsServerSettings tls,
                         RequestHandler handler)
    : impl_(std::make_shared<Impl>(loop, std::move(settings), std::move(tls), std::move(handler))) {
}

HttpsServer::~HttpsServer() {
  impl_->stop();
}

std::uint16_t HttpsServer::port() const {
  return impl_->bound_port;
}

void HttpsServer::start() {
  if (impl_->started.exchange(true)) return;
  asio::co_spawn(impl_->acceptor_strand, ServerCore::acceptLoop(impl_), asio::detached);
}

void HttpsServer::stop() {
  impl_->stop();
}

std::size_t HttpsServer::openConnections() const {
  std::lock_guard lock(impl_->connections_mutex);
  return impl_->connections.size();
}

}  // namespace pw::net
