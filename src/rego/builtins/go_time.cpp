#include "rego/builtins/go_time.h"

#include <array>
#include <cstdlib>
#include <optional>

#include "rego/builtins/operands.h"

namespace mg::rego::builtins {

namespace {

// The elements of a Go layout, as time.nextStdChunk recognises them.
enum class Std {
  None,
  LongMonth,              // January
  Month,                  // Jan
  NumMonth,               // 1
  ZeroMonth,              // 01
  LongWeekDay,            // Monday
  WeekDay,                // Mon
  Day,                    // 2
  UnderDay,               // _2
  ZeroDay,                // 02
  UnderYearDay,           // __2
  ZeroYearDay,            // 002
  Hour,                   // 15
  Hour12,                 // 3
  ZeroHour12,             // 03
  Minute,                 // 4
  ZeroMinute,             // 04
  Second,                 // 5
  ZeroSecond,             // 05
  LongYear,               // 2006
  Year,                   // 06
  PM,                     // PM
  pm,                     // pm
  TZ,                     // MST
  ISO8601TZ,              // Z0700
  ISO8601SecondsTZ,       // Z070000
  ISO8601ShortTZ,         // Z07
  ISO8601ColonTZ,         // Z07:00
  ISO8601ColonSecondsTZ,  // Z07:00:00
  NumTZ,                  // -0700
  NumSecondsTz,           // -070000
  NumShortTZ,             // -07
  NumColonTZ,             // -07:00
  NumColonSecondsTZ,      // -07:00:00
  FracSecond0,            // .000
  FracSecond9,            // .999
};

struct Chunk {
  std::string_view prefix;
  Std std = Std::None;
  std::string_view std_text;  // the layout text of the element
  std::string_view suffix;
  int frac_digits = 0;  // for FracSecond*
};

bool starts_with_lower(std::string_view s) {
  return !s.empty() && s[0] >= 'a' && s[0] <= 'z';
}
bool is_digit_at(std::string_view s, size_t i) {
  return i < s.size() && s[i] >= '0' && s[i] <= '9';
}

Chunk next_chunk(std::string_view layout) {
  auto make = [&](size_t i, size_t len, Std std) {
    return Chunk{layout.substr(0, i), std, layout.substr(i, len), layout.substr(i + len), 0};
  };
  auto at = [&](size_t i, std::string_view text) { return layout.substr(i, text.size()) == text; };
  for (size_t i = 0; i < layout.size(); ++i) {
    switch (layout[i]) {
      case 'J':
        if (at(i, "Jan")) {
          if (at(i, "January")) return make(i, 7, Std::LongMonth);
          if (!starts_with_lower(layout.substr(i + 3))) return make(i, 3, Std::Month);
        }
        break;
      case 'M':
        if (at(i, "Mon")) {
          if (at(i, "Monday")) return make(i, 6, Std::LongWeekDay);
          if (!starts_with_lower(layout.substr(i + 3))) return make(i, 3, Std::WeekDay);
        }
        if (at(i, "MST")) return make(i, 3, Std::TZ);
        break;
      case '0':
        if (i + 1 < layout.size() && layout[i + 1] >= '1' && layout[i + 1] <= '6') {
          static constexpr Std zero[] = {Std::ZeroMonth,  Std::ZeroDay,    Std::ZeroHour12,
                                         Std::ZeroMinute, Std::ZeroSecond, Std::Year};
          return make(i, 2, zero[layout[i + 1] - '1']);
        }
        if (at(i, "002")) return make(i, 3, Std::ZeroYearDay);
        break;
      case '1':
        if (at(i, "15")) return make(i, 2, Std::Hour);
        return make(i, 1, Std::NumMonth);
      case '2':
        if (at(i, "2006")) return make(i, 4, Std::LongYear);
        return make(i, 1, Std::Day);
      case '_':
        if (at(i, "_2")) {
          // "_2006" is a literal underscore followed by the year.
          if (at(i + 1, "2006")) return make(i + 1, 4, Std::LongYear);
          return make(i, 2, Std::UnderDay);
        }
        if (at(i, "__2")) return make(i, 3, Std::UnderYearDay);
        break;
      case '3':
        return make(i, 1, Std::Hour12);
      case '4':
        return make(i, 1, Std::Minute);
      case '5':
        return make(i, 1, Std::Second);
      case 'P':
        if (at(i, "PM")) return make(i, 2, Std::PM);
        break;
      case 'p':
        if (at(i, "pm")) return make(i, 2, Std::pm);
        break;
      case '-':
        if (at(i, "-070000")) return make(i, 7, Std::NumSecondsTz);
        if (at(i, "-07:00:00")) return make(i, 9, Std::NumColonSecondsTZ);
        if (at(i, "-0700")) return make(i, 5, Std::NumTZ);
        if (at(i, "-07:00")) return make(i, 6, Std::NumColonTZ);
        if (at(i, "-07")) return make(i, 3, Std::NumShortTZ);
        break;
      case 'Z':
        if (at(i, "Z070000")) return make(i, 7, Std::ISO8601SecondsTZ);
        if (at(i, "Z07:00:00")) return make(i, 9, Std::ISO8601ColonSecondsTZ);
        if (at(i, "Z0700")) return make(i, 5, Std::ISO8601TZ);
        if (at(i, "Z07:00")) return make(i, 6, Std::ISO8601ColonTZ);
        if (at(i, "Z07")) return make(i, 3, Std::ISO8601ShortTZ);
        break;
      case '.':
      case ',':
        if (i + 1 < layout.size() && (layout[i + 1] == '0' || layout[i + 1] == '9')) {
          char ch = layout[i + 1];
          size_t j = i + 1;
          while (j < layout.size() && layout[j] == ch) ++j;
          if (!is_digit_at(layout, j)) {
            Chunk c = make(i, j - i, ch == '0' ? Std::FracSecond0 : Std::FracSecond9);
            c.frac_digits = static_cast<int>(j - i - 1);
            return c;
          }
        }
        break;
      default:
        break;
    }
  }
  return Chunk{layout, Std::None, {}, {}, 0};
}

constexpr std::array<std::string_view, 12> kLongMonths = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};
constexpr std::array<std::string_view, 7> kLongDays = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                                       "Thursday", "Friday", "Saturday"};

