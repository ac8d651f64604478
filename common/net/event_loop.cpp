#include "common/net/event_loop.hpp"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

namespace pw::net {

namespace asio = boost::asio;

namespace {

// The loop must survive a throwing callback: an exception leaving io_context::run() would
// silently take one I/O thread out of the pool. Callers report their own errors (the app
// logs); the loop has nobody to tell.
template <typename Fn, typename... Args>
void invokeQuietly(Fn& fn, Args&&... args) noexcept {
  try {
    fn(std::forward<Args>(args)...);
  } catch (...) {  // NOLINT(bugprone-empty-catch): see above
  }
}

}  // namespace

struct EventLoop::Impl {
  explicit Impl(int threads) : io_threads(std::max(1, threads)), io(io_threads) {}

  ~Impl() {
    // Timers must go before the io_context they were created on.
    std::lock_guard lock(timers_mutex);
    timers.clear();
  }

  const int io_threads;
  asio::io_context io;
  asio::executor_work_guard<asio::io_context::executor_type> work{io.get_executor()};

  std::mutex timers_mutex;
  std::unordered_map<TimerId, std::shared_ptr<asio::steady_timer>> timers;
  std::atomic<TimerId> next_timer_id{1};
};

EventLoop::EventLoop(int io_threads) : impl_(std::make_unique<Impl>(io_threads)) {}

EventLoop::~EventLoop() {
  stop();
  // Destroy timers while the io_context still exists.
  {
    std::lock_guard lock(impl_->timers_mutex);
    impl_->timers.clear();
  }
}

void EventLoop::run() {
  std::vector<std::thread> extra;
  extra.reserve(static_cast<std::size_t>(impl_->io_threads - 1));
  for (int i = 1; i < impl_->io_threads; ++i) {
    extra.emplace_back([this] { impl_->io.run(); });
  }
  impl_->io.run();
  for (auto& t : extra) t.join();
}

void EventLoop::stop() {
  // io_context::stop() is thread-safe; resetting the work guard here would not be, and the
  // guard is only there so run() does not return while the loop is idle.
  impl_->io.stop();
}

void EventLoop::post(std::function<void()> fn) {
  asio::post(impl_->io, [fn = std::move(fn)]() mutable { invokeQuietly(fn); });
}

EventLoop::TimerId EventLoop::runAfter(std::chrono::milliseconds delay, std::function<void()> fn) {
  const TimerId id = impl_->next_timer_id.fetch_add(1);
  auto timer = std::make_shared<asio::steady_timer>(impl_->io, delay);
  {
    std::lock_guard lock(impl_->timers_mutex);
    impl_->timers.emplace(id, timer);
  }
  timer->async_wait([impl = impl_.get(), id, timer,
                     fn = std::move(fn)](const boost::system::error_code& ec) mutable {
    // The map entry decides who won between expiry and cancel(): whoever erases it. This
    // also covers a cancel() that arrives after expiry while the handler is already queued.
    bool still_armed = false;
    {
      std::lock_guard lock(impl->timers_mutex);
      still_armed = impl->timers.erase(id) > 0;
    }
    if (!ec && still_armed) invokeQuietly(fn);
  });
  return id;
}

bool EventLoop::cancel(TimerId id) {
  std::shared_ptr<asio::steady_timer> timer;
  {
    std::lock_guard lock(impl_->timers_mutex);
    auto it = impl_->timers.find(id);
    if (it == impl_->timers.end()) return false;
    timer = std::move(it->second);
    impl_->timers.erase(it);
  }
  // Timer objects are not thread-safe; cancel on the loop rather than on the caller's thread.
  asio::post(impl_->io, [timer] { timer->cancel(); });
  return true;
}

void* EventLoop::nativeHandle() {
  return &impl_->io;
}

}  // namespace pw::net
