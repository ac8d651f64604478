#include "common/net/https_client.hpp"

#include <algorithm>
#include <exception>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <utility>

#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/system/system_error.hpp>

namespace pw::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using boost::system::error_code;
using Result = boost::system::result<HttpResponse>;

namespace {

constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);
/// After a deadline or close() aborts the sockets, the aborted operations complete at once;
/// only a name resolution stuck in getaddrinfo() can outlive this, and is then left behind.
constexpr std::chrono::milliseconds kAbortGrace{500};
constexpr std::uint32_t kMaxResponseHeaderBytes = 64 * 1024;

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           const auto lower = [](char c) {
             return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
           };
           return lower(x) == lower(y);
         });
}

bool isToken(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
    return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
  });
}

bool isSafeValue(std::string_view s) {
  return std::none_of(s.begin(), s.end(),
                      [](char c) { return c == '\r' || c == '\n' || c == '\0'; });
}

bool isSafeTarget(std::string_view s) {
  return !s.empty() && std::none_of(s.begin(), s.end(), [](char c) {
    return c == ' ' || c == '\r' || c == '\n' || c == '\0' || c == '\t';
  });
}

bool isIpLiteral(const std::string& s) {
  error_code ec;
  (void)asio::ip::make_address(s, ec);
  return !ec;
}

/// Methods a client may repeat without changing the outcome (RFC 9110 9.2.2).
bool isIdempotent(http::verb verb) {
  switch (verb) {
    case http::verb::get:
    case http::verb::head:
    case http::verb::put:
    case http::verb::delete_:
    case http::verb::options: return true;
    default: return false;
  }
}

/// Errors meaning "the server had closed the kept connection" rather than "the request failed".
bool isStaleConnectionError(const error_code& ec) {
  return ec == asio::error::eof || ec == asio::error::connection_reset ||
         ec == asio::error::broken_pipe || ec == ssl::error::stream_truncated ||
         ec == http::error::end_of_stream || ec == http::error::partial_message;
}

struct Connection {
  Connection(asio::io_context& io, ssl::context& ctx) : stream(io, ctx) {}
  void close() { beast::get_lowest_layer(stream).close(); }

  beast::ssl_stream<beast::tcp_stream> stream;
  beast::flat_buffer buffer;
};

/// One call of request(). Touched only on the thread running the io_context.
struct Exchange {
  void abort(error_code reason) {
    if (!abort_reason) abort_reason = reason;
    if (connection) connection->close();
    if (resolver) resolver->cancel();
  }

  std::uint64_t id = 0;
  http::request<http::string_body> message;
  std::shared_ptr<Connection> connection;
  std::shared_ptr<tcp::resolver> resolver;
  error_code abort_reason;  ///< timed_out or operation_aborted once interrupted
  bool done = false;
  std::optional<Result> result;
};

}  // namespace

struct HttpsClient::Impl {
  explicit Impl(HttpsClientSettings s) : settings(std::move(s)) {
    server_name =
        settings.expected_server_name.empty() ? settings.host : settings.expected_server_name;
    server_name_is_ip = isIpLiteral(server_name);
    host_header =
        server_name.find(':') != std::string::npos ? "[" + server_name + "]" : server_name;
    if (settings.port != 443) host_header += ":" + std::to_string(settings.port);
    configureTls();
  }

  void configureTls();
  asio::awaitable<Result> perform(std::shared_ptr<Exchange> ex);
  asio::awaitable<error_code> connect(const std::shared_ptr<Exchange>& ex,
                                      std::shared_ptr<Connection>& out);
  bool stillOpen(Connection& connection);

  HttpsClientSettings settings;
  std::string server_name;
  bool server_name_is_ip = false;
  std::string host_header;
  ssl::context ssl_ctx{ssl::context::tls_client};
  // Declared after ssl_ctx and before the connections: destroyed before the context, and
  // destroys handlers (which may own connections) while its services still exist.
  asio::io_context io{1};
  std::shared_ptr<Connection> idle;   ///< the kept-alive connection, request thread only
  std::shared_ptr<Exchange> current;  ///< request thread only

  std::mutex mutex;  ///< guards the fields below, shared with close()
  std::uint64_t active_id = 0;
  std::uint64_t next_id = 0;
  bool drop_idle = false;
};

