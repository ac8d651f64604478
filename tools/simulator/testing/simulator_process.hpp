#pragma once
// printwarden-sim as a test peer: started on a kernel-chosen port, its port read from the
// ready line, stopped by PID when destroyed. Shared by the SNMP engine and discovery tests.
#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace pw::sim::testing {

struct SimulatorOptions {
  std::string binary;      ///< path of printwarden-sim
  std::string recordings;  ///< folder of .snmprec files
  int count = 1;
  double silent_share = 0.0;
  std::optional<unsigned> seed;
};

class SimulatorProcess {
 public:
  /// Starts the simulator at 127.16.0.1 and waits (up to 30 s) for its ready line. port() is
  /// 0 when it did not start; readyLine() then tells what it printed.
  /// `extra_args` are appended to the command line (e.g. --v3-user U --v3-auth-key K).
  explicit SimulatorProcess(const SimulatorOptions& options,
                            const std::vector<std::string>& extra_args = {});
  ~SimulatorProcess();
  SimulatorProcess(const SimulatorProcess&) = delete;
  SimulatorProcess& operator=(const SimulatorProcess&) = delete;

  [[nodiscard]] std::uint16_t port() const { return port_; }
  [[nodiscard]] const std::string& readyLine() const { return ready_line_; }
  /// For signals such as SIGHUP (reload --states); -1 when it did not start.
  [[nodiscard]] pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  std::uint16_t port_ = 0;
  std::string ready_line_;
};

}  // namespace pw::sim::testing
