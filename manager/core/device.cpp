#include "manager/core/device.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <functional>
#include <utility>

namespace pw::manager {
namespace {

constexpr std::array<std::pair<DeviceField, const char*>, 21> kFieldNames{{
    {DeviceField::kId, "id"},
    {DeviceField::kState, "state"},
    {DeviceField::kAgent, "agentId"},
    {DeviceField::kVendor, "vendor"},
    {DeviceField::kModel, "model"},
    {DeviceField::kSerial, "serial"},
    {DeviceField::kFirmware, "firmware"},
    {DeviceField::kMac, "mac"},
    {DeviceField::kName, "name"},
    {DeviceField::kLocation, "location"},
    {DeviceField::kContact, "contact"},
    {DeviceField::kIpAddress, "ipAddress"},
    {DeviceField::kHostname, "hostname"},
    {DeviceField::kFirstSeen, "firstSeen"},
    {DeviceField::kLastSeen, "lastSeen"},
    {DeviceField::kLinkUrl, "linkUrl"},
    {DeviceField::kRegion, "region"},
    {DeviceField::kDeviceType, "deviceType"},
    {DeviceField::kSeverity, "severity"},
    {DeviceField::kPower, "power"},
    {DeviceField::kLowestSupply, "lowestSupply"},
}};

int hexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void trim(std::string& s) {
  const auto blank = [](unsigned char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  };
  while (!s.empty() && blank(static_cast<unsigned char>(s.back()))) s.pop_back();
  const auto first = std::find_if_not(s.begin(), s.end(),
                                      [&](char c) { return blank(static_cast<unsigned char>(c)); });
  s.erase(s.begin(), first);
}

bool equalIgnoringCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// Both sides know the value and disagree.
bool contradicts(const std::string& a, const std::string& b) {
  return !a.empty() && !b.empty() && a != b;
}

bool hasControlCharacter(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](unsigned char c) { return c < 0x20 || c == 0x7f; });
}

// Characters, not bytes: UTF-8 continuation bytes do not start a character.
std::size_t characterCount(std::string_view s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](unsigned char c) { return (c & 0xc0) != 0x80; }));
}

std::string checkText(const std::optional<std::string>& value, const char* field) {
  if (!value) return {};
  if (characterCount(*value) > kMaxDeviceTextLength) {
    return std::string(field) + " must be at most 255 characters";
  }
  if (hasControlCharacter(*value)) {
    return std::string(field) + " must not contain control characters";
  }
  return {};
}

std::string checkLink(const std::optional<std::string>& value) {
  if (!value || value->empty()) return {};
  const std::string_view url = *value;
  const std::string_view error = "linkUrl must be an http:// or https:// URL";
  if (url.size() > kMaxDeviceLinkLength) return "linkUrl must be at most 2048 characters";
  std::size_t host_start = 0;
  if (url.size() > 7 && equalIgnoringCase(url.substr(0, 7), "http://")) {
    host_start = 7;
  } else if (url.size() > 8 && equalIgnoringCase(url.substr(0, 8), "https://")) {
    host_start = 8;
  } else {
    return std::string(error);
  }
  if (hasControlCharacter(url) || url.find(' ') != std::string_view::npos) {
    return "linkUrl must not contain spaces or control characters";
  }
  const char first_host_char = url[host_start];
  if (first_host_char == '/' || first_host_char == '?' || first_host_char == '#') {
    return std::string(error) + " with a host";
  }
  return {};
}

}  // namespace

const char* toString(DeviceState state) {
  switch (state) {
    case DeviceState::kManaged: return "managed";
    case DeviceState::kUnmanaged: return "unmanaged";
    case DeviceState::kRemoved: return "removed";
  }
  return "managed";
}

std::optional<DeviceState> deviceStateFromString(std::string_view text) {
  for (const auto state : {DeviceState::kManaged, DeviceState::kUnmanaged, DeviceState::kRemoved}) {
    if (text == toString(state)) return state;
  }
  return std::nullopt;
}

const char* toString(DeviceOrigin origin) {
  return origin == DeviceOrigin::kImport ? "import" : "discovery";
}

std::optional<DeviceOrigin> deviceOriginFromString(std::string_view text) {
  for (const auto origin : {DeviceOrigin::kDiscovery, DeviceOrigin::kImport}) {
    if (text == toString(origin)) return origin;
  }
  return std::nullopt;
}

