#include "builtin_call.h"

using namespace mg::rego;
using namespace mg::rego::testing;

namespace {
Value zoned(int64_t ns, const char* zone) {
  return Value::array({num(ns), str(zone)});
}
Value zoned(int64_t ns, const char* zone, const char* layout) {
  return Value::array({num(ns), str(zone), str(layout)});
}
std::string text(std::string_view name, std::vector<Value> args) {
  auto r = call(name, std::move(args));
  REQUIRE(r);
  REQUIRE(r->is_string());
  return std::string(r->as_string());
}
constexpr int64_t k2021 = 1609459200000000000;  // 2021-01-01T00:00:00Z, a Friday
}  // namespace

TEST_CASE("time.now_ns reads the evaluation's clock") {
  BuiltinContext ctx;
  ctx.now_ns = 42;
  CHECK(call("time.now_ns", {}, &ctx)->as_int() == 42);
  CHECK(find_builtin("time.now_ns")->nondeterministic);
}

TEST_CASE("time.parse_rfc3339_ns") {
  CHECK(eval("time.parse_rfc3339_ns", {str("2021-01-01T00:00:00Z")}) == "1609459200000000000");
  CHECK(eval("time.parse_rfc3339_ns", {str("2021-01-01T01:30:00.5+01:30")}) ==
        "1609459200500000000");
  CHECK(eval("time.parse_rfc3339_ns", {str("1970-01-01T00:00:00.000000001Z")}) == "1");
  CHECK(eval("time.parse_rfc3339_ns", {str("1969-12-31T23:59:59Z")}) == "-1000000000");
  // The int64 nanosecond range is exact at both ends.
  CHECK(eval("time.parse_rfc3339_ns", {str("1677-09-21T00:12:43.145224192-00:00")}) ==
        "-9223372036854775808");
  CHECK(eval("time.parse_rfc3339_ns", {str("2262-04-11T23:47:16.854775807-00:00")}) ==
        "9223372036854775807");
  CHECK(error("time.parse_rfc3339_ns", {str("2262-04-11T23:47:16.854775808-00:00")}) ==
        "builtin: time outside of valid range");
  CHECK(eval("time.weekday", {num(1518091200000000000)}) == "\"Thursday\"");
  CHECK(error("time.parse_rfc3339_ns", {str("2021-13-01T00:00:00Z")}) ==
        "builtin: parsing time \"2021-13-01T00:00:00Z\": month out of range");
  CHECK(error("time.parse_rfc3339_ns", {str("2021-02-30T00:00:00Z")}) ==
        "builtin: parsing time \"2021-02-30T00:00:00Z\": day out of range");
  CHECK(error("time.parse_rfc3339_ns", {str("yesterday")}) ==
        "builtin: parsing time \"yesterday\" as \"2006-01-02T15:04:05Z07:00\": cannot parse "
        "\"yesterday\" as \"2006\"");
  CHECK(error("time.parse_rfc3339_ns", {str("2021-01-01T00:00:00Zjunk")}) ==
        "builtin: parsing time \"2021-01-01T00:00:00Zjunk\": extra text: \"junk\"");
  CHECK(error("time.parse_rfc3339_ns", {str("3000-01-01T00:00:00Z")}) ==
        "builtin: time outside of valid range");
  CHECK(error("time.parse_rfc3339_ns", {num(1)}) ==
        "type: operand 1 must be string but got number");
}

TEST_CASE("time.parse_ns with Go layouts and layout names") {
  CHECK(eval("time.parse_ns", {str("2006-01-02"), str("2021-01-01")}) == "1609459200000000000");
  CHECK(eval("time.parse_ns", {str("RFC822Z"), str("01 Jan 21 00:00 +0000")}) ==
        "1609459200000000000");
  CHECK(eval("time.parse_ns", {str("Mon Jan _2 15:04:05 2006"), str("Fri Jan  1 03:04:05 2021")}) ==
        "1609470245000000000");
  CHECK(eval("time.parse_ns", {str("January 2, 2006 3:04pm"), str("january 1, 2021 1:00pm")}) ==
        "1609506000000000000");
  CHECK(eval("time.parse_ns", {str("2006-01-02 15:04:05.000"), str("2021-01-01 00:00:00.250")}) ==
        "1609459200250000000");
  CHECK(eval("time.parse_ns", {str("RFC1123"), str("Fri, 01 Jan 2021 00:00:00 UTC")}) ==
        "1609459200000000000");
  CHECK(error("time.parse_ns", {str("2006-01-02"), str("2021-1-01")}) ==
        "builtin: parsing time \"2021-1-01\" as \"2006-01-02\": cannot parse \"1-01\" as \"01\"");
}

