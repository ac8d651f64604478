#pragma once
// Debian's snmpd as a test peer: started on a free loopback UDP port with its own
// configuration in a temporary directory, stopped by PID when destroyed. The directory is kept
// (for its log) when the test failed.
#include <sys/types.h>

#include <filesystem>
#include <string>

namespace pw::agent::snmp::testing {

/// A UDP port on 127.0.0.1 that nobody uses right now (the kernel's pick), released again.
int freeUdpPort();

class SnmpdProcess {
 public:
  /// Starts `snmpd` (path PW_SNMPD) answering community "public" with the given sysName.
  /// `extra_config` is appended to snmpd.conf (e.g. createUser / rwuser / engineID lines).
  /// Its persistent state (engine boots, users) lives in the temporary directory too.
  /// Throws std::runtime_error when it cannot be started.
  SnmpdProcess(const std::string& label, const std::string& sys_name,
               const std::string& extra_config = "");
  ~SnmpdProcess();
  SnmpdProcess(const SnmpdProcess&) = delete;
  SnmpdProcess& operator=(const SnmpdProcess&) = delete;

  [[nodiscard]] int port() const { return port_; }
  [[nodiscard]] const std::filesystem::path& directory() const { return dir_; }
  /// False once the process exited (e.g. a bad configuration).
  [[nodiscard]] bool running() const;
  /// Keep the directory (configuration and log) after the test.
  void keepDirectory() { keep_ = true; }
  /// Stops the process (SIGTERM by PID, then waits for it). Idempotent.
  void stop();
  /// Stops it and starts it again on the same port: a reboot. With `keep_state` its persistent
  /// state is read back (same engine ID, snmpEngineBoots + 1); without, it is forgotten (a new
  /// engine ID, as a replacement device would have).
  void restart(bool keep_state = true);

 private:
  void spawn();

  std::filesystem::path dir_;
  int port_ = 0;
  pid_t pid_ = -1;
  bool keep_ = false;
};

}  // namespace pw::agent::snmp::testing
