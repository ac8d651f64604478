#include "agent/snmp/tests/snmpd_process.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <stdexcept>
#include <vector>

extern char** environ;

namespace pw::agent::snmp::testing {

int freeUdpPort() {
  const int fd = socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  close(fd);
  return ntohs(address.sin_port);
}

SnmpdProcess::SnmpdProcess(const std::string& label, const std::string& sys_name,
                           const std::string& extra_config) {
  dir_ = std::filesystem::temp_directory_path() /
         ("pw-snmpd-" + label + "-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir_);
  port_ = freeUdpPort();
  {
    std::ofstream conf(dir_ / "snmpd.conf");
    conf << "rocommunity public 127.0.0.1\n"
         << "sysName " << sys_name << "\n"
         << "sysLocation lab\n"
         << extra_config;
  }
  spawn();
}

void SnmpdProcess::spawn() {
  // -C keeps the machine's own configuration out, which also skips the persistent file snmpd
  // wrote at its last stop (engine ID, boots); name it explicitly so a restart is a reboot.
  std::string config = (dir_ / "snmpd.conf").string();
  if (std::filesystem::exists(dir_ / "persist" / "snmpd.conf")) {
    config += "," + (dir_ / "persist" / "snmpd.conf").string();
  }
  std::vector<std::string> args = {PW_SNMPD,
                                   "-f",
                                   "-C",
                                   "-c",
                                   config,
                                   "-m",
                                   "",
                                   "-M",
                                   "/nonexistent",
                                   "-Lf",
                                   (dir_ / "snmpd.log").string(),
                                   "-p",
                                   (dir_ / "snmpd.pid").string(),
                                   "udp:127.0.0.1:" + std::to_string(port_)};
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  // Keeps snmpd's persistent writes (engine boots, createUser users) in the test directory.
  std::vector<std::string> environment = {"SNMP_PERSISTENT_DIR=" + (dir_ / "persist").string()};
  for (char** e = environ; *e != nullptr; ++e) {
    if (std::string(*e).rfind("SNMP_PERSISTENT_DIR=", 0) != 0) environment.emplace_back(*e);
  }
  std::vector<char*> envp;
  for (std::string& entry : environment) envp.push_back(entry.data());
  envp.push_back(nullptr);
  if (posix_spawn(&pid_, argv[0], nullptr, nullptr, argv.data(), envp.data()) != 0) {
    pid_ = -1;
    throw std::runtime_error(std::string("cannot start ") + PW_SNMPD);
  }
}

SnmpdProcess::~SnmpdProcess() {
  stop();
  std::error_code ignored;
  if (!keep_) std::filesystem::remove_all(dir_, ignored);
}

void SnmpdProcess::stop() {
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
  }
}

void SnmpdProcess::restart(bool keep_state) {
  stop();
  std::error_code ignored;
  if (!keep_state) std::filesystem::remove_all(dir_ / "persist", ignored);
  spawn();
}

bool SnmpdProcess::running() const {
  int status = 0;
  return pid_ > 0 && waitpid(pid_, &status, WNOHANG) == 0;
}

}  // namespace pw::agent::snmp::testing
