#pragma once
// Time zones and local wall-clock time, from the IANA database the operating system keeps
// (/usr/share/zoneinfo), through Howard Hinnant's date library — the only place it is included.
// Used wherever a rule is stated in local time: communication windows, schedules, daily totals.
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/core/clock.hpp"

namespace pw::time {

/// A calendar date and wall-clock time in some zone.
struct LocalTime {
  int year = 1970;
  int month = 1;    ///< 1..12
  int day = 1;      ///< 1..31
  int weekday = 4;  ///< 0 = Sunday .. 6 = Saturday
  int hour = 0;
  int minute = 0;
  int second = 0;
  [[nodiscard]] int minuteOfDay() const { return hour * 60 + minute; }
};

class TimeZone {
 public:
  /// An IANA zone such as "Europe/Berlin"; nullopt when the database does not know it.
  static std::optional<TimeZone> named(std::string_view name);
  static TimeZone utc();
  /// The machine's own zone (TZ, /etc/localtime); UTC when it cannot be determined.
  static TimeZone system();

  [[nodiscard]] std::string name() const;
  [[nodiscard]] LocalTime toLocal(Clock::TimePoint instant) const;
  /// The instant of a local wall-clock time. In a DST gap (a local time that does not exist)
  /// the time is moved forward by the gap; in a DST overlap (it exists twice) the earlier
  /// instant is taken.
  [[nodiscard]] Clock::TimePoint fromLocal(int year, int month, int day, int hour, int minute,
                                           int second = 0) const;
  /// The first instant whose local time is at or after the given one: as fromLocal, except in
  /// a DST gap, where it is the end of the gap (the transition itself). Schedules use it: a
  /// run set inside the gap happens when the gap ends.
  [[nodiscard]] Clock::TimePoint firstInstantAtOrAfter(int year, int month, int day, int hour,
                                                       int minute, int second = 0) const;

 private:
  struct Impl;
  explicit TimeZone(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<const Impl> impl_;
};

}  // namespace pw::time
