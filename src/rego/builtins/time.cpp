#include <cmath>
#include <memory>
#include <optional>
#include <string>

#include "rego/builtins/decl.h"
#include "rego/builtins/families.h"
#include "rego/builtins/go_time.h"
#include "rego/builtins/operands.h"
#include "rego/builtins/time_zone.h"

namespace mg::rego::builtins {

namespace {

constexpr int64_t kNanosPerSecond = 1000000000;

// A time operand: ns, or [ns, tz], or (for time.format) [ns, tz, layout].
struct ZonedTime {
  int64_t seconds = 0;
  int64_t nanosecond = 0;
  std::shared_ptr<const TimeZone> zone;
  std::string layout;

  CivilTime civil() const { return civil_time(seconds, nanosecond, *zone); }
};

[[noreturn]] void bad_time_operand(const Value& got) {
  throw_operand(1, "must be either number (ns) or [number (ns), string (tz)] but got " +
                       std::string(kind_name(got.kind())));
}

ZonedTime zoned_time(const Value& operand) {
  const Value* ns = &operand;
  ZonedTime t;
  t.zone = TimeZone::utc();
  if (operand.is_array()) {
    auto items = operand.as_array();
    if (items.empty()) bad_time_operand(operand);
    ns = &items[0];
    if (!ns->is_number()) throw_operand_types(1, {"number"}, *ns);
    if (items.size() > 1) {
      if (!items[1].is_string()) throw_operand_types(1, {"string"}, items[1]);
      t.zone = TimeZone::load(items[1].as_string());
    }
    if (items.size() > 2) {
      if (!items[2].is_string()) throw_operand_types(1, {"string"}, items[2]);
      t.layout = items[2].as_string();
    }
  } else if (!operand.is_number()) {
    bad_time_operand(operand);
  }
  auto exact = exact_integer(*ns);
  if (!exact) fail("timestamp too big");
  t.seconds = *exact / kNanosPerSecond;
  t.nanosecond = *exact % kNanosPerSecond;
  if (t.nanosecond < 0) {
    t.nanosecond += kNanosPerSecond;
    t.seconds -= 1;
  }
  return t;
}

// An instant as Unix nanoseconds, or Go's "time outside of valid range".
Value unix_nanos(__int128 seconds, int64_t nanosecond) {
  __int128 ns = seconds * kNanosPerSecond + nanosecond;
  if (ns > INT64_MAX || ns < INT64_MIN) fail("time outside of valid range");
  return Value::integer(static_cast<int64_t>(ns));
}

std::optional<Value> now_ns(BuiltinContext& ctx, std::span<const Value>) {
  return Value::integer(ctx.now_ns);
}

std::optional<Value> parse_ns(BuiltinContext&, std::span<const Value> args) {
  std::string_view layout = string_operand(args, 1);
  std::string_view value = string_operand(args, 2);
  auto parsed = parse_go_time(resolve_layout_name(layout), value);
  return unix_nanos(parsed.unix_seconds, parsed.nanosecond);
}

std::optional<Value> parse_rfc3339_ns(BuiltinContext&, std::span<const Value> args) {
  auto parsed = parse_go_time(resolve_layout_name("RFC3339"), string_operand(args, 1));
  return unix_nanos(parsed.unix_seconds, parsed.nanosecond);
}

std::optional<Value> parse_duration_ns(BuiltinContext&, std::span<const Value> args) {
  return Value::integer(parse_go_duration(string_operand(args, 1)));
}

std::optional<Value> format(BuiltinContext&, std::span<const Value> args) {
  ZonedTime t = zoned_time(operand(args, 1));
  std::string_view layout =
      t.layout.empty() ? resolve_layout_name("RFC3339Nano") : resolve_layout_name(t.layout);
  return Value::string(format_go_time(t.civil(), layout));
}

std::optional<Value> date(BuiltinContext&, std::span<const Value> args) {
  CivilTime c = zoned_time(operand(args, 1)).civil();
  return Value::array({Value::integer(c.year), Value::integer(c.month), Value::integer(c.day)});
}

std::optional<Value> clock(BuiltinContext&, std::span<const Value> args) {
  CivilTime c = zoned_time(operand(args, 1)).civil();
  return Value::array({Value::integer(c.hour), Value::integer(c.minute), Value::integer(c.second)});
}

std::optional<Value> weekday(BuiltinContext&, std::span<const Value> args) {
  static constexpr const char* names[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                          "Thursday", "Friday", "Saturday"};
  CivilTime c = zoned_time(operand(args, 1)).civil();
  return Value::string(names[c.weekday]);
}

std::optional<Value> add_date(BuiltinContext&, std::span<const Value> args) {
  ZonedTime t = zoned_time(operand(args, 1));
  int64_t years = integer_operand(args, 2);
  int64_t months = integer_operand(args, 3);
  int64_t days = integer_operand(args, 4);
  CivilTime c = t.civil();
  constexpr int64_t kLimit = int64_t(1) << 40;  // far beyond the int64 nanosecond range
  if (std::abs(years) > kLimit || std::abs(months) > kLimit || std::abs(days) > kLimit) {
    fail("time outside of valid range");
  }
  int64_t nanosecond = c.nanosecond;
  __int128 seconds = unix_from_civil(c.year + years, c.month + months, c.day + days, c.hour,
                                     c.minute, c.second, nanosecond, *t.zone);
  return unix_nanos(seconds, nanosecond);
}

std::optional<Value> diff(BuiltinContext&, std::span<const Value> args) {
  ZonedTime a = zoned_time(operand(args, 1));
  ZonedTime b = zoned_time(operand(args, 2));
  b.zone = a.zone;  // both read in the first operand's zone
  if (a.seconds > b.seconds || (a.seconds == b.seconds && a.nanosecond > b.nanosecond)) {
    std::swap(a, b);
  }
  CivilTime x = a.civil(), y = b.civil();
  int64_t year = y.year - x.year;
  int64_t month = y.month - x.month;
  int64_t day = y.day - x.day;
  int64_t hour = y.hour - x.hour;
  int64_t minute = y.minute - x.minute;
  int64_t second = y.second - x.second;
  if (second < 0) {
    second += 60;
    --minute;
  }
  if (minute < 0) {
    minute += 60;
    --hour;
  }
  if (hour < 0) {
    hour += 24;
    --day;
  }
  if (day < 0) {
    day += days_in_month(x.year, x.month);
    --month;
  }
  if (month < 0) {
    month += 12;
    --year;
  }
  return Value::array({Value::integer(year), Value::integer(month), Value::integer(day),
                       Value::integer(hour), Value::integer(minute), Value::integer(second)});
}

}  // namespace

void add_time(std::vector<Builtin>& table) {
  using namespace decl;
  const Type ns_tz = any_of({number(), array_static({number(), string()})});
  const Type ns_tz_layout = any_of(
      {number(), array_static({number(), string()}), array_static({number(), string(), string()})});
  const Type three_numbers = array_static({number(), number(), number()});

  table.push_back(make_builtin("time.now_ns", 0, function({}, number()), now_ns, true));
  table.push_back(
      make_builtin("time.parse_ns", 2, function({string(), string()}, number()), parse_ns));
  table.push_back(
      make_builtin("time.parse_rfc3339_ns", 1, function({string()}, number()), parse_rfc3339_ns));
  table.push_back(
      make_builtin("time.parse_duration_ns", 1, function({string()}, number()), parse_duration_ns));
  table.push_back(make_builtin("time.format", 1, function({ns_tz_layout}, string()), format));
  table.push_back(make_builtin("time.date", 1, function({ns_tz}, three_numbers), date));
  table.push_back(make_builtin("time.clock", 1, function({ns_tz}, three_numbers), clock));
  table.push_back(make_builtin("time.weekday", 1, function({ns_tz}, string()), weekday));
  table.push_back(make_builtin(
      "time.add_date", 4, function({ns_tz, number(), number(), number()}, number()), add_date));
  table.push_back(make_builtin(
      "time.diff", 2,
      function({ns_tz, ns_tz},
               array_static({number(), number(), number(), number(), number(), number()})),
      diff));
}

}  // namespace mg::rego::builtins
