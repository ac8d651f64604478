// The transport against real peers: curl and openssl s_client talk to our server, our client
// talks to openssl s_server and to our server. No mocks.
#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/error.hpp>
#include <boost/beast/http/error.hpp>

#include "common/net/event_loop.hpp"
#include "common/net/https_client.hpp"
#include "common/net/https_server.hpp"
#include "common/net/tests/test_support.hpp"

namespace pw::net {
namespace {

using namespace std::chrono_literals;
using testing::CommandResult;
using testing::runCommand;
using testing::shellQuote;
using testing::waitFor;

/// Records what the handler saw; answers immediately unless parking is enabled.
class Recorder {
 public:
  RequestHandler handler() {
    return [this](HttpRequest&& request, Responder respond) {
      std::unique_lock lock(mutex_);
      requests_.push_back(request);
      if (park_) {
        parked_.push_back(std::move(respond));
        changed_.notify_all();
        return;
      }
      lock.unlock();
      HttpResponse response;
      response.headers = {{"Content-Type", "text/plain"}, {"X-Handler", "recorder"}};
      if (request.path() == "/echo") {
        response.body = request.body;
      } else if (request.path() == "/bye") {
        response.headers.emplace_back("Connection", "close");
        response.body = "bye";
      } else {
        response.body = "hello from printwarden: " + std::string(request.path());
      }
      respond(std::move(response));
      changed_.notify_all();
    };
  }

  void park(bool on) {
    std::lock_guard lock(mutex_);
    park_ = on;
  }
  std::size_t count() {
    std::lock_guard lock(mutex_);
    return requests_.size();
  }
  HttpRequest request(std::size_t i) {
    std::lock_guard lock(mutex_);
    return requests_.at(i);
  }
  /// Waits for the oldest parked Responder and takes it; empty after the timeout.
  Responder takeParked(std::chrono::milliseconds timeout = 10s) {
    std::unique_lock lock(mutex_);
    if (!changed_.wait_for(lock, timeout, [&] { return !parked_.empty(); })) return {};
    Responder r = std::move(parked_.front());
    parked_.erase(parked_.begin());
    return r;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<HttpRequest> requests_;
  std::vector<Responder> parked_;
  bool park_ = false;
};

/// accept_client that refuses the "revoked" test certificate and counts handshakes.
struct ClientGate {
  bool operator()(const PeerCertificate& peer) {
    ++calls;
    std::lock_guard lock(mutex);
    seen.push_back(peer);
    return peer.serial_hex != revoked_serial;
  }
  std::string revoked_serial;
  std::atomic<int> calls{0};
  std::mutex mutex;
  std::vector<PeerCertificate> seen;
};

class HttpsInteropTest : public ::testing::Test {
 protected:
  void SetUp() override {
    pki_ = testing::makeTestPki(dir_.path());
    gate_.revoked_serial = testing::opensslSerialHex(pki_.cert("revoked"), dir_.path());
    runner_ = std::thread([this] { loop_.run(); });
  }

  void TearDown() override {
    servers_.clear();  // stops them; the loop keeps running so that they can wind down
    loop_.stop();
    if (runner_.joinable()) runner_.join();
  }

  HttpsServer& startServer(HttpsServerSettings settings = {}, bool mutual = false) {
    TlsServerSettings tls;
    tls.certificate_chain_pem = pki_.server_cert_pem;
    tls.private_key_pem = pki_.server_key_pem;
    if (mutual) {
      tls.client_ca_pem = pki_.ca_pem;
      tls.accept_client = [this](const PeerCertificate& peer) { return gate_(peer); };
    }
    servers_.push_back(std::make_unique<HttpsServer>(loop_, std::move(settings), std::move(tls),
                                                     recorder_.handler()));
    servers_.back()->start();
    return *servers_.back();
  }

  std::string url(const HttpsServer& server, const std::string& path,
                  const std::string& host = "127.0.0.1") const {
    return "https://" + host + ":" + std::to_string(server.port()) + path;
  }

  /// curl with our CA; `extra` goes before the URLs.
  CommandResult curl(const std::string& extra, const std::vector<std::string>& urls) {
    std::string command = "exec /usr/bin/curl --silent --show-error --max-time 20 --cacert " +
                          shellQuote(pki_.ca_file.string()) + " " + extra;
    for (const auto& u : urls) {
      command += ' ';
      command += shellQuote(u);
    }
    return runCommand(command, dir_.path());
  }

