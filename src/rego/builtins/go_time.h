#pragma once

// Go's time layouts ("2006-01-02T15:04:05Z07:00") and durations ("1h30m"), for the time.*
// builtins. Errors are BuiltinErrors carrying Go's message text.

#include <cstdint>
#include <string>
#include <string_view>

#include "rego/builtins/time_zone.h"

namespace mg::rego::builtins {

// time.Time.Format.
std::string format_go_time(const CivilTime& time, std::string_view layout);

// time.Parse (zone defaults to UTC). Returns the instant.
struct ParsedInstant {
  __int128 unix_seconds = 0;
  int64_t nanosecond = 0;
};
ParsedInstant parse_go_time(std::string_view layout, std::string_view value);

// time.ParseDuration, in nanoseconds.
int64_t parse_go_duration(std::string_view text);

// Go's named layouts (RFC3339, ANSIC, ...) that OPA accepts by name; others pass through.
std::string_view resolve_layout_name(std::string_view layout);

}  // namespace mg::rego::builtins
