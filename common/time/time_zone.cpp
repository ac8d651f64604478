#include "common/time/time_zone.hpp"

#include <date/tz.h>

#include <stdexcept>

namespace pw::time {

struct TimeZone::Impl {
  const date::time_zone* zone = nullptr;
};

std::optional<TimeZone> TimeZone::named(std::string_view name) {
  try {
    return TimeZone(std::make_shared<const Impl>(Impl{date::locate_zone(name)}));
  } catch (const std::runtime_error&) {
    return std::nullopt;
  }
}

TimeZone TimeZone::utc() {
  return *named("Etc/UTC");
}

TimeZone TimeZone::system() {
  try {
    return TimeZone(std::make_shared<const Impl>(Impl{date::current_zone()}));
  } catch (const std::runtime_error&) {
    return utc();
  }
}

std::string TimeZone::name() const {
  return std::string(impl_->zone->name());
}

LocalTime TimeZone::toLocal(Clock::TimePoint instant) const {
  const auto local = impl_->zone->to_local(std::chrono::floor<std::chrono::seconds>(instant));
  const auto day = date::floor<date::days>(local);
  const date::year_month_day ymd(day);
  const date::hh_mm_ss time(local - day);
  return {static_cast<int>(ymd.year()),
          static_cast<int>(static_cast<unsigned>(ymd.month())),
          static_cast<int>(static_cast<unsigned>(ymd.day())),
          static_cast<int>(date::weekday(day).c_encoding()),
          static_cast<int>(time.hours().count()),
          static_cast<int>(time.minutes().count()),
          static_cast<int>(time.seconds().count())};
}

Clock::TimePoint TimeZone::fromLocal(int year, int month, int day, int hour, int minute,
                                     int second) const {
  const date::local_seconds local = date::local_days(date::year(year) / month / day) +
                                    std::chrono::hours(hour) + std::chrono::minutes(minute) +
                                    std::chrono::seconds(second);
  const auto info = impl_->zone->get_info(local);
  switch (info.result) {
    case date::local_info::unique:
      return Clock::TimePoint(local.time_since_epoch() - info.first.offset);
    case date::local_info::ambiguous:  // the earlier instant: the first offset still applies
      return Clock::TimePoint(local.time_since_epoch() - info.first.offset);
    case date::local_info::nonexistent:  // moved forward by the gap: read with the old offset
      return Clock::TimePoint(local.time_since_epoch() - info.first.offset);
  }
  return Clock::TimePoint(local.time_since_epoch());
}

Clock::TimePoint TimeZone::firstInstantAtOrAfter(int year, int month, int day, int hour, int minute,
                                                 int second) const {
  const date::local_seconds local = date::local_days(date::year(year) / month / day) +
                                    std::chrono::hours(hour) + std::chrono::minutes(minute) +
                                    std::chrono::seconds(second);
  const auto info = impl_->zone->get_info(local);
  if (info.result == date::local_info::nonexistent) {
    return Clock::TimePoint(info.second.begin.time_since_epoch());
  }
  return fromLocal(year, month, day, hour, minute, second);
}

}  // namespace pw::time