void HttpsClient::Impl::configureTls() {
  SSL_CTX* native = ssl_ctx.native_handle();
  ssl_ctx.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                      ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
  if (SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION) != 1) {
    throw std::runtime_error("cannot configure the TLS protocol versions");
  }
  error_code ec;
  if (!settings.verify_peer) {
    ssl_ctx.set_verify_mode(ssl::verify_none);
  } else {
    ssl_ctx.set_verify_mode(ssl::verify_peer);
  }
  if (settings.verify_peer && !settings.trusted_ca_pem.empty()) {
    ssl_ctx.add_certificate_authority(asio::buffer(settings.trusted_ca_pem), ec);
    if (ec) throw std::runtime_error("cannot load the trusted CA certificates: " + ec.message());
  }
  // Without explicit anchors the system store is the only possible trust.
  if (settings.verify_peer &&
      (settings.use_system_trust_store || settings.trusted_ca_pem.empty())) {
    ssl_ctx.set_default_verify_paths(ec);
    if (ec) throw std::runtime_error("cannot load the system trust store: " + ec.message());
  }

  const bool has_cert = !settings.client_certificate_pem.empty();
  const bool has_key = !settings.client_private_key_pem.empty();
  if (has_cert != has_key) {
    throw std::runtime_error("the client certificate and private key must be given together");
  }
  if (has_cert) {
    ssl_ctx.use_certificate_chain(asio::buffer(settings.client_certificate_pem), ec);
    if (ec) throw std::runtime_error("cannot load the client certificate: " + ec.message());
    ssl_ctx.use_private_key(asio::buffer(settings.client_private_key_pem), ssl::context::pem, ec);
    if (ec) throw std::runtime_error("cannot load the client private key: " + ec.message());
    if (SSL_CTX_check_private_key(native) != 1) {
      throw std::runtime_error("the client private key does not match its certificate");
    }
  }
}

// A kept connection is reusable when nothing is waiting on its socket: an idle HTTP/1.1
// connection receives nothing, so readable means the server closed it (FIN or close_notify).
bool HttpsClient::Impl::stillOpen(Connection& connection) {
  auto& socket = beast::get_lowest_layer(connection.stream).socket();
  if (!socket.is_open() || connection.buffer.size() != 0) return false;
  error_code ec;
  socket.non_blocking(true, ec);
  if (ec) return false;
  char byte = 0;
  socket.receive(asio::buffer(&byte, 1), tcp::socket::message_peek, ec);
  error_code restore_ec;
  socket.non_blocking(false, restore_ec);
  return ec == asio::error::would_block && !restore_ec;
}

asio::awaitable<error_code> HttpsClient::Impl::connect(const std::shared_ptr<Exchange>& ex,
                                                       std::shared_ptr<Connection>& out) {
  auto connection = std::make_shared<Connection>(io, ssl_ctx);
  ex->connection = connection;

  SSL* ssl = connection->stream.native_handle();
  // The name check is what binds the verified chain to the server we meant; SNI only makes
  // sense (and is only allowed, RFC 6066) for host names.
  if (!settings.verify_peer) {
    if (!server_name_is_ip) SSL_set_tlsext_host_name(ssl, server_name.c_str());
  } else if (server_name_is_ip) {
    if (X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), server_name.c_str()) != 1) {
      co_return ssl::error::make_error_code(ssl::error::unspecified_system_error);
    }
  } else {
    SSL_set_hostflags(ssl, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    if (SSL_set1_host(ssl, server_name.c_str()) != 1 ||
        SSL_set_tlsext_host_name(ssl, server_name.c_str()) != 1) {
      co_return ssl::error::make_error_code(ssl::error::unspecified_system_error);
    }
  }

  auto& tcp_layer = beast::get_lowest_layer(connection->stream);
  error_code ec;
  const auto address = asio::ip::make_address(settings.host, ec);
  if (!ec) {
    auto [connect_ec] =
        co_await tcp_layer.async_connect(tcp::endpoint{address, settings.port}, kTuple);
    if (ex->abort_reason) co_return ex->abort_reason;
    if (connect_ec) co_return connect_ec;
  } else {
    auto resolver = std::make_shared<tcp::resolver>(io);
    ex->resolver = resolver;
    auto [resolve_ec, endpoints] =
        co_await resolver->async_resolve(settings.host, std::to_string(settings.port), kTuple);
    ex->resolver.reset();
    if (ex->abort_reason) co_return ex->abort_reason;
    if (resolve_ec) co_return resolve_ec;
    auto [connect_ec, endpoint] = co_await tcp_layer.async_connect(endpoints, kTuple);
    if (ex->abort_reason) co_return ex->abort_reason;
    if (connect_ec) co_return connect_ec;
  }
  tcp_layer.socket().set_option(tcp::no_delay(true), ec);

  auto [handshake_ec] =
      co_await connection->stream.async_handshake(ssl::stream_base::client, kTuple);
  if (ex->abort_reason) co_return ex->abort_reason;
  if (handshake_ec) co_return handshake_ec;
  out = std::move(connection);
  co_return error_code{};
}

