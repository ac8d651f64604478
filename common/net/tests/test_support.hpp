#pragma once
// Helpers for tests against real peers (curl, openssl): temporary directories, child
// processes tracked by PID, a throwaway PKI made with the openssl command-line tool, and
// condition waits.
#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <thread>
#include <vector>

namespace pw::net::testing {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

/// A fresh directory under the system temp dir, removed with everything in it.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  [[nodiscard]] const fs::path& path() const { return path_; }
  [[nodiscard]] std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  fs::path path_;
};

std::string readFile(const fs::path& path);
void writeFile(const fs::path& path, const std::string& content);
/// Single-quotes for /bin/sh.
std::string shellQuote(const std::string& s);

struct CommandResult {
  int exit_code = -1;  ///< -1 when killed or not started
  bool timed_out = false;
  std::string out;
  std::string err;
};

/// Runs `/bin/sh -c command` in its own process group with stdin from /dev/null (unless the
/// command redirects it) and output captured in `dir`; kills the group by PID on timeout.
CommandResult runCommand(const std::string& command, const fs::path& dir,
                         std::chrono::milliseconds timeout = 30s);

/// A long-running child (openssl s_server). Killed by PID, with its process group, when
/// destroyed.
class ChildProcess {
 public:
  ChildProcess(const std::vector<std::string>& argv, const fs::path& log_file);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  [[nodiscard]] pid_t pid() const { return pid_; }
  /// True while the process has not exited.
  bool running();

 private:
  pid_t pid_ = -1;
  bool reaped_ = false;
};

/// A port that was free a moment ago (bound to 127.0.0.1:0, then released).
std::uint16_t freeLoopbackPort();
/// True once 127.0.0.1:port accepts TCP connections.
bool waitForPort(std::uint16_t port, std::chrono::milliseconds timeout = 10s);

/// Polls `condition` until it holds or the timeout passes.
bool waitFor(const std::function<bool()>& condition, std::chrono::milliseconds timeout = 10s);

/// A TCP listener on 127.0.0.1 that never accepts nor answers: connections complete in the
/// kernel backlog and then hang.
class SilentListener {
 public:
  SilentListener();
  ~SilentListener();
  SilentListener(const SilentListener&) = delete;
  SilentListener& operator=(const SilentListener&) = delete;
  [[nodiscard]] std::uint16_t port() const { return port_; }

 private:
  int fd_ = -1;
  std::uint16_t port_ = 0;
};

/// Test PKI, all ECDSA P-256, made by the openssl command-line tool.
struct TestPki {
  std::string ca_pem;           ///< "Printwarden Test CA"
  std::string other_ca_pem;     ///< an unrelated CA
  std::string server_cert_pem;  ///< CN=localhost, SAN DNS:localhost, IP:127.0.0.1
  std::string server_key_pem;
  fs::path ca_file, other_ca_file, server_cert_file, server_key_file;
  /// Client certificates by name: "client" (good, serial 0x0abcde), "revoked" (serial
  /// 0x1234, refused by the tests' accept_client), "other" (issued by the other CA),
  /// "expired" (valid January 2020 only).
  [[nodiscard]] fs::path cert(const std::string& name) const { return dir / (name + ".pem"); }
  [[nodiscard]] fs::path key(const std::string& name) const { return dir / (name + ".key"); }
  fs::path dir;
};

TestPki makeTestPki(const fs::path& dir);

/// What `openssl x509` reports, normalised to PeerCertificate's conventions.
std::string opensslSerialHex(const fs::path& cert_file, const fs::path& work_dir);
std::string opensslSha256Fingerprint(const fs::path& cert_file, const fs::path& work_dir);

}  // namespace pw::net::testing
