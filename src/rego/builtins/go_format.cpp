#include "rego/builtins/go_format.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <optional>
#include <vector>

#include "rego/builtins/operands.h"

namespace mg::rego::builtins {

namespace {

// --- runes --------------------------------------------------------------------------

// unicode.IsPrint: graphic characters and the ASCII space, but no other spaces and no
// format characters.
bool is_printable(char32_t r) {
  if (r < 0x80) return r >= 0x20 && r < 0x7F;
  if (r == 0xA0 || r == 0xAD || r == 0x1680 || (r >= 0x2000 && r <= 0x200F) ||
      (r >= 0x2028 && r <= 0x202F) || (r >= 0x205F && r <= 0x2064) || r == 0x3000 || r == 0xFEFF ||
      (r >= 0xE000 && r <= 0xF8FF)) {
    return false;
  }
  return rune_is_printable_in_locale(r);
}

void append_hex(std::string& out, uint32_t value, int digits) {
  static const char* const hex = "0123456789abcdef";
  for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) out += hex[(value >> shift) & 0xF];
}

void append_escaped_rune(std::string& out, char32_t r, char quote, bool ascii_only) {
  if (r == static_cast<char32_t>(quote) || r == '\\') {
    out += '\\';
    out += static_cast<char>(r);
    return;
  }
  if (ascii_only ? (r < 0x80 && is_printable(r)) : is_printable(r)) {
    append_utf8(out, r);
    return;
  }
  switch (r) {
    case '\a':
      out += "\\a";
      return;
    case '\b':
      out += "\\b";
      return;
    case '\f':
      out += "\\f";
      return;
    case '\n':
      out += "\\n";
      return;
    case '\r':
      out += "\\r";
      return;
    case '\t':
      out += "\\t";
      return;
    case '\v':
      out += "\\v";
      return;
    default:
      break;
  }
  if (r < ' ' || r == 0x7F) {
    out += "\\x";
    append_hex(out, r, 2);
  } else if (r < 0x10000) {
    out += "\\u";
    append_hex(out, r, 4);
  } else {
    out += "\\U";
    append_hex(out, r, 8);
  }
}

// --- operands as Go sees them ----------------------------------------------------------

struct Arg {
  enum class Type { Int, BigInt, Float, String } type = Type::String;
  int64_t i = 0;
  std::string big;  // decimal digits, with '-' when negative
  double f = 0;
  std::string s;
};

bool is_integer_text(std::string_view t) {
  if (!t.empty() && t[0] == '-') t.remove_prefix(1);
  if (t.empty()) return false;
  for (char c : t) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

Arg to_arg(const Value& v) {
  Arg a;
  if (v.is_number()) {
    if (v.is_integer()) {
      a.type = Arg::Type::Int;
      a.i = v.as_int();
      return a;
    }
    std::string text = v.number_text();
    double d = v.as_double();
    if (is_integer_text(text)) {
      a.type = Arg::Type::BigInt;
      a.big = text;
    } else if (std::isfinite(d) && std::trunc(d) == d && std::fabs(d) >= 9.2e18) {
      // A huge integral result of arithmetic: OPA holds it as a big integer.
      char buf[400];
      std::snprintf(buf, sizeof buf, "%.0f", d);
      a.type = Arg::Type::BigInt;
      a.big = buf;
    } else if (std::isfinite(d)) {
      a.type = Arg::Type::Float;
      a.f = d;
    } else {
      a.s = text;
    }
    return a;
  }
  a.s = v.is_string() ? std::string(v.as_string()) : rego_text(v);
  return a;
}

std::string_view type_name(const Arg& a) {
  switch (a.type) {
    case Arg::Type::Int:
      return "int";
    case Arg::Type::BigInt:
      return "*big.Int";
    case Arg::Type::Float:
      return "float64";
    case Arg::Type::String:
      return "string";
  }
  return "string";
}

// --- one verb -------------------------------------------------------------------------

struct Spec {
  bool plus = false, minus = false, sharp = false, space = false, zero = false;
  bool plus_v = false, sharp_v = false;
  int width = 0;
  bool has_width = false;
  int precision = 0;
  bool has_precision = false;
};

void pad(std::string& out, std::string_view text, const Spec& spec, bool zero_allowed = true) {
  int runes = static_cast<int>(rune_count(text));
  int fill = spec.has_width ? spec.width - runes : 0;
  if (fill <= 0) {
    out += text;
    return;
  }
  if (spec.minus) {
    out += text;
    out.append(static_cast<size_t>(fill), ' ');
  } else {
    out.append(static_cast<size_t>(fill), spec.zero && zero_allowed ? '0' : ' ');
    out += text;
  }
}

// Digits of |value| in `base`; the magnitude of INT64_MIN is handled through uint64.
std::string unsigned_digits(uint64_t u, int base, bool upper) {
  const char* digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  if (u == 0) return "0";
  std::string out;
  while (u > 0) {
    out += digits[u % static_cast<uint64_t>(base)];
    u /= static_cast<uint64_t>(base);
  }
  return std::string(out.rbegin(), out.rend());
}

// Converts a decimal digit string to another base by repeated division.
std::string big_digits(std::string decimal, int base, bool upper) {
  const char* digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  if (base == 10) return decimal;
  std::string out;
  while (!(decimal.size() == 1 && decimal[0] == '0')) {
    std::string quotient;
    int remainder = 0;
    for (char c : decimal) {
      int cur = remainder * 10 + (c - '0');
      int q = cur / base;
      remainder = cur % base;
      if (!quotient.empty() || q != 0) quotient += static_cast<char>('0' + q);
    }
    out += digits[remainder];
    if (quotient.empty()) quotient.push_back('0');
    decimal.swap(quotient);
  }
  if (out.empty()) out.push_back('0');
  std::reverse(out.begin(), out.end());
  return out;
}

// fmtInteger: sign, base prefix, precision as minimum digits, zero padding after the sign.
void format_integer(std::string& out, bool negative, std::string digits, int base, char verb,
                    const Spec& spec) {
  int precision = -1;
  if (spec.has_precision) {
    precision = spec.precision;
    if (precision == 0 && digits == "0") {
      Spec blank = spec;
      blank.zero = false;
      pad(out, "", blank);
      return;
    }
  } else if (spec.zero && spec.has_width && !spec.minus) {
    precision = spec.width;
    if (negative || spec.plus || spec.space) --precision;
  }
  if (precision > static_cast<int>(digits.size())) {
    digits.insert(0, static_cast<size_t>(precision) - digits.size(), '0');
  }
  std::string prefix;
  if (spec.sharp) {
    if (base == 2) prefix = "0b";
    if (base == 8 && digits[0] != '0') prefix = "0";
    if (base == 16) prefix = verb == 'X' ? "0X" : "0x";
  }
  if (verb == 'O') prefix = "0o";
  std::string text;
  if (negative) {
    text = "-";
  } else if (spec.plus) {
    text = "+";
  } else if (spec.space) {
    text = " ";
  }
  text += prefix + digits;
  Spec no_zero = spec;
  no_zero.zero = false;
  pad(out, text, no_zero);
}

std::string go_quote_rune(char32_t r, bool ascii_only) {
  std::string out = "'";
  if (r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF)) r = 0xFFFD;
  append_escaped_rune(out, r, '\'', ascii_only);
  return out + "'";
}

void format_int_verb(std::string& out, const Arg& a, char verb, const Spec& spec, bool& bad) {
  bool negative = a.i < 0;
  uint64_t magnitude = negative ? 0 - static_cast<uint64_t>(a.i) : static_cast<uint64_t>(a.i);
  switch (verb) {
    case 'v':
    case 'd':
      format_integer(out, negative, unsigned_digits(magnitude, 10, false), 10, verb, spec);
      return;
    case 'b':
      format_integer(out, negative, unsigned_digits(magnitude, 2, false), 2, verb, spec);
      return;
    case 'o':
    case 'O':
      format_integer(out, negative, unsigned_digits(magnitude, 8, false), 8, verb, spec);
      return;
    case 'x':
    case 'X':
      format_integer(out, negative, unsigned_digits(magnitude, 16, verb == 'X'), 16, verb, spec);
      return;
    case 'c': {
      std::string s;
      bool valid = a.i >= 0 && a.i <= 0x10FFFF && !(a.i >= 0xD800 && a.i <= 0xDFFF);
      append_utf8(s, valid ? static_cast<char32_t>(a.i) : 0xFFFD);
      pad(out, s, spec);
      return;
    }
    case 'q': {
      bool valid = a.i >= 0 && a.i <= 0x10FFFF;
      pad(out, go_quote_rune(valid ? static_cast<char32_t>(a.i) : 0xFFFD, spec.plus), spec);
      return;
    }
    case 'U': {
      std::string s = "U+";
      std::string hex = unsigned_digits(magnitude, 16, true);
      if (hex.size() < 4) hex.insert(0, 4 - hex.size(), '0');
      s += hex;
      if (spec.sharp && a.i >= 0 && a.i <= 0x10FFFF && is_printable(static_cast<char32_t>(a.i))) {
        s += " '";
        append_utf8(s, static_cast<char32_t>(a.i));
        s += "'";
      }
      pad(out, s, spec);
      return;
    }
    default:
      bad = true;
  }
}

void format_big_verb(std::string& out, const Arg& a, char verb, const Spec& spec, bool& bad) {
  bool negative = !a.big.empty() && a.big[0] == '-';
  std::string decimal = negative ? a.big.substr(1) : a.big;
  int base = 0;
  switch (verb) {
    case 'v':
    case 'd':
    case 's':
      base = 10;
      break;
    case 'b':
      base = 2;
      break;
    case 'o':
    case 'O':
      base = 8;
      break;
    case 'x':
    case 'X':
      base = 16;
      break;
    default:
      // big.Int's own Format names its type without the pointer.
      out += "%!";
      out += verb;
      out += "(big.Int=" + a.big + ")";
      (void)bad;
      return;
  }
  format_integer(out, negative, big_digits(decimal, base, verb == 'X'), base, verb, spec);
}

// The shortest digits and decimal exponent of d: d = 0.DIGITS * 10^point.
void shortest_digits(double d, std::string& digits, int& point) {
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, std::fabs(d), std::chars_format::scientific);
  std::string_view s(buf, static_cast<size_t>(res.ptr - buf));
  size_t e = s.find('e');
  digits.clear();
  for (char c : s.substr(0, e)) {
    if (c != '.') digits += c;
  }
  int exponent = 0;
  std::from_chars(s.data() + e + 1 + (s[e + 1] == '+' ? 1 : 0), s.data() + s.size(), exponent);
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
  point = exponent + 1;
}

