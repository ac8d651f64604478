#pragma once
// How a daemon talks to whatever started it. On POSIX the service runs in the foreground
// (systemd Type=notify, or a terminal); SIGINT/SIGTERM request a stop. On Windows the same
// entry point runs under the Service Control Manager (windows_service_host.cpp) or, when
// started from a console, as a console program that stops on Ctrl-C.
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

namespace pw::service {

class ServiceHost {
 public:
  virtual ~ServiceHost() = default;
  /// Start-up finished (systemd READY=1 / SERVICE_RUNNING).
  virtual void notifyReady(std::string_view status) = 0;
  /// Shutdown began (systemd STOPPING=1 / SERVICE_STOP_PENDING).
  virtual void notifyStopping() = 0;
  /// fn runs once, on a host thread, when the host asks the service to stop.
  virtual void onStopRequest(std::function<void()> fn) = 0;
};

/// Holds the stop callback a service registered and runs it once when the host asks. A stop
/// asked for before the service registered its callback is remembered and runs the callback
/// as soon as it is set, so a signal during start-up is never lost. Thread-safe.
class StopRequest {
 public:
  void set(std::function<void()> fn) {
    {
      std::lock_guard lock(mutex_);
      if (!requested_) {
        stop_ = std::move(fn);
        return;
      }
    }
    fn();
  }
  void fire() {
    std::function<void()> fn;
    {
      std::lock_guard lock(mutex_);
      if (requested_) return;
      requested_ = true;
      fn = std::exchange(stop_, nullptr);
    }
    if (fn) fn();
  }

 private:
  std::mutex mutex_;
  bool requested_ = false;
  std::function<void()> stop_;
};

/// The service's body: builds the service, calls notifyReady, blocks until stopped, and
/// returns the process exit code.
using ServiceMain = std::function<int(ServiceHost&)>;

/// Runs service_main under the platform's host. `service_name` is the Windows service name
/// (ignored on POSIX). Call from main() before any other thread starts.
int runService(const std::string& service_name, const ServiceMain& service_main);

}  // namespace pw::service
