#include "manager/core/dashboard.hpp"

#include <algorithm>

#include "manager/core/counter_usage.hpp"

namespace pw::manager {
namespace {

constexpr std::array<std::string_view, 5> kTypeNames = {
    "statusBreakdown", "devicesWithErrors", "lowSupplies", "counterTrends", "agentHealth"};
constexpr std::array<std::string_view, 3> kSizeNames = {"small", "medium", "large"};

constexpr std::array<std::string_view, 2> kPieCharts = {"donut", "pie"};
constexpr std::array<std::string_view, 2> kLineCharts = {"area", "line"};
constexpr std::array<std::string_view, 3> kSeverities = {"warning", "error", "service_call"};
constexpr std::array<std::string_view, 2> kIntervals = {"day", "week"};

const std::array<PanelOptionSpec, 1> kStatusOptions = {
    PanelOptionSpec{"chart", kPieCharts, 0, 0, std::string("donut")}};
const std::array<PanelOptionSpec, 2> kErrorOptions = {
    PanelOptionSpec{"limit", {}, 1, 50, std::int64_t{10}},
    PanelOptionSpec{"minSeverity", kSeverities, 0, 0, std::string("error")}};
const std::array<PanelOptionSpec, 2> kSupplyOptions = {
    PanelOptionSpec{"thresholdPercent", {}, 0, 100, std::int64_t{10}},
    PanelOptionSpec{"limit", {}, 1, 50, std::int64_t{10}}};
const std::array<PanelOptionSpec, 3> kTrendOptions = {
    PanelOptionSpec{"days", {}, 7, 365, std::int64_t{30}},
    PanelOptionSpec{"interval", kIntervals, 0, 0, std::string("day")},
    PanelOptionSpec{"chart", kLineCharts, 0, 0, std::string("area")}};

const PanelOptionSpec* findSpec(PanelType type, std::string_view name) {
  const auto specs = panelOptionSpecs(type);
  const auto it = std::find_if(specs.begin(), specs.end(),
                               [&](const PanelOptionSpec& s) { return s.name == name; });
  return it == specs.end() ? nullptr : &*it;
}

std::string joined(std::span<const std::string_view> words) {
  std::string out;
  for (const auto word : words) out.append(out.empty() ? "" : ", ").append(word);
  return out;
}

}  // namespace

std::string_view toString(PanelType type) noexcept {
  return kTypeNames[static_cast<std::size_t>(type)];
}

std::optional<PanelType> panelTypeFromString(std::string_view text) noexcept {
  const auto it = std::find(kTypeNames.begin(), kTypeNames.end(), text);
  if (it == kTypeNames.end()) return std::nullopt;
  return static_cast<PanelType>(it - kTypeNames.begin());
}

std::string_view toString(PanelSize size) noexcept {
  return kSizeNames[static_cast<std::size_t>(size)];
}

std::optional<PanelSize> panelSizeFromString(std::string_view text) noexcept {
  const auto it = std::find(kSizeNames.begin(), kSizeNames.end(), text);
  if (it == kSizeNames.end()) return std::nullopt;
  return static_cast<PanelSize>(it - kSizeNames.begin());
}

std::span<const PanelOptionSpec> panelOptionSpecs(PanelType type) {
  switch (type) {
    case PanelType::kStatusBreakdown: return kStatusOptions;
    case PanelType::kDevicesWithErrors: return kErrorOptions;
    case PanelType::kLowSupplies: return kSupplyOptions;
    case PanelType::kCounterTrends: return kTrendOptions;
    case PanelType::kAgentHealth: return {};
  }
  return {};
}

std::string validatePanelOptions(PanelType type, const PanelOptions& options,
                                 const std::string& where) {
  for (const auto& [name, value] : options) {
    const auto* spec = findSpec(type, name);
    if (spec == nullptr) {
      const auto specs = panelOptionSpecs(type);
      std::string known;
      for (const auto& s : specs) known.append(known.empty() ? "" : ", ").append(s.name);
      return where + "unknown option \"" + name + "\" for panel type " +
             std::string(toString(type)) +
             (known.empty() ? " (it takes none)" : " (it takes " + known + ")");
    }
    if (spec->choices.empty()) {
      const auto* number = std::get_if<std::int64_t>(&value);
      if (number == nullptr || *number < spec->min || *number > spec->max) {
        return where + name + " must be a whole number between " + std::to_string(spec->min) +
               " and " + std::to_string(spec->max);
      }
    } else {
      const auto* word = std::get_if<std::string>(&value);
      if (word == nullptr ||
          std::find(spec->choices.begin(), spec->choices.end(), *word) == spec->choices.end()) {
        return where + name + " must be one of " + joined(spec->choices);
      }
    }
  }
  return {};
}

std::string validateDashboard(const Dashboard& dashboard) {
  if (dashboard.panels.size() > kMaxPanels) {
    return "panels: at most " + std::to_string(kMaxPanels) + " panels";
  }
  for (std::size_t i = 0; i < dashboard.panels.size(); ++i) {
    const auto& panel = dashboard.panels[i];
    const auto where = "panels[" + std::to_string(i) + "].";
    if (panel.title.size() > kMaxPanelTitleLength) {
      return where + "title: at most " + std::to_string(kMaxPanelTitleLength) + " characters";
    }
    if (std::any_of(panel.title.begin(), panel.title.end(),
                    [](char c) { return static_cast<unsigned char>(c) < 0x20; })) {
      return where + "title: no control characters";
    }
    if (auto error = validatePanelOptions(panel.type, panel.options, where + "options.");
        !error.empty()) {
      return error;
    }
  }
  return {};
}

PanelOptions effectiveOptions(PanelType type, const PanelOptions& options) {
  PanelOptions out = options;
  for (const auto& spec : panelOptionSpecs(type)) {
    out.try_emplace(std::string(spec.name), spec.default_value);
  }
  return out;
}

std::int64_t integerOption(const PanelOptions& options, std::string_view name) {
  const auto it = options.find(name);
  return it == options.end() ? 0 : std::get<std::int64_t>(it->second);
}

std::string wordOption(const PanelOptions& options, std::string_view name) {
  const auto it = options.find(name);
  return it == options.end() ? std::string() : std::get<std::string>(it->second);
}

Dashboard defaultDashboard() {
  return {{
      {PanelType::kStatusBreakdown, "", PanelSize::kSmall, {}},
      {PanelType::kDevicesWithErrors, "", PanelSize::kMedium, {}},
      {PanelType::kLowSupplies, "", PanelSize::kSmall, {}},
      {PanelType::kCounterTrends, "", PanelSize::kMedium, {}},
      {PanelType::kAgentHealth, "", PanelSize::kSmall, {}},
  }};
}

void FleetPages::add(std::int64_t device_id, std::int64_t day, std::optional<std::int64_t> total) {
  if (device_ != device_id || !last_day_ || *last_day_ >= day) baseline_.reset();
  device_ = device_id;
  last_day_ = day;
  if (!total || *total < 0) {
    baseline_.reset();
    return;
  }
  const auto current = static_cast<std::uint64_t>(*total);
  if (!baseline_) {
    baseline_ = current;
    return;
  }
  const auto step = counterStep(*baseline_, current);
  baseline_ = step.baseline;
  if (day < from_day_) return;
  auto& entry = days_.try_emplace(day, DailyPages{day, 0, 0}).first->second;
  entry.pages += static_cast<std::int64_t>(step.used);
  ++entry.devices;
}

std::vector<DailyPages> FleetPages::days() const {
  std::vector<DailyPages> out;
  out.reserve(days_.size());
  for (const auto& [day, pages] : days_) out.push_back(pages);
  return out;
}

std::vector<DailyPages> weeklyPages(const std::vector<DailyPages>& daily) {
  std::vector<DailyPages> weeks;
  for (const auto& day : daily) {
    // Day 0 (1970-01-01) was a Thursday: Mondays are the days with (day - 4) % 7 == 0.
    const auto offset = ((day.day - 4) % 7 + 7) % 7;
    const auto monday = day.day - offset;
    if (weeks.empty() || weeks.back().day != monday) weeks.push_back({monday, 0, 0});
    weeks.back().pages += day.pages;
    weeks.back().devices = std::max(weeks.back().devices, day.devices);
  }
  return weeks;
}

}  // namespace pw::manager
