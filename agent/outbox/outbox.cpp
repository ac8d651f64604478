#include "agent/outbox/outbox.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <boost/crc.hpp>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <random>

#include "common/core/files.hpp"

namespace pw::agent {
namespace {

namespace fs = std::filesystem;
using boost::system::error_code;

constexpr std::size_t kHeaderBytes = 8;      // body length + CRC-32
constexpr std::size_t kBodyFixedBytes = 10;  // sequence + kind length
constexpr const char* kMetaFile = "outbox.meta";
constexpr std::string_view kSegmentPrefix = "seg-";
constexpr std::string_view kSegmentSuffix = ".log";

void putLe(std::string& out, std::uint64_t value, int bytes) {
  for (int i = 0; i < bytes; ++i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
}

std::uint64_t getLe(const char* p, int bytes) {
  std::uint64_t value = 0;
  for (int i = bytes - 1; i >= 0; --i) value = (value << 8) | static_cast<unsigned char>(p[i]);
  return value;
}

std::uint32_t crc32(const char* data, std::size_t size) {
  boost::crc_32_type crc;
  crc.process_bytes(data, size);
  return crc.checksum();
}

error_code lastError() {
  return {errno != 0 ? errno : EIO, boost::system::system_category()};
}

std::string randomStreamId() {
  std::random_device random;
  std::string id;
  for (int i = 0; i < 4; ++i) {
    char part[9];
    std::snprintf(part, sizeof(part), "%08x", static_cast<unsigned>(random()));
    id += part;
  }
  return id;
}

bool writeAll(int fd, const std::string& data) {
  std::size_t done = 0;
  while (done < data.size()) {
    const auto n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

bool readAt(int fd, char* data, std::size_t size, std::uint64_t offset) {
  std::size_t done = 0;
  while (done < size) {
    const auto n = ::pread(fd, data + done, size - done, static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

// A new or deleted segment file is durable only once its directory entry is.
void syncDirectory(const fs::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

// The first sequence a segment file name carries; 0 when it is not a segment file.
std::uint64_t segmentFirstSequence(const std::string& name) {
  if (name.size() <= kSegmentPrefix.size() + kSegmentSuffix.size() ||
      !name.starts_with(kSegmentPrefix) || !name.ends_with(kSegmentSuffix)) {
    return 0;
  }
  std::uint64_t first = 0;
  const char* begin = name.data() + kSegmentPrefix.size();
  const char* end = name.data() + name.size() - kSegmentSuffix.size();
  const auto [stop, ec] = std::from_chars(begin, end, first);
  return ec == std::errc() && stop == end ? first : 0;
}

}  // namespace

Outbox::Outbox(std::filesystem::path dir, OutboxSettings settings)
    : dir_(std::move(dir)), settings_(settings) {
  if (settings_.segment_bytes < 1024 || settings_.max_bytes < 2 * settings_.segment_bytes) {
    throw OutboxError(
        "outbox: segment_bytes must be at least 1 KiB and max_bytes at least "
        "twice segment_bytes");
  }
  try {
    createPrivateDirectory(dir_);
  } catch (const std::exception& e) {
    throw OutboxError(e.what());
  }
  std::vector<std::uint64_t> firsts;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir_, ec)) {
    if (const auto first = segmentFirstSequence(entry.path().filename().string())) {
      firsts.push_back(first);
    }
  }
  if (ec) throw OutboxError(dir_.string() + ": cannot be listed: " + ec.message());
  std::sort(firsts.begin(), firsts.end());

  loadMeta();
  if (stream_.empty()) {
    stream_ = randomStreamId();
    if (!firsts.empty()) {
      notes_.push_back("outbox.meta was missing: records kept under a new stream id");
    }
    saveMeta();
  }

  std::uint64_t floor = acknowledged_ + 1;
  for (const auto first : firsts) {
    auto segment = scanSegment(first);
    floor = std::max({floor, segment.first_sequence, segment.last_sequence + 1});
    const bool newest = first == firsts.back();
    // Acknowledged or empty (a crash right after it was started) segments go, except the
    // newest empty one, whose name still says which sequence comes next.
    if ((segment.records > 0 && segment.last_sequence <= acknowledged_) ||
        (segment.records == 0 && !newest) ||
        (!segments_.empty() && segment.first_sequence <= segments_.back().last_sequence)) {
      fs::remove(segmentPath(first), ec);
      continue;
    }
    segments_.push_back(segment);
  }
  next_sequence_ = floor;
  dirty_ = !segments_.empty();  // what a killed predecessor wrote may still be unsynced
  if (!segments_.empty()) {
    fd_ = ::open(segmentPath(segments_.back().first_sequence).c_str(),
                 O_WRONLY | O_APPEND | O_CLOEXEC);
    if (fd_ < 0) throw OutboxError(dir_.string() + ": cannot open the newest segment");
  }
}

Outbox::~Outbox() {
  std::lock_guard lock(mutex_);
  closeCurrent();
}

fs::path Outbox::segmentPath(std::uint64_t first_sequence) const {
  char name[48];
  std::snprintf(name, sizeof(name), "seg-%020llu.log",
                static_cast<unsigned long long>(first_sequence));
  return dir_ / name;
}

void Outbox::loadMeta() {
  std::optional<std::string> text;
  try {
    text = readFileIfExists(dir_ / kMetaFile);
  } catch (const std::exception& e) {
    throw OutboxError(e.what());
  }
  if (!text) return;
  const auto json = nlohmann::json::parse(*text, nullptr, false);
  // The file is replaced atomically, so damage means someone edited it: start a new stream
  // (the Manager then stores everything again rather than skipping records as duplicates).
  if (!json.is_object() || !json.contains("stream") || !json["stream"].is_string() ||
      !json.value("acknowledged", nlohmann::json()).is_number_unsigned() ||
      !json.value("dropped", nlohmann::json()).is_number_unsigned()) {
    notes_.push_back("outbox.meta was unreadable: records kept under a new stream id");
    return;
  }
  stream_ = json["stream"].get<std::string>();
  acknowledged_ = json["acknowledged"].get<std::uint64_t>();
  dropped_ = json["dropped"].get<std::uint64_t>();
}

void Outbox::saveMeta() {
  const nlohmann::json meta{
      {"stream", stream_}, {"acknowledged", acknowledged_}, {"dropped", dropped_}};
  try {
    writeFileAtomically(dir_ / kMetaFile, meta.dump(), FileAccess::kOwnerOnly);
  } catch (const std::exception& e) {
    throw OutboxError(e.what());
  }
}

Outbox::Segment Outbox::scanSegment(std::uint64_t first) {
  const auto path = segmentPath(first);
  std::string data;
  {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw OutboxError(path.string() + ": cannot be read");
    data.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  Segment segment{first, 0, 0, 0};
  std::uint64_t expected = first;
  std::size_t offset = 0;
  while (offset + kHeaderBytes <= data.size()) {
    const auto length = getLe(data.data() + offset, 4);
    const auto crc = static_cast<std::uint32_t>(getLe(data.data() + offset + 4, 4));
    if (length < kBodyFixedBytes || length > kBodyFixedBytes + kMaxRecordBytes ||
        offset + kHeaderBytes + length > data.size()) {
      break;
    }
    const char* body = data.data() + offset + kHeaderBytes;
    if (crc32(body, length) != crc || getLe(body, 8) != expected ||
        kBodyFixedBytes + getLe(body + 8, 2) > length) {
      break;
    }
    segment.last_sequence = expected++;
    ++segment.records;
    offset += kHeaderBytes + length;
  }
  segment.bytes = offset;
  if (offset < data.size()) {
    // A torn or damaged tail: cut it so appends continue after the last good record.
    std::error_code ec;
    fs::resize_file(path, offset, ec);
    if (ec) throw OutboxError(path.string() + ": cannot cut its torn tail: " + ec.message());
    notes_.push_back(path.filename().string() + ": cut " + std::to_string(data.size() - offset) +
                     " bytes of a torn or damaged tail after " + std::to_string(segment.records) +
                     " good records");
  }
  return segment;
}

void Outbox::startSegment() {
  const auto path = segmentPath(next_sequence_);
  fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0600);
  if (fd_ < 0) {
    throw OutboxError(path.string() + ": cannot be created: " + std::strerror(errno));
  }
  segments_.push_back({next_sequence_, 0, 0, 0});
  syncDirectory(dir_);
}

void Outbox::closeCurrent() {
  if (fd_ < 0) return;
  if (dirty_) ::fdatasync(fd_);
  ::close(fd_);
  fd_ = -1;
  dirty_ = false;
}

void Outbox::makeRoom(std::uint64_t record_bytes) {
  std::uint64_t total = 0;
  for (const auto& s : segments_) total += s.bytes;
  bool dropped_any = false;
  while (total + record_bytes > settings_.max_bytes && !segments_.empty()) {
    if (segments_.size() == 1) {
      if (segments_.front().records == 0) break;
      closeCurrent();  // the only segment is the current one: roll before dropping it
      startSegment();
    }
    const auto& oldest = segments_.front();
    if (oldest.last_sequence > acknowledged_) {
      dropped_ += oldest.last_sequence - std::max(acknowledged_, oldest.first_sequence - 1);
    }
    std::error_code ec;
    fs::remove(segmentPath(oldest.first_sequence), ec);
    total -= oldest.bytes;
    if (cursor_.segment == oldest.first_sequence) cursor_ = {};
    if (peeked_end_.segment == oldest.first_sequence) peeked_end_ = {};
    segments_.pop_front();
    dropped_any = true;
  }
  if (dropped_any) saveMeta();
}

error_code Outbox::syncLocked() {
  if (!dirty_ || fd_ < 0) return {};
  if (::fdatasync(fd_) != 0) return lastError();
  dirty_ = false;
  return {};
}

std::uint64_t Outbox::lastSequenceLocked() const {
  return next_sequence_ - 1;
}

boost::system::result<std::uint64_t> Outbox::append(std::string_view kind,
                                                    std::string_view payload) {
  const auto body_bytes = kBodyFixedBytes + kind.size() + payload.size();
  // The Manager's rule for kinds (proto: [a-z][a-z0-9-]*): a record it would refuse to parse
  // would block every record behind it, so it is refused here.
  const bool kind_valid = !kind.empty() && kind.front() >= 'a' && kind.front() <= 'z' &&
                          std::all_of(kind.begin(), kind.end(), [](char c) {
                            return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
                          });
  if (!kind_valid || kind.size() > kMaxKindBytes ||
      kind.size() + payload.size() > kMaxRecordBytes ||
      kHeaderBytes + body_bytes > settings_.max_bytes - settings_.segment_bytes) {
    return error_code(EINVAL, boost::system::system_category());
  }
  std::uint64_t sequence = 0;
  std::function<void()> listener;
  {
    std::lock_guard lock(mutex_);
    listener = on_append_;
    try {
      if (fd_ < 0 || segments_.back().bytes >= settings_.segment_bytes) {
        closeCurrent();
        startSegment();
      }
      makeRoom(kHeaderBytes + body_bytes);
    } catch (const OutboxError&) {
      return error_code(EIO, boost::system::system_category());
    }
    sequence = next_sequence_;
    std::string frame;
    frame.reserve(kHeaderBytes + body_bytes);
    putLe(frame, body_bytes, 4);
    putLe(frame, 0, 4);  // CRC, filled in below
    putLe(frame, sequence, 8);
    putLe(frame, kind.size(), 2);
    frame.append(kind);
    frame.append(payload);
    const auto crc = crc32(frame.data() + kHeaderBytes, body_bytes);
    for (int i = 0; i < 4; ++i) frame[4 + i] = static_cast<char>((crc >> (8 * i)) & 0xff);

    auto& segment = segments_.back();
    bool written = writeAll(fd_, frame);
    if (written && settings_.sync == OutboxSettings::Sync::kEveryAppend) {
      written = ::fdatasync(fd_) == 0;
    }
    if (!written) {
      const auto error = lastError();
      // Cut a partial record so the file stays a sequence of whole records.
      if (::ftruncate(fd_, static_cast<off_t>(segment.bytes)) != 0) {
        closeCurrent();
        segments_.pop_back();  // unknown content: the next open scans and repairs it
      }
      return error;
    }
    dirty_ = settings_.sync != OutboxSettings::Sync::kEveryAppend;
    segment.bytes += frame.size();
    segment.last_sequence = sequence;
    ++segment.records;
    ++next_sequence_;
  }
  if (listener) listener();
  return sequence;
}

boost::system::result<std::vector<OutboxRecord>> Outbox::peek(std::size_t max_records,
                                                              std::size_t max_bytes) {
  std::lock_guard lock(mutex_);
  // Durable before anyone sees it: a record the Manager stored can never be lost to a power
  // failure and then numbered again.
  if (const auto ec = syncLocked()) return ec;
  std::vector<OutboxRecord> records;
  std::size_t bytes = 0;
  auto start = segments_.begin();
  std::uint64_t offset = 0;
  if (cursor_.segment != 0) {
    start = std::find_if(segments_.begin(), segments_.end(),
                         [this](const Segment& s) { return s.first_sequence == cursor_.segment; });
    if (start == segments_.end()) {
      start = segments_.begin();
    } else {
      offset = cursor_.offset;
    }
  }
  for (auto it = start; it != segments_.end() && records.size() < max_records; ++it, offset = 0) {
    if (it->records == 0 || it->last_sequence <= acknowledged_) continue;
    const int fd = ::open(segmentPath(it->first_sequence).c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return lastError();
    std::string body;
    while (offset < it->bytes && records.size() < max_records) {
      char header[kHeaderBytes];
      errno = 0;
      bool read = readAt(fd, header, kHeaderBytes, offset);
      const auto length = read ? getLe(header, 4) : 0;
      body.resize(length);
      read = read && readAt(fd, body.data(), length, offset + kHeaderBytes);
      if (!read) {
        const auto ec = lastError();
        ::close(fd);
        return ec;
      }
      const auto sequence = getLe(body.data(), 8);
      const auto kind_bytes = getLe(body.data() + 8, 2);
      const auto record_bytes = length - kBodyFixedBytes;
      if (sequence > acknowledged_) {
        if (!records.empty() && bytes + record_bytes > max_bytes) break;
        records.push_back({sequence, body.substr(kBodyFixedBytes, kind_bytes),
                           body.substr(kBodyFixedBytes + kind_bytes)});
        bytes += record_bytes;
        peeked_through_ = sequence;
        peeked_end_ = {it->first_sequence, offset + kHeaderBytes + length};
      }
      offset += kHeaderBytes + length;
    }
    ::close(fd);
    if (!records.empty() && bytes >= max_bytes) break;
  }
  return records;
}

boost::system::result<void> Outbox::acknowledge(std::uint64_t sequence) {
  std::lock_guard lock(mutex_);
  sequence = std::min(sequence, lastSequenceLocked());
  if (sequence <= acknowledged_) return {};
  const auto previous = acknowledged_;
  acknowledged_ = sequence;
  try {
    saveMeta();  // first: a crash before the deletions below only leaves files to skip
  } catch (const OutboxError&) {
    acknowledged_ = previous;
    return error_code(EIO, boost::system::system_category());
  }
  if (sequence == peeked_through_ && peeked_end_.segment != 0) cursor_ = peeked_end_;
  bool deleted = false;
  while (!segments_.empty() && segments_.front().records > 0 &&
         segments_.front().last_sequence <= acknowledged_) {
    if (segments_.size() == 1) closeCurrent();
    std::error_code ec;
    fs::remove(segmentPath(segments_.front().first_sequence), ec);
    if (cursor_.segment == segments_.front().first_sequence) cursor_ = {};
    segments_.pop_front();
    deleted = true;
  }
  if (deleted) syncDirectory(dir_);
  return {};
}

OutboxStats Outbox::stats() const {
  std::lock_guard lock(mutex_);
  OutboxStats stats;
  stats.acknowledged = acknowledged_;
  stats.dropped_records = dropped_;
  stats.last_sequence = lastSequenceLocked();
  for (const auto& s : segments_) stats.bytes += s.bytes;
  if (!segments_.empty() && stats.last_sequence > acknowledged_) {
    stats.pending_records =
        stats.last_sequence - std::max(acknowledged_, segments_.front().first_sequence - 1);
  }
  return stats;
}

void Outbox::setAppendListener(std::function<void()> listener) {
  std::lock_guard lock(mutex_);
  on_append_ = std::move(listener);
}

}  // namespace pw::agent
