#pragma once
// The Agent's durable outbox: results wait here until the Manager has stored them, so an
// outage of the link or of the Manager loses nothing (issue 4, item 6; decision 0012).
//
// Design note. Records go to append-only segment files in one directory
// (`seg-<first sequence>.log`, rolled at `segment_bytes`); each record is framed as
//   u32 body length | u32 CRC-32 of body | body = u64 sequence | u16 kind length | kind | payload
// (little-endian). Opening scans every segment and cuts it at the first record that is
// incomplete, fails its checksum or does not follow its predecessor: a kill or a power loss
// mid-write costs at most the records whose write was cut, never the readability of the rest.
// `outbox.meta` (replaced atomically) keeps the stream id, the highest acknowledged sequence
// and the count of dropped records; segments entirely at or below the acknowledged sequence
// are deleted.
//
// Sequences start at 1, strictly increase and are never reused once the Manager may have
// seen them: peek() makes records durable (fdatasync) before returning them, and on opening
// the next sequence is above the acknowledged one, every stored record and the first
// sequence of the newest segment. Only a record that was never synced, hence never sent,
// can have its number given again after a power loss.
//
// Sync policy (see OutboxSettings::sync): by default records are written with write(2) —
// they survive a kill of the process at once — and fdatasync'd before a batch is handed to
// the sender, so a power loss can cost the records appended since the last send attempt
// (under a second while the Manager answers; up to the sender's backoff while it does not).
// kEveryAppend syncs each record (docs/PERFORMANCE.md gives the cost).
//
// Overflow: when an append would take the outbox over `max_bytes`, whole segments are
// dropped oldest first (the oldest readings are the least useful), their unacknowledged
// records counted in dropped(), logged by the caller and reported to the Manager; never
// silently.
//
// Thread safety: every member may be called from any thread.
#include <boost/system/result.hpp>

#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace pw::agent {

class OutboxError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct OutboxSettings {
  enum class Sync {
    kBeforeSend,   ///< fdatasync before records are read for sending (default)
    kEveryAppend,  ///< fdatasync after every record
  };
  std::uint64_t max_bytes = 256ull << 20;    ///< disk budget, headers included
  std::uint64_t segment_bytes = 8ull << 20;  ///< roll to a new file past this size
  Sync sync = Sync::kBeforeSend;
};

struct OutboxRecord {
  std::uint64_t sequence = 0;
  std::string kind;
  std::string payload;
};

struct OutboxStats {
  std::uint64_t pending_records = 0;  ///< above the acknowledged sequence
  std::uint64_t bytes = 0;            ///< on disk, acknowledged records not yet reclaimed included
  std::uint64_t dropped_records = 0;  ///< lost to the size bound since the outbox was created
  std::uint64_t acknowledged = 0;     ///< highest sequence the Manager has stored
  std::uint64_t last_sequence = 0;    ///< highest sequence given so far (0: none)
};

class Outbox {
 public:
  static constexpr std::size_t kMaxKindBytes = 64;
  static constexpr std::size_t kMaxRecordBytes = 4u << 20;  ///< kind + payload

  /// Opens the outbox in `dir`, creating it (and a new stream id) when empty, and repairs
  /// torn tails. Throws OutboxError when the directory or a file cannot be read or written,
  /// or a setting is out of range.
  explicit Outbox(std::filesystem::path dir, OutboxSettings settings = {});
  ~Outbox();
  Outbox(const Outbox&) = delete;
  Outbox& operator=(const Outbox&) = delete;

  /// Appends a record and returns its sequence. Errors: invalid_argument for a kind that is
  /// not [a-z][a-z0-9-]* of at most kMaxKindBytes or a record over kMaxRecordBytes / max_bytes; an
  /// errno code when the write fails (the file is cut back, so the outbox stays readable).
  boost::system::result<std::uint64_t> append(std::string_view kind, std::string_view payload);

  /// The oldest unacknowledged records, in sequence order: at most max_records of them and
  /// max_bytes of kind + payload (at least one record when any is pending). Synced to disk
  /// before they are returned. Errors: an errno code when reading or syncing fails.
  boost::system::result<std::vector<OutboxRecord>> peek(std::size_t max_records,
                                                        std::size_t max_bytes);

  /// The Manager has stored every record up to `sequence`: they will not be returned again
  /// and their space is reclaimed. A sequence above the last record counts as the last one.
  /// Errors: an errno code when the state cannot be saved (nothing is deleted then).
  boost::system::result<void> acknowledge(std::uint64_t sequence);

  /// Identifies this outbox's sequence space: a new directory starts a new stream, so the
  /// Manager does not mistake its sequence 1 for one it already has.
  [[nodiscard]] const std::string& stream() const { return stream_; }
  [[nodiscard]] OutboxStats stats() const;
  /// What opening repaired (a torn tail cut, a lost meta file), for the caller to log.
  [[nodiscard]] const std::vector<std::string>& openNotes() const { return notes_; }
  /// Called (outside the lock) after each successful append, e.g. to wake a sender.
  void setAppendListener(std::function<void()> listener);

 private:
  struct Segment {
    std::uint64_t first_sequence = 0;  ///< also its file name
    std::uint64_t last_sequence = 0;   ///< 0 while empty
    std::uint64_t bytes = 0;
    std::uint64_t records = 0;
  };
  // Where the next peek starts: just after the last acknowledged record, when known.
  struct Cursor {
    std::uint64_t segment = 0;  ///< first_sequence of the segment; 0 = unknown
    std::uint64_t offset = 0;
  };

  std::filesystem::path segmentPath(std::uint64_t first_sequence) const;
  void loadMeta();
  void saveMeta();                           // throws OutboxError
  Segment scanSegment(std::uint64_t first);  // repairs a torn tail
  void openCurrent();                        // throws OutboxError
  void startSegment();                       // throws OutboxError
  void closeCurrent();
  void makeRoom(std::uint64_t record_bytes);  // throws OutboxError
  boost::system::error_code syncLocked();
  std::uint64_t lastSequenceLocked() const;

  const std::filesystem::path dir_;
  const OutboxSettings settings_;
  mutable std::mutex mutex_;
  std::string stream_;
  std::deque<Segment> segments_;
  int fd_ = -1;  ///< the newest segment, open for appending; -1 when none is open
  bool dirty_ = false;
  std::uint64_t next_sequence_ = 1;
  std::uint64_t acknowledged_ = 0;
  std::uint64_t dropped_ = 0;
  Cursor cursor_;
  std::uint64_t peeked_through_ = 0;  ///< last sequence of the last peek
  Cursor peeked_end_;                 ///< position just after it
  std::function<void()> on_append_;
  std::vector<std::string> notes_;
};

}  // namespace pw::agent
