#include "manifest/scalar.h"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <optional>
#include <vector>

#include "rego/value/json.h"

namespace mg::manifest {

using rego::Value;

namespace {

constexpr std::string_view kCoreTagPrefix = "tag:yaml.org,2002:";

Scalar make_string(std::string text) {
  Scalar s;
  s.type = ScalarType::String;
  s.value = Value::string(std::move(text));
  return s;
}

Scalar make_null() {
  Scalar s;
  s.type = ScalarType::Null;
  return s;
}

Scalar make_bool(bool b) {
  Scalar s;
  s.type = ScalarType::Bool;
  s.value = Value::boolean(b);
  return s;
}

Scalar make_float(double d) {
  Scalar s;
  s.type = ScalarType::Float;
  s.number = d;
  // Infinities and NaN have no JSON form: the caller decides (error as a value, text as a key).
  if (std::isfinite(d)) s.value = *Value::number(go_json_float(d));
  return s;
}

Scalar make_int(Value v, bool fits_int) {
  Scalar s;
  s.type = ScalarType::Int;
  s.value = std::move(v);
  s.fits_int = fits_int;
  return s;
}

// go-yaml v2's table of words: YAML 1.1 booleans, nulls and special floats.
std::optional<Scalar> resolve_word(std::string_view in) {
  static constexpr std::string_view kTrue[] = {"y",    "Y",    "yes", "Yes", "YES", "true",
                                               "True", "TRUE", "on",  "On",  "ON"};
  static constexpr std::string_view kFalse[] = {"n",     "N",     "no",  "No",  "NO", "false",
                                                "False", "FALSE", "off", "Off", "OFF"};
  static constexpr std::string_view kNull[] = {"", "~", "null", "Null", "NULL"};
  for (auto w : kTrue) {
    if (in == w) return make_bool(true);
  }
  for (auto w : kFalse) {
    if (in == w) return make_bool(false);
  }
  for (auto w : kNull) {
    if (in == w) return make_null();
  }
  const double inf = std::numeric_limits<double>::infinity();
  if (in == ".nan" || in == ".NaN" || in == ".NAN") return make_float(std::nan(""));
  if (in == ".inf" || in == ".Inf" || in == ".INF" || in == "+.inf" || in == "+.Inf" ||
      in == "+.INF") {
    return make_float(inf);
  }
  if (in == "-.inf" || in == "-.Inf" || in == "-.INF") return make_float(-inf);
  return std::nullopt;
}

enum class ParseStatus { Ok, Syntax, Range };

int digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'z') return c - 'a' + 10;
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  return 99;
}

// Go's base-0 prefix rules: 0b, 0o, 0x, or a leading 0 for octal; otherwise decimal.
int take_base_prefix(std::string_view& s) {
  if (s.empty() || s[0] != '0') return 10;
  if (s.size() >= 3) {
    char p = static_cast<char>(s[1] | 0x20);
    if (p == 'b') {
      s.remove_prefix(2);
      return 2;
    }
    if (p == 'o') {
      s.remove_prefix(2);
      return 8;
    }
    if (p == 'x') {
      s.remove_prefix(2);
      return 16;
    }
  }
  s.remove_prefix(1);
  return 8;
}

// strconv.ParseUint(s, 0, 64): no sign allowed; stops with Range as soon as it overflows.
ParseStatus parse_go_uint(std::string_view s, uint64_t& out) {
  if (s.empty()) return ParseStatus::Syntax;
  int base = take_base_prefix(s);
  uint64_t n = 0;
  const uint64_t cutoff = std::numeric_limits<uint64_t>::max() / static_cast<uint64_t>(base) + 1;
  for (char c : s) {
    int d = digit_value(c);
    if (d >= base) return ParseStatus::Syntax;
    if (n >= cutoff) return ParseStatus::Range;
    n *= static_cast<uint64_t>(base);
    uint64_t next = n + static_cast<uint64_t>(d);
    if (next < n) return ParseStatus::Range;
    n = next;
  }
  out = n;
  return ParseStatus::Ok;
}

