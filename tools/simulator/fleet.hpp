#pragma once
// The simulated fleet: recordings loaded once and shared, plus the pure functions that turn
// (recording, device index, seed, time) into an answer. Nothing is stored per device, so a
// million devices cost no more memory than one.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "agent/snmp/message.hpp"

namespace pw::tools::simulator {

namespace snmp = pw::agent::snmp;

/// How a recorded value changes from device to device or over time.
enum class Variation : std::uint8_t {
  kNone,
  kSysName,  ///< sysName.0: recorded name + "-" + device tag
  kSerial,   ///< prtGeneralSerialNumber and vendor serial OIDs: last 6 bytes = device tag
  kMac,      ///< ifPhysAddress rows: recorded OUI + 3 bytes from the device index
  kCounter,  ///< Counter32: per-device offset, then advances with time
  kUptime,   ///< sysUpTime.0: advances with time
};

struct Entry {
  snmp::Oid oid;
  snmp::Value value;
  Variation variation = Variation::kNone;
  std::uint8_t mac_row = 0;  ///< ordinal of this ifPhysAddress row within the recording
};

struct Recording {
  std::string name;            ///< file name
  std::vector<Entry> entries;  ///< sorted by OID, numerically; one entry per OID
};

/// Loads a .snmprec file: snmpsim's OID|type|value lines. Problems the reader reports, and
/// values that do not fit their type, are appended to `issues` ("file:line: message").
/// Throws std::runtime_error when the file cannot be read.
Recording loadRecording(const std::filesystem::path& path, std::vector<std::string>& issues);

struct FleetSettings {
  std::string community = "public";
  std::uint64_t seed = 1;
  double silent_share = 0.0;      ///< 0..1: share of devices that never answer
  double pages_per_minute = 1.0;  ///< average speed of the Counter32 page counters
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
};

class Fleet {
 public:
  Fleet(std::vector<Recording> recordings, FleetSettings settings);

  std::size_t recordingCount() const { return recordings_.size(); }
  const Recording& recordingOf(std::uint32_t device) const {
    return recordings_[device % recordings_.size()];
  }
  /// Deterministic from the seed: the same devices are silent on every run.
  bool isSilent(std::uint32_t device) const;

  /// The response for `device`, or nullopt when a real agent would not answer (wrong
  /// community, silent device, a response that cannot be encoded).
  std::optional<snmp::Response> answer(const snmp::Request& request, std::uint32_t device,
                                       std::chrono::steady_clock::time_point now) const;

  /// The value `device` shows for one entry of its recording at `now`.
  snmp::Value valueOf(const Entry& entry, std::uint32_t device,
                      std::chrono::steady_clock::time_point now) const;

  /// Six characters [0-9A-Z], different for every device index below 36^6.
  std::string deviceTag(std::uint32_t device) const;

 private:
  // Index of the first entry after `oid` that the version can carry; entries.size() if none.
  std::size_t nextIndex(const Recording& recording, const snmp::Oid& oid, bool v1) const;
  snmp::Value missing(const Recording& recording, const snmp::Oid& oid) const;

  std::vector<Recording> recordings_;
  FleetSettings settings_;
};

}  // namespace pw::tools::simulator