// strconv.FormatFloat(d, 'g', -1, 64): the shortest digits that read back as d, in
// exponent form when the exponent is below -4 or at least 6 (Go's rule for shortest %g).
std::string shortest_float(double d, char verb) {
  std::string digits;
  int point = 0;
  if (d == 0) {
    digits = "0";
    point = 1;
  } else {
    shortest_digits(d, digits, point);
  }
  std::string out = std::signbit(d) ? "-" : "";
  int exp = point - 1;
  if (exp < -4 || exp >= 6) {
    out += digits[0];
    if (digits.size() > 1) out += "." + digits.substr(1);
    out += verb == 'G' ? 'E' : 'e';
    out += exp < 0 ? '-' : '+';
    int magnitude = exp < 0 ? -exp : exp;
    if (magnitude < 10) out += '0';
    out += std::to_string(magnitude);
    return out;
  }
  if (point <= 0) {
    out += "0." + std::string(static_cast<size_t>(-point), '0') + digits;
  } else if (point >= static_cast<int>(digits.size())) {
    out += digits + std::string(static_cast<size_t>(point) - digits.size(), '0');
  } else {
    out += digits.substr(0, static_cast<size_t>(point)) + "." +
           digits.substr(static_cast<size_t>(point));
  }
  return out;
}