// strconv.ParseInt(s, 0, 64).
ParseStatus parse_go_int(std::string_view s, int64_t& out) {
  if (s.empty()) return ParseStatus::Syntax;
  bool negative = false;
  if (s[0] == '+' || s[0] == '-') {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  uint64_t u = 0;
  ParseStatus status = parse_go_uint(s, u);
  if (status != ParseStatus::Ok) return status;
  constexpr uint64_t kLimit = uint64_t{1} << 63;
  if (!negative && u >= kLimit) return ParseStatus::Range;
  if (negative && u > kLimit) return ParseStatus::Range;
  out = negative ? static_cast<int64_t>(0 - u) : static_cast<int64_t>(u);
  return ParseStatus::Ok;
}

// big.Int's SetString(s, 0) as decimal text: used for prefixed integers beyond 64 bits.
std::optional<std::string> big_integer_text(std::string_view s) {
  bool negative = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s.empty()) return std::nullopt;
  int base = take_base_prefix(s);
  if (base != 10 && base != 8 && s.empty()) return std::nullopt;
  std::vector<uint32_t> limbs;  // little-endian, base 1e9
  for (char c : s) {
    int d = digit_value(c);
    if (d >= base) return std::nullopt;
    uint64_t carry = static_cast<uint64_t>(d);
    for (auto& limb : limbs) {
      uint64_t v = static_cast<uint64_t>(limb) * static_cast<uint64_t>(base) + carry;
      limb = static_cast<uint32_t>(v % 1000000000u);
      carry = v / 1000000000u;
    }
    while (carry != 0) {
      limbs.push_back(static_cast<uint32_t>(carry % 1000000000u));
      carry /= 1000000000u;
    }
  }
  if (limbs.empty()) return std::string("0");
  std::string text = negative ? "-" : "";
  text += std::to_string(limbs.back());
  for (size_t i = limbs.size() - 1; i-- > 0;) {
    std::string part = std::to_string(limbs[i]);
    text.append(9 - part.size(), '0');
    text += part;
  }
  return text;
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// go-yaml's float syntax: [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
bool is_yaml_float_syntax(std::string_view s) {
  size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  if (i < s.size() && s[i] == '.') {
    ++i;
    size_t start = i;
    while (i < s.size() && is_digit(s[i])) ++i;
    if (i == start) return false;
  } else {
    size_t start = i;
    while (i < s.size() && is_digit(s[i])) ++i;
    if (i == start) return false;
    if (i < s.size() && s[i] == '.') {
      ++i;
      while (i < s.size() && is_digit(s[i])) ++i;
    }
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    size_t start = i;
    while (i < s.size() && is_digit(s[i])) ++i;
    if (i == start) return false;
  }
  return i == s.size();
}

// strconv.ParseFloat for text already known to have decimal float syntax: overflow is an
// error, underflow quietly rounds to zero.
std::optional<double> parse_decimal_float(const std::string& s) {
  errno = 0;
  char* end = nullptr;
  double d = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size()) return std::nullopt;
  if (errno == ERANGE && std::isinf(d)) return std::nullopt;
  return d;
}

// Reads 1 or 2 digits, as Go's time.Parse does for non-padded layout fields.
bool take_number(std::string_view& s, int& out) {
  if (s.empty() || !is_digit(s[0])) return false;
  out = s[0] - '0';
  s.remove_prefix(1);
  if (!s.empty() && is_digit(s[0])) {
    out = out * 10 + (s[0] - '0');
    s.remove_prefix(1);
  }
  return true;
}

bool take_char(std::string_view& s, char c) {
  if (s.empty() || s[0] != c) return false;
  s.remove_prefix(1);
  return true;
}

int days_in_month(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

// go-yaml's timestamp forms: 2006-1-2, 2006-1-2 15:4:5[.frac], 2006-1-2T15:4:5[.frac]Z07:00
// (or lower-case t).
bool is_timestamp(std::string_view s) {
  if (s.size() < 5) return false;
  int year = 0;
  for (int i = 0; i < 4; ++i) {
    if (!is_digit(s[i])) return false;
    year = year * 10 + (s[i] - '0');
  }
  s.remove_prefix(4);
  int month = 0, day = 0;
  if (!take_char(s, '-') || !take_number(s, month) || !take_char(s, '-') || !take_number(s, day)) {
    return false;
  }
  if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month)) return false;
  if (s.empty()) return true;
  char separator = s[0];
  if (separator != 'T' && separator != 't' && separator != ' ') return false;
  s.remove_prefix(1);
  int hour = 0, minute = 0, second = 0;
  if (!take_number(s, hour) || !take_char(s, ':') || !take_number(s, minute) ||
      !take_char(s, ':') || !take_number(s, second)) {
    return false;
  }
  if (hour > 23 || minute > 59 || second > 59) return false;
  if (s.size() >= 2 && (s[0] == '.' || s[0] == ',') && is_digit(s[1])) {
    s.remove_prefix(1);
    while (!s.empty() && is_digit(s[0])) s.remove_prefix(1);
  }
  if (separator == ' ') return s.empty();
  if (s == "Z") return true;
  if (s.size() != 6 || (s[0] != '+' && s[0] != '-') || s[3] != ':') return false;
  return is_digit(s[1]) && is_digit(s[2]) && is_digit(s[4]) && is_digit(s[5]);
}