asio::awaitable<Result> HttpsClient::Impl::perform(std::shared_ptr<Exchange> ex) {
  std::shared_ptr<Connection> connection = std::move(idle);
  idle.reset();
  bool reused = false;
  if (connection) {
    reused = stillOpen(*connection);
    if (!reused) {
      connection->close();
      connection.reset();
    }
  }

  const bool head_request = ex->message.method() == http::verb::head;
  for (int attempt = 0;; ++attempt) {
    if (!connection) {
      reused = false;
      const error_code ec = co_await connect(ex, connection);
      if (ec) {
        if (ex->connection) ex->connection->close();
        co_return ec;
      }
    }
    ex->connection = connection;
    // Retry at most once, and only when the server provably did not act on the request.
    const bool may_retry = reused && attempt == 0;

    auto [write_ec, written] = co_await http::async_write(connection->stream, ex->message, kTuple);
    if (ex->abort_reason) co_return ex->abort_reason;
    if (write_ec) {
      connection->close();
      connection.reset();
      if (may_retry) continue;
      co_return write_ec;
    }

    http::response_parser<http::string_body> parser;
    parser.header_limit(kMaxResponseHeaderBytes);
    parser.body_limit(settings.max_body_bytes);
    parser.skip(head_request);  // a HEAD response has a Content-Length but no body
    auto [read_ec, read] =
        co_await http::async_read(connection->stream, connection->buffer, parser, kTuple);
    if (ex->abort_reason) co_return ex->abort_reason;
    if (read_ec) {
      connection->close();
      connection.reset();
      // Nothing came back on a kept connection: the server closed it as we wrote. Repeating
      // is only safe when the request may be repeated.
      if (may_retry && !parser.got_some() && isStaleConnectionError(read_ec) &&
          isIdempotent(ex->message.method())) {
        continue;
      }
      co_return read_ec;
    }

    auto message = parser.release();
    HttpResponse response;
    response.status = static_cast<int>(message.result_int());
    for (const auto& field : message) {
      response.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    }
    response.body = std::move(message.body());
    if (message.keep_alive() && ex->message.keep_alive()) {
      idle = std::move(connection);
    } else {
      connection->close();
    }
    co_return response;
  }
}

HttpsClient::HttpsClient(HttpsClientSettings settings)
    : impl_(std::make_unique<Impl>(std::move(settings))) {}

HttpsClient::~HttpsClient() = default;

Result HttpsClient::request(const HttpRequest& request, std::chrono::milliseconds timeout) {
  Impl& im = *impl_;
  if (!isToken(request.method) || !isSafeTarget(request.target)) {
    return make_error_code(boost::system::errc::invalid_argument);
  }

  auto ex = std::make_shared<Exchange>();
  ex->message.version(11);
  ex->message.method_string(request.method);
  ex->message.target(request.target);
  for (const auto& [name, value] : request.headers) {
    if (!isToken(name) || !isSafeValue(value)) {
      return make_error_code(boost::system::errc::invalid_argument);
    }
    // Framing and Host are ours to set.
    if (equalsIgnoreCase(name, "host") || equalsIgnoreCase(name, "content-length") ||
        equalsIgnoreCase(name, "transfer-encoding")) {
      continue;
    }
    ex->message.insert(name, value);
  }
  ex->message.set(http::field::host, im.host_header);
  ex->message.body() = request.body;
  ex->message.content_length(request.body.size());

  bool drop = false;
  {
    std::lock_guard lock(im.mutex);
    ex->id = ++im.next_id;
    im.active_id = ex->id;
    drop = std::exchange(im.drop_idle, false);
  }
  if (drop && im.idle) {
    im.idle->close();
    im.idle.reset();
  }

  const auto deadline = std::chrono::steady_clock::now() + timeout;
  im.current = ex;
  im.io.restart();
  asio::co_spawn(im.io, im.perform(ex), [ex](const std::exception_ptr& error, Result result) {
    // Exceptions (SSL_new failing, bad_alloc) must not escape into run_one(): report them.
    ex->result = std::move(result);
    if (error) {
      try {
        std::rethrow_exception(error);
      } catch (const boost::system::system_error& e) {
        ex->result = Result(e.code());
      } catch (...) {
        ex->result = Result(make_error_code(boost::system::errc::not_enough_memory));
      }
    }
    ex->done = true;
  });

  while (!ex->done && im.io.run_one_until(deadline) > 0) {
  }
  if (!ex->done) {
    ex->abort(asio::error::timed_out);
    const auto grace = std::chrono::steady_clock::now() + kAbortGrace;
    while (!ex->done && im.io.run_one_until(grace) > 0) {
    }
  }

  {
    std::lock_guard lock(im.mutex);
    im.active_id = 0;
  }
  im.current.reset();
  if (ex->abort_reason) {
    if (im.idle) {
      im.idle->close();
      im.idle.reset();
    }
    return ex->abort_reason;
  }
  if (!ex->result) return make_error_code(asio::error::timed_out);
  return std::move(*ex->result);
}

void HttpsClient::close() {
  Impl& im = *impl_;
  std::lock_guard lock(im.mutex);
  // Whatever is in use or kept now must not serve another request.
  im.drop_idle = true;
  if (im.active_id == 0) return;
  // The request thread runs the io_context; the abort runs there, between its handlers.
  asio::post(im.io, [&im, id = im.active_id] {
    if (im.current && im.current->id == id) im.current->abort(asio::error::operation_aborted);
  });
}

bool isTimeout(const boost::system::error_code& error) {
  return error == asio::error::timed_out;
}

}  // namespace pw::net