void format_float_verb(std::string& out, const Arg& a, char verb, const Spec& spec, bool& bad) {
  char conv = 0;
  switch (verb) {
    case 'v':
      conv = 'g';
      break;
    case 'g':
    case 'G':
    case 'e':
    case 'E':
    case 'f':
    case 'F':
    case 'x':
    case 'X':
    case 'b':
      conv = verb;
      break;
    default:
      bad = true;
      return;
  }
  std::string num;
  if (conv == 'b') {
    int exponent = 0;
    double mantissa = std::frexp(std::fabs(a.f), &exponent);
    auto bits = static_cast<int64_t>(std::ldexp(mantissa, 53));
    num = std::string(std::signbit(a.f) ? "-" : "") + std::to_string(bits) + "p" +
          (exponent - 53 >= 0 ? "+" : "") + std::to_string(exponent - 53);
  } else if ((conv == 'g' || conv == 'G') && !spec.has_precision) {
    num = shortest_float(a.f, conv);
  } else {
    int precision = spec.has_precision ? spec.precision : 6;
    std::string fmt = "%." + std::to_string(precision);
    fmt += conv == 'x' ? 'a' : (conv == 'X' ? 'A' : conv);
    std::vector<char> buf(static_cast<size_t>(precision) + 400);
    std::snprintf(buf.data(), buf.size(), fmt.c_str(), a.f);
    num = buf.data();
  }
  // Sign handling as Go's fmtFloat: explicit '+', or ' ' in its place, zero padding after it.
  std::string sign;
  if (!num.empty() && (num[0] == '-' || num[0] == '+')) {
    sign = num.substr(0, 1);
    num.erase(0, 1);
  } else if (spec.plus) {
    sign = "+";
  } else if (spec.space) {
    sign = " ";
  }
  int len = static_cast<int>(sign.size() + num.size());
  if (spec.zero && !spec.minus && spec.has_width && spec.width > len) {
    out += sign;
    out.append(static_cast<size_t>(spec.width - len), '0');
    out += num;
    return;
  }
  Spec no_zero = spec;
  no_zero.zero = false;
  pad(out, sign + num, no_zero);
}