// Integers, floats and timestamps: go-yaml tries them in this order for text starting
// with a digit or a sign.
Scalar resolve_numeric(std::string text, bool allow_timestamp) {
  if (allow_timestamp && is_timestamp(text)) {
    Scalar s;
    s.type = ScalarType::Timestamp;
    s.value = Value::string(std::move(text));  // decoded into interface{}, it stays a string
    return s;
  }
  std::string plain;
  plain.reserve(text.size());
  for (char c : text) {
    if (c != '_') plain += c;
  }
  int64_t i = 0;
  if (parse_go_int(plain, i) == ParseStatus::Ok) return make_int(Value::integer(i), true);
  uint64_t u = 0;
  ParseStatus unsigned_status = parse_go_uint(plain, u);
  if (unsigned_status == ParseStatus::Ok) return make_int(*Value::number(std::to_string(u)), false);
  if (is_yaml_float_syntax(plain)) {
    if (auto d = parse_decimal_float(plain)) return make_float(*d);
  }
  // Prefixed integers beyond 64 bits become big integers, kept exact.
  if (unsigned_status == ParseStatus::Range) {
    if (auto big = big_integer_text(plain)) return make_int(*Value::number(*big), false);
  }
  return make_string(std::move(text));
}

Scalar resolve_implicit(std::string text, bool allow_timestamp) {
  char first = text.empty() ? 'N' : text[0];
  bool numeric_hint = is_digit(first) || first == '+' || first == '-';
  bool word_hint = text.empty() || first == '.' ||
                   std::string_view("yYnNtTfFoO~").find(first) != std::string_view::npos;
  if (!numeric_hint && !word_hint) return make_string(std::move(text));
  if (auto word = resolve_word(text)) return *word;
  if (first == '.') {
    if (is_yaml_float_syntax(text)) {
      if (auto d = parse_decimal_float(text)) return make_float(*d);
    }
    return make_string(std::move(text));
  }
  if (numeric_hint) return resolve_numeric(std::move(text), allow_timestamp);
  return make_string(std::move(text));
}

// Go's json encoder writes invalid UTF-8 bytes as U+FFFD, one per byte.
std::string replace_invalid_utf8(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  size_t i = 0;
  while (i < bytes.size()) {
    std::string_view rest = bytes.substr(i);
    size_t bad = rego::find_invalid_utf8(rest);
    if (bad == std::string_view::npos) {
      out.append(rest);
      break;
    }
    out.append(rest.substr(0, bad));
    out.append("\xEF\xBF\xBD");
    i += bad + 1;
  }
  return out;
}

// base64.StdEncoding.DecodeString: padding required, CR and LF ignored.
std::optional<std::string> decode_base64(std::string_view text) {
  std::string clean;
  clean.reserve(text.size());
  for (char c : text) {
    if (c != '\n' && c != '\r') clean += c;
  }
  if (clean.size() % 4 != 0) return std::nullopt;
  auto value_of = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  std::string out;
  out.reserve(clean.size() / 4 * 3);
  for (size_t i = 0; i < clean.size(); i += 4) {
    int pad = 0;
    uint32_t group = 0;
    for (size_t k = 0; k < 4; ++k) {
      char c = clean[i + k];
      int v = 0;
      if (c == '=') {
        // Padding only at the very end, and at most two.
        if (i + 4 != clean.size() || k < 2) return std::nullopt;
        ++pad;
      } else {
        if (pad > 0) return std::nullopt;
        v = value_of(c);
        if (v < 0) return std::nullopt;
      }
      group = (group << 6) | static_cast<uint32_t>(v);
    }
    out += static_cast<char>((group >> 16) & 0xFF);
    if (pad < 2) out += static_cast<char>((group >> 8) & 0xFF);
    if (pad < 1) out += static_cast<char>(group & 0xFF);
  }
  return out;
}

std::string_view type_tag(ScalarType type) {
  switch (type) {
    case ScalarType::Null:
      return "!!null";
    case ScalarType::Bool:
      return "!!bool";
    case ScalarType::Int:
      return "!!int";
    case ScalarType::Float:
      return "!!float";
    case ScalarType::Timestamp:
      return "!!timestamp";
    case ScalarType::String:
      break;
  }
  return "!!str";
}

std::optional<ScalarType> type_of_core_tag(std::string_view name) {
  if (name == "null") return ScalarType::Null;
  if (name == "bool") return ScalarType::Bool;
  if (name == "int") return ScalarType::Int;
  if (name == "float") return ScalarType::Float;
  if (name == "timestamp") return ScalarType::Timestamp;
  return std::nullopt;
}

// Splits to_chars' scientific output ("-1.25e+07") into sign, digits and exponent.
struct Decimal {
  bool negative = false;
  std::string digits;
  int exponent = 0;  // of the first digit
};

