// The outbox on real files: order, acknowledgement, restarts, torn tails, the size bound,
// and a writer killed with SIGKILL in the middle of its work.
#include "agent/outbox/outbox.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <string>

namespace pw::agent {
namespace {

namespace fs = std::filesystem;

class OutboxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "pw-outbox-test-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path queue() const { return dir_ / "outbox"; }

  static std::uint64_t add(Outbox& outbox, const std::string& payload) {
    const auto sequence = outbox.append("test-record", payload);
    EXPECT_TRUE(sequence.has_value()) << sequence.error().message();
    return sequence ? *sequence : 0;
  }

  static std::vector<OutboxRecord> all(Outbox& outbox) {
    auto records = outbox.peek(1'000'000, 1u << 30);
    EXPECT_TRUE(records.has_value());
    return records ? *records : std::vector<OutboxRecord>{};
  }

  std::vector<fs::path> segmentFiles() const {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(queue())) {
      if (entry.path().filename().string().starts_with("seg-")) files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    return files;
  }

  fs::path dir_;
};

TEST_F(OutboxTest, DeliversInOrderAndForgetsWhatIsAcknowledged) {
  Outbox outbox(queue());
  EXPECT_EQ(outbox.stream().size(), 32u);
  for (int i = 1; i <= 5; ++i) EXPECT_EQ(add(outbox, "{\"n\":" + std::to_string(i) + "}"), i);

  auto batch = outbox.peek(3, 1u << 20);
  ASSERT_TRUE(batch);
  ASSERT_EQ(batch->size(), 3u);
  EXPECT_EQ((*batch)[0].sequence, 1u);
  EXPECT_EQ((*batch)[0].kind, "test-record");
  EXPECT_EQ((*batch)[2].payload, "{\"n\":3}");
  // Unacknowledged records come again.
  EXPECT_EQ(outbox.peek(3, 1u << 20)->front().sequence, 1u);

  ASSERT_TRUE(outbox.acknowledge(3));
  batch = outbox.peek(10, 1u << 20);
  ASSERT_EQ(batch->size(), 2u);
  EXPECT_EQ((*batch)[0].sequence, 4u);
  EXPECT_EQ(outbox.stats().pending_records, 2u);
  EXPECT_EQ(outbox.stats().acknowledged, 3u);

  ASSERT_TRUE(outbox.acknowledge(99));  // beyond the last: counts as the last
  EXPECT_TRUE(all(outbox).empty());
  EXPECT_EQ(outbox.stats().acknowledged, 5u);
  EXPECT_EQ(outbox.stats().pending_records, 0u);
}

TEST_F(OutboxTest, BatchesAreBoundedByCountAndBytesButNeverEmpty) {
  Outbox outbox(queue());
  for (int i = 0; i < 10; ++i) add(outbox, std::string(100, 'x'));
  EXPECT_EQ(outbox.peek(4, 1u << 20)->size(), 4u);
  // 100 + 11 ("test-record") bytes each: 3 fit in 350.
  EXPECT_EQ(outbox.peek(100, 350)->size(), 3u);
  EXPECT_EQ(outbox.peek(100, 10)->size(), 1u);
}

TEST_F(OutboxTest, SequencesContinueAcrossRestartsEvenWhenEverythingWasAcknowledged) {
  std::string stream;
  {
    Outbox outbox(queue());
    stream = outbox.stream();
    for (int i = 0; i < 3; ++i) add(outbox, "a");
    ASSERT_TRUE(outbox.acknowledge(2));
  }
  {
    Outbox outbox(queue());
    EXPECT_EQ(outbox.stream(), stream);
    const auto records = all(outbox);
    ASSERT_EQ(records.size(), 1u);
    EXPECT_EQ(records[0].sequence, 3u);
    EXPECT_EQ(add(outbox, "b"), 4u);
    ASSERT_TRUE(outbox.acknowledge(4));
    EXPECT_TRUE(segmentFiles().empty());  // all space reclaimed
  }
  Outbox outbox(queue());
  EXPECT_EQ(add(outbox, "c"), 5u);  // never reused
  EXPECT_TRUE(outbox.openNotes().empty());
}

TEST_F(OutboxTest, ANewDirectoryIsANewStream) {
  Outbox first(queue());
  Outbox second(dir_ / "other");
  EXPECT_NE(first.stream(), second.stream());
}

TEST_F(OutboxTest, ATornTailIsCutAndTheRestStaysReadable) {
  {
    Outbox outbox(queue());
    for (int i = 1; i <= 4; ++i) add(outbox, "payload-" + std::to_string(i));
  }
  const auto file = segmentFiles().back();
  fs::resize_file(file, fs::file_size(file) - 3);  // the last record's write was cut short
  Outbox outbox(queue());
  ASSERT_EQ(outbox.openNotes().size(), 1u);
  EXPECT_NE(outbox.openNotes()[0].find("torn"), std::string::npos);
  auto records = all(outbox);
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[2].payload, "payload-3");
  // The cut record was never synced, hence never sent: its number is given again.
  EXPECT_EQ(add(outbox, "payload-4b"), 4u);
  records = all(outbox);
  ASSERT_EQ(records.size(), 4u);
  EXPECT_EQ(records[3].payload, "payload-4b");
}