void format_string_verb(std::string& out, const Arg& a, char verb, const Spec& spec, bool& bad) {
  std::string_view s = a.s;
  switch (verb) {
    case 'v':
      if (spec.sharp_v) {
        pad(out, go_quote(s), spec);
        return;
      }
      [[fallthrough]];
    case 's': {
      if (spec.has_precision) {
        auto runes = to_runes(s);
        if (static_cast<int>(runes.size()) > spec.precision) {
          pad(out,
              from_runes(std::u32string_view(runes).substr(0, static_cast<size_t>(spec.precision))),
              spec);
          return;
        }
      }
      pad(out, s, spec);
      return;
    }
    case 'q':
      pad(out, go_quote(s, spec.plus), spec);
      return;
    case 'x':
    case 'X': {
      const char* digits = verb == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
      size_t length =
          spec.has_precision ? std::min(s.size(), static_cast<size_t>(spec.precision)) : s.size();
      std::string hex;
      for (size_t i = 0; i < length; ++i) {
        if (spec.space && i > 0) hex += ' ';
        if (spec.sharp && (spec.space || i == 0)) hex += verb == 'X' ? "0X" : "0x";
        auto c = static_cast<unsigned char>(s[i]);
        hex += digits[c >> 4];
        hex += digits[c & 0xF];
      }
      pad(out, hex, spec);
      return;
    }
    default:
      bad = true;
  }
}

void format_arg(std::string& out, const Arg& a, char32_t verb, const Spec& spec);

void bad_verb(std::string& out, const Arg& a, char32_t verb, const Spec& spec) {
  out += "%!";
  append_utf8(out, verb);
  out += "(";
  out += type_name(a);
  out += "=";
  Spec plain = spec;
  plain.sharp_v = plain.plus_v = false;
  format_arg(out, a, 'v', plain);
  out += ")";
}

void format_arg(std::string& out, const Arg& a, char32_t verb, const Spec& spec) {
  if (verb == 'T') {
    pad(out, type_name(a), spec);
    return;
  }
  bool bad = verb > 0x7F;
  char v = static_cast<char>(verb);
  if (!bad) {
    switch (a.type) {
      case Arg::Type::Int:
        format_int_verb(out, a, v, spec, bad);
        break;
      case Arg::Type::BigInt:
        format_big_verb(out, a, v, spec, bad);
        break;
      case Arg::Type::Float:
        format_float_verb(out, a, v, spec, bad);
        break;
      case Arg::Type::String:
        format_string_verb(out, a, v, spec, bad);
        break;
    }
  }
  if (bad) bad_verb(out, a, verb, spec);
}

// Go's parsenum: a decimal number at `i`, capped so a huge width cannot exhaust memory.
bool parse_number(std::string_view f, size_t& i, int& n) {
  size_t start = i;
  n = 0;
  while (i < f.size() && f[i] >= '0' && f[i] <= '9') {
    if (n > 1'000'000) return false;  // Go calls this BADWIDTH / BADPREC
    n = n * 10 + (f[i] - '0');
    ++i;
  }
  return i > start;
}

}  // namespace

