#pragma once
// Dashboards: the shared one (edited by System Managers, seen by every console user) and one
// per user. A dashboard is an ordered list of panels; each panel has a type, a title, a width
// and options whose names, kinds and bounds depend on the type (panelOptionSpecs). The panel
// data types are what the storage aggregates for each panel type. Pure types and rules.
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "common/core/clock.hpp"

namespace pw::manager {

enum class PanelType {
  kStatusBreakdown,
  kDevicesWithErrors,
  kLowSupplies,
  kCounterTrends,
  kAgentHealth
};
/// "statusBreakdown", "devicesWithErrors", "lowSupplies", "counterTrends", "agentHealth".
std::string_view toString(PanelType type) noexcept;
std::optional<PanelType> panelTypeFromString(std::string_view text) noexcept;
inline constexpr std::array<PanelType, 5> kPanelTypes = {
    PanelType::kStatusBreakdown, PanelType::kDevicesWithErrors, PanelType::kLowSupplies,
    PanelType::kCounterTrends, PanelType::kAgentHealth};

/// A third, half or all of the dashboard's width.
enum class PanelSize { kSmall, kMedium, kLarge };
std::string_view toString(PanelSize size) noexcept;
std::optional<PanelSize> panelSizeFromString(std::string_view text) noexcept;

/// An option's value: a whole number or one of a fixed set of words.
using PanelOptionValue = std::variant<std::int64_t, std::string>;
using PanelOptions = std::map<std::string, PanelOptionValue, std::less<>>;

struct PanelOptionSpec {
  std::string_view name;
  /// Empty: a whole number in [min, max]; else one of these words.
  std::span<const std::string_view> choices;
  std::int64_t min = 0;
  std::int64_t max = 0;
  PanelOptionValue default_value;
};
/// The options a panel type takes.
std::span<const PanelOptionSpec> panelOptionSpecs(PanelType type);

struct Panel {
  PanelType type = PanelType::kStatusBreakdown;
  std::string title;  ///< empty: the console shows the type's own name
  PanelSize size = PanelSize::kMedium;
  PanelOptions options;  ///< only the ones set; defaults apply to the others
  bool operator==(const Panel&) const = default;
};

inline constexpr std::size_t kMaxPanels = 24;
inline constexpr std::size_t kMaxPanelTitleLength = 80;

struct Dashboard {
  std::vector<Panel> panels;
  bool operator==(const Dashboard&) const = default;
};

/// Checks one option against its type's specs: "unknown option \"x\" for panel type ...",
/// "limit must be between 1 and 50", ... Empty when valid. `where` prefixes the message.
std::string validatePanelOptions(PanelType type, const PanelOptions& options,
                                 const std::string& where);
/// Checks titles, the panel count and the options; the message names the panel and field.
std::string validateDashboard(const Dashboard& dashboard);
/// The panel's options with the defaults filled in (the options must be valid).
PanelOptions effectiveOptions(PanelType type, const PanelOptions& options);
std::int64_t integerOption(const PanelOptions& options, std::string_view name);
std::string wordOption(const PanelOptions& options, std::string_view name);

/// What a dashboard nobody saved yet shows: status breakdown, devices with errors, low
/// supplies, the page trend and the Agents.
Dashboard defaultDashboard();

/// Status breakdown categories, worst first: the severity decides, except that a device that
/// did not answer is "no_response" and an idle sleeping one "sleep".
inline constexpr std::array<std::string_view, 7> kStatusCategories = {
    "service_call", "error", "warning", "no_response", "sleep", "ok", "unknown"};

struct DeviceInError {
  std::int64_t id = 0;
  std::string name;
  std::string ip_address;
  std::string model;
  std::string location;
  std::string severity;
  std::string power;
  std::vector<std::string> conditions;
  Clock::TimePoint since;
};

struct LowSupply {
  std::int64_t device_id = 0;
  std::string name;
  std::string ip_address;
  std::string model;
  std::string supply_index;
  std::string supply;  ///< the supply's description
  std::string colorant;
  std::int64_t percent = 0;
  std::optional<double> days_to_empty;
};

/// Pages the fleet used on one day (sum of every device's total counter usage).
struct DailyPages {
  std::int64_t day = 0;
  std::int64_t pages = 0;
  std::int64_t devices = 0;  ///< devices that contributed
};

/// The fleet's pages per day from each device's daily total counter, with the counter rules of
/// dailyUsage (counterStep: never negative; a reading without a total restarts the chain). Feed
/// each device's readings oldest first, one device after the other.
class FleetPages {
 public:
  /// Days before `from_day` only serve as the baseline of the next reading.
  explicit FleetPages(std::int64_t from_day) : from_day_(from_day) {}
  void add(std::int64_t device_id, std::int64_t day, std::optional<std::int64_t> total);
  /// Days with usage, oldest first.
  [[nodiscard]] std::vector<DailyPages> days() const;

 private:
  std::int64_t from_day_;
  std::optional<std::int64_t> device_;
  std::optional<std::int64_t> last_day_;
  std::optional<std::uint64_t> baseline_;
  std::map<std::int64_t, DailyPages> days_;
};

/// Pages per week (weeks start on Monday; `day` is the Monday) from pages per day.
std::vector<DailyPages> weeklyPages(const std::vector<DailyPages>& daily);

/// What the storage knows of an Agent's load: managed devices and its latest outbox depth.
struct AgentLoad {
  std::int64_t agent_id = 0;
  std::int64_t devices = 0;
  std::optional<std::int64_t> outbox_records;
  std::optional<Clock::TimePoint> sampled_at;
};

}  // namespace pw::manager
