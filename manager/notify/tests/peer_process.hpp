#pragma once
// A test peer written in Python (tests/harness/*.py) as a child process in its own directory:
// the script gets "--dir DIR" plus the given arguments, listens on a kernel-chosen loopback
// port and writes DIR/port. Killed by PID when the object goes.
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace pw::manager::notify::testing {

class PeerProcess {
 public:
  PeerProcess(const std::string& script, std::vector<std::string> arguments) {
    static int counter = 0;
    dir_ = std::filesystem::temp_directory_path() /
           ("pw-peer-" + std::to_string(getpid()) + "-" + std::to_string(++counter));
    std::filesystem::remove_all(dir_);
    std::vector<std::string> args = {PW_PYTHON3, script, "--dir", dir_.string()};
    args.insert(args.end(), arguments.begin(), arguments.end());
    std::vector<char*> argv;
    for (auto& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    if (posix_spawn(&pid_, argv[0], nullptr, nullptr, argv.data(), environ) != 0) {
      throw std::runtime_error("cannot start " + script);
    }
    // Waits for the port file (written once listening), or the peer's exit.
    while (!std::filesystem::exists(dir_ / "port")) {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        throw std::runtime_error(script + " exited");
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    port_ = std::stoi(read("port"));
  }
  ~PeerProcess() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      int status = 0;
      waitpid(pid_, &status, 0);
    }
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  PeerProcess(const PeerProcess&) = delete;
  PeerProcess& operator=(const PeerProcess&) = delete;

  [[nodiscard]] int port() const { return port_; }
  /// A file of the peer's directory; empty when it does not exist.
  [[nodiscard]] std::string read(const std::string& file) const {
    std::ifstream in(dir_ / file, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
  }
  /// "prefix-0001.ext" for n = 1.
  static std::string numbered(const std::string& prefix, int n, const std::string& ext) {
    const auto digits = std::to_string(n);
    return prefix + "-" + std::string(4 - digits.size(), '0') + digits + ext;
  }

 private:
  std::filesystem::path dir_;
  pid_t pid_ = -1;
  int port_ = 0;
};

}  // namespace pw::manager::notify::testing
