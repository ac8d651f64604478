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

SnmpdProcess::SnmpdProcess(const std::string& label, const std::string& sys_name) {
  dir_ = std::filesystem::temp_directory_path() /
         ("pw-snmpd-" + label + "-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir_);
  port_ = freeUdpPort();
  {
    std::ofstream conf(dir_ / "snmpd.conf");
    conf << "rocommunity public 127.0.0.1\n"
         << "sysName " << sys_name << "\n"
         << "sysLocation lab\n";
  }
  std::vector<std::string> args = {PW_SNMPD,
                                   "-f",
                                   "-C",
                                   "-c",
                                   (dir_ / "snmpd.conf").string(),
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
  if (posix_spawn(&pid_, argv[0], nullptr, nullptr, argv.data(), environ) != 0) {
    pid_ = -1;
    throw std::runtime_error(std::string("cannot start ") + PW_SNMPD);
  }
}

SnmpdProcess::~SnmpdProcess() {
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
  }
  std::error_code ignored;
  if (!keep_) std::filesystem::remove_all(dir_, ignored);
}

bool SnmpdProcess::running() const {
  int status = 0;
  return pid_ > 0 && waitpid(pid_, &status, WNOHANG) == 0;
}

}  // namespace pw::agent::snmp::testing
