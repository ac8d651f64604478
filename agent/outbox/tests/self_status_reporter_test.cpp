// The Agent's own status records: what a sample holds, and that the reporter keeps adding
// them to a real outbox until it is stopped.
#include "agent/outbox/self_status_reporter.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <thread>

namespace pw::agent {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

TEST(SelfStatusSampler, ReportsTheProcessAndTheOutbox) {
  FakeClock clock(fromUnixSeconds(1'795'000'000));
  SelfStatusSampler sampler(clock);
  // Burn some CPU so the next sample has something to measure.
  volatile std::uint64_t sink = 0;
  const auto until = std::chrono::steady_clock::now() + 30ms;
  while (std::chrono::steady_clock::now() < until) sink = sink + 1;
  OutboxStats stats;
  stats.pending_records = 7;
  stats.bytes = 4096;
  stats.dropped_records = 2;
  const auto sample = sampler.sample(stats);
  EXPECT_EQ(sample.sampled_at, 1'795'000'000);
  EXPECT_GT(sample.cpu_percent, 0.0);
  EXPECT_GT(sample.rss_bytes, 1 << 20);
  EXPECT_EQ(sample.queue_records, 7);
  EXPECT_EQ(sample.queue_bytes, 4096);
  EXPECT_EQ(sample.dropped_records, 2);
  EXPECT_TRUE(proto::parseAgentStatusSample(proto::toJson(sample)));
}

TEST(SelfStatusReporter, AppendsSamplesUntilStopped) {
  std::string pattern = (fs::temp_directory_path() / "pw-status-test-XXXXXX").string();
  ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
  const fs::path dir = pattern;
  {
    SystemClock clock;
    Outbox outbox(dir / "outbox");
    SelfStatusReporter reporter(outbox, clock, 5ms);
    reporter.start();
    while (outbox.stats().last_sequence < 3) std::this_thread::sleep_for(5ms);
    reporter.stop();
    const auto after_stop = outbox.stats().last_sequence;
    const auto records = outbox.peek(100, 1 << 20);
    ASSERT_TRUE(records);
    ASSERT_EQ(records->size(), after_stop);
    for (const auto& r : *records) {
      EXPECT_EQ(r.kind, proto::kAgentStatusKind);
      const auto json = proto::parseJsonText(r.payload);
      ASSERT_TRUE(json);
      EXPECT_TRUE(proto::parseAgentStatusSample(*json)) << r.payload;
    }
    std::this_thread::sleep_for(20ms);
    EXPECT_EQ(outbox.stats().last_sequence, after_stop);  // nothing after stop()
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace pw::agent