void append_padded(std::string& out, int64_t v, int width, char pad = '0') {
  if (v < 0) {
    out += '-';
    v = -v;
  }
  std::string digits = std::to_string(v);
  if (static_cast<int>(digits.size()) < width)
    out.append(static_cast<size_t>(width) - digits.size(), pad);
  out += digits;
}

void append_fraction(std::string& out, const Chunk& c, int64_t nanosecond) {
  char digits[10];
  std::snprintf(digits, sizeof digits, "%09lld", static_cast<long long>(nanosecond));
  std::string_view all(digits, 9);
  char separator = c.std_text[0];
  if (c.std == Std::FracSecond0) {
    out += separator;
    out += all.substr(0, static_cast<size_t>(std::min(c.frac_digits, 9)));
    return;
  }
  std::string_view shown = all.substr(0, static_cast<size_t>(std::min(c.frac_digits, 9)));
  while (!shown.empty() && shown.back() == '0') shown.remove_suffix(1);
  if (shown.empty()) return;
  out += separator;
  out += shown;
}

void append_zone_offset(std::string& out, Std std, int offset) {
  bool iso = std == Std::ISO8601TZ || std == Std::ISO8601SecondsTZ || std == Std::ISO8601ShortTZ ||
             std == Std::ISO8601ColonTZ || std == Std::ISO8601ColonSecondsTZ;
  if (iso && offset == 0) {
    out += 'Z';
    return;
  }
  int zone = offset / 60;
  int abs_offset = offset;
  if (zone < 0) {
    out += '-';
    zone = -zone;
    abs_offset = -abs_offset;
  } else {
    out += '+';
  }
  append_padded(out, zone / 60, 2);
  bool colon = std == Std::ISO8601ColonTZ || std == Std::NumColonTZ ||
               std == Std::ISO8601ColonSecondsTZ || std == Std::NumColonSecondsTZ;
  if (std == Std::ISO8601ShortTZ || std == Std::NumShortTZ) return;
  if (colon) out += ':';
  append_padded(out, zone % 60, 2);
  if (std == Std::ISO8601SecondsTZ || std == Std::NumSecondsTz ||
      std == Std::ISO8601ColonSecondsTZ || std == Std::NumColonSecondsTZ) {
    if (colon) out += ':';
    append_padded(out, abs_offset % 60, 2);
  }
}

std::string go_quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

