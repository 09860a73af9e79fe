#include "rego/builtins/time_zone.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>

#include "rego/builtins/operands.h"

namespace mg::rego::builtins {

// --- civil calendar (proleptic Gregorian) ---------------------------------------------------

int64_t days_from_civil(int64_t y, int64_t m, int64_t d) {
  // Months outside 1..12 carry into the year; days outside the month simply add up.
  int64_t carry = (m - 1) >= 0 ? (m - 1) / 12 : -((12 - m) / 12);
  y += carry;
  m -= carry * 12;
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468 + (d - 1);
}

namespace {
void civil_from_days(int64_t z, int64_t& y, int& m, int& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = yoe + era * 400;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  y += m <= 2;
}

int64_t floor_div(int64_t a, int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}
}  // namespace

bool is_leap_year(int64_t y) {
  return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

int days_in_month(int64_t year, int month) {
  static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap_year(year) ? 29 : days[month - 1];
}

// --- POSIX TZ rules, as in a TZif footer ("EST5EDT,M3.2.0,M11.1.0") -------------------------

struct TimeZone::Rule {
  enum class Kind { Julian, DayOfYear, MonthWeekDay };
  struct Change {
    Kind kind = Kind::MonthWeekDay;
    int day = 0, week = 0, month = 0;
    int time = 7200;  // seconds after local midnight
  };
  std::string std_name, dst_name;
  int std_offset = 0, dst_offset = 0;  // seconds east of UTC
  bool has_dst = false;
  Change start, end;

  // Seconds from the start of `year` (UTC) at which `change` happens, given the offset in
  // effect before it.
  static int64_t change_time(int64_t year, const Change& c, int offset) {
    int64_t day = 0;
    switch (c.kind) {
      case Kind::Julian:
        day = c.day - 1;
        if (is_leap_year(year) && c.day >= 60) ++day;
        break;
      case Kind::DayOfYear:
        day = c.day;
        break;
      case Kind::MonthWeekDay: {
        int64_t first = days_from_civil(year, c.month, 1);
        int first_weekday = static_cast<int>(((first % 7) + 11) % 7);  // 1970-01-01 was Thursday
        int d = c.day - first_weekday;
        if (d < 0) d += 7;
        for (int i = 1; i < c.week; ++i) {
          if (d + 7 >= days_in_month(year, c.month)) break;
          d += 7;
        }
        day = first - days_from_civil(year, 1, 1) + d;
        break;
      }
    }
    return day * 86400 + c.time - offset;
  }

  ZoneOffset lookup(int64_t sec) const {
    ZoneOffset std{std_offset, std_name, INT64_MIN, INT64_MAX};
    if (!has_dst) return std;
    int64_t y;
    int m, d;
    civil_from_days(floor_div(sec + std_offset, 86400), y, m, d);
    int64_t year_start = days_from_civil(y, 1, 1) * 86400;
    int64_t ysec = sec - year_start;
    int64_t start_sec = change_time(y, start, std_offset);
    int64_t end_sec = change_time(y, end, dst_offset);
    ZoneOffset dst{dst_offset, dst_name, 0, 0};
    ZoneOffset before = std, inside = dst;
    if (end_sec < start_sec) {
      std::swap(start_sec, end_sec);
      std::swap(before, inside);
    }
    int64_t year_len = int64_t{is_leap_year(y) ? 366 : 365} * 86400;
    if (ysec < start_sec) {
      before.start = year_start;
      before.end = year_start + start_sec;
      return before;
    }
    if (ysec >= end_sec) {
      before.start = year_start + end_sec;
      before.end = year_start + year_len;
      return before;
    }
    inside.start = year_start + start_sec;
    inside.end = year_start + end_sec;
    return inside;
  }
};

namespace {

class RuleParser {
 public:
  explicit RuleParser(std::string_view s) : s_(s) {}

  std::optional<TimeZone::Rule> parse() {
    TimeZone::Rule rule;
    if (!name(rule.std_name)) return std::nullopt;
    auto std_off = offset();
    if (!std_off) return std::nullopt;
    rule.std_offset = -*std_off;  // POSIX offsets are west of UTC
    if (s_.empty()) return rule;
    rule.has_dst = true;
    if (!name(rule.dst_name)) return std::nullopt;
    rule.dst_offset = rule.std_offset + 3600;
    if (!s_.empty() && s_[0] != ',') {
      auto dst_off = offset();
      if (!dst_off) return std::nullopt;
      rule.dst_offset = -*dst_off;
    }
    if (s_.empty()) {
      // The POSIX default rule: the US rules since 2007.
      rule.start = {TimeZone::Rule::Kind::MonthWeekDay, 0, 2, 3, 7200};
      rule.end = {TimeZone::Rule::Kind::MonthWeekDay, 0, 1, 11, 7200};
      return rule;
    }
    if (!eat(',') || !change(rule.start) || !eat(',') || !change(rule.end)) return std::nullopt;
    if (!s_.empty()) return std::nullopt;
    return rule;
  }

 private:
  bool eat(char c) {
    if (s_.empty() || s_[0] != c) return false;
    s_.remove_prefix(1);
    return true;
  }

  bool name(std::string& out) {
    if (eat('<')) {
      size_t close = s_.find('>');
      if (close == std::string_view::npos) return false;
      out = s_.substr(0, close);
      s_.remove_prefix(close + 1);
      return true;
    }
    size_t n = 0;
    while (n < s_.size() && std::isalpha(static_cast<unsigned char>(s_[n]))) ++n;
    if (n < 3) return false;
    out = s_.substr(0, n);
    s_.remove_prefix(n);
    return true;
  }

  std::optional<int> number(int max) {
    size_t n = 0;
    int v = 0;
    while (n < s_.size() && std::isdigit(static_cast<unsigned char>(s_[n])))
      v = v * 10 + (s_[n++] - '0');
    if (n == 0 || v > max) return std::nullopt;
    s_.remove_prefix(n);
    return v;
  }

  // [+-]hh[:mm[:ss]] as seconds.
  std::optional<int> offset() {
    int sign = 1;
    if (eat('-')) {
      sign = -1;
    } else {
      eat('+');
    }
    auto h = number(167);
    if (!h) return std::nullopt;
    int total = *h * 3600;
    if (eat(':')) {
      auto m = number(59);
      if (!m) return std::nullopt;
      total += *m * 60;
      if (eat(':')) {
        auto sec = number(59);
        if (!sec) return std::nullopt;
        total += *sec;
      }
    }
    return sign * total;
  }

  bool change(TimeZone::Rule::Change& c) {
    if (eat('J')) {
      c.kind = TimeZone::Rule::Kind::Julian;
      auto d = number(365);
      if (!d || *d < 1) return false;
      c.day = *d;
    } else if (eat('M')) {
      c.kind = TimeZone::Rule::Kind::MonthWeekDay;
      auto m = number(12);
      if (!m || *m < 1 || !eat('.')) return false;
      auto w = number(5);
      if (!w || *w < 1 || !eat('.')) return false;
      auto d = number(6);
      if (!d) return false;
      c.month = *m;
      c.week = *w;
      c.day = *d;
    } else {
      c.kind = TimeZone::Rule::Kind::DayOfYear;
      auto d = number(365);
      if (!d) return false;
      c.day = *d;
    }
    c.time = 7200;
    if (eat('/')) {
      auto t = offset();
      if (!t) return false;
      c.time = *t;
    }
    return true;
  }

  std::string_view s_;
};

// --- TZif files -------------------------------------------------------------------------------

class TzifReader {
 public:
  explicit TzifReader(std::string_view data) : data_(data) {}

  std::shared_ptr<const TimeZone> read(const std::string& name) {
    if (data_.size() < 44 || data_.substr(0, 4) != "TZif") return nullptr;
    char version = data_[4];
    auto counts = header(0);
    if (!counts) return nullptr;
    size_t v1_size = counts->data_size(4);
    size_t offset = 44;
    int time_size = 4;
    if (version >= '2') {
      offset = 44 + v1_size;
      if (data_.size() < offset + 44 || data_.substr(offset, 4) != "TZif") return nullptr;
      counts = header(offset);
      if (!counts) return nullptr;
      offset += 44;
      time_size = 8;
    }
    pos_ = offset;
    std::vector<int64_t> transitions;
    for (uint32_t i = 0; i < counts->timecnt; ++i) transitions.push_back(integer(time_size));
    std::vector<uint8_t> transition_types;
    for (uint32_t i = 0; i < counts->timecnt; ++i) transition_types.push_back(byte());
    struct Raw {
      int offset;
      bool dst;
      uint8_t abbr;
    };
    std::vector<Raw> raw;
    for (uint32_t i = 0; i < counts->typecnt; ++i) {
      int off = static_cast<int>(integer(4));
      bool dst = byte() != 0;
      raw.push_back({off, dst, byte()});
    }
    if (pos_ + counts->charcnt > data_.size()) return nullptr;
    std::string_view chars = data_.substr(pos_, counts->charcnt);
    pos_ +=
        counts->charcnt + counts->leapcnt * (time_size + 4) + counts->isstdcnt + counts->isutcnt;
    if (pos_ > data_.size() || failed_) return nullptr;
    std::vector<TimeZone::Type> types;
    for (const auto& r : raw) {
      std::string abbr;
      if (r.abbr < chars.size())
        abbr = std::string(chars.substr(r.abbr, chars.find('\0', r.abbr) - r.abbr));
      types.push_back({r.offset, r.dst, abbr});
    }
    for (uint8_t t : transition_types) {
      if (t >= types.size()) return nullptr;
    }
    std::string footer;
    if (version >= '2' && pos_ < data_.size() && data_[pos_] == '\n') {
      size_t end = data_.find('\n', pos_ + 1);
      if (end != std::string_view::npos) footer = data_.substr(pos_ + 1, end - pos_ - 1);
    }
    if (types.empty()) return nullptr;
    return std::make_shared<TimeZone>(name, std::move(types), std::move(transitions),
                                      std::move(transition_types), std::move(footer));
  }

 private:
  struct Counts {
    uint32_t isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt;
    size_t data_size(int time_size) const {
      return timecnt * static_cast<size_t>(time_size) + timecnt + typecnt * size_t{6} + charcnt +
             leapcnt * static_cast<size_t>(time_size + 4) + isstdcnt + isutcnt;
    }
  };

  std::optional<Counts> header(size_t at) {
    pos_ = at + 20;
    Counts c{};
    c.isutcnt = static_cast<uint32_t>(integer(4));
    c.isstdcnt = static_cast<uint32_t>(integer(4));
    c.leapcnt = static_cast<uint32_t>(integer(4));
    c.timecnt = static_cast<uint32_t>(integer(4));
    c.typecnt = static_cast<uint32_t>(integer(4));
    c.charcnt = static_cast<uint32_t>(integer(4));
    if (failed_) return std::nullopt;
    return c;
  }

  uint8_t byte() {
    if (pos_ >= data_.size()) {
      failed_ = true;
      return 0;
    }
    return static_cast<uint8_t>(data_[pos_++]);
  }

  // A big-endian signed integer of 4 or 8 bytes.
  int64_t integer(int size) {
    uint64_t v = 0;
    for (int i = 0; i < size; ++i) v = (v << 8) | byte();
    if (size == 4) return static_cast<int32_t>(static_cast<uint32_t>(v));
    return static_cast<int64_t>(v);
  }

  std::string_view data_;
  size_t pos_ = 0;
  bool failed_ = false;
};

bool valid_zone_name(std::string_view name) {
  // Go rejects names that could escape the zoneinfo directory.
  if (name.empty() || name[0] == '/' || name.find("..") != std::string_view::npos) return false;
  return name.find('\\') == std::string_view::npos;
}

std::shared_ptr<const TimeZone> read_zone_file(const std::string& path, const std::string& name) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return nullptr;
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string data = buffer.str();
  if (data.size() > (1 << 20)) return nullptr;
  return TzifReader(data).read(name);
}

std::shared_ptr<const TimeZone> load_uncached(const std::string& name) {
  if (name == "Local") {
    const char* tz = std::getenv("TZ");
    if (tz != nullptr && *tz != '\0') {
      std::string_view t(tz);
      if (t[0] == ':') t.remove_prefix(1);
      if (valid_zone_name(t)) {
        if (auto z = read_zone_file("/usr/share/zoneinfo/" + std::string(t), "Local")) return z;
      }
    }
    if (auto z = read_zone_file("/etc/localtime", "Local")) return z;
    return TimeZone::fixed("Local", 0);
  }
  if (!valid_zone_name(name)) return nullptr;
  for (const char* dir :
       {"/usr/share/zoneinfo/", "/usr/share/lib/zoneinfo/", "/usr/lib/locale/TZ/"}) {
    if (auto z = read_zone_file(dir + name, name)) return z;
  }
  return nullptr;
}

}  // namespace

TimeZone::TimeZone(std::string name, std::vector<Type> types, std::vector<int64_t> transitions,
                   std::vector<uint8_t> transition_types, std::string footer)
    : name_(std::move(name)),
      types_(std::move(types)),
      transitions_(std::move(transitions)),
      transition_types_(std::move(transition_types)),
      footer_(std::move(footer)) {
  if (!footer_.empty()) {
    if (auto rule = RuleParser(footer_).parse()) rule_ = std::make_unique<Rule>(std::move(*rule));
  }
}

TimeZone::~TimeZone() = default;

std::shared_ptr<const TimeZone> TimeZone::utc() {
  static const auto zone = fixed("UTC", 0);
  return zone;
}

std::shared_ptr<const TimeZone> TimeZone::fixed(std::string name, int offset) {
  std::string abbreviation = name;
  return std::make_shared<TimeZone>(std::move(name),
                                    std::vector<Type>{{offset, false, abbreviation}},
                                    std::vector<int64_t>{}, std::vector<uint8_t>{}, std::string());
}

std::shared_ptr<const TimeZone> TimeZone::load(std::string_view name) {
  if (name.empty() || name == "UTC") return utc();
  static std::mutex mutex;
  static std::map<std::string, std::shared_ptr<const TimeZone>, std::less<>> cache;
  std::lock_guard<std::mutex> lock(mutex);
  auto it = cache.find(name);
  if (it != cache.end()) return it->second;
  auto zone = load_uncached(std::string(name));
  if (!zone) fail("unknown time zone " + std::string(name));
  cache.emplace(std::string(name), zone);
  return zone;
}

ZoneOffset TimeZone::lookup(int64_t sec) const {
  auto zone_of = [&](size_t type, int64_t start, int64_t end) {
    const Type& t = types_[type];
    return ZoneOffset{t.offset, t.abbreviation, start, end};
  };
  if (transitions_.empty() || sec < transitions_.front()) {
    // Before the first transition: the first standard-time type, as Go picks it.
    size_t type = 0;
    if (!transitions_.empty() && types_[transition_types_[0]].dst) {
      for (size_t i = transition_types_[0]; i-- > 0;) {
        if (!types_[i].dst) {
          type = i;
          break;
        }
      }
    }
    if (transitions_.empty() && rule_) return rule_->lookup(sec);
    return zone_of(type, INT64_MIN, transitions_.empty() ? INT64_MAX : transitions_.front());
  }
  auto it = std::upper_bound(transitions_.begin(), transitions_.end(), sec);
  size_t index = static_cast<size_t>(it - transitions_.begin()) - 1;
  if (it == transitions_.end() && rule_) {
    ZoneOffset z = rule_->lookup(sec);
    z.start = std::max(z.start, transitions_.back());
    return z;
  }
  return zone_of(transition_types_[index], transitions_[index],
                 it == transitions_.end() ? INT64_MAX : *it);
}

CivilTime civil_time(int64_t unix_seconds, int64_t nanosecond, const TimeZone& zone) {
  CivilTime c;
  c.zone = zone.lookup(unix_seconds);
  int64_t local = unix_seconds + c.zone.offset;
  int64_t days = floor_div(local, 86400);
  int64_t rest = local - days * 86400;
  civil_from_days(days, c.year, c.month, c.day);
  c.hour = static_cast<int>(rest / 3600);
  c.minute = static_cast<int>(rest % 3600 / 60);
  c.second = static_cast<int>(rest % 60);
  c.nanosecond = nanosecond;
  c.weekday = static_cast<int>(((days % 7) + 11) % 7);
  c.year_day = static_cast<int>(days - days_from_civil(c.year, 1, 1) + 1);
  return c;
}

__int128 unix_from_civil(int64_t year, int64_t month, int64_t day, int64_t hour, int64_t minute,
                         int64_t second, int64_t& nanosecond, const TimeZone& zone) {
  second += floor_div(nanosecond, 1000000000);
  nanosecond -= floor_div(nanosecond, 1000000000) * 1000000000;
  __int128 local = static_cast<__int128>(days_from_civil(year, month, day)) * 86400 +
                   static_cast<__int128>(hour) * 3600 + static_cast<__int128>(minute) * 60 + second;
  if (local > INT64_MAX / 2 || local < INT64_MIN / 2) return local;  // far out of range anyway
  int64_t guess = static_cast<int64_t>(local);
  ZoneOffset z = zone.lookup(guess);
  if (z.offset != 0) {
    int64_t utc = guess - z.offset;
    if (utc < z.start || utc >= z.end) z = zone.lookup(utc);
  }
  return local - z.offset;
}

}  // namespace mg::rego::builtins
