#include "common/net/tests/test_support.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <system_error>

extern char** environ;

namespace pw::net::testing {

namespace {

std::atomic<int> command_counter{0};

// Tests must prove our own TLS settings (TLS 1.2 minimum, ciphers), not Debian's system-wide
// policy in /etc/ssl/openssl.cnf (MinProtocol = TLSv1.2), which would hide a regression.
// Set before main(), so before OpenSSL reads its configuration; curl and openssl children
// inherit it.
const bool kOpensslConfigNeutralised = []() noexcept {  // NOLINT(cert-err58-cpp): noexcept
  ::setenv("OPENSSL_CONF", "/dev/null", 1);  // NOLINT(concurrency-mt-unsafe): before main()
  return true;
}();

sockaddr_in loopback(std::uint16_t port) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return addr;
}

/// Spawns argv in a new process group; returns the PID.
pid_t spawn(const std::vector<std::string>& argv, const std::string& stdin_path,
            const std::string& stdout_path, const std::string& stderr_path) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, stdin_path.c_str(), O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, stdout_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  posix_spawn_file_actions_addopen(&actions, 2, stderr_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  // Own process group, so that a kill by PID also reaches the children of a shell pipeline.
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attributes, 0);

  std::vector<char*> args;
  args.reserve(argv.size() + 1);
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = -1;
  const int rc = posix_spawn(&pid, args[0], &actions, &attributes, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  if (rc != 0) throw std::system_error(rc, std::generic_category(), "cannot start " + argv[0]);
  return pid;
}

void killGroup(pid_t pid) {
  if (pid > 0) {
    ::kill(-pid, SIGKILL);
    ::kill(pid, SIGKILL);
  }
}

}  // namespace

TempDir::TempDir() {
  std::string pattern = (fs::temp_directory_path() / "pw-net-test-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    throw std::system_error(errno, std::generic_category(), "mkdtemp");
  }
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

std::string readFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void writeFile(const fs::path& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

std::string shellQuote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out.push_back(c);
    }
  }
  out += "'";
  return out;
}

CommandResult runCommand(const std::string& command, const fs::path& dir,
                         std::chrono::milliseconds timeout) {
  const int n = command_counter.fetch_add(1);
  const auto out_path = dir / ("cmd-" + std::to_string(n) + ".out");
  const auto err_path = dir / ("cmd-" + std::to_string(n) + ".err");
  CommandResult result;
  const pid_t pid =
      spawn({"/bin/sh", "-c", command}, "/dev/null", out_path.string(), err_path.string());
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  int status = 0;
  for (;;) {
    const pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    if (done < 0 && errno != EINTR) break;
    if (std::chrono::steady_clock::now() >= deadline) {
      result.timed_out = true;
      killGroup(pid);
      ::waitpid(pid, &status, 0);
      break;
    }
    std::this_thread::sleep_for(5ms);
  }
  if (!result.timed_out && WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  // A pipeline's other members may outlive the shell (they share its process group).
  killGroup(pid);
  result.out = readFile(out_path);
  result.err = readFile(err_path);
  return result;
}

ChildProcess::ChildProcess(const std::vector<std::string>& argv, const fs::path& log_file)
    : pid_(spawn(argv, "/dev/null", log_file.string(), log_file.string() + ".err")) {}

ChildProcess::~ChildProcess() {
  if (pid_ <= 0 || reaped_) return;
  killGroup(pid_);
  int status = 0;
  ::waitpid(pid_, &status, 0);
}

bool ChildProcess::running() {
  if (reaped_) return false;
  int status = 0;
  if (::waitpid(pid_, &status, WNOHANG) == pid_) reaped_ = true;
  return !reaped_;
}

std::uint16_t freeLoopbackPort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("socket failed");
  auto addr = loopback(0);
  socklen_t len = sizeof(addr);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    ::close(fd);
    throw std::runtime_error("cannot find a free port");
  }
  ::close(fd);
  return ntohs(addr.sin_port);
}

bool waitForPort(std::uint16_t port, std::chrono::milliseconds timeout) {
  return waitFor(
      [port] {
        const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        if (fd < 0) return false;
        auto addr = loopback(port);
        const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
        ::close(fd);
        return ok;
      },
      timeout);
}

bool waitFor(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (condition()) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(5ms);
  }
}

SilentListener::SilentListener() {
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  auto addr = loopback(0);
  socklen_t len = sizeof(addr);
  if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
      ::listen(fd_, 16) != 0 || ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    throw std::runtime_error("cannot create the silent listener");
  }
  port_ = ntohs(addr.sin_port);
}

SilentListener::~SilentListener() {
  if (fd_ >= 0) ::close(fd_);
}