[[noreturn]] void parse_error(std::string_view layout, std::string_view value,
                              std::string_view layout_elem, std::string_view value_elem,
                              std::string_view message) {
  if (message.empty()) {
    fail("parsing time " + go_quote(value) + " as " + go_quote(layout) + ": cannot parse " +
         go_quote(value_elem) + " as " + go_quote(layout_elem));
  }
  fail("parsing time " + go_quote(value) + std::string(message));
}

// Go's getnum: one or two digits (exactly two when `fixed`).
std::optional<int> get_num(std::string_view& value, bool fixed) {
  if (!is_digit_at(value, 0)) return std::nullopt;
  if (!is_digit_at(value, 1)) {
    if (fixed) return std::nullopt;
    int v = value[0] - '0';
    value.remove_prefix(1);
    return v;
  }
  int v = (value[0] - '0') * 10 + (value[1] - '0');
  value.remove_prefix(2);
  return v;
}

std::optional<int> get_num3(std::string_view& value, bool fixed) {
  int v = 0;
  size_t i = 0;
  for (; i < 3 && is_digit_at(value, i); ++i) v = v * 10 + (value[i] - '0');
  if (i == 0 || (fixed && i != 3)) return std::nullopt;
  value.remove_prefix(i);
  return v;
}

std::string_view cut_space(std::string_view s) {
  while (!s.empty() && s[0] == ' ') s.remove_prefix(1);
  return s;
}

// Go's skip: the literal text of the layout must match; a space matches any run of spaces.
bool skip(std::string_view& value, std::string_view prefix) {
  while (!prefix.empty()) {
    if (prefix[0] == ' ') {
      if (!value.empty() && value[0] != ' ') return false;
      prefix = cut_space(prefix);
      value = cut_space(value);
      continue;
    }
    if (value.empty() || value[0] != prefix[0]) return false;
    prefix.remove_prefix(1);
    value.remove_prefix(1);
  }
  return true;
}

std::optional<int> lookup_name(std::string_view& value, std::span<const std::string_view> names,
                               size_t length) {
  for (size_t i = 0; i < names.size(); ++i) {
    std::string_view name = length ? names[i].substr(0, length) : names[i];
    if (value.size() >= name.size()) {
      bool equal = true;
      for (size_t k = 0; k < name.size() && equal; ++k) {
        equal = std::tolower(static_cast<unsigned char>(value[k])) ==
                std::tolower(static_cast<unsigned char>(name[k]));
      }
      if (equal) {
        value.remove_prefix(name.size());
        return static_cast<int>(i);
      }
    }
  }
  return std::nullopt;
}

// The length of a time zone abbreviation at the start of value (Go's parseTimeZone), or 0.
size_t time_zone_length(std::string_view value) {
  if (value.size() < 3) return 0;
  if (value.substr(0, 4) == "ChST" || value.substr(0, 4) == "MeST") return 4;
  if (value.substr(0, 3) == "GMT") {
    // GMT, GMT+h, GMT-h
    if (value.size() == 3 || (value[3] != '+' && value[3] != '-')) return 3;
    size_t n = 4;
    while (is_digit_at(value, n)) ++n;
    int hours = std::atoi(std::string(value.substr(4, n - 4)).c_str());
    if (n == 4 || hours > 23 || hours == 0) return 3;
    return n;
  }
  if (value[0] == '+' || value[0] == '-') {
    size_t n = 1;
    while (is_digit_at(value, n)) ++n;
    return (n == 3 || n == 5) ? n : 0;
  }
  size_t n = 0;
  while (n < value.size() && value[n] >= 'A' && value[n] <= 'Z') ++n;
  switch (n) {
    case 0:
    case 1:
    case 2:
      return 0;
    case 5:
      return value[4] == 'T' ? 5 : 0;
    case 4:
      return (value[3] == 'T' || value.substr(0, 4) == "WITA") ? 4 : 0;
    case 3:
      return 3;
    default:
      return 0;
  }
}

}  // namespace