std::optional<std::string> normalizeMac(std::string_view text) {
  std::string digits;
  for (const char c : text) {
    if (hexDigit(c) >= 0) {
      digits.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    } else if (c != ':' && c != '-' && c != '.') {
      return std::nullopt;
    }
  }
  if (digits.size() != 12) return std::nullopt;
  // Separators must be consistent with one of the usual spellings, or absent.
  const bool plain = digits.size() == text.size();
  const bool pairs = text.size() == 17 && (text[2] == ':' || text[2] == '-') && [&] {
    for (std::size_t i = 2; i < 17; i += 3) {
      if (text[i] != text[2]) return false;
    }
    return true;
  }();
  const bool dotted = text.size() == 14 && text[4] == '.' && text[9] == '.';
  if (!plain && !pairs && !dotted) return std::nullopt;
  std::string mac;
  for (std::size_t i = 0; i < 12; i += 2) {
    if (!mac.empty()) mac.push_back(':');
    mac.append(digits, i, 2);
  }
  return mac;
}

std::string normalizeReport(DiscoveryReport& report) {
  for (auto* field :
       {&report.identity.vendor, &report.identity.model, &report.identity.serial,
        &report.identity.firmware, &report.identity.mac, &report.ip_address, &report.hostname}) {
    trim(*field);
  }
  // What the device calls itself becomes editable text shown in lists and exports: no
  // control characters (a device may send any bytes), and the edit limit.
  for (auto* field : {&report.name, &report.location, &report.contact}) {
    std::erase_if(*field, [](unsigned char c) { return c < 0x20 || c == 0x7f; });
    trim(*field);
    if (field->size() > kMaxDeviceTextLength) {
      std::size_t end = kMaxDeviceTextLength;
      while (end > 0 && (static_cast<unsigned char>((*field)[end]) & 0xc0) == 0x80) --end;
      field->resize(end);
    }
  }
  if (report.state_if_new == DeviceState::kRemoved) report.state_if_new = DeviceState::kManaged;
  if (!report.identity.mac.empty()) {
    const auto mac = normalizeMac(report.identity.mac);
    if (!mac) return "mac \"" + report.identity.mac + "\" is not a MAC address";
    report.identity.mac = *mac;
  }
  return {};
}

bool isAddressConflict(std::string_view registered_mac,
                       std::span<const std::string> reported_macs) {
  return !registered_mac.empty() && !reported_macs.empty() &&
         std::find(reported_macs.begin(), reported_macs.end(), registered_mac) ==
             reported_macs.end();
}

void normalizeIdentityReading(IdentityReading& reading) {
  // The same cleaning as a discovery report (the fields end up in the same columns).
  DiscoveryReport report;
  report.identity = std::move(reading.identity);
  report.name = std::move(reading.name);
  report.location = std::move(reading.location);
  report.contact = std::move(reading.contact);
  const auto mac_error = normalizeReport(report);
  if (!mac_error.empty()) report.identity.mac.clear();
  reading.identity = std::move(report.identity);
  reading.name = std::move(report.name);
  reading.location = std::move(report.location);
  reading.contact = std::move(report.contact);
  std::vector<std::string> macs;
  for (const auto& text : reading.macs) {
    const auto mac = normalizeMac(text);
    if (mac && std::find(macs.begin(), macs.end(), *mac) == macs.end()) macs.push_back(*mac);
  }
  if (macs.empty() && !reading.identity.mac.empty()) macs.push_back(reading.identity.mac);
  reading.macs = std::move(macs);
}

bool identityMatches(const DeviceIdentity& registered, const IdentityReading& reading) {
  if (isAddressConflict(registered.mac, reading.macs)) return false;
  return registered.serial.empty() || reading.identity.serial.empty() ||
         registered.serial == reading.identity.serial;
}

std::optional<std::int64_t> matchDevice(std::span<const Device> candidates,
                                        const DiscoveryReport& report) {
  const auto& r = report.identity;
  const auto best = [&](const std::function<bool(const Device&)>& matches) {
    const Device* found = nullptr;
    for (const auto& d : candidates) {
      if (!matches(d)) continue;
      if (found == nullptr || d.last_seen > found->last_seen ||
          (d.last_seen == found->last_seen && d.id < found->id)) {
        found = &d;
      }
    }
    return found == nullptr ? std::nullopt : std::optional<std::int64_t>(found->id);
  };

  if (!r.mac.empty() && !r.serial.empty()) {
    if (auto id = best([&](const Device& d) {
          return d.identity.mac == r.mac && d.identity.serial == r.serial;
        })) {
      return id;
    }
  }
  if (!r.mac.empty()) {
    if (auto id = best([&](const Device& d) {
          return d.identity.mac == r.mac && !contradicts(d.identity.serial, r.serial);
        })) {
      return id;
    }
  }
  if (!r.serial.empty() && !r.model.empty()) {
    if (auto id = best([&](const Device& d) {
          return d.identity.serial == r.serial && equalIgnoringCase(d.identity.model, r.model) &&
                 !contradicts(d.identity.mac, r.mac);
        })) {
      return id;
    }
  }
  if (!report.ip_address.empty()) {
    return best([&](const Device& d) {
      return d.ip_address == report.ip_address && !contradicts(d.identity.mac, r.mac) &&
             !contradicts(d.identity.serial, r.serial);
    });
  }
  return std::nullopt;
}