namespace {

constexpr const char* kPkiScript = R"SH(set -eu
cat > req.cnf <<'CNF'
[req]
distinguished_name = dn
prompt = no
[dn]
CN = placeholder
[v3_ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
CNF
cat > server_ext.cnf <<'CNF'
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost,IP:127.0.0.1
CNF
cat > client_ext.cnf <<'CNF'
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = clientAuth
CNF
# OpenSSL 3.0's "x509 -req" cannot backdate; "openssl ca" takes explicit validity dates.
cat > expired_ca.cnf <<'CNF'
[ca]
default_ca = test_ca
[test_ca]
database = index.txt
new_certs_dir = issued
serial = expired.serial
default_md = sha256
policy = policy_any
x509_extensions = client_ext
unique_subject = no
copy_extensions = none
[policy_any]
commonName = supplied
[client_ext]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = clientAuth
CNF
ca() {
  openssl req -x509 -new -config req.cnf -extensions v3_ca -newkey ec \
    -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$1.key" -out "$1.pem" -days 30 \
    -sha256 -subj "/CN=$2"
}
csr() {
  openssl req -new -config req.cnf -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout "$1.key" -out "$1.csr" -subj "/CN=$2"
}
sign() {
  openssl x509 -req -in "$1.csr" -CA "$2.pem" -CAkey "$2.key" -set_serial "$3" -days 30 \
    -sha256 -extfile "$4" -out "$1.pem"
}
ca ca "Printwarden Test CA"
ca other_ca "Other Test CA"
csr server localhost
sign server ca 0x01 server_ext.cnf
csr client agent-0001
sign client ca 0x0abcde client_ext.cnf
csr revoked agent-revoked
sign revoked ca 0x1234 client_ext.cnf
csr other agent-other
sign other other_ca 0x0abcde client_ext.cnf
csr expired agent-expired
: > index.txt
echo 1000 > expired.serial
mkdir -p issued
openssl ca -batch -config expired_ca.cnf -cert ca.pem -keyfile ca.key -in expired.csr \
  -out expired.pem -startdate 20200101000000Z -enddate 20200201000000Z -notext
# Prove that the expired certificate fails for exactly that reason.
openssl verify -CAfile ca.pem expired.pem > expired.verify 2>&1 || true
grep -q 'certificate has expired' expired.verify
openssl verify -CAfile ca.pem client.pem
)SH";

std::string runOpensslX509(const fs::path& cert_file, const fs::path& work_dir,
                           const std::string& args) {
  const auto r =
      runCommand("openssl x509 -noout " + args + " -in " + shellQuote(cert_file), work_dir);
  if (r.exit_code != 0) throw std::runtime_error("openssl x509 failed: " + r.err);
  return r.out;
}

std::string afterEquals(std::string line) {
  line.erase(std::remove(line.begin(), line.end(), '\n'), line.end());
  const auto eq = line.find('=');
  return eq == std::string::npos ? line : line.substr(eq + 1);
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

}  // namespace

TestPki makeTestPki(const fs::path& dir) {
  const auto pki_dir = dir / "pki";
  fs::create_directories(pki_dir);
  writeFile(pki_dir / "make_pki.sh", kPkiScript);
  const auto r = runCommand("cd " + shellQuote(pki_dir.string()) + " && sh make_pki.sh", dir);
  if (r.exit_code != 0) {
    throw std::runtime_error("making the test PKI failed (" + std::to_string(r.exit_code) +
                             "): " + r.err);
  }
  TestPki pki;
  pki.dir = pki_dir;
  pki.ca_file = pki_dir / "ca.pem";
  pki.other_ca_file = pki_dir / "other_ca.pem";
  pki.server_cert_file = pki_dir / "server.pem";
  pki.server_key_file = pki_dir / "server.key";
  pki.ca_pem = readFile(pki.ca_file);
  pki.other_ca_pem = readFile(pki.other_ca_file);
  pki.server_cert_pem = readFile(pki.server_cert_file);
  pki.server_key_pem = readFile(pki.server_key_file);
  return pki;
}

std::string opensslSerialHex(const fs::path& cert_file, const fs::path& work_dir) {
  std::string hex = lower(afterEquals(runOpensslX509(cert_file, work_dir, "-serial")));
  const auto first = hex.find_first_not_of('0');
  return first == std::string::npos ? "0" : hex.substr(first);
}

std::string opensslSha256Fingerprint(const fs::path& cert_file, const fs::path& work_dir) {
  std::string fp = afterEquals(runOpensslX509(cert_file, work_dir, "-fingerprint -sha256"));
  fp.erase(std::remove(fp.begin(), fp.end(), ':'), fp.end());
  return lower(fp);
}

}  // namespace pw::net::testing
