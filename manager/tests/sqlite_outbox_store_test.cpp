// OutboxStore on the real SQLite engine: a batch and the position commit together, records
// at or below the position are skipped, a new stream starts over, rejections advance the
// position, and a write that throws leaves nothing behind.
#include <gtest/gtest.h>

#include <stdexcept>

#include "manager/services/outbox_service.hpp"
#include "manager/storage/sqlite_storage.hpp"
#include "manager/tests/test_dir.hpp"

namespace pw::manager {
namespace {

class SqliteOutboxStoreTest : public ::testing::Test {
 protected:
  testing::TempDir dir;
  FakeClock clock;
  SqliteStorage storage{dir.path() / "m.db"};
  std::int64_t agent = *storage.createAgent("Berlin", false, {"h1", "s1"}, clock.now());
  std::int64_t throw_at = -1;  ///< the sequence whose write fails, to abort a batch half-way

  // Each record stores a self-status sample whose rss_bytes is its sequence.
  std::vector<IngestRecord> records(std::int64_t from, std::int64_t to) const {
    std::vector<IngestRecord> out;
    for (auto s = from; s <= to; ++s) {
      out.push_back({s, {}, [this, s, throwing = s == throw_at](IngestWriter& writer) {
                       if (throwing) throw std::runtime_error("write failure");
                       writer.addAgentSelfStatus(agent, s, {fromUnixSeconds(s), 0.5, s, 0, 0, 0});
                     }});
    }
    return out;
  }
  IngestOutcome ingest(const std::string& stream, const std::vector<IngestRecord>& batch,
                       std::int64_t dropped = 0) {
    return storage.ingestOutbox(agent, stream, dropped, batch, clock.now());
  }
};

TEST_F(SqliteOutboxStoreTest, StoresOnceAndAnswersThePosition) {
  EXPECT_FALSE(storage.findOutboxPosition(agent));
  auto outcome = ingest("aa", records(1, 5));
  EXPECT_EQ(outcome.position.sequence, 5);
  EXPECT_EQ(outcome.stored, 5);
  EXPECT_EQ(outcome.duplicates, 0);

  // The answer was lost: the Agent sends 1-5 again with 6-8.
  outcome = ingest("aa", records(1, 8), 3);
  EXPECT_EQ(outcome.duplicates, 5);
  EXPECT_EQ(outcome.stored, 3);
  EXPECT_EQ(outcome.position.sequence, 8);
  const auto position = storage.findOutboxPosition(agent);
  ASSERT_TRUE(position);
  EXPECT_EQ(position->stream, "aa");
  EXPECT_EQ(position->sequence, 8);
  EXPECT_EQ(position->dropped, 3);
  EXPECT_EQ(storage.latestAgentSelfStatus(agent)->rss_bytes, 8);
}

TEST_F(SqliteOutboxStoreTest, ANewStreamStartsOver) {
  ingest("aa", records(1, 5));
  const auto outcome = ingest("bb", records(1, 2));
  EXPECT_EQ(outcome.stored, 2);
  EXPECT_EQ(outcome.position.sequence, 2);
  EXPECT_EQ(storage.findOutboxPosition(agent)->stream, "bb");
}

TEST_F(SqliteOutboxStoreTest, RejectedRecordsAreSkippedAndCounted) {
  auto batch = records(1, 3);
  batch[1] = {2, "rejected on purpose", {}};
  const auto outcome = ingest("aa", batch);
  EXPECT_EQ(outcome.stored, 2);
  EXPECT_EQ(outcome.rejected, 1);
  EXPECT_EQ(outcome.first_rejection, "rejected on purpose");
  EXPECT_EQ(outcome.position.sequence, 3);
  EXPECT_EQ(storage.findOutboxPosition(agent)->rejected, 1);
}

TEST_F(SqliteOutboxStoreTest, AFailureHalfWayStoresNothing) {
  ingest("aa", records(1, 2));
  throw_at = 4;
  EXPECT_THROW(ingest("aa", records(3, 6)), std::runtime_error);
  EXPECT_EQ(storage.findOutboxPosition(agent)->sequence, 2);
  EXPECT_EQ(storage.latestAgentSelfStatus(agent)->rss_bytes, 2);  // record 3 rolled back
  throw_at = -1;
  EXPECT_EQ(ingest("aa", records(3, 6)).stored, 4);
}

TEST_F(SqliteOutboxStoreTest, DeletingTheAgentDeletesItsOutboxRows) {
  ingest("aa", records(1, 2));
  ASSERT_TRUE(storage.deleteAgent(agent, clock.now()));
  EXPECT_FALSE(storage.findOutboxPosition(agent));
  EXPECT_FALSE(storage.latestAgentSelfStatus(agent));
}

TEST_F(SqliteOutboxStoreTest, OldSelfStatusSamplesArePurged) {
  ingest("aa", records(1, 10));  // sampled at Unix seconds 1..10
  EXPECT_EQ(storage.purgeAgentSelfStatus(fromUnixSeconds(6)), 5u);
  EXPECT_EQ(storage.latestAgentSelfStatus(agent)->rss_bytes, 10);
}

// The built-in sink reads the agent-status payload and refuses a malformed one.
TEST_F(SqliteOutboxStoreTest, TheAgentStatusSinkValidatesItsPayload) {
  AgentSelfStatusSink status_sink;
  IngestSinks sinks;
  sinks.add("agent-status", status_sink);
  OutboxService service(storage, sinks, clock);
  proto::OutboxBatch batch{"cc", 0, {}};
  batch.records.push_back(
      {1, "agent-status",
       proto::toJson(proto::AgentStatusSample{1'795'000'000, 2.5, 4096, 1, 2, 0})});
  batch.records.push_back({2, "agent-status", {{"cpuPercent", "high"}}});
  batch.records.push_back({3, "printer-status", nlohmann::json::object()});
  const auto ingested = service.ingest(agent, batch);
  EXPECT_EQ(ingested.ack.stored, 1);
  EXPECT_EQ(ingested.ack.rejected, 2);
  EXPECT_EQ(ingested.ack.position, 3);
  EXPECT_NE(ingested.first_rejection.find("invalid agent-status payload"), std::string::npos);
  const auto status = service.latestSelfStatus(agent);
  ASSERT_TRUE(status);
  EXPECT_EQ(status->cpu_percent, 2.5);
  EXPECT_EQ(status->sampled_at, fromUnixSeconds(1'795'000'000));
}

}  // namespace
}  // namespace pw::manager