std::string_view resolve_layout_name(std::string_view layout) {
  static constexpr std::pair<std::string_view, std::string_view> names[] = {
      {"ANSIC", "Mon Jan _2 15:04:05 2006"},
      {"UnixDate", "Mon Jan _2 15:04:05 MST 2006"},
      {"RubyDate", "Mon Jan 02 15:04:05 -0700 2006"},
      {"RFC822", "02 Jan 06 15:04 MST"},
      {"RFC822Z", "02 Jan 06 15:04 -0700"},
      {"RFC850", "Monday, 02-Jan-06 15:04:05 MST"},
      {"RFC1123", "Mon, 02 Jan 2006 15:04:05 MST"},
      {"RFC1123Z", "Mon, 02 Jan 2006 15:04:05 -0700"},
      {"RFC3339", "2006-01-02T15:04:05Z07:00"},
      {"RFC3339Nano", "2006-01-02T15:04:05.999999999Z07:00"},
  };
  for (const auto& [name, value] : names) {
    if (name == layout) return value;
  }
  return layout;
}

std::string format_go_time(const CivilTime& t, std::string_view layout) {
  std::string out;
  while (!layout.empty()) {
    Chunk c = next_chunk(layout);
    out += c.prefix;
    if (c.std == Std::None) break;
    layout = c.suffix;
    switch (c.std) {
      case Std::Year:
        append_padded(out, ((t.year % 100) + 100) % 100, 2);
        break;
      case Std::LongYear:
        append_padded(out, t.year, 4);
        break;
      case Std::Month:
        out += kLongMonths[static_cast<size_t>(t.month - 1)].substr(0, 3);
        break;
      case Std::LongMonth:
        out += kLongMonths[static_cast<size_t>(t.month - 1)];
        break;
      case Std::NumMonth:
        append_padded(out, t.month, 0);
        break;
      case Std::ZeroMonth:
        append_padded(out, t.month, 2);
        break;
      case Std::WeekDay:
        out += kLongDays[static_cast<size_t>(t.weekday)].substr(0, 3);
        break;
      case Std::LongWeekDay:
        out += kLongDays[static_cast<size_t>(t.weekday)];
        break;
      case Std::Day:
        append_padded(out, t.day, 0);
        break;
      case Std::UnderDay:
        append_padded(out, t.day, 2, ' ');
        break;
      case Std::ZeroDay:
        append_padded(out, t.day, 2);
        break;
      case Std::UnderYearDay:
        append_padded(out, t.year_day, 3, ' ');
        break;
      case Std::ZeroYearDay:
        append_padded(out, t.year_day, 3);
        break;
      case Std::Hour:
        append_padded(out, t.hour, 2);
        break;
      case Std::Hour12:
        append_padded(out, t.hour % 12 == 0 ? 12 : t.hour % 12, 0);
        break;
      case Std::ZeroHour12:
        append_padded(out, t.hour % 12 == 0 ? 12 : t.hour % 12, 2);
        break;
      case Std::Minute:
        append_padded(out, t.minute, 0);
        break;
      case Std::ZeroMinute:
        append_padded(out, t.minute, 2);
        break;
      case Std::Second:
        append_padded(out, t.second, 0);
        break;
      case Std::ZeroSecond:
        append_padded(out, t.second, 2);
        break;
      case Std::PM:
        out += t.hour >= 12 ? "PM" : "AM";
        break;
      case Std::pm:
        out += t.hour >= 12 ? "pm" : "am";
        break;
      case Std::TZ:
        if (!t.zone.abbreviation.empty()) {
          out += t.zone.abbreviation;
        } else {
          // No name: -0700 style, minutes included.
          int zone = t.zone.offset / 60;
          out += zone < 0 ? '-' : '+';
          zone = std::abs(zone);
          append_padded(out, zone / 60, 2);
          append_padded(out, zone % 60, 2);
        }
        break;
      case Std::FracSecond0:
      case Std::FracSecond9:
        append_fraction(out, c, t.nanosecond);
        break;
      default:
        append_zone_offset(out, c.std, t.zone.offset);
        break;
    }
  }
  return out;
}

