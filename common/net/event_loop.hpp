#pragma once
// The process's I/O loop: one io_context run by N threads, plus timers. (Termination signals
// belong to the service host, common/service.)
// Hides Asio so that only the transport translation units include it.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>

namespace pw::net {

class EventLoop {
 public:
  explicit EventLoop(int io_threads);
  ~EventLoop();
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  /// Runs the loop on io_threads threads (the caller's thread is one of them) until stop().
  void run();
  /// Stops the loop; run() returns after in-flight handlers finish. Thread-safe.
  void stop();

  /// Runs fn on an I/O thread. Thread-safe.
  void post(std::function<void()> fn);

  using TimerId = std::uint64_t;
  /// Runs fn once after delay on an I/O thread unless cancelled first. Thread-safe.
  TimerId runAfter(std::chrono::milliseconds delay, std::function<void()> fn);
  /// Cancels a pending timer; returns false when it already ran or was cancelled. Thread-safe.
  bool cancel(TimerId id);

  /// The underlying boost::asio::io_context, for the transport translation units only.
  void* nativeHandle();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace pw::net