TEST_CASE("time.parse_duration_ns follows Go's ParseDuration") {
  CHECK(eval("time.parse_duration_ns", {str("1h30m")}) == "5400000000000");
  CHECK(eval("time.parse_duration_ns", {str("300ms")}) == "300000000");
  CHECK(eval("time.parse_duration_ns", {str("1.5h")}) == "5400000000000");
  CHECK(eval("time.parse_duration_ns", {str("-2us")}) == "-2000");
  CHECK(eval("time.parse_duration_ns", {str("3µs")}) == "3000");
  CHECK(eval("time.parse_duration_ns", {str("0")}) == "0");
  CHECK(eval("time.parse_duration_ns", {str(".5s")}) == "500000000");
  CHECK(error("time.parse_duration_ns", {str("1")}) ==
        "builtin: time: missing unit in duration \"1\"");
  CHECK(error("time.parse_duration_ns", {str("1x")}) ==
        "builtin: time: unknown unit \"x\" in duration \"1x\"");
  CHECK(error("time.parse_duration_ns", {str("")}) == "builtin: time: invalid duration \"\"");
  CHECK(error("time.parse_duration_ns", {str("9999999999h")}) ==
        "builtin: time: invalid duration \"9999999999h\"");
}

TEST_CASE("time.date, time.clock and time.weekday in UTC and IANA zones") {
  CHECK(eval("time.date", {num(k2021)}) == "[2021,1,1]");
  CHECK(eval("time.date", {zoned(k2021, "America/New_York")}) == "[2020,12,31]");
  CHECK(eval("time.clock", {zoned(k2021, "America/New_York")}) == "[19,0,0]");
  CHECK(eval("time.clock", {zoned(k2021, "Asia/Kolkata")}) == "[5,30,0]");
  CHECK(eval("time.weekday", {num(k2021)}) == "\"Friday\"");
  CHECK(eval("time.weekday", {zoned(k2021, "America/New_York")}) == "\"Thursday\"");
  CHECK(eval("time.date", {num(-1)}) == "[1969,12,31]");
  // Summer time from the zone's transitions, and far in the future from its POSIX rule.
  CHECK(eval("time.clock", {zoned(1625140800000000000, "Europe/Berlin")}) == "[14,0,0]");
  CHECK(eval("time.clock", {zoned(7258118400000000000, "America/New_York")}) == "[19,0,0]");
  CHECK(error("time.date", {zoned(0, "Mars/Olympus")}) ==
        "builtin: unknown time zone Mars/Olympus");
  CHECK(error("time.date", {str("x")}) ==
        "type: operand 1 must be either number (ns) or [number (ns), string (tz)] but got string");
  CHECK(error("time.date", {json("1.5")}) == "builtin: timestamp too big");
}

TEST_CASE("time.format with zones and layouts") {
  CHECK(text("time.format", {num(k2021 + 120000000)}) == "2021-01-01T00:00:00.12Z");
  CHECK(text("time.format", {zoned(k2021, "America/New_York")}) == "2020-12-31T19:00:00-05:00");
  CHECK(text("time.format", {zoned(k2021, "Europe/London", "RFC1123")}) ==
        "Fri, 01 Jan 2021 00:00:00 GMT");
  CHECK(text("time.format",
             {zoned(k2021, "America/New_York", "Monday, January 2 2006 3:04PM MST")}) ==
        "Thursday, December 31 2020 7:00PM EST");
  CHECK(text("time.format", {zoned(k2021 + 5000000, "UTC", "15:04:05.000 _2 002 06")}) ==
        "00:00:00.005  1 001 21");
  CHECK(text("time.format", {zoned(k2021, "Asia/Kolkata", "-07:00 Z0700 -07")}) ==
        "+05:30 +0530 +05");
}

TEST_CASE("time.add_date normalises like Go's AddDate") {
  CHECK(eval("time.add_date", {num(k2021), num(1), num(1), num(1)}) == "1643760000000000000");
  // January 31 plus one month is March 3 (2021 is not a leap year).
  int64_t jan31 = 1612051200000000000;
  CHECK(eval("time.date", {*call("time.add_date", {num(jan31), num(0), num(1), num(0)})}) ==
        "[2021,3,3]");
  CHECK(error("time.add_date", {num(k2021), num(1000), num(0), num(0)}) ==
        "builtin: time outside of valid range");
  CHECK(error("time.add_date", {num(k2021), json("1.5"), num(0), num(0)}) ==
        "type: operand 2 must be integer number but got floating-point number");
}

TEST_CASE("time.diff counts calendar units") {
  int64_t later = 1644757445000000000;  // 2022-02-13T13:04:05Z
  CHECK(eval("time.diff", {num(k2021), num(later)}) == "[1,1,12,13,4,5]");
  CHECK(eval("time.diff", {num(later), num(k2021)}) == "[1,1,12,13,4,5]");
  CHECK(eval("time.diff", {num(k2021), num(k2021)}) == "[0,0,0,0,0,0]");
}