ParsedInstant parse_go_time(std::string_view layout_text, std::string_view value_text) {
  std::string_view layout = layout_text;
  std::string_view value = value_text;
  int64_t year = 0;
  int month = -1, day = -1, year_day = -1, hour = 0, minute = 0, second = 0;
  int64_t nanosecond = 0;
  bool pm_set = false, am_set = false;
  std::optional<int> zone_offset;
  std::string zone_name;
  while (true) {
    Chunk c = next_chunk(layout);
    std::string_view std_text = c.std_text;
    if (!skip(value, c.prefix)) parse_error(layout_text, value_text, c.prefix, value, "");
    if (c.std == Std::None) {
      if (!value.empty()) {
        fail("parsing time " + go_quote(value_text) + ": extra text: " + go_quote(value));
      }
      break;
    }
    layout = c.suffix;
    std::string_view hold = value;
    bool bad = false;
    std::string_view range_error;
    auto number = [&](std::optional<int> n, int min, int max, std::string_view what) {
      if (!n) {
        bad = true;
        return 0;
      }
      if (*n < min || *n > max) range_error = what;
      return *n;
    };
    switch (c.std) {
      case Std::Year: {
        if (value.size() < 2 || !is_digit_at(value, 0) || !is_digit_at(value, 1)) {
          bad = true;
          break;
        }
        int y = (value[0] - '0') * 10 + (value[1] - '0');
        value.remove_prefix(2);
        year = y >= 69 ? 1900 + y : 2000 + y;
        break;
      }
      case Std::LongYear: {
        if (value.size() < 4 || !is_digit_at(value, 0)) {
          bad = true;
          break;
        }
        int y = 0;
        for (size_t i = 0; i < 4; ++i) {
          if (!is_digit_at(value, i)) bad = true;
          y = y * 10 + (value[i] - '0');
        }
        if (!bad) {
          value.remove_prefix(4);
          year = y;
        }
        break;
      }
      case Std::Month:
      case Std::LongMonth: {
        auto m = lookup_name(value, kLongMonths, c.std == Std::Month ? 3 : 0);
        if (!m) bad = true;
        month = m.value_or(0) + 1;
        break;
      }
      case Std::NumMonth:
      case Std::ZeroMonth:
        month = number(get_num(value, c.std == Std::ZeroMonth), 1, 12, "month");
        break;
      case Std::WeekDay:
      case Std::LongWeekDay:
        if (!lookup_name(value, kLongDays, c.std == Std::WeekDay ? 3 : 0)) bad = true;
        break;
      case Std::Day:
      case Std::UnderDay:
      case Std::ZeroDay:
        if (c.std == Std::UnderDay && !value.empty() && value[0] == ' ') value.remove_prefix(1);
        day = number(get_num(value, c.std == Std::ZeroDay), 0, 31, "day");
        break;
      case Std::UnderYearDay:
      case Std::ZeroYearDay:
        for (int i = 0; i < 2 && c.std == Std::UnderYearDay && !value.empty() && value[0] == ' ';
             ++i) {
          value.remove_prefix(1);
        }
        year_day = number(get_num3(value, c.std == Std::ZeroYearDay), 1, 366, "day-of-year");
        break;
      case Std::Hour:
        hour = number(get_num(value, false), 0, 23, "hour");
        break;
      case Std::Hour12:
      case Std::ZeroHour12:
        hour = number(get_num(value, c.std == Std::ZeroHour12), 0, 12, "hour");
        break;
      case Std::Minute:
      case Std::ZeroMinute:
        minute = number(get_num(value, c.std == Std::ZeroMinute), 0, 59, "minute");
        break;
      case Std::Second:
      case Std::ZeroSecond: {
        second = number(get_num(value, c.std == Std::ZeroSecond), 0, 59, "second");
        if (bad) break;
        // A fractional second in the value that the layout does not spell out.
        if (value.size() >= 2 && (value[0] == '.' || value[0] == ',') && is_digit_at(value, 1)) {
          Std next = next_chunk(layout).std;
          if (next == Std::FracSecond0 || next == Std::FracSecond9) break;
          size_t n = 2;
          while (is_digit_at(value, n)) ++n;
          int64_t ns = 0;
          for (size_t i = 1; i < n && i <= 9; ++i) ns = ns * 10 + (value[i] - '0');
          for (size_t i = n; i <= 9; ++i) ns *= 10;
          nanosecond = ns;
          value.remove_prefix(n);
        }
        break;
      }
      case Std::PM:
      case Std::pm: {
        if (value.size() < 2) {
          bad = true;
          break;
        }
        std::string_view p = value.substr(0, 2);
        if (p == (c.std == Std::PM ? "PM" : "pm")) {
          pm_set = true;
        } else if (p == (c.std == Std::PM ? "AM" : "am")) {
          am_set = true;
        } else {
          bad = true;
        }
        if (!bad) value.remove_prefix(2);
        break;
      }
      case Std::TZ: {
        if (value.size() >= 3 && value.substr(0, 3) == "UTC") {
          zone_offset = 0;
          zone_name = "UTC";
          value.remove_prefix(3);
          break;
        }
        size_t n = time_zone_length(value);
        if (n == 0) {
          bad = true;
          break;
        }
        zone_name = value.substr(0, n);
        value.remove_prefix(n);
        break;
      }
      case Std::FracSecond0: {
        size_t digits = static_cast<size_t>(c.frac_digits);
        if (value.size() < digits + 1 || (value[0] != '.' && value[0] != ',')) {
          bad = true;
          break;
        }
        int64_t ns = 0;
        for (size_t i = 1; i <= digits; ++i) {
          if (!is_digit_at(value, i)) bad = true;
          if (i <= 9) ns = ns * 10 + (value[i] - '0');
        }
        for (size_t i = digits + 1; i <= 9; ++i) ns *= 10;
        if (!bad) {
          nanosecond = ns;
          value.remove_prefix(digits + 1);
        }
        break;
      }
      case Std::FracSecond9: {
        if (value.size() < 2 || (value[0] != '.' && value[0] != ',') || !is_digit_at(value, 1))
          break;
        size_t n = 1;
        while (n < 10 && is_digit_at(value, n)) ++n;
        int64_t ns = 0;
        for (size_t i = 1; i < n; ++i) ns = ns * 10 + (value[i] - '0');
        for (size_t i = n; i <= 9; ++i) ns *= 10;
        nanosecond = ns;
        value.remove_prefix(n);
        break;
      }
      default: {
        // Numeric zone offsets, with 'Z' for UTC in the ISO 8601 forms.
        bool iso = c.std == Std::ISO8601TZ || c.std == Std::ISO8601SecondsTZ ||
                   c.std == Std::ISO8601ShortTZ || c.std == Std::ISO8601ColonTZ ||
                   c.std == Std::ISO8601ColonSecondsTZ;
        if (iso && !value.empty() && value[0] == 'Z') {
          value.remove_prefix(1);
          zone_offset = 0;
          zone_name = "UTC";
          break;
        }
        bool colon = c.std == Std::ISO8601ColonTZ || c.std == Std::NumColonTZ ||
                     c.std == Std::ISO8601ColonSecondsTZ || c.std == Std::NumColonSecondsTZ;
        bool with_seconds = c.std == Std::ISO8601SecondsTZ || c.std == Std::NumSecondsTz ||
                            c.std == Std::ISO8601ColonSecondsTZ || c.std == Std::NumColonSecondsTZ;
        bool short_form = c.std == Std::ISO8601ShortTZ || c.std == Std::NumShortTZ;
        size_t need = short_form ? 3 : (colon ? (with_seconds ? 9 : 6) : (with_seconds ? 7 : 5));
        if (value.size() < need || (value[0] != '+' && value[0] != '-')) {
          bad = true;
          break;
        }
        auto two = [&](size_t i) -> std::optional<int> {
          if (!is_digit_at(value, i) || !is_digit_at(value, i + 1)) return std::nullopt;
          return (value[i] - '0') * 10 + (value[i + 1] - '0');
        };
        auto h = two(1);
        std::optional<int> m = 0, s = 0;
        if (!short_form) {
          if (colon && value[3] != ':') bad = true;
          m = two(colon ? 4 : 3);
          if (with_seconds) {
            if (colon && value[6] != ':') bad = true;
            s = two(colon ? 7 : 5);
          }
        }
        if (bad || !h || !m || !s) {
          bad = true;
          break;
        }
        if (*h > 24) range_error = "time zone offset hour";
        if (*m > 60) range_error = "time zone offset minute";
        if (*s > 60) range_error = "time zone offset second";
        int offset = (*h * 60 + *m) * 60 + *s;
        zone_offset = value[0] == '-' ? -offset : offset;
        value.remove_prefix(need);
        break;
      }
    }
    if (!range_error.empty()) {
      parse_error(layout_text, value_text, std_text, value,
                  ": " + std::string(range_error) + " out of range");
    }
    if (bad) parse_error(layout_text, value_text, std_text, hold, "");
  }
  if (pm_set && hour < 12) hour += 12;
  if (am_set && hour == 12) hour = 0;
  if (year_day >= 0) {
    int y_month = 0, y_day = 0;
    if (year_day > (is_leap_year(year) ? 366 : 365)) {
      fail("parsing time " + go_quote(value_text) + ": day-of-year out of range");
    }
    int remaining = year_day;
    for (int m = 1; m <= 12; ++m) {
      int dim = days_in_month(year, m);
      if (remaining <= dim) {
        y_month = m;
        y_day = remaining;
        break;
      }
      remaining -= dim;
    }
    if ((month >= 0 && month != y_month) || (day >= 0 && day != y_day)) {
      fail("parsing time " + go_quote(value_text) + ": day-of-year does not match month");
    }
    month = y_month;
    day = y_day;
  } else {
    if (month < 0) month = 1;
    if (day < 0) day = 1;
  }
  if (day < 1 || day > days_in_month(year, month)) {
    fail("parsing time " + go_quote(value_text) + ": day out of range");
  }
  int offset = zone_offset.value_or(0);
  if (!zone_offset && zone_name.size() > 3 && zone_name.substr(0, 3) == "GMT") {
    offset = std::atoi(zone_name.c_str() + 3) * 3600;
  }
  ParsedInstant result;
  int second_of_day = hour * 3600 + minute * 60 + second;
  __int128 local = static_cast<__int128>(days_from_civil(year, month, day)) * 86400 + second_of_day;
  result.unix_seconds = local - offset;
  result.nanosecond = nanosecond;
  return result;
}

