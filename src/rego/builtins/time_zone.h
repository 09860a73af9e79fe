#pragma once

// Time zones and civil time for the time.* builtins, as Go's time package computes them:
// IANA zones read from the system tz database (TZif files under /usr/share/zoneinfo, with
// the POSIX TZ rule in their footer for times after the last transition).

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace mg::rego::builtins {

// The zone in effect at one instant, and the interval [start, end) it holds for.
struct ZoneOffset {
  int offset = 0;  // seconds east of UTC
  std::string abbreviation;
  int64_t start = INT64_MIN;
  int64_t end = INT64_MAX;
};

class TimeZone {
 public:
  // "", "UTC" → UTC; "Local" → /etc/localtime (or TZ); anything else an IANA name.
  // Throws BuiltinError "unknown time zone NAME" when it cannot be loaded. Cached.
  static std::shared_ptr<const TimeZone> load(std::string_view name);
  static std::shared_ptr<const TimeZone> utc();
  static std::shared_ptr<const TimeZone> fixed(std::string name, int offset);

  ZoneOffset lookup(int64_t unix_seconds) const;
  const std::string& name() const { return name_; }

  struct Rule;  // a POSIX TZ rule (for the footer); defined in time_zone.cpp
  struct Type {
    int offset = 0;
    bool dst = false;
    std::string abbreviation;
  };
  TimeZone(std::string name, std::vector<Type> types, std::vector<int64_t> transitions,
           std::vector<uint8_t> transition_types, std::string footer);
  ~TimeZone();

 private:
  std::string name_;
  std::vector<Type> types_;
  std::vector<int64_t> transitions_;
  std::vector<uint8_t> transition_types_;
  std::string footer_;
  std::unique_ptr<Rule> rule_;
};

// Civil (wall clock) time in a zone.
struct CivilTime {
  int64_t year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
  int hour = 0, minute = 0, second = 0;
  int64_t nanosecond = 0;
  int weekday = 4;   // 0 = Sunday
  int year_day = 1;  // 1..366
  ZoneOffset zone;
};

int64_t days_from_civil(int64_t year, int64_t month, int64_t day);
bool is_leap_year(int64_t year);
int days_in_month(int64_t year, int month);

// The civil time of an instant (seconds and nanoseconds since the Unix epoch) in `zone`.
CivilTime civil_time(int64_t unix_seconds, int64_t nanosecond, const TimeZone& zone);

// The instant of a civil time as Go's time.Date computes it: out-of-range fields
// normalise (month 13 is next January), and ambiguous local times pick Go's offset.
// Returns seconds; `nanosecond` is normalised into [0, 1e9) alongside.
__int128 unix_from_civil(int64_t year, int64_t month, int64_t day, int64_t hour, int64_t minute,
                         int64_t second, int64_t& nanosecond, const TimeZone& zone);

}  // namespace mg::rego::builtins