DiscoveryReport identityReport(const ImportedDevice& device) {
  DiscoveryReport report;
  report.agent_id = device.agent_id;
  report.identity = device.identity;
  report.ip_address = device.ip_address;
  report.hostname = device.hostname;
  return report;
}

std::string validateDeviceEdit(const DeviceEdit& edit) {
  for (const auto& error : {checkText(edit.name, "name"), checkText(edit.location, "location"),
                            checkText(edit.contact, "contact"), checkLink(edit.link_url)}) {
    if (!error.empty()) return error;
  }
  return {};
}

const char* toString(DeviceField field) {
  for (const auto& [f, name] : kFieldNames) {
    if (f == field) return name;
  }
  return "id";
}

std::optional<DeviceField> deviceFieldFromString(std::string_view text) {
  for (const auto& [field, name] : kFieldNames) {
    if (text == name) return field;
  }
  return std::nullopt;
}

bool isTextFilterField(DeviceField field) {
  switch (field) {
    case DeviceField::kId:
    case DeviceField::kState:
    case DeviceField::kAgent:
    case DeviceField::kRegion:
    case DeviceField::kDeviceType:
    case DeviceField::kFirstSeen:
    case DeviceField::kLastSeen:
    case DeviceField::kSeverity:
    case DeviceField::kPower:
    case DeviceField::kLowestSupply: return false;
    default: return true;
  }
}

bool isFilterField(DeviceField field) {
  return isTextFilterField(field) || field == DeviceField::kState || field == DeviceField::kAgent ||
         field == DeviceField::kRegion || field == DeviceField::kDeviceType ||
         isMonitoringField(field);
}

bool isMonitoringField(DeviceField field) {
  return field == DeviceField::kSeverity || field == DeviceField::kPower ||
         field == DeviceField::kLowestSupply;
}

namespace {

std::string oneOf(std::string_view field, std::span<const std::string_view> values,
                  std::string_view value) {
  if (value == kNotPolled || std::find(values.begin(), values.end(), value) != values.end()) {
    return {};
  }
  std::string names;
  for (const auto v : values) names.append(v).append(", ");
  return "filter " + std::string(field) + " must be one of " + names + std::string(kNotPolled) +
         ", not \"" + std::string(value) + "\"";
}

std::string checkMonitoringFilterValue(DeviceField field, std::string_view value) {
  switch (field) {
    case DeviceField::kSeverity: return oneOf("severity", kSeverityFilterValues, value);
    case DeviceField::kPower: return oneOf("power", kPowerFilterValues, value);
    case DeviceField::kLowestSupply: {
      int percent = -1;
      const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), percent);
      if (ec != std::errc() || end != value.data() + value.size() || percent < 0 || percent > 100) {
        return "filter lowestSupply must be a percentage from 0 to 100, not \"" +
               std::string(value) + "\"";
      }
      return {};
    }
    default: return {};
  }
}

}  // namespace

std::string validateDeviceQuery(const DeviceQuery& query) {
  if (query.page < 1) return "page must be at least 1";
  if (query.page_size < 1 || query.page_size > kMaxDevicePageSize) {
    return "pageSize must be between 1 and " + std::to_string(kMaxDevicePageSize);
  }
  constexpr std::size_t kMaxValues = 50;
  for (const auto& filter : query.filters) {
    const std::string name = toString(filter.field);
    if (!isFilterField(filter.field)) return "the list cannot be filtered by " + name;
    if (filter.values.empty()) return "filter " + name + " needs at least one value";
    if (filter.values.size() > kMaxValues) {
      return "filter " + name + " takes at most " + std::to_string(kMaxValues) + " values";
    }
    for (const auto& value : filter.values) {
      if (value.size() > kMaxDeviceLinkLength) {
        return "filter " + name + " values must be at most 2048 characters";
      }
      if (filter.field == DeviceField::kState && !deviceStateFromString(value)) {
        return "filter state must be managed, unmanaged or removed, not \"" + value + "\"";
      }
      if (auto error = checkMonitoringFilterValue(filter.field, value); !error.empty()) {
        return error;
      }
      if (filter.field == DeviceField::kAgent) {
        std::int64_t id = 0;
        const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), id);
        if (ec != std::errc() || end != value.data() + value.size() || id <= 0) {
          return "filter agentId must be a positive integer, not \"" + value + "\"";
        }
      }
      if (filter.field == DeviceField::kRegion && value != kNoRegion) {
        std::int64_t id = 0;
        const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), id);
        if (ec != std::errc() || end != value.data() + value.size() || id <= 0) {
          return "filter region must be a region id or none, not \"" + value + "\"";
        }
      }
    }
  }
  if (query.groups.size() > kMaxValues) return "filter group takes at most 50 values";
  for (const auto id : query.groups) {
    if (id <= 0) return "filter group must be a positive integer";
  }
  return {};
}

}  // namespace pw::manager