Decimal split_scientific(std::string_view text) {
  Decimal d;
  size_t i = 0;
  if (text[i] == '-') {
    d.negative = true;
    ++i;
  }
  for (; i < text.size() && text[i] != 'e'; ++i) {
    if (text[i] != '.') d.digits += text[i];
  }
  if (i < text.size()) {
    ++i;
    std::from_chars(text.data() + i + (text[i] == '+' ? 1 : 0), text.data() + text.size(),
                    d.exponent);
  }
  return d;
}

}  // namespace

std::string go_json_float(double d) {
  char buf[64];
  double magnitude = std::fabs(d);
  if (magnitude != 0 && (magnitude < 1e-6 || magnitude >= 1e21)) {
    auto res = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
    std::string text(buf, res.ptr);
    // Go writes e-07 as e-7 (but keeps e+21).
    size_t n = text.size();
    if (n >= 4 && text[n - 4] == 'e' && text[n - 3] == '-' && text[n - 2] == '0')
      text.erase(n - 2, 1);
    return text;
  }
  auto res = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::fixed);
  return std::string(buf, res.ptr);
}

std::string go_float32_g(double value) {
  float f = static_cast<float>(value);
  if (std::isnan(f)) return ".nan";
  if (std::isinf(f)) return f > 0 ? ".inf" : "-.inf";
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, f, std::chars_format::scientific);
  Decimal dec = split_scientific(std::string_view(buf, static_cast<size_t>(res.ptr - buf)));
  std::string out = dec.negative ? "-" : "";
  const int nd = static_cast<int>(dec.digits.size());
  if (dec.exponent < -4 || dec.exponent >= 6) {
    out += dec.digits[0];
    if (nd > 1) {
      out += '.';
      out.append(dec.digits, 1);
    }
    out += 'e';
    out += dec.exponent < 0 ? '-' : '+';
    int e = std::abs(dec.exponent);
    if (e < 10) out += '0';
    out += std::to_string(e);
    return out;
  }
  const int point = dec.exponent + 1;  // digits before the decimal point
  if (point <= 0) {
    out += "0.";
    out.append(static_cast<size_t>(-point), '0');
    out += dec.digits;
  } else if (point >= nd) {
    out += dec.digits;
    out.append(static_cast<size_t>(point - nd), '0');
  } else {
    out.append(dec.digits, 0, static_cast<size_t>(point));
    out += '.';
    out.append(dec.digits, static_cast<size_t>(point));
  }
  return out;
}

Scalar resolve_scalar(std::string_view tag, std::string text) {
  if (tag == "?") return resolve_implicit(std::move(text), true);
  if (tag == "!" || tag.substr(0, kCoreTagPrefix.size()) != kCoreTagPrefix) {
    // Quoted, or a tag go-yaml does not resolve (local "!foo", other URIs): a string.
    return make_string(std::move(text));
  }
  std::string_view name = tag.substr(kCoreTagPrefix.size());
  if (name == "binary") {
    auto bytes = decode_base64(text);
    if (!bytes) {
      Scalar s;
      s.error = "!!binary value contains invalid base64 data";
      return s;
    }
    return make_string(replace_invalid_utf8(*bytes));
  }
  auto wanted = type_of_core_tag(name);
  if (!wanted) return make_string(std::move(text));  // !!str, and tags such as !!merge or !!seq
  std::string original = text;
  Scalar s = resolve_implicit(std::move(text), *wanted == ScalarType::Timestamp);
  if (s.type == *wanted) return s;
  if (*wanted == ScalarType::Float && s.type == ScalarType::Int && s.fits_int) {
    return make_float(static_cast<double>(s.value.as_int()));
  }
  Scalar bad;
  bad.error = "cannot decode " + std::string(type_tag(s.type)) + " `" + original + "` as a !!" +
              std::string(name);
  return bad;
}

bool scalar_key_text(const Scalar& scalar, std::string& key, std::string& error) {
  switch (scalar.type) {
    case ScalarType::Null:
      error = "a null map key cannot be converted to JSON";
      return false;
    case ScalarType::Bool:
      key = scalar.value.as_bool() ? "true" : "false";
      return true;
    case ScalarType::Int:
      if (!scalar.fits_int) {
        error = "map key " + scalar.value.number_text() +
                " is an integer beyond 64 bits, which cannot be converted to JSON";
        return false;
      }
      key = std::to_string(scalar.value.as_int());
      return true;
    case ScalarType::Float:
      key = go_float32_g(scalar.number);
      return true;
    case ScalarType::String:
    case ScalarType::Timestamp:
      key = std::string(scalar.value.as_string());
      return true;
  }
  return false;
}

}  // namespace mg::manifest