TEST_F(OutboxTest, GarbageAndADamagedRecordEndTheReadableLog) {
  {
    Outbox outbox(queue());
    for (int i = 1; i <= 4; ++i) add(outbox, "payload-" + std::to_string(i));
  }
  const auto file = segmentFiles().back();
  {
    std::ofstream out(file, std::ios::binary | std::ios::app);
    out << "\x05\x00\x00\x00garbage after a power loss";
  }
  {
    Outbox outbox(queue());
    EXPECT_EQ(all(outbox).size(), 4u);
    EXPECT_EQ(outbox.openNotes().size(), 1u);
  }
  // Flip a payload byte of record 3: its checksum fails, so 3 and 4 are not trusted.
  {
    std::fstream io(file, std::ios::binary | std::ios::in | std::ios::out);
    std::string data((std::istreambuf_iterator<char>(io)), std::istreambuf_iterator<char>());
    const auto at = data.find("payload-3");
    ASSERT_NE(at, std::string::npos);
    io.seekp(static_cast<std::streamoff>(at));
    io.put('P');
  }
  Outbox outbox(queue());
  const auto records = all(outbox);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[1].payload, "payload-2");
}

TEST_F(OutboxTest, TheSizeBoundDropsTheOldestSegmentsAndCountsWhatWasLost) {
  OutboxSettings settings;
  settings.segment_bytes = 4096;
  settings.max_bytes = 16384;
  const std::string payload(1000, 'r');  // 1,029 bytes a record with its framing
  std::uint64_t last = 0;
  {
    Outbox outbox(queue(), settings);
    for (int i = 0; i < 100; ++i) last = add(outbox, payload);
    const auto stats = outbox.stats();
    EXPECT_LE(stats.bytes, settings.max_bytes);
    EXPECT_GT(stats.dropped_records, 0u);
    EXPECT_EQ(stats.dropped_records + stats.pending_records, 100u);
    const auto records = all(outbox);
    ASSERT_FALSE(records.empty());
    EXPECT_EQ(records.back().sequence, last);  // the newest are kept
    EXPECT_EQ(records.front().sequence, stats.dropped_records + 1);
  }
  Outbox outbox(queue(), settings);
  EXPECT_EQ(outbox.stats().dropped_records, 100u - outbox.stats().pending_records);
  // Acknowledged records are not counted as lost when their segment goes.
  ASSERT_TRUE(outbox.acknowledge(last));
  const auto before = outbox.stats().dropped_records;
  for (int i = 0; i < 30; ++i) ASSERT_TRUE(outbox.acknowledge(add(outbox, payload)));
  EXPECT_EQ(outbox.stats().dropped_records, before);
  EXPECT_LE(outbox.stats().bytes, 4096u + 1029u);
}

