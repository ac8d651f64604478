#pragma once
// Devices (printers and multifunction devices) as the Manager keeps them: what discovery
// reported about them (identity, address, when they were seen) and what administrators
// added (name, location, contact, a link to the device's own page). A device is identified
// by its MAC address and serial number, so that rediscovering it at a new address updates it
// instead of duplicating it; see matchDevice for the rule when one of the two is unknown.
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/core/clock.hpp"
#include "manager/core/region.hpp"

namespace pw::manager {

/// Managed devices are monitored; unmanaged ones are known but left alone; removed ones are
/// hidden from the device list and kept (so that discovery does not add them again) until
/// deleted permanently.
enum class DeviceState { kManaged, kUnmanaged, kRemoved };

const char* toString(DeviceState state);
std::optional<DeviceState> deviceStateFromString(std::string_view text);

/// How a device came into the registry. A later import or rediscovery does not change it.
enum class DeviceOrigin { kDiscovery, kImport };

const char* toString(DeviceOrigin origin);  ///< "discovery", "import"
std::optional<DeviceOrigin> deviceOriginFromString(std::string_view text);

/// What the device says about itself. Empty means unknown.
struct DeviceIdentity {
  std::string vendor;
  std::string model;
  std::string serial;
  std::string firmware;
  std::string mac;  ///< "aa:bb:cc:dd:ee:ff"
};

/// A failure to reach or read the device, as the last contact classified it.
struct ContactFailure {
  std::string kind;  ///< timeout, authentication, rejected, decode, misconfigured
  std::string message;
  Clock::TimePoint at;
};

/// How the Manager's Agent last reached the device.
struct DeviceCommunication {
  std::string snmp_version;                    ///< v1, v2c or v3; empty until first reached
  std::optional<std::int64_t> credential_id;   ///< the credential that answered
  int snmp_port = 161;                         ///< the UDP port it answered on
  std::optional<ContactFailure> last_failure;  ///< cleared by the next successful contact
};

struct Device {
  std::int64_t id = 0;
  std::optional<std::int64_t> agent_id;  ///< the Agent that reaches it; none once deleted
  DeviceState state = DeviceState::kManaged;
  /// The state to restore; set only while removed.
  std::optional<DeviceState> state_before_removal;
  DeviceIdentity identity;
  std::string name;
  std::string location;
  std::string contact;
  std::string ip_address;
  std::string hostname;
  Clock::TimePoint first_seen;
  Clock::TimePoint last_seen;
  std::string link_url;     ///< empty, or an http(s) URL
  std::string device_type;  ///< as an import file named it ("Printer", "MFP"); empty if unknown
  DeviceOrigin registered_by = DeviceOrigin::kDiscovery;
  DeviceCommunication communication;
  /// Derived from its address and host name by the regions' rules (RegionMembership); the
  /// store keeps it current whenever either side changes.
  std::optional<std::int64_t> region_id;
};

/// One device found by discovery.
struct DiscoveryReport {
  std::optional<std::int64_t> agent_id;
  DeviceIdentity identity;
  std::string ip_address;
  std::string hostname;
  /// sysName, sysLocation, sysContact: the initial name, location and contact of a new device
  /// (an existing device keeps what administrators set).
  std::string name;
  std::string location;
  std::string contact;
  DeviceState state_if_new = DeviceState::kManaged;  ///< kManaged or kUnmanaged
  std::string snmp_version;
  std::optional<std::int64_t> credential_id;
  int snmp_port = 161;  ///< the port the discovery asked on
};

/// "AA-BB-CC-DD-EE-FF", "aabb.ccdd.eeff", "aa:bb:cc:dd:ee:ff" and "aabbccddeeff" become
/// "aa:bb:cc:dd:ee:ff"; nullopt when the text is not a 48-bit MAC address.
std::optional<std::string> normalizeMac(std::string_view text);

/// Trims the identity and address fields, normalises the MAC address, and makes the device's
/// name, location and contact plain text of at most kMaxDeviceTextLength bytes. Returns an
/// error message (the MAC address is malformed), or empty when the report is usable.
std::string normalizeReport(DiscoveryReport& report);

/// Which stored device a discovery report is about, or nullopt for a new device.
///
/// The identity rule. A device is identified by MAC address + serial number. When the report
/// lacks one of them, the first step that finds a device wins:
///   1. MAC and serial both equal;
///   2. MAC equal, and the serial does not contradict (one side does not know it);
///   3. serial and model equal (model ignoring case), and the MAC does not contradict;
///   4. IP address equal, and neither MAC nor serial contradicts.
/// Two devices that both know a MAC (or a serial) and differ in it are never the same device:
/// a print server moved to another printer keeps its MAC but reports another serial, and a
/// DHCP address handed to another printer must not merge the two. Removed devices take part,
/// so that a removed device is recognised, not added again. Within a step the most recently
/// seen candidate wins (an address is more likely still held by it), then the lowest id.
/// `candidates` may hold any superset of the devices that could match.
std::optional<std::int64_t> matchDevice(std::span<const Device> candidates,
                                        const DiscoveryReport& report);

/// The conflict rule (the product's "Conflict" power state): the device answering at a
/// registered device's address is another device when the registered device has a MAC, the
/// answer lists MAC addresses, and none of them is the registered one. No registered MAC, or
/// an answer that exposes none: no judgement (false). MACs in normalizeMac form.
bool isAddressConflict(std::string_view registered_mac, std::span<const std::string> reported_macs);

/// What a registered device said about itself when polled (the monitor command's identity
/// part): identity.mac is the first of `macs`; name, location and contact are its sysName,
/// sysLocation and sysContact.
struct IdentityReading {
  std::int64_t device_id = 0;
  DeviceIdentity identity;
  std::vector<std::string> macs;
  std::string name;
  std::string location;
  std::string contact;
};

/// Trims and normalises like normalizeReport; MACs that are not MAC addresses are dropped.
void normalizeIdentityReading(IdentityReading& reading);

/// Whether an identity reading is about the registered device: matchDevice's rule for one
/// candidate — not when the address answers with other MACs (isAddressConflict), nor when both
/// know a serial and they differ (a print server moved to another printer).
bool identityMatches(const DeviceIdentity& registered, const IdentityReading& reading);

/// One row of a device import file (parsed and checked by manager/exchange), normalised: the
/// MAC address is present and normalised (normalizeMac); empty text means "not given".
struct ImportedDevice {
  int line = 0;                          ///< where the row is in the file, for errors
  std::optional<std::int64_t> agent_id;  ///< the Agent to reach it, when one was assigned
  std::string device_type;
  DeviceIdentity identity;  ///< vendor, model, serial, mac (an import has no firmware)
  std::string ip_address;
  std::string hostname;
  std::string name;
  std::string location;
  std::string contact;
  std::string link_url;
};

/// The report an imported row amounts to for the identity rule (matchDevice).
DiscoveryReport identityReport(const ImportedDevice& device);

/// A row the registry refused; the file's other rows are not applied either.
struct DeviceImportConflict {
  int line = 0;
  std::string column;  ///< the template column at fault ("PhysicalAddress")
  std::string message;
};

struct DeviceImportOutcome {
  int created = 0;
  int updated = 0;
  std::vector<DeviceImportConflict> conflicts;  ///< not empty: nothing was stored
};

/// The fields administrators edit; unset fields stay as they are.
struct DeviceEdit {
  std::optional<std::string> name;
  std::optional<std::string> location;
  std::optional<std::string> contact;
  std::optional<std::string> link_url;
};

inline constexpr std::size_t kMaxDeviceTextLength = 255;   ///< name, location, contact
inline constexpr std::size_t kMaxDeviceLinkLength = 2048;  ///< link_url

/// Name, location and contact: at most 255 characters, no control characters (they are shown
/// in lists and exported). link_url: empty, or an http:// or https:// URL with a host and no
/// spaces or control characters (it becomes a link in the console; other schemes such as
/// javascript: must never get there). Returns "<field> must ..." naming the API field, or
/// empty when valid.
std::string validateDeviceEdit(const DeviceEdit& edit);

/// The device fields the list can be sorted and filtered by, named as in the REST API.
enum class DeviceField {
  kId,
  kState,
  kAgent,
  kVendor,
  kModel,
  kSerial,
  kFirmware,
  kMac,
  kName,
  kLocation,
  kContact,
  kIpAddress,
  kHostname,
  kFirstSeen,
  kLastSeen,
  kLinkUrl,
  kRegion,      ///< filtered by region id (exact), sorted by region name
  kDeviceType,  ///< the category ("Printer", "MFP"): exact, case-insensitive; empty is "Printer"
  // Monitoring (device_status, device_supplies); "notPolled" names a device without a reading.
  kSeverity,      ///< filter: severity names; sort: by seriousness (notPolled, unknown, ok ... )
  kPower,         ///< filter: power state names; sort: on, sleep, unknown, no_response, conflict
  kLowestSupply,  ///< filter: a percentage N, "at most N %"; sort: by percent, none as 101
};

const char* toString(DeviceField field);  ///< "ipAddress"
std::optional<DeviceField> deviceFieldFromString(std::string_view text);
/// Text fields filter by case-insensitive substring; state, agent, severity and power by exact
/// value; lowestSupply by "at most N %"; the id and the times not at all.
bool isTextFilterField(DeviceField field);
bool isFilterField(DeviceField field);
/// Severity, power and lowest supply: read from the monitoring tables, not the registry.
bool isMonitoringField(DeviceField field);

/// The severities and power states a filter takes (besides kNotPolled), least serious first.
inline constexpr std::array<std::string_view, 5> kSeverityFilterValues = {
    "unknown", "ok", "warning", "error", "service_call"};
inline constexpr std::array<std::string_view, 5> kPowerFilterValues = {"on", "sleep", "unknown",
                                                                       "no_response", "conflict"};
/// The severity or power of a device that has never been polled.
inline constexpr std::string_view kNotPolled = "notPolled";

/// The device type of a device whose import named none (and of every discovered device).
inline constexpr std::string_view kDefaultDeviceType = "Printer";

/// The region filter's value for devices outside every region.
inline constexpr std::string_view kNoRegion = "none";

struct DeviceFilter {
  DeviceField field = DeviceField::kName;
  std::vector<std::string> values;  ///< any of them matches (OR)
};

inline constexpr int kMaxDevicePageSize = 200;
/// The most devices one batch action (edit, remove, refresh) takes, as a static group holds.
inline constexpr std::size_t kMaxBatchDevices = 5000;

/// One page of the device list. Filters on different fields must all match (AND); the values
/// of one field are alternatives (OR). Without a state filter, removed devices are left out;
/// ask for state "removed" to see them.
struct DeviceQuery {
  int page = 1;  ///< from 1
  int page_size = kMaxDevicePageSize;
  DeviceField sort = DeviceField::kId;
  bool descending = false;
  std::vector<DeviceFilter> filters;
  /// filter[group]: devices of any of these groups (OR), as manager/core/device_group.hpp
  /// defines a group's devices (never removed ones). An unknown group holds no device.
  std::vector<std::int64_t> groups;
  /// The caller's regions (RegionService::scopeFor): only their devices are listed.
  DeviceScope scope;
};

/// Checks a query's paging, and that filters are on filterable fields with valid values
/// (states by name, agents by positive id). Returns an error message, or empty when valid.
std::string validateDeviceQuery(const DeviceQuery& query);

/// How many devices matching a query have one severity and power (empty: not polled).
struct DeviceStatusCount {
  std::string severity;
  std::string power;
  std::int64_t count = 0;
};

struct DevicePage {
  std::vector<Device> items;
  std::int64_t total = 0;                        ///< devices matching the filters, on all pages
  std::vector<DeviceStatusCount> status_counts;  ///< of those devices; counts add up to total
};

}  // namespace pw::manager
