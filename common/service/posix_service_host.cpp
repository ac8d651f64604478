// POSIX host: termination signals are blocked in every thread and collected by one sigwait
// thread, so the stop callback runs in ordinary thread context (not a signal handler) and
// may take locks. Readiness goes to systemd through $NOTIFY_SOCKET when it is set.
#include <pthread.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <csignal>
#include <cstring>
#include <mutex>
#include <thread>
#include <utility>

#include "common/service/service_host.hpp"

namespace pw::service {
namespace {

void sdNotify(std::string_view message) {
  const char* path =
      std::getenv("NOTIFY_SOCKET");  // NOLINT(concurrency-mt-unsafe): no setenv anywhere
  if (path == nullptr || path[0] == '\0') return;
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  const std::size_t length = std::strlen(path);
  if (length >= sizeof(address.sun_path)) return;
  std::memcpy(address.sun_path, path, length);
  if (address.sun_path[0] == '@') address.sun_path[0] = '\0';  // abstract namespace
  const int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return;
  ::sendto(fd, message.data(), message.size(), MSG_NOSIGNAL,
           reinterpret_cast<const sockaddr*>(&address),
           static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + length));
  ::close(fd);
}

class PosixServiceHost final : public ServiceHost {
 public:
  void notifyReady(std::string_view status) override {
    sdNotify("READY=1\nSTATUS=" + std::string(status));
  }
  void notifyStopping() override { sdNotify("STOPPING=1"); }
  void onStopRequest(std::function<void()> fn) override { stop_.set(std::move(fn)); }
  void requestStop() { stop_.fire(); }

 private:
  StopRequest stop_;
};

}  // namespace

int runService(const std::string& /*service_name*/, const ServiceMain& service_main) {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  PosixServiceHost host;
  // The waiter stays detached: it blocks in sigwait until a signal arrives, and a process
  // that stops for another reason simply exits with it.
  std::thread([&host, signals] {
    int received = 0;
    while (sigwait(&signals, &received) == 0) host.requestStop();
  }).detach();
  return service_main(host);
}

}  // namespace pw::service