TEST_F(OutboxTest, RefusesBadRecordsAndSettings) {
  Outbox outbox(queue());
  EXPECT_FALSE(outbox.append("", "x"));
  EXPECT_FALSE(outbox.append(std::string(65, 'k'), "x"));
  EXPECT_FALSE(outbox.append("Device_Status", "x"));  // the Manager would refuse the batch
  EXPECT_FALSE(outbox.append("9lives", "x"));
  EXPECT_FALSE(outbox.append("big", std::string(Outbox::kMaxRecordBytes, 'x')));
  EXPECT_EQ(add(outbox, "fine"), 1u);
  OutboxSettings bad;
  bad.max_bytes = bad.segment_bytes;
  EXPECT_THROW(Outbox(dir_ / "bad", bad), OutboxError);
}

TEST_F(OutboxTest, EverySyncPolicyKeepsTheSameContract) {
  OutboxSettings settings;
  settings.sync = OutboxSettings::Sync::kEveryAppend;
  {
    Outbox outbox(queue(), settings);
    for (int i = 0; i < 5; ++i) add(outbox, "s");
  }
  Outbox outbox(queue(), settings);
  EXPECT_EQ(all(outbox).size(), 5u);
}

// A child appends, reads and acknowledges as fast as it can; the parent kills it with
// SIGKILL at an arbitrary moment, several times over, then checks that the outbox opens,
// that nothing after the acknowledged position is missing and that numbers keep rising.
TEST_F(OutboxTest, AWriterKilledAtAnyMomentLeavesAConsistentOutbox) {
  OutboxSettings settings;
  settings.segment_bytes = 8192;  // many segment rolls and deletions while it runs
  std::uint64_t previous_last = 0;
  for (int round = 0; round < 5; ++round) {
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      Outbox outbox(queue(), settings);
      for (std::uint64_t i = 0;; ++i) {
        const auto sequence = outbox.append("test-record", std::string(50 + i % 200, 'p'));
        if (!sequence) ::_exit(2);
        if (i % 7 == 0) {
          const auto batch = outbox.peek(5, 1u << 20);
          if (!batch || !outbox.acknowledge(batch->empty() ? 0 : batch->back().sequence)) {
            ::_exit(3);
          }
        }
      }
    }
    // Let it get well into its work: wait until it has written past its first segments.
    for (int i = 0; i < 2000; ++i) {
      std::error_code ec;
      std::uintmax_t total = 0;
      for (const auto& entry : fs::directory_iterator(queue(), ec)) {
        if (entry.path().filename().string().starts_with("seg-")) total += entry.file_size(ec);
      }
      if (!ec && total > 20'000 + 5'000 * static_cast<std::uintmax_t>(round)) break;
      ::usleep(1000);
    }
    ASSERT_EQ(::kill(child, SIGKILL), 0);
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFSIGNALED(status)) << "the writer failed on its own: " << status;

    Outbox outbox(queue(), settings);
    const auto stats = outbox.stats();
    EXPECT_GE(stats.last_sequence, previous_last);
    const auto records = all(outbox);
    ASSERT_EQ(records.size(), stats.pending_records);
    std::uint64_t expected = stats.acknowledged + 1;
    for (const auto& r : records) {
      ASSERT_EQ(r.sequence, expected++);
      ASSERT_EQ(r.kind, "test-record");
      ASSERT_TRUE(r.payload == "after the kill" ||
                  r.payload.find_first_not_of('p') == std::string::npos);
    }
    const auto next = add(outbox, "after the kill");
    EXPECT_GT(next, stats.last_sequence);
    previous_last = next;
  }
}

}  // namespace
}  // namespace pw::agent
