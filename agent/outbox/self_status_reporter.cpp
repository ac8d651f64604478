#include "agent/outbox/self_status_reporter.hpp"

#include <spdlog/spdlog.h>
#include <sys/resource.h>
#include <unistd.h>

#include <fstream>

#include "common/log/logging.hpp"

namespace pw::agent {
namespace {

std::chrono::microseconds processCpuTime() {
  rusage usage{};
  if (::getrusage(RUSAGE_SELF, &usage) != 0) return {};
  const auto micros = [](const timeval& t) {
    return std::chrono::seconds(t.tv_sec) + std::chrono::microseconds(t.tv_usec);
  };
  return micros(usage.ru_utime) + micros(usage.ru_stime);
}

// Resident set size from /proc (Linux); 0 where it is not available.
std::int64_t residentBytes() {
  std::ifstream statm("/proc/self/statm");
  std::int64_t total_pages = 0;
  std::int64_t resident_pages = 0;
  if (!(statm >> total_pages >> resident_pages)) return 0;
  return resident_pages * static_cast<std::int64_t>(::sysconf(_SC_PAGESIZE));
}

}  // namespace

SelfStatusSampler::SelfStatusSampler(const Clock& clock)
    : clock_(clock), last_wall_(std::chrono::steady_clock::now()), last_cpu_(processCpuTime()) {}

proto::AgentStatusSample SelfStatusSampler::sample(const OutboxStats& outbox) {
  const auto wall = std::chrono::steady_clock::now();
  const auto cpu = processCpuTime();
  const auto wall_us =
      std::chrono::duration_cast<std::chrono::microseconds>(wall - last_wall_).count();
  const double cpu_percent =
      wall_us > 0 ? 100.0 * static_cast<double>((cpu - last_cpu_).count()) / wall_us : 0.0;
  last_wall_ = wall;
  last_cpu_ = cpu;
  return {toUnixSeconds(clock_.now()),
          std::max(0.0, cpu_percent),
          residentBytes(),
          static_cast<std::int64_t>(outbox.pending_records),
          static_cast<std::int64_t>(outbox.bytes),
          static_cast<std::int64_t>(outbox.dropped_records)};
}

SelfStatusReporter::SelfStatusReporter(Outbox& outbox, const Clock& clock,
                                       std::chrono::milliseconds interval)
    : outbox_(outbox), sampler_(clock), interval_(interval), log_(log::get("outbox")) {}

SelfStatusReporter::~SelfStatusReporter() {
  stop();
}

void SelfStatusReporter::start() {
  thread_ = std::thread([this] { run(); });
}

void SelfStatusReporter::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void SelfStatusReporter::run() {
  std::uint64_t dropped_logged = outbox_.stats().dropped_records;
  while (true) {
    {
      std::unique_lock lock(mutex_);
      if (wake_.wait_for(lock, interval_, [this] { return stopping_; })) return;
    }
    const auto stats = outbox_.stats();
    // The size bound never loses records silently: say so once per new loss.
    if (stats.dropped_records > dropped_logged) {
      log_->warn("outbox full: {} oldest record(s) dropped ({} in all)",
                 stats.dropped_records - dropped_logged, stats.dropped_records);
      dropped_logged = stats.dropped_records;
    }
    const auto appended =
        outbox_.append(proto::kAgentStatusKind, proto::toJson(sampler_.sample(stats)).dump());
    if (!appended) {
      log_->error("cannot write to the outbox: {}", appended.error().message());
    }
  }
}

}  // namespace pw::agent
