#include "tools/simulator/fleet.hpp"

#include <algorithm>
#include <set>
#include <span>
#include <stdexcept>

#include "agent/identify/snmprec.hpp"
#include "agent/identify/vendor_table.hpp"
#include "agent/snmp/codec.hpp"
#include "agent/snmp/identify_values.hpp"

namespace pw::tools::simulator {
namespace {

using snmp::Oid;
using snmp::Value;

const Oid kSysUpTime = {1, 3, 6, 1, 2, 1, 1, 3, 0};
const Oid kSysName = {1, 3, 6, 1, 2, 1, 1, 5, 0};
const Oid kIfPhysAddress = {1, 3, 6, 1, 2, 1, 2, 2, 1, 6};
const Oid kPrtGeneralSerialNumber = {1, 3, 6, 1, 2, 1, 43, 5, 1, 1, 17};
const Oid kSysDescr = {1, 3, 6, 1, 2, 1, 1, 1, 0};
const Oid kSuppliesMaxCapacity = {1, 3, 6, 1, 2, 1, 43, 11, 1, 1, 8};
const Oid kSuppliesLevel = {1, 3, 6, 1, 2, 1, 43, 11, 1, 1, 9};
const Oid kPrtGeneralReset = {1, 3, 6, 1, 2, 1, 43, 5, 1, 1, 3, 1};
constexpr std::int32_t kPercent = 100;
constexpr std::uint32_t kTagSpace = 36U * 36U * 36U * 36U * 36U * 36U;  // 6 base-36 digits
constexpr std::size_t kMaxBulkVarBinds = 2048;

// splitmix64: cheap, well mixed, and the same on every platform.
std::uint64_t mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// A hash as a uniform double in [0, 1).
double unit(std::uint64_t h) {
  return static_cast<double>(h >> 11) * 0x1.0p-53;
}

using Entries = std::span<const Entry>;

Entries::iterator lowerBound(Entries entries, const Oid& oid) {
  return std::lower_bound(entries.begin(), entries.end(), oid,
                          [](const Entry& e, const Oid& key) { return e.oid < key; });
}

// The entry at `oid` in what a device shows: its overlay (injected state rows) wins over its
// recording. v1 cannot carry Counter64, so for v1 those entries do not exist.
const Entry* findEntry(Entries recording, Entries overlay, const Oid& oid, bool v1) {
  for (const Entries entries : {overlay, recording}) {
    const auto it = lowerBound(entries, oid);
    if (it != entries.end() && it->oid == oid) {
      return v1 && std::holds_alternative<snmp::Counter64>(it->value) ? nullptr : &*it;
    }
  }
  return nullptr;
}

// The first entry after `oid` in the merge of recording and overlay; nullptr at the end.
const Entry* nextEntry(Entries recording, Entries overlay, const Oid& oid, bool v1) {
  const auto after = [&oid](Entries entries) {
    return std::upper_bound(entries.begin(), entries.end(), oid,
                            [](const Oid& key, const Entry& e) { return key < e.oid; });
  };
  auto it = after(recording);
  // v1 has no Counter64: a v1 walk steps over those objects, as net-snmp's agent does.
  while (v1 && it != recording.end() && std::holds_alternative<snmp::Counter64>(it->value)) ++it;
  const auto over = after(overlay);
  if (over != overlay.end() && (it == recording.end() || !(it->oid < over->oid))) return &*over;
  return it != recording.end() ? &*it : nullptr;
}

Value missingValue(Entries recording, Entries overlay, const Oid& oid) {
  // noSuchInstance when the object (the OID less its last arc) has instances, else
  // noSuchObject. All instances of an object are contiguous in the sorted lists.
  if (oid.size() < 2) return snmp::NoSuchObject{};
  const Oid object(oid.begin(), oid.end() - 1);
  for (const Entries entries : {overlay, recording}) {
    const auto it = lowerBound(entries, object);
    if (it != entries.end() && snmp::oidStartsWith(it->oid, object)) return snmp::NoSuchInstance{};
  }
  return snmp::NoSuchObject{};
}

// Serial OIDs: the standard column plus every numeric serial source of the vendor tables, so
// a new vendor file is varied without touching the simulator.
const std::set<Oid>& vendorSerialOids() {
  static const std::set<Oid> oids = [] {
    std::set<Oid> out;
    const auto& table = agent::identify::VendorTable::builtIn();
    auto add = [&out](const agent::identify::VendorProfile& profile) {
      if (!profile.serial) return;
      for (const auto& source : *profile.serial) {
        const auto oid = snmp::parseOid(source.oid);
        // sysDescr carries more than the serial; it is left as recorded.
        if (oid && *oid != kSysDescr) out.insert(*oid);
      }
    };
    for (const auto& profile : table.vendors()) add(profile);
    if (table.fallback() != nullptr) add(*table.fallback());
    return out;
  }();
  return oids;
}

Variation variationOf(const Oid& oid, const Value& value) {
  if (std::holds_alternative<snmp::Counter32>(value)) return Variation::kCounter;
  if (oid == kSysUpTime && std::holds_alternative<snmp::TimeTicks>(value))
    return Variation::kUptime;
  const auto* text = std::get_if<snmp::OctetString>(&value);
  if (text == nullptr) return Variation::kNone;
  if (oid == kSysName) return Variation::kSysName;
  if (snmp::oidStartsWith(oid, kIfPhysAddress) && oid.size() == kIfPhysAddress.size() + 1 &&
      text->bytes.size() == 6 && text->bytes != std::string(6, '\0')) {
    return Variation::kMac;
  }
  if (snmp::oidStartsWith(oid, kPrtGeneralSerialNumber) || vendorSerialOids().count(oid) != 0) {
    return text->bytes.empty() ? Variation::kNone : Variation::kSerial;
  }
  return Variation::kNone;
}

}  // namespace

Recording loadRecording(const std::filesystem::path& path, std::vector<std::string>& issues) {
  const auto file = agent::identify::SnmprecFile::load(path);
  const std::string name = path.filename().string();
  for (const auto& issue : file.issues) {
    issues.push_back(name + ":" + std::to_string(issue.line) + ": " + issue.message);
  }
  Recording out;
  out.name = name;
  for (const auto& record : file.records) {
    const auto oid = snmp::parseOid(record.oid);
    auto value = snmp::fromSnmpValue({record.type, record.value});
    if (!oid || !value) {
      issues.push_back(name + ":" + std::to_string(record.line) + ": value \"" + record.value +
                       "\" does not fit type " + agent::identify::snmpTypeName(record.type) +
                       "; line dropped");
      continue;
    }
    out.entries.push_back(Entry{*oid, std::move(*value)});
  }
  // Numeric order; for a duplicated OID the last record wins, as in SnmprecFile::values().
  std::stable_sort(out.entries.begin(), out.entries.end(),
                   [](const Entry& a, const Entry& b) { return a.oid < b.oid; });
  std::vector<Entry> unique;
  for (auto& entry : out.entries) {
    if (!unique.empty() && unique.back().oid == entry.oid) {
      unique.back() = std::move(entry);
    } else {
      unique.push_back(std::move(entry));
    }
  }
  std::uint8_t mac_rows = 0;
  for (auto& entry : unique) {
    entry.variation = variationOf(entry.oid, entry.value);
    if (entry.variation == Variation::kMac) entry.mac_row = mac_rows++ & 7;
    // A supply level that is a quantity depletes; the RFC 3805 special values (-1 other,
    // -2 unknown, -3 some remaining) stay as recorded.
    const auto* level = std::get_if<snmp::Integer>(&entry.value);
    if (level != nullptr && level->value >= 0 && snmp::oidStartsWith(entry.oid, kSuppliesLevel) &&
        entry.oid.size() == kSuppliesLevel.size() + 2) {
      entry.variation = Variation::kSupply;
      entry.capacity = kPercent;  // no usable capacity: the level reads as a percentage
    }
  }
  const Entries all = unique;
  for (auto& entry : unique) {
    if (entry.variation != Variation::kSupply) continue;
    Oid capacity_oid = kSuppliesMaxCapacity;
    capacity_oid.insert(capacity_oid.end(), entry.oid.end() - 2, entry.oid.end());
    const auto it = lowerBound(all, capacity_oid);
    if (it == all.end() || it->oid != capacity_oid) continue;
    const auto* capacity = std::get_if<snmp::Integer>(&it->value);
    if (capacity != nullptr && capacity->value > 0) entry.capacity = capacity->value;
  }
  out.entries = std::move(unique);
  return out;
}

Fleet::Fleet(std::vector<Recording> recordings, FleetSettings settings)
    : recordings_(std::move(recordings)), settings_(std::move(settings)) {
  if (recordings_.empty()) throw std::invalid_argument("no recordings");
}

bool Fleet::isSilent(std::uint32_t device) const {
  if (!states_.empty() && stateOf(device).state == DeviceState::kPoweredOff) return true;
  if (settings_.silent_share <= 0.0) return false;
  const std::uint64_t h = mix(settings_.seed ^ mix(device + 0x51e7ULL));
  return unit(h) < settings_.silent_share;
}

InjectedState Fleet::stateOf(std::uint32_t device) const {
  if (const auto it = states_.find(device); it != states_.end()) return it->second;
  if (settings_.error_share > 0.0) {
    const std::uint64_t h = mix(settings_.seed ^ mix(device + 0xe7707ULL));
    if (unit(h) < settings_.error_share) {
      const auto states = visibleErrorStates();
      return {states[mix(h) % states.size()], settings_.started};
    }
  }
  return {DeviceState::kNormal, settings_.started};
}

double Fleet::pagesPrinted(std::uint32_t device, std::chrono::steady_clock::time_point now) const {
  const double seconds =
      std::max(0.0, std::chrono::duration<double>(now - settings_.started).count());
  const std::uint64_t h = mix(settings_.seed ^ mix(device + 0x9a6e5ULL));
  return seconds * settings_.pages_per_minute / 60.0 * (0.5 + unit(h));
}

std::vector<Entry> Fleet::overlayOf(std::uint32_t device, const Recording& recording) const {
  const InjectedState injected = stateOf(device);
  if (injected.state == DeviceState::kNormal) return {};
  // prtAlertTime is the sysUpTime the device showed when the state began.
  const auto* uptime = findEntry(recording.entries, {}, kSysUpTime, false);
  const Value at = uptime != nullptr ? valueOf(*uptime, device, injected.since) : Value{};
  const auto* ticks = std::get_if<snmp::TimeTicks>(&at);
  std::vector<Entry> overlay;
  for (auto& row : stateRows(injected.state, ticks != nullptr ? *ticks : snmp::TimeTicks{})) {
    overlay.push_back(Entry{std::move(row.oid), std::move(row.value)});
  }
  return overlay;
}

bool Fleet::isReplaced(std::uint32_t device) const {
  const auto it = states_.find(device);
  return it != states_.end() && it->second.state == DeviceState::kReplaced;
}

// The device whose serial and sysName `device` shows: itself, or for a replacing printer an
// index far outside the fleet (its tag is no fleet device's for fleets below 36^6 - 2^31 =
// 29,298,688 devices).
std::uint32_t Fleet::identityIndex(std::uint32_t device) const {
  return isReplaced(device) ? device + 0x80000000U : device;
}

std::string Fleet::deviceTag(std::uint32_t device) const {
  // An affine map modulo 36^6 with a multiplier prime to 2 and 3 is a bijection: distinct
  // devices get distinct tags, shuffled by the seed.
  const std::uint64_t offset = mix(settings_.seed) % kTagSpace;
  std::uint64_t n = (static_cast<std::uint64_t>(device) * 1000003ULL + offset) % kTagSpace;
  static constexpr char kDigits[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  std::string tag(6, '0');
  for (int i = 5; i >= 0; --i) {
    tag[static_cast<std::size_t>(i)] = kDigits[n % 36];
    n /= 36;
  }
  return tag;
}

Value Fleet::valueOf(const Entry& entry, std::uint32_t device,
                     std::chrono::steady_clock::time_point now) const {
  switch (entry.variation) {
    case Variation::kNone: return entry.value;
    case Variation::kSysName: {
      const auto& name = std::get<snmp::OctetString>(entry.value).bytes;
      return snmp::OctetString{(name.empty() ? std::string("sim") : name) + "-" +
                               deviceTag(identityIndex(device))};
    }
    case Variation::kSerial: {
      std::string serial = std::get<snmp::OctetString>(entry.value).bytes;
      const std::string tag = deviceTag(identityIndex(device));
      if (serial.size() >= tag.size()) {
        serial.replace(serial.size() - tag.size(), tag.size(), tag);
      } else {
        serial += tag;
      }
      return snmp::OctetString{std::move(serial)};
    }
    case Variation::kMac: {
      std::string mac = std::get<snmp::OctetString>(entry.value).bytes;
      // Odd multiplier: a bijection modulo 2^24, so up to 2^21 devices x 8 rows stay unique.
      const std::uint32_t n = static_cast<std::uint32_t>(
          ((static_cast<std::uint64_t>(device) * 8 + entry.mac_row) * 0x9e3779ULL +
           mix(settings_.seed)) &
          0xffffffU);
      mac[3] = static_cast<char>(n >> 16);
      mac[4] = static_cast<char>(n >> 8);
      mac[5] = static_cast<char>(n);
      // A replacing printer's MAC: the locally administered bit, which no recorded
      // (manufacturer-assigned) OUI has, so it is no fleet device's MAC.
      if (isReplaced(device)) mac[0] = static_cast<char>(mac[0] | 0x02);
      return snmp::OctetString{std::move(mac)};
    }
    case Variation::kCounter: {
      // A per-device starting offset, then the pages the device prints.
      const std::uint64_t h = mix(settings_.seed ^ mix(device) ^ (entry.oid.back() * 31ULL));
      const std::uint64_t value = std::get<snmp::Counter32>(entry.value).value + (h % 5000) +
                                  static_cast<std::uint64_t>(pagesPrinted(device, now));
      return snmp::Counter32{static_cast<std::uint32_t>(value)};
    }
    case Variation::kSupply: {
      // Each supply row of each device lasts its own 0.5x to 1.5x the average life; it loses
      // capacity / life units per page printed and stops at 0.
      const std::uint64_t row =
          (static_cast<std::uint64_t>(entry.oid[entry.oid.size() - 2]) << 32) | entry.oid.back();
      const std::uint64_t h = mix(settings_.seed ^ mix(device) ^ mix(row + 0x5a991eULL));
      const double life = std::max(1.0, settings_.supply_life_pages * (0.5 + unit(h)));
      const double used = pagesPrinted(device, now) / life * entry.capacity;
      const std::int64_t recorded = std::get<snmp::Integer>(entry.value).value;
      const auto level = std::max<std::int64_t>(0, recorded - static_cast<std::int64_t>(used));
      return snmp::Integer{static_cast<std::int32_t>(level)};
    }
    case Variation::kUptime: {
      // A restarted device counts from 0 again, from when it came back.
      const auto restarted = restarted_.find(device);
      const bool back = restarted != restarted_.end() && restarted->second <= now;
      const auto since = back ? restarted->second : settings_.started;
      const auto centis =
          std::chrono::duration_cast<std::chrono::milliseconds>(now - since).count() / 10;
      const std::uint64_t base = back ? 0 : std::get<snmp::TimeTicks>(entry.value).value;
      return snmp::TimeTicks{static_cast<std::uint32_t>(base + static_cast<std::uint64_t>(centis))};
    }
  }
  return entry.value;
}

std::optional<snmp::Response> Fleet::answer(const snmp::Request& request, std::uint32_t device,
                                            std::chrono::steady_clock::time_point now) const {
  const bool writer =
      !settings_.write_community.empty() && request.community == settings_.write_community;
  if ((request.community != settings_.community && !writer) || isSilent(device)) {
    return std::nullopt;
  }
  if (const auto it = restarted_.find(device); it != restarted_.end() && now < it->second) {
    return std::nullopt;  // restarting
  }
  const Recording& recording = recordingOf(device);
  const std::vector<Entry> overlay = overlayOf(device, recording);
  const Entries entries = recording.entries;
  const bool v1 = request.version == snmp::Version::kV1;

  snmp::Response response;
  response.version = request.version;
  response.community = request.community;
  response.request_id = request.request_id;

  // v1 reports the first failing varbind for the whole PDU and echoes the request.
  const auto v1Error = [&](snmp::ErrorStatus status, std::size_t index) {
    response.error_status = status;
    response.error_index = static_cast<std::int32_t>(index + 1);
    response.varbinds.clear();
    for (const auto& varbind : request.varbinds) response.varbinds.push_back({varbind.oid});
    return response;
  };

  switch (request.type) {
    case snmp::PduType::kSet: {
      if (writer) return set(request, device, now, std::move(response));
      if (v1) return v1Error(snmp::ErrorStatus::kNoSuchName, 0);  // RFC 2576: notWritable
      response.error_status = snmp::ErrorStatus::kNotWritable;
      response.error_index = request.varbinds.empty() ? 0 : 1;
      response.varbinds = request.varbinds;
      break;
    }
    case snmp::PduType::kGet: {
      for (std::size_t i = 0; i < request.varbinds.size(); ++i) {
        const Oid& oid = request.varbinds[i].oid;
        const Entry* entry = findEntry(entries, overlay, oid, v1);
        if (entry == nullptr && v1) return v1Error(snmp::ErrorStatus::kNoSuchName, i);
        response.varbinds.push_back({oid, entry != nullptr ? valueOf(*entry, device, now)
                                                           : missingValue(entries, overlay, oid)});
      }
      break;
    }
    case snmp::PduType::kGetNext: {
      for (std::size_t i = 0; i < request.varbinds.size(); ++i) {
        const Entry* entry = nextEntry(entries, overlay, request.varbinds[i].oid, v1);
        if (entry == nullptr) {
          if (v1) return v1Error(snmp::ErrorStatus::kNoSuchName, i);
          response.varbinds.push_back({request.varbinds[i].oid, snmp::EndOfMibView{}});
        } else {
          response.varbinds.push_back({entry->oid, valueOf(*entry, device, now)});
        }
      }
      break;
    }
    case snmp::PduType::kGetBulk: {
      const std::size_t count = request.varbinds.size();
      const std::size_t non_repeaters =
          std::min(count, static_cast<std::size_t>(std::max(request.non_repeaters, 0)));
      const std::size_t repeaters = count - non_repeaters;
      std::size_t repetitions = static_cast<std::size_t>(std::max(request.max_repetitions, 0));
      if (repeaters > 0) {
        repetitions =
            std::min(repetitions,
                     (kMaxBulkVarBinds - std::min(non_repeaters, kMaxBulkVarBinds)) / repeaters);
      }
      std::vector<Oid> cursor;
      for (std::size_t i = 0; i < count; ++i) cursor.push_back(request.varbinds[i].oid);
      const auto step = [&](std::size_t i) {
        const Entry* entry = nextEntry(entries, overlay, cursor[i], false);
        if (entry == nullptr) {
          response.varbinds.push_back({cursor[i], snmp::EndOfMibView{}});
          return false;
        }
        cursor[i] = entry->oid;
        response.varbinds.push_back({entry->oid, valueOf(*entry, device, now)});
        return true;
      };
      for (std::size_t i = 0; i < non_repeaters; ++i) step(i);
      for (std::size_t r = 0; r < repetitions && repeaters > 0; ++r) {
        bool any = false;
        for (std::size_t i = non_repeaters; i < count; ++i) any = step(i) || any;
        if (!any) break;  // every column is past the end: further rows would repeat that
      }
      break;
    }
  }
  return response;
}

snmp::Response Fleet::set(const snmp::Request& request, std::uint32_t device,
                          std::chrono::steady_clock::time_point now,
                          snmp::Response response) const {
  const bool v1 = request.version == snmp::Version::kV1;
  response.varbinds = request.varbinds;
  // v2c error-status, with its RFC 2576 v1 form (noAccess, notWritable -> noSuchName;
  // wrongValue -> badValue).
  const auto refuse = [&](snmp::ErrorStatus status, std::size_t index) {
    const bool no_such_name =
        status == snmp::ErrorStatus::kNoAccess || status == snmp::ErrorStatus::kNotWritable;
    response.error_status = !v1            ? status
                            : no_such_name ? snmp::ErrorStatus::kNoSuchName
                                           : snmp::ErrorStatus::kBadValue;
    response.error_index = static_cast<std::int32_t>(index + 1);
    return response;
  };
  if (device >= settings_.writable_count) return refuse(snmp::ErrorStatus::kNoAccess, 0);
  bool restart = false;
  for (std::size_t i = 0; i < request.varbinds.size(); ++i) {
    const auto& varbind = request.varbinds[i];
    if (varbind.oid != kPrtGeneralReset) return refuse(snmp::ErrorStatus::kNotWritable, i);
    const auto* value = std::get_if<snmp::Integer>(&varbind.value);
    if (value == nullptr || value->value < 3 || value->value > 6) {
      return refuse(snmp::ErrorStatus::kWrongValue, i);
    }
    restart = restart || value->value != 3;  // notResetting(3) changes nothing
  }
  if (restart) restarted_[device] = now + settings_.restart_time;
  return response;
}

}  // namespace pw::tools::simulator