std::string go_quote(std::string_view text, bool ascii_only) {
  std::string out = "\"";
  for (size_t i = 0; i < text.size();) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      append_escaped_rune(out, c, '"', ascii_only);
      ++i;
      continue;
    }
    size_t start = i;
    std::u32string one = to_runes(text.substr(i, std::min<size_t>(4, text.size() - i)));
    char32_t r = one.empty() ? 0xFFFD : one[0];
    std::string encoded;
    append_utf8(encoded, r);
    if (r == 0xFFFD && text.substr(start, 3) != "\xEF\xBF\xBD") {
      // An invalid byte: Go escapes it as \x.
      out += "\\x";
      append_hex(out, c, 2);
      ++i;
      continue;
    }
    append_escaped_rune(out, r, '"', ascii_only);
    i += encoded.size();
  }
  return out + "\"";
}

std::string go_float_text(double d) {
  return shortest_float(d, 'g');
}

std::string rego_text(const Value& value) {
  switch (value.kind()) {
    case Kind::Null:
      return "null";
    case Kind::Boolean:
      return value.as_bool() ? "true" : "false";
    case Kind::Number:
      return value.number_text();
    case Kind::String:
      return go_quote(value.as_string());
    case Kind::Array: {
      std::string out = "[";
      bool first = true;
      for (const auto& item : value.as_array()) {
        if (!first) out += ", ";
        first = false;
        out += rego_text(item);
      }
      return out + "]";
    }
    case Kind::Object: {
      std::string out = "{";
      bool first = true;
      for (const auto& [k, v] : value.as_object()) {
        if (!first) out += ", ";
        first = false;
        out += rego_text(k) + ": " + rego_text(v);
      }
      return out + "}";
    }
    case Kind::Set: {
      if (value.as_set().empty()) return "set()";
      std::string out = "{";
      bool first = true;
      for (const auto& item : value.as_set()) {
        if (!first) out += ", ";
        first = false;
        out += rego_text(item);
      }
      return out + "}";
    }
  }
  return "";
}

namespace {

// Printable ASCII other than the quote and the backslash: %q only adds the quotes.
bool quotes_plainly(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return c >= 0x20 && c < 0x7F && c != '"' && c != '\\'; });
}

// The usual messages — %s, %v, %q and %d of plain strings and integers, without flags,
// widths or mistakes — formatted without converting the operands to Go's. Anything else is
// nullopt, for the general formatter.
std::optional<std::string> plain_sprintf(std::string_view f, std::span<const Value> values) {
  std::string out;
  out.reserve(f.size() + 32 * values.size());
  size_t next = 0;
  for (size_t i = 0; i < f.size();) {
    size_t percent = f.find('%', i);
    if (percent == std::string_view::npos) {
      out += f.substr(i);
      break;
    }
    out += f.substr(i, percent - i);
    if (percent + 1 >= f.size()) return std::nullopt;
    char verb = f[percent + 1];
    i = percent + 2;
    if (verb == '%') {
      out += '%';
      continue;
    }
    if (next >= values.size()) return std::nullopt;
    const Value& v = values[next++];
    if (v.is_string() && (verb == 's' || verb == 'v')) {
      out += v.as_string();
    } else if (v.is_string() && verb == 'q' && quotes_plainly(v.as_string())) {
      out += '"';
      out += v.as_string();
      out += '"';
    } else if (v.is_integer() && (verb == 'd' || verb == 'v')) {
      char digits[24];
      auto end = std::to_chars(digits, digits + sizeof digits, v.as_int()).ptr;
      out.append(digits, end);
    } else {
      return std::nullopt;
    }
  }
  if (next != values.size()) return std::nullopt;
  return out;
}

}  // namespace

