#include "tools/simulator/testing/simulator_process.hpp"

#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <vector>

extern char** environ;

namespace pw::sim::testing {

SimulatorProcess::SimulatorProcess(const SimulatorOptions& options,
                                   const std::vector<std::string>& extra_args) {
  int out[2];
  if (pipe(out) != 0) return;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, out[0]);
  std::vector<std::string> args = {options.binary,
                                   "--recordings",
                                   options.recordings,
                                   "--first-address",
                                   "127.16.0.1",
                                   "--count",
                                   std::to_string(options.count),
                                   "--port",
                                   "0",
                                   "--silent-share",
                                   std::to_string(options.silent_share)};
  if (options.seed) {
    args.emplace_back("--seed");
    args.push_back(std::to_string(*options.seed));
  }
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  if (posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ) != 0) pid_ = -1;
  posix_spawn_file_actions_destroy(&actions);
  close(out[1]);
  // Ready line: "printwarden-sim: N devices on A-B port P".
  std::string line;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (pid_ > 0 && line.find('\n') == std::string::npos &&
         std::chrono::steady_clock::now() < deadline) {
    pollfd pfd{out[0], POLLIN, 0};
    if (poll(&pfd, 1, 100) != 1) continue;
    char chunk[256];
    const ssize_t n = read(out[0], chunk, sizeof chunk);
    if (n <= 0) break;
    line.append(chunk, static_cast<std::size_t>(n));
  }
  close(out[0]);
  const auto at = line.find(" port ");
  if (at != std::string::npos) port_ = static_cast<std::uint16_t>(std::stoi(line.substr(at + 6)));
  ready_line_ = line;
}

SimulatorProcess::~SimulatorProcess() {
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
  }
}

}  // namespace pw::sim::testing
