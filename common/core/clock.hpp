#pragma once
// Injected time source: schedulers, expiry and "last seen" logic take a Clock so tests run
// on a FakeClock. Thread safety: implementations are safe to call from any thread.
#include <atomic>
#include <chrono>

namespace pw {

class Clock {
 public:
  using TimePoint = std::chrono::system_clock::time_point;
  virtual ~Clock() = default;
  [[nodiscard]] virtual TimePoint now() const = 0;
};

class SystemClock final : public Clock {
 public:
  [[nodiscard]] TimePoint now() const override { return std::chrono::system_clock::now(); }
};

class FakeClock final : public Clock {
 public:
  explicit FakeClock(TimePoint start = TimePoint{std::chrono::seconds{1'800'000'000}})
      : now_(start.time_since_epoch().count()) {}
  [[nodiscard]] TimePoint now() const override {
    return TimePoint{TimePoint::duration{now_.load()}};
  }
  void advance(std::chrono::system_clock::duration by) { now_ += by.count(); }
  void set(TimePoint t) { now_ = t.time_since_epoch().count(); }

 private:
  std::atomic<TimePoint::rep> now_;
};

/// Seconds since the Unix epoch, the form timestamps take in the database and on the wire.
inline long long toUnixSeconds(Clock::TimePoint t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}
inline Clock::TimePoint fromUnixSeconds(long long s) {
  return Clock::TimePoint{std::chrono::seconds{s}};
}

}  // namespace pw
