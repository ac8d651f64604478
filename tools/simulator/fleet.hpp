#pragma once
// The simulated fleet: recordings loaded once and shared, plus the pure functions that turn
// (recording, device index, seed, time) into an answer. Nothing is stored per device, so a
// million devices cost no more memory than one; only the devices named in a states file
// (injected error states) and the devices restarted by a SET have an entry each.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "agent/snmp/message.hpp"
#include "tools/simulator/device_state.hpp"

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
  kSupply,   ///< prtMarkerSuppliesLevel (not the RFC 3805 special values): goes down with pages
};

struct Entry {
  snmp::Oid oid;
  snmp::Value value;
  Variation variation = Variation::kNone;
  std::uint8_t mac_row = 0;   ///< ordinal of this ifPhysAddress row within the recording
  std::int32_t capacity = 0;  ///< kSupply: the row's prtMarkerSuppliesMaxCapacity (100 if none)
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
  double silent_share = 0.0;          ///< 0..1: share of devices that never answer
  double pages_per_minute = 1.0;      ///< average printing speed: page counters and supplies
  double supply_life_pages = 5000.0;  ///< pages a full supply lasts, on average
  double error_share = 0.0;  ///< 0..1: share of devices in a random error state (not silent)
  /// Empty: no writes. Else every device also answers this community; the first
  /// `writable_count` devices accept a restart (prtGeneralReset) with it, the others refuse
  /// it with noAccess, as a read-only community would be.
  std::string write_community;
  std::uint32_t writable_count = 0xffffffffU;
  std::chrono::milliseconds restart_time{5000};  ///< how long a restarting device is silent
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
};

class Fleet {
 public:
  Fleet(std::vector<Recording> recordings, FleetSettings settings);

  std::size_t recordingCount() const { return recordings_.size(); }
  const Recording& recordingOf(std::uint32_t device) const {
    return recordings_[device % recordings_.size()];
  }
  /// Deterministic from the seed: the same devices are silent on every run. Devices
  /// injected as powered off are silent too.
  bool isSilent(std::uint32_t device) const;

  /// Replaces the injected states (a states file). Not thread-safe: call between requests.
  void setStates(StateTable states) { states_ = std::move(states); }
  const StateTable& states() const { return states_; }
  /// The state `device` shows: its entry in the states table, else one drawn by
  /// `error_share` from the seed (since the start), else kNormal.
  InjectedState stateOf(std::uint32_t device) const;

  /// Pages `device` has printed since the start: the growth of its page counters and what
  /// its supplies have lost. Each device prints at 0.5x to 1.5x `pages_per_minute`.
  double pagesPrinted(std::uint32_t device, std::chrono::steady_clock::time_point now) const;

  /// The response for `device`, or nullopt when a real agent would not answer (wrong
  /// community, silent or restarting device, a response that cannot be encoded). An accepted
  /// restart (SET prtGeneralReset.1 = 4, 5 or 6 with the write community) is answered, then
  /// the device is silent for `restart_time` and comes back with sysUpTime from 0. Not
  /// thread-safe (a restart is recorded): call from one thread.
  std::optional<snmp::Response> answer(const snmp::Request& request, std::uint32_t device,
                                       std::chrono::steady_clock::time_point now) const;

  /// The value `device` shows for one entry of its recording at `now`.
  snmp::Value valueOf(const Entry& entry, std::uint32_t device,
                      std::chrono::steady_clock::time_point now) const;

  /// Six characters [0-9A-Z], different for every device index below 36^6.
  std::string deviceTag(std::uint32_t device) const;

 private:
  // Whether the states file says another printer answers at `device`'s address.
  bool isReplaced(std::uint32_t device) const;
  // The device index whose serial and sysName `device` shows.
  std::uint32_t identityIndex(std::uint32_t device) const;

  // The rows `device`'s injected state lays over its recording, sorted by OID.
  std::vector<Entry> overlayOf(std::uint32_t device, const Recording& recording) const;
  // The answer to a SET: a restart accepted or refused (noAccess, wrongValue, notWritable).
  snmp::Response set(const snmp::Request& request, std::uint32_t device,
                     std::chrono::steady_clock::time_point now, snmp::Response response) const;

  std::vector<Recording> recordings_;
  FleetSettings settings_;
  StateTable states_;
  // When each restarted device is back. Mutable: the one thing an answer changes (a restart),
  // kept out of the const interface so that reads stay pure.
  mutable std::map<std::uint32_t, std::chrono::steady_clock::time_point> restarted_;
};

}  // namespace pw::tools::simulator