  std::string clientCertArgs(const std::string& name) const {
    return "--cert " + shellQuote(pki_.cert(name).string()) + " --key " +
           shellQuote(pki_.key(name).string());
  }

  /// An HTTP request piped through openssl s_client.
  CommandResult sClient(const HttpsServer& server, const std::string& raw_request,
                        const std::string& extra) {
    testing::writeFile(dir_.path() / "request.txt", raw_request);
    const std::string command = "openssl s_client -quiet -verify_return_error -connect 127.0.0.1:" +
                                std::to_string(server.port()) + " -servername localhost -CAfile " +
                                shellQuote(pki_.ca_file.string()) + " " + extra + " < " +
                                shellQuote((dir_.path() / "request.txt").string());
    return runCommand(command, dir_.path());
  }

  HttpsClientSettings clientSettings(const HttpsServer& server) const {
    HttpsClientSettings s;
    s.host = "127.0.0.1";
    s.port = server.port();
    s.trusted_ca_pem = pki_.ca_pem;
    return s;
  }

  HttpsClientSettings mutualClientSettings(const HttpsServer& server,
                                           const std::string& name = "client") const {
    auto s = clientSettings(server);
    s.client_certificate_pem = testing::readFile(pki_.cert(name));
    s.client_private_key_pem = testing::readFile(pki_.key(name));
    return s;
  }

  static HttpRequest get(std::string target) {
    HttpRequest r;
    r.method = "GET";
    r.target = std::move(target);
    return r;
  }