std::string go_sprintf(std::string_view f, std::span<const Value> values) {
  if (auto plain = plain_sprintf(f, values)) return std::move(*plain);
  std::vector<Arg> args;
  args.reserve(values.size());
  for (const auto& v : values) args.push_back(to_arg(v));

  std::string out;
  size_t arg_num = 0;
  bool reordered = false;
  // Go's argNumber: an optional [n] selecting the next operand (1-based).
  auto arg_number = [&](size_t& i, bool& good) -> bool {
    if (i >= f.size() || f[i] != '[') return false;
    reordered = true;
    size_t close = f.find(']', i + 1);
    if (close == std::string_view::npos) {
      good = false;
      i = f.size();
      return false;
    }
    size_t k = i + 1;
    int n = 0;
    if (!parse_number(f, k, n) || k != close || n < 1 || static_cast<size_t>(n) > args.size()) {
      good = false;
      i = close + 1;
      return true;
    }
    arg_num = static_cast<size_t>(n - 1);
    i = close + 1;
    return true;
  };
  // A '*' width or precision: the next operand, which must be an int.
  auto star_operand = [&](int& n) -> bool {
    if (arg_num >= args.size() || args[arg_num].type != Arg::Type::Int) {
      ++arg_num;
      return false;
    }
    int64_t v = args[arg_num++].i;
    if (v > 1'000'000 || v < -1'000'000) return false;
    n = static_cast<int>(v);
    return true;
  };

  for (size_t i = 0; i < f.size();) {
    size_t percent = f.find('%', i);
    if (percent == std::string_view::npos) {
      out += f.substr(i);
      break;
    }
    out += f.substr(i, percent - i);
    i = percent + 1;

    Spec spec;
    for (; i < f.size(); ++i) {
      char c = f[i];
      if (c == '#') {
        spec.sharp = true;
      } else if (c == '0') {
        spec.zero = !spec.minus;
      } else if (c == '+') {
        spec.plus = true;
      } else if (c == '-') {
        spec.minus = true;
        spec.zero = false;
      } else if (c == ' ') {
        spec.space = true;
      } else {
        break;
      }
    }

    bool good_arg = true;
    bool after_index = arg_number(i, good_arg);
    if (i < f.size() && f[i] == '*') {
      ++i;
      int w = 0;
      if (!star_operand(w)) {
        out += "%!(BADWIDTH)";
      } else {
        spec.has_width = true;
        spec.width = w;
        if (w < 0) {
          spec.minus = true;
          spec.zero = false;
          spec.width = -w;
        }
      }
      after_index = false;
    } else {
      spec.has_width = parse_number(f, i, spec.width);
      if (after_index && spec.has_width) good_arg = false;
    }

    if (i + 1 < f.size() && f[i] == '.') {
      ++i;
      if (after_index) good_arg = false;
      after_index = arg_number(i, good_arg);
      if (i < f.size() && f[i] == '*') {
        ++i;
        int p = 0;
        if (!star_operand(p)) {
          out += "%!(BADPREC)";
        } else {
          spec.has_precision = p >= 0;
          spec.precision = p;
        }
        after_index = false;
      } else {
        spec.has_precision = true;
        parse_number(f, i, spec.precision);
      }
    }
    if (!after_index) after_index = arg_number(i, good_arg);

    if (i >= f.size()) {
      out += "%!(NOVERB)";
      break;
    }
    size_t verb_start = i;
    std::u32string verb_runes = to_runes(f.substr(i, std::min<size_t>(4, f.size() - i)));
    char32_t verb = verb_runes[0];
    std::string verb_text;
    append_utf8(verb_text, verb);
    i = verb_start + (verb == 0xFFFD && static_cast<unsigned char>(f[i]) >= 0x80 &&
                              f.substr(i, 3) != "\xEF\xBF\xBD"
                          ? 1
                          : verb_text.size());

    if (verb == '%') {
      out += '%';
      continue;
    }
    if (!good_arg) {
      out += "%!" + verb_text + "(BADINDEX)";
      continue;
    }
    if (arg_num >= args.size()) {
      out += "%!" + verb_text + "(MISSING)";
      continue;
    }
    if (verb == 'v') {
      spec.sharp_v = spec.sharp;
      spec.sharp = false;
      spec.plus_v = spec.plus;
      spec.plus = false;
    }
    format_arg(out, args[arg_num++], verb, spec);
  }

  if (!reordered && arg_num < args.size()) {
    out += "%!(EXTRA ";
    for (size_t k = arg_num; k < args.size(); ++k) {
      if (k > arg_num) out += ", ";
      out += type_name(args[k]);
      out += "=";
      format_arg(out, args[k], 'v', Spec{});
    }
    out += ")";
  }
  return out;
}

}  // namespace mg::rego::builtins