int64_t parse_go_duration(std::string_view text) {
  std::string_view s = text;
  auto invalid = [&]() { fail("time: invalid duration " + go_quote(text)); };
  bool negative = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s == "0") return 0;
  if (s.empty()) invalid();
  constexpr uint64_t kMax = uint64_t(1) << 63;
  uint64_t total = 0;
  while (!s.empty()) {
    if (!(s[0] == '.' || (s[0] >= '0' && s[0] <= '9'))) invalid();
    uint64_t v = 0;
    size_t i = 0;
    for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) {
      if (v > (kMax - 1) / 10) invalid();
      v = v * 10 + static_cast<uint64_t>(s[i] - '0');
      if (v > kMax) invalid();
    }
    bool pre = i > 0;
    s.remove_prefix(i);
    uint64_t fraction = 0;
    double scale = 1;
    bool post = false;
    if (!s.empty() && s[0] == '.') {
      s.remove_prefix(1);
      size_t j = 0;
      bool overflow = false;
      for (; j < s.size() && s[j] >= '0' && s[j] <= '9'; ++j) {
        if (overflow) continue;
        if (fraction > (kMax - 1) / 10) {
          overflow = true;
          continue;
        }
        uint64_t next = fraction * 10 + static_cast<uint64_t>(s[j] - '0');
        if (next > kMax) {
          overflow = true;
          continue;
        }
        fraction = next;
        scale *= 10;
      }
      post = j > 0;
      s.remove_prefix(j);
    }
    if (!pre && !post) invalid();
    size_t u = 0;
    while (u < s.size() && s[u] != '.' && !(s[u] >= '0' && s[u] <= '9')) ++u;
    if (u == 0) fail("time: missing unit in duration " + go_quote(text));
    std::string_view unit_text = s.substr(0, u);
    s.remove_prefix(u);
    uint64_t unit = 0;
    if (unit_text == "ns") {
      unit = 1;
    } else if (unit_text == "us" || unit_text == "\xC2\xB5s" || unit_text == "\xCE\xBCs") {
      unit = 1000;
    } else if (unit_text == "ms") {
      unit = 1000000;
    } else if (unit_text == "s") {
      unit = 1000000000;
    } else if (unit_text == "m") {
      unit = 60000000000ULL;
    } else if (unit_text == "h") {
      unit = 3600000000000ULL;
    } else {
      fail("time: unknown unit " + go_quote(unit_text) + " in duration " + go_quote(text));
    }
    if (v > kMax / unit) invalid();
    v *= unit;
    if (fraction > 0) {
      v += static_cast<uint64_t>(static_cast<double>(fraction) *
                                 (static_cast<double>(unit) / scale));
      if (v > kMax) invalid();
    }
    total += v;
    if (total > kMax) invalid();
  }
  if (negative) return static_cast<int64_t>(0 - total);
  if (total > kMax - 1) invalid();
  return static_cast<int64_t>(total);
}

}  // namespace mg::rego::builtins