  testing::TempDir dir_;
  testing::TestPki pki_;
  Recorder recorder_;
  ClientGate gate_;
  EventLoop loop_{2};
  std::thread runner_;
  std::vector<std::unique_ptr<HttpsServer>> servers_;
};

// ---------------------------------------------------------------------------------------
// Our server, real curl

TEST_F(HttpsInteropTest, CurlGetReturnsTheHandlersBody) {
  auto& server = startServer();
  ASSERT_NE(server.port(), 0);
  const auto r = curl("--include -H 'X-Test-Header: Some Value'", {url(server, "/hello?x=1")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("HTTP/1.1 200"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("hello from printwarden: /hello"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Server: printwarden"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("X-Handler: recorder"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Content-Length: 30"), std::string::npos) << r.out;

  ASSERT_EQ(recorder_.count(), 1U);
  const auto seen = recorder_.request(0);
  EXPECT_EQ(seen.method, "GET");
  EXPECT_EQ(seen.target, "/hello?x=1");
  EXPECT_EQ(seen.queryParam("x"), "1");
  EXPECT_EQ(seen.header("x-test-header"), "Some Value");
  for (const auto& header : seen.headers) {
    for (char c : header.first)
      EXPECT_FALSE(c >= 'A' && c <= 'Z') << "not lower-cased: " << header.first;
  }
  EXPECT_EQ(seen.remote_address, "127.0.0.1");
  EXPECT_FALSE(seen.peer.has_value());
}

TEST_F(HttpsInteropTest, CurlPostsABodyAndSeesHeadResponses) {
  auto& server = startServer();
  testing::writeFile(dir_.path() / "small.bin", std::string(500, 'z'));
  auto r = curl("--data-binary @" + shellQuote((dir_.path() / "small.bin").string()),
                {url(server, "/echo")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, std::string(500, 'z'));

  // "Expect: 100-continue" gets its interim answer instead of curl's one-second fallback.
  r = curl("-v -H 'Expect: 100-continue' --expect100-timeout 30 --data-binary @" +
               shellQuote((dir_.path() / "small.bin").string()),
           {url(server, "/echo")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, std::string(500, 'z'));
  EXPECT_NE(r.err.find("HTTP/1.1 100 Continue"), std::string::npos) << r.err;

  r = curl("--head", {url(server, "/hello", "localhost")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("HTTP/1.1 200"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Content-Length: 30"), std::string::npos) << r.out;
}

TEST_F(HttpsInteropTest, Tls11IsRefusedByTheServer) {
  auto& server = startServer();
  // SECLEVEL=0 lets the client offer TLS 1.1, so the refusal must come from our server.
  const auto old =
      curl("--tlsv1.1 --tls-max 1.1 --ciphers 'DEFAULT@SECLEVEL=0'", {url(server, "/x")});
  EXPECT_NE(old.exit_code, 0);
  EXPECT_NE(old.err.find("alert protocol version"), std::string::npos) << old.err;

  const auto tls12 = curl("--tlsv1.2 --tls-max 1.2", {url(server, "/x")});
  EXPECT_EQ(tls12.exit_code, 0) << tls12.err;
  const auto tls13 = curl("--tlsv1.3", {url(server, "/x")});
  EXPECT_EQ(tls13.exit_code, 0) << tls13.err;
  EXPECT_EQ(recorder_.count(), 2U);
}

TEST_F(HttpsInteropTest, BodyOverTheLimitGets413) {
  HttpsServerSettings settings;
  settings.max_body_bytes = 1024;
  auto& server = startServer(settings);
  const auto big = dir_.path() / "big.bin";
  testing::writeFile(big, std::string(std::size_t{256} * 1024, 'x'));
  const auto body_file = dir_.path() / "413.json";
  const auto r = curl("-o " + shellQuote(body_file.string()) +
                          " -w '%{http_code}' --data-binary @" + shellQuote(big.string()),
                      {url(server, "/upload")});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "413");
  const auto body = testing::readFile(body_file);
  EXPECT_NE(body.find(R"("code":"request_too_large")"), std::string::npos) << body;
  EXPECT_NE(body.find(R"("message":)"), std::string::npos) << body;
  EXPECT_EQ(recorder_.count(), 0U);

  // Chunked upload: no Content-Length to refuse up front, the parser stops at the limit.
  const auto chunked = curl(
      "-o /dev/null -w '%{http_code}' -H 'Transfer-Encoding: chunked' "
      "--data-binary @" +
          shellQuote(big.string()),
      {url(server, "/upload")});
  EXPECT_EQ(chunked.out, "413") << chunked.err;

  // Exactly at the limit is fine.
  testing::writeFile(big, std::string(1024, 'y'));
  const auto ok =
      curl("-w ' %{http_code}' --data-binary @" + shellQuote(big.string()), {url(server, "/echo")});
  EXPECT_EQ(ok.out, std::string(1024, 'y') + " 200") << ok.err;
}

TEST_F(HttpsInteropTest, ARouteMayTakeALargerBodyThanTheRest) {
  HttpsServerSettings settings;
  settings.max_body_bytes = 1024;
  settings.body_limit_for = [](std::string_view method, std::string_view target) {
    return method == "POST" && target.starts_with("/upload?") ? std::size_t{64} * 1024
                                                              : std::size_t{1024};
  };
  auto& server = startServer(settings);
  const auto body = dir_.path() / "body.bin";
  testing::writeFile(body, std::string(std::size_t{64} * 1024, 'u'));
  const auto upload = "-o /dev/null -w '%{http_code}' --data-binary @" + shellQuote(body.string());
  EXPECT_EQ(curl(upload, {url(server, "/upload?format=csv")}).out, "200");
  EXPECT_EQ(curl(upload, {url(server, "/echo")}).out, "413");
  EXPECT_EQ(curl(upload + " -H 'Transfer-Encoding: chunked'", {url(server, "/upload?x")}).out,
            "200");

  testing::writeFile(body, std::string(std::size_t{64} * 1024 + 1, 'u'));
  EXPECT_EQ(curl(upload, {url(server, "/upload?format=csv")}).out, "413");
  EXPECT_EQ(curl(upload + " -H 'Transfer-Encoding: chunked'", {url(server, "/upload?x")}).out,
            "413");
  EXPECT_EQ(recorder_.count(), 2U);  // only the two uploads within the limit were handled
}

TEST_F(HttpsInteropTest, HeaderOverTheLimitGets431) {
  HttpsServerSettings settings;
  settings.max_header_bytes = 2048;
  auto& server = startServer(settings);
  const auto body_file = dir_.path() / "431.json";
  const auto r = curl("-o " + shellQuote(body_file.string()) +
                          " -w '%{http_code}' -H 'X-Big: " + std::string(4000, 'h') + "'",
                      {url(server, "/x")});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "431");
  EXPECT_NE(testing::readFile(body_file).find(R"("code":"request_too_large")"), std::string::npos);
  EXPECT_EQ(recorder_.count(), 0U);
}

TEST_F(HttpsInteropTest, MalformedRequestGets400) {
  auto& server = startServer();
  const auto r = sClient(server, "GARBAGE\r\n\r\n", "");
  EXPECT_NE(r.out.find("HTTP/1.1 400"), std::string::npos) << r.out << r.err;
  EXPECT_NE(r.out.find(R"("code":"bad_request")"), std::string::npos) << r.out;
  const auto bad_length =
      sClient(server, "POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: zz\r\n\r\n", "");
  EXPECT_NE(bad_length.out.find("HTTP/1.1 400"), std::string::npos) << bad_length.out;
  EXPECT_EQ(recorder_.count(), 0U);
}

TEST_F(HttpsInteropTest, CurlReusesTheKeptAliveConnection) {
  auto& server = startServer();
  const auto r = curl("-v -o /dev/null -o /dev/null -w '%{num_connects}\\n'",
                      {url(server, "/first", "localhost"), url(server, "/second", "localhost")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("Re-using existing connection"), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "1\n0\n");  // one new connection for the first URL, none for the second
  ASSERT_EQ(recorder_.count(), 2U);
  EXPECT_EQ(recorder_.request(1).path(), "/second");
}

TEST_F(HttpsInteropTest, HandlerCanCloseAKeptAliveConnection) {
  auto& server = startServer();
  const auto r = curl("-v -o /dev/null -o /dev/null -w '%{num_connects}\\n'",
                      {url(server, "/bye"), url(server, "/next")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("Connection: close"), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "1\n1\n");  // the second URL needed a new connection
  EXPECT_EQ(recorder_.count(), 2U);

  // The server closes by itself: s_client (which waits for the server) ends on its own.
  const auto s = sClient(server, "GET /bye HTTP/1.1\r\nHost: a\r\n\r\n", "");
  EXPECT_FALSE(s.timed_out);
  EXPECT_NE(s.out.find("Connection: close"), std::string::npos) << s.out;
  EXPECT_NE(s.out.find("bye"), std::string::npos) << s.out;

  // Same with our client: the closed connection is not reused.
  HttpsClient client(clientSettings(server));
  const auto bye = client.request(get("/bye"), 10s);
  ASSERT_TRUE(bye.has_value()) << bye.error().message();
  EXPECT_EQ(bye->body, "bye");
  const auto next = client.request(get("/next"), 10s);
  ASSERT_TRUE(next.has_value()) << next.error().message();
  EXPECT_TRUE(waitFor([&] { return server.openConnections() == 1; }));
}

TEST_F(HttpsInteropTest, ServerAnswers504WhenTheHandlerNeverResponds) {
  HttpsServerSettings settings;
  settings.response_timeout = 300ms;
  auto& server = startServer(settings);
  recorder_.park(true);
  const auto r = curl("-w ' %{http_code}'", {url(server, "/never")});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find(" 504"), std::string::npos) << r.out;
  // The late answer is harmless.
  auto parked = recorder_.takeParked();
  ASSERT_TRUE(parked);
  parked(HttpResponse{});
}

// ---------------------------------------------------------------------------------------
// Mutual TLS: curl and openssl s_client as clients

TEST_F(HttpsInteropTest, MutualTlsWithCurl) {
  auto& server = startServer({}, /*mutual=*/true);

  const auto good = curl(clientCertArgs("client"), {url(server, "/whoami")});
  ASSERT_EQ(good.exit_code, 0) << good.err;
  EXPECT_EQ(good.out, "hello from printwarden: /whoami");
  ASSERT_EQ(recorder_.count(), 1U);
  const auto seen = recorder_.request(0);
  ASSERT_TRUE(seen.peer.has_value());
  EXPECT_EQ(seen.peer->subject_common_name, "agent-0001");
  EXPECT_EQ(seen.peer->serial_hex, "abcde");  // 0x0abcde: lower case, no leading zero
  EXPECT_EQ(seen.peer->serial_hex, testing::opensslSerialHex(pki_.cert("client"), dir_.path()));
  EXPECT_EQ(seen.peer->sha256_fingerprint,
            testing::opensslSha256Fingerprint(pki_.cert("client"), dir_.path()));
  EXPECT_EQ(seen.peer->sha256_fingerprint.size(), 64U);

  for (const std::string refused : {"", "other", "expired", "revoked"}) {
    const auto r = curl(refused.empty() ? "" : clientCertArgs(refused), {url(server, "/x")});
    EXPECT_NE(r.exit_code, 0) << "client cert '" << refused << "' was accepted: " << r.out;
    EXPECT_EQ(r.out.find("hello"), std::string::npos) << refused;
  }
  EXPECT_EQ(recorder_.count(), 1U);  // the refused ones never reached the handler
  std::lock_guard lock(gate_.mutex);
  ASSERT_EQ(gate_.seen.size(), 2U);  // the good one and the revoked one; others failed earlier
  EXPECT_EQ(gate_.seen[1].subject_common_name, "agent-revoked");
  EXPECT_EQ(gate_.seen[1].serial_hex, "1234");
}

TEST_F(HttpsInteropTest, MutualTlsWithOpensslSClient) {
  auto& server = startServer({}, /*mutual=*/true);
  const std::string request = "GET /x HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n";
  const auto with = [&](const std::string& name) {
    return sClient(server, request,
                   "-cert " + shellQuote(pki_.cert(name).string()) + " -key " +
                       shellQuote(pki_.key(name).string()));
  };

  const auto good = with("client");
  EXPECT_NE(good.out.find("hello from printwarden: /x"), std::string::npos) << good.out << good.err;
  EXPECT_NE(good.out.find("HTTP/1.1 200"), std::string::npos);
  EXPECT_NE(good.out.find("Connection: close"), std::string::npos);

  const auto none = sClient(server, request, "");
  EXPECT_EQ(none.out.find("hello"), std::string::npos) << none.out;
  for (const std::string refused : {"other", "expired", "revoked"}) {
    const auto r = with(refused);
    EXPECT_EQ(r.out.find("hello"), std::string::npos) << refused << ": " << r.out;
    EXPECT_FALSE(r.timed_out) << refused;
  }
  EXPECT_EQ(recorder_.count(), 1U);
}

// ---------------------------------------------------------------------------------------
// Our client against openssl s_server

class SServerTest : public HttpsInteropTest {
 protected:
  void startSServer(const std::vector<std::string>& extra = {}) {
    port_ = testing::freeLoopbackPort();
    std::vector<std::string> argv{"/usr/bin/openssl",
                                  "s_server",
                                  "-www",
                                  "-quiet",
                                  "-accept",
                                  "127.0.0.1:" + std::to_string(port_),
                                  "-cert",
                                  pki_.server_cert_file.string(),
                                  "-key",
                                  pki_.server_key_file.string()};
    argv.insert(argv.end(), extra.begin(), extra.end());
    s_server_ = std::make_unique<testing::ChildProcess>(argv, dir_.path() / "s_server.log");
    ASSERT_TRUE(testing::waitForPort(port_)) << "openssl s_server did not start";
  }

  void TearDown() override {
    s_server_.reset();  // killed by PID
    HttpsInteropTest::TearDown();
  }

  HttpsClientSettings settings() const {
    HttpsClientSettings s;
    s.host = "127.0.0.1";
    s.port = port_;
    s.trusted_ca_pem = pki_.ca_pem;
    return s;
  }

  std::uint16_t port_ = 0;
  std::unique_ptr<testing::ChildProcess> s_server_;
};

TEST_F(SServerTest, VerifiesTheServerAgainstTheRightCa) {
  startSServer();
  HttpsClient client(settings());
  const auto r = client.request(get("/"), 10s);
  ASSERT_TRUE(r.has_value()) << r.error().message();
  EXPECT_EQ(r->status, 200);
  EXPECT_NE(r->body.find("s_server"), std::string::npos) << r->body;

  // A host name works too: SNI plus the DNS SAN check.
  auto by_name = settings();
  by_name.expected_server_name = "localhost";
  HttpsClient named(by_name);
  const auto r2 = named.request(get("/"), 10s);
  ASSERT_TRUE(r2.has_value()) << r2.error().message();
  EXPECT_EQ(r2->status, 200);
}

TEST_F(SServerTest, RefusesAServerFromAnotherCa) {
  startSServer();
  auto s = settings();
  s.trusted_ca_pem = pki_.other_ca_pem;
  HttpsClient client(s);
  const auto r = client.request(get("/"), 10s);
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message().find("certificate verify failed"), std::string::npos)
      << r.error().message();
}

// Behavioural only: OpenSSL 3's default security level refuses TLS 1.1's SHA-1 handshake
// signatures on its own, so this cannot single out our TLS 1.2 minimum (the server-side test
// above can: it fails without it).
TEST_F(SServerTest, RefusesAServerOnlySpeakingTls11) {
  startSServer({"-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0"});
  HttpsClient client(settings());
  const auto r = client.request(get("/"), 10s);
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error(), boost::asio::error::timed_out) << r.error().message();
}

TEST_F(SServerTest, SystemTrustStoreDoesNotKnowTheTestCa) {
  startSServer();
  auto s = settings();
  s.trusted_ca_pem.clear();  // only the system store remains
  HttpsClient client(s);
  const auto r = client.request(get("/"), 10s);
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message().find("certificate verify failed"), std::string::npos)
      << r.error().message();
}

TEST_F(SServerTest, UnverifiedModeConnectsWhateverTheCertificate) {
  startSServer();
  auto s = settings();
  s.trusted_ca_pem = pki_.other_ca_pem;  // would fail verification
  s.expected_server_name = "manager.example";
  s.verify_peer = false;
  HttpsClient client(s);
  const auto r = client.request(get("/"), 10s);
  ASSERT_TRUE(r.has_value()) << r.error().message();
  EXPECT_EQ(r->status, 200);
}

TEST_F(SServerTest, RefusesAServerWithTheWrongName) {
  startSServer();
  for (const std::string name : {"manager.example", "127.0.0.2", "localhost.evil"}) {
    auto s = settings();
    s.expected_server_name = name;
    HttpsClient client(s);
    const auto r = client.request(get("/"), 10s);
    ASSERT_FALSE(r.has_value()) << name;
    EXPECT_NE(r.error().message().find("certificate verify failed"), std::string::npos)
        << name << ": " << r.error().message();
  }
}

TEST_F(HttpsInteropTest, ClientTimesOutAgainstASilentListener) {
  testing::SilentListener silent;
  HttpsClientSettings s;
  s.host = "127.0.0.1";
  s.port = silent.port();
  s.trusted_ca_pem = pki_.ca_pem;
  HttpsClient client(s);
  const auto start = std::chrono::steady_clock::now();
  const auto r = client.request(get("/"), 300ms);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error(), boost::asio::error::timed_out) << r.error().message();
  EXPECT_GE(elapsed, 300ms);
}

TEST_F(HttpsInteropTest, ClientRejectsBadSettings) {
  HttpsClientSettings s;
  s.host = "127.0.0.1";
  s.trusted_ca_pem = "not a certificate";
  EXPECT_THROW(HttpsClient{s}, std::runtime_error);
  s.trusted_ca_pem = pki_.ca_pem;
  s.client_certificate_pem = testing::readFile(pki_.cert("client"));
  EXPECT_THROW(HttpsClient{s}, std::runtime_error);  // certificate without key
  s.client_private_key_pem = testing::readFile(pki_.key("other"));
  EXPECT_THROW(HttpsClient{s}, std::runtime_error);  // key of another certificate
}

// ---------------------------------------------------------------------------------------
// Our client against our server

TEST_F(HttpsInteropTest, OwnClientAndServerWithMutualTls) {
  auto& server = startServer({}, /*mutual=*/true);
  HttpsClient client(mutualClientSettings(server));

  HttpRequest post;
  post.method = "POST";
  post.target = "/echo";
  post.headers = {{"Content-Type", "application/json"}, {"X-Agent", "a-1"}};
  post.body = R"({"hello":"manager"})";
  const auto r = client.request(post, 10s);
  ASSERT_TRUE(r.has_value()) << r.error().message();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, post.body);
  EXPECT_EQ(r->header("server"), "printwarden");
  EXPECT_EQ(r->header("x-handler"), "recorder");

  const auto seen = recorder_.request(0);
  EXPECT_EQ(seen.header("x-agent"), "a-1");
  EXPECT_EQ(seen.header("host"), "127.0.0.1:" + std::to_string(server.port()));
  EXPECT_EQ(seen.header("content-length"), std::to_string(post.body.size()));
  ASSERT_TRUE(seen.peer.has_value());
  EXPECT_EQ(seen.peer->subject_common_name, "agent-0001");

  // Keep-alive: more requests, still one handshake.
  for (int i = 0; i < 3; ++i) {
    const auto again = client.request(get("/again"), 10s);
    ASSERT_TRUE(again.has_value()) << again.error().message();
    EXPECT_EQ(again->body, "hello from printwarden: /again");
  }
  EXPECT_EQ(gate_.calls.load(), 1);
  EXPECT_EQ(server.openConnections(), 1U);
}

TEST_F(HttpsInteropTest, OwnClientIsRefusedWithoutAValidCertificate) {
  auto& server = startServer({}, /*mutual=*/true);
  for (const std::string name : {"", "other", "expired", "revoked"}) {
    auto s = name.empty() ? clientSettings(server) : mutualClientSettings(server, name);
    HttpsClient client(s);
    const auto r = client.request(get("/x"), 10s);
    EXPECT_FALSE(r.has_value()) << name << " got status " << (r ? r->status : 0);
  }
  EXPECT_EQ(recorder_.count(), 0U);
}

TEST_F(HttpsInteropTest, LongPollAnsweredLaterFromAnotherThread) {
  auto& server = startServer({}, /*mutual=*/true);
  HttpsClient client(mutualClientSettings(server));
  recorder_.park(true);

  std::optional<boost::system::result<HttpResponse>> result;
  std::thread poller([&] { result = client.request(get("/poll"), 10s); });
  auto parked = recorder_.takeParked();
  ASSERT_TRUE(parked);
  std::thread answerer([responder = std::move(parked)]() mutable {
    HttpResponse response;
    response.status = 202;
    response.headers = {{"Content-Type", "application/json"}, {"Content-Length", "999"}};
    response.body = R"({"jobs":[]})";
    responder(response);
    responder(response);  // a second call is ignored
  });
  answerer.join();
  poller.join();
  ASSERT_TRUE(result.has_value());
  ASSERT_TRUE(result->has_value()) << result->error().message();
  EXPECT_EQ((*result)->status, 202);
  EXPECT_EQ((*result)->body, R"({"jobs":[]})");
  EXPECT_EQ((*result)->header("content-length"), "11");  // ours, not the app's

  // A handler that loses its Responder gets the client a 500 at once, not a 504 later.
  HttpsClient second(mutualClientSettings(server));
  std::thread dropper([&] {
    Responder lost = recorder_.takeParked();
    EXPECT_TRUE(lost);
    lost = nullptr;  // destroyed without being called
  });
  const auto dropped = second.request(get("/dropped"), 10s);
  dropper.join();
  ASSERT_TRUE(dropped.has_value()) << dropped.error().message();
  EXPECT_EQ(dropped->status, 500);
}

TEST_F(HttpsInteropTest, ClientDeadlineCoversASlowHandler) {
  auto& server = startServer();
  HttpsClient client(clientSettings(server));
  ASSERT_TRUE(client.request(get("/warm-up"), 10s).has_value());  // a kept connection
  recorder_.park(true);
  const auto start = std::chrono::steady_clock::now();
  const auto r = client.request(get("/slow"), 300ms);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error(), boost::asio::error::timed_out);
  EXPECT_GE(elapsed, 300ms);

  // The abandoned connection is not reused; the late answer goes nowhere.
  auto parked = recorder_.takeParked();
  ASSERT_TRUE(parked);
  recorder_.park(false);
  parked(HttpResponse{});
  const auto again = client.request(get("/again"), 10s);
  ASSERT_TRUE(again.has_value()) << again.error().message();
  EXPECT_EQ(again->body, "hello from printwarden: /again");
}

TEST_F(HttpsInteropTest, CloseFromAnotherThreadInterruptsABlockedRequest) {
  auto& server = startServer({}, /*mutual=*/true);
  HttpsClient client(mutualClientSettings(server));
  recorder_.park(true);

  std::optional<boost::system::result<HttpResponse>> result;
  std::chrono::steady_clock::duration blocked_for{};
  std::thread poller([&] {
    const auto start = std::chrono::steady_clock::now();
    result = client.request(get("/poll"), 30s);
    blocked_for = std::chrono::steady_clock::now() - start;
  });
  // Held, not dropped: a dropped Responder would answer 500 at once.
  auto parked = recorder_.takeParked();
  ASSERT_TRUE(parked);  // the request is now blocked in the client
  client.close();
  poller.join();
  ASSERT_TRUE(result.has_value());
  ASSERT_FALSE(result->has_value());
  EXPECT_EQ(result->error(), boost::asio::error::operation_aborted);
  EXPECT_LT(blocked_for, 10s);
  EXPECT_TRUE(waitFor([&] { return server.openConnections() == 0; }));

  // The client stays usable: the next request opens a new connection.
  recorder_.park(false);
  const auto again = client.request(get("/after"), 10s);
  ASSERT_TRUE(again.has_value()) << again.error().message();
  EXPECT_EQ(again->status, 200);
  EXPECT_EQ(gate_.calls.load(), 2);
}

TEST_F(HttpsInteropTest, ClientReconnectsWhenTheServerClosedTheIdleConnection) {
  HttpsServerSettings settings;
  settings.idle_timeout = 100ms;
  auto& server = startServer(settings, /*mutual=*/true);
  HttpsClient client(mutualClientSettings(server));
  ASSERT_TRUE(client.request(get("/one"), 10s).has_value());
  ASSERT_TRUE(waitFor([&] { return server.openConnections() == 0; }));

  HttpRequest post;  // not idempotent: must still go through, exactly once
  post.method = "POST";
  post.target = "/echo";
  post.body = "once";
  const auto r = client.request(post, 10s);
  ASSERT_TRUE(r.has_value()) << r.error().message();
  EXPECT_EQ(r->body, "once");
  EXPECT_EQ(recorder_.count(), 2U);
  EXPECT_EQ(gate_.calls.load(), 2);
}

TEST_F(HttpsInteropTest, ClientEnforcesItsBodyLimit) {
  auto& server = startServer();
  auto s = clientSettings(server);
  s.max_body_bytes = 10;
  HttpsClient client(s);
  const auto r = client.request(get("/a-path-long-enough"), 10s);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error(), boost::beast::http::error::body_limit) << r.error().message();
  // The connection was dropped with the failed response; the next request still works.
  s.max_body_bytes = 1024;
  HttpsClient roomy(s);
  EXPECT_TRUE(roomy.request(get("/b"), 10s).has_value());
}

TEST_F(HttpsInteropTest, StopClosesOpenConnectionsPromptly) {
  auto& server = startServer();
  HttpsClient client(clientSettings(server));
  ASSERT_TRUE(client.request(get("/keep"), 10s).has_value());
  ASSERT_EQ(server.openConnections(), 1U);
  recorder_.park(true);
  std::optional<boost::system::result<HttpResponse>> result;
  std::thread poller([&] { result = client.request(get("/parked"), 30s); });
  auto parked = recorder_.takeParked();  // held: the request stays open
  ASSERT_TRUE(parked);

  const auto start = std::chrono::steady_clock::now();
  server.stop();
  EXPECT_TRUE(waitFor([&] { return server.openConnections() == 0; }, 5s));
  poller.join();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
  ASSERT_TRUE(result.has_value());
  EXPECT_FALSE(result->has_value());  // the connection was closed under the request
  // Not accepting any more.
  const auto refused = curl("", {url(server, "/x")});
  EXPECT_NE(refused.exit_code, 0);
}

TEST_F(HttpsInteropTest, ServerConstructorReportsBadInput) {
  TlsServerSettings tls;
  tls.certificate_chain_pem = "garbage";
  tls.private_key_pem = pki_.server_key_pem;
  try {
    HttpsServer server(loop_, {}, tls, recorder_.handler());
    FAIL() << "bad certificate accepted";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("certificate"), std::string::npos) << e.what();
  }

  tls.certificate_chain_pem = pki_.server_cert_pem;
  tls.private_key_pem = testing::readFile(pki_.key("client"));  // does not match
  EXPECT_THROW(HttpsServer(loop_, {}, tls, recorder_.handler()), std::runtime_error);

  tls.private_key_pem = pki_.server_key_pem;
  tls.client_ca_pem = "not a CA";
  EXPECT_THROW(HttpsServer(loop_, {}, tls, recorder_.handler()), std::runtime_error);

  tls.client_ca_pem.clear();
  auto& running = startServer();
  HttpsServerSettings taken;
  taken.port = running.port();
  try {
    HttpsServer server(loop_, taken, tls, recorder_.handler());
    FAIL() << "bound a port in use";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()),
              "cannot listen on 127.0.0.1:" + std::to_string(running.port()) +
                  ": Address already in use");
  }
  HttpsServerSettings bad_address;
  bad_address.address = "not-an-ip";
  EXPECT_THROW(HttpsServer(loop_, bad_address, tls, recorder_.handler()), std::runtime_error);
}

}  // namespace
}  // namespace pw::net
