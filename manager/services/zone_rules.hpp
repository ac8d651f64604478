#pragma once
// The schedules' ZoneRules (core/task_schedule.hpp) over the IANA database (common/time).
#include "common/time/time_zone.hpp"
#include "manager/core/task_schedule.hpp"

namespace pw::manager {

class IanaZoneRules final : public ZoneRules {
 public:
  explicit IanaZoneRules(time::TimeZone zone) : zone_(std::move(zone)) {}

  [[nodiscard]] CivilDateTime toCivil(Clock::TimePoint instant) const override {
    const auto local = zone_.toLocal(instant);
    return {local.year, local.month, local.day, local.hour, local.minute};
  }
  [[nodiscard]] Clock::TimePoint firstInstantAtOrAfter(const CivilDateTime& local) const override {
    return zone_.firstInstantAtOrAfter(local.year, local.month, local.day, local.hour,
                                       local.minute);
  }
  [[nodiscard]] const time::TimeZone& zone() const { return zone_; }

 private:
  time::TimeZone zone_;
};

}  // namespace pw::manager
