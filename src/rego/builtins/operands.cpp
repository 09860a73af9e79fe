#include "rego/builtins/operands.h"

#include <locale.h>

#include <cmath>
#include <cwctype>

namespace mg::rego::builtins {

namespace {

// One locale for every builtin that classifies or case-maps runes beyond ASCII.
locale_t utf8_locale() {
  static const locale_t locale = newlocale(LC_CTYPE_MASK, "C.UTF-8", nullptr);
  return locale;
}

}  // namespace

void fail(std::string message) {
  throw BuiltinError(BuiltinError::Code::Builtin, std::move(message));
}

void throw_operand(int position, std::string_view detail) {
  throw BuiltinError(BuiltinError::Code::Type,
                     "operand " + std::to_string(position) + " " + std::string(detail));
}

void throw_operand_types(int position, std::initializer_list<std::string_view> expected,
                         const Value& got) {
  std::string types;
  for (auto t : expected) {
    if (!types.empty()) types += ", ";
    types += t;
  }
  std::string what = expected.size() == 1 ? types : "one of {" + types + "}";
  throw_operand(position, "must be " + what + " but got " + std::string(kind_name(got.kind())));
}

void throw_operand_element(int position, const Value& composite, const Value& element,
                           std::string_view expected) {
  std::string kind(kind_name(composite.kind()));
  throw_operand(position, "must be " + kind + " of " + std::string(expected) + "s but got " + kind +
                              " containing " + std::string(kind_name(element.kind())));
}

const Value& operand(std::span<const Value> args, int position) {
  return args[static_cast<size_t>(position - 1)];
}

const Value& number_operand(std::span<const Value> args, int position) {
  const Value& v = operand(args, position);
  if (!v.is_number()) throw_operand_types(position, {"number"}, v);
  return v;
}

int64_t integer_operand(std::span<const Value> args, int position) {
  const Value& v = number_operand(args, position);
  auto i = exact_integer(v);
  if (!i) throw_operand(position, "must be integer number but got floating-point number");
  return *i;
}

bool boolean_operand(std::span<const Value> args, int position) {
  const Value& v = operand(args, position);
  if (!v.is_bool()) throw_operand_types(position, {"boolean"}, v);
  return v.as_bool();
}

std::span<const Value> array_operand(std::span<const Value> args, int position) {
  const Value& v = operand(args, position);
  if (!v.is_array()) throw_operand_types(position, {"array"}, v);
  return v.as_array();
}

std::span<const Value> set_operand(std::span<const Value> args, int position) {
  const Value& v = operand(args, position);
  if (!v.is_set()) throw_operand_types(position, {"set"}, v);
  return v.as_set();
}

const Value& object_operand(std::span<const Value> args, int position) {
  const Value& v = operand(args, position);
  if (!v.is_object()) throw_operand_types(position, {"object"}, v);
  return v;
}

std::span<const Value> array_or_set_operand(std::span<const Value> args, int position) {
  const Value& v = operand(args, position);
  if (v.is_array()) return v.as_array();
  if (v.is_set()) return v.as_set();
  throw_operand_types(position, {"array", "set"}, v);
}

std::vector<std::string_view> strings_operand(std::span<const Value> args, int position) {
  const Value& v = operand(args, position);
  auto items = array_or_set_operand(args, position);
  std::vector<std::string_view> out;
  out.reserve(items.size());
  for (const auto& item : items) {
    if (!item.is_string()) throw_operand_element(position, v, item, "string");
    out.push_back(item.as_string());
  }
  return out;
}

std::optional<int64_t> exact_integer(const Value& number) {
  if (!number.is_number()) return std::nullopt;
  if (number.is_integer()) return number.as_int();
  // Integral decimals such as 1.0 are normalised to integers on construction, so anything
  // else is either fractional or too large for int64.
  return std::nullopt;
}

Value number_from_double(double d) {
  if (!std::isfinite(d)) fail("number out of range");
  return Value::floating(d);
}

void append_utf8(std::string& out, char32_t r) {
  if (r < 0x80) {
    out += static_cast<char>(r);
  } else if (r < 0x800) {
    out += static_cast<char>(0xC0 | (r >> 6));
    out += static_cast<char>(0x80 | (r & 0x3F));
  } else if (r < 0x10000) {
    if (r >= 0xD800 && r <= 0xDFFF) r = 0xFFFD;  // surrogates are not encodable, as in Go
    out += static_cast<char>(0xE0 | (r >> 12));
    out += static_cast<char>(0x80 | ((r >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (r & 0x3F));
  } else if (r <= 0x10FFFF) {
    out += static_cast<char>(0xF0 | (r >> 18));
    out += static_cast<char>(0x80 | ((r >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((r >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (r & 0x3F));
  } else {
    append_utf8(out, 0xFFFD);
  }
}

char32_t decode_rune(std::string_view s, size_t& i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = byte(i);
  if (c < 0x80) {
    ++i;
    return c;
  }
  int len = 0;
  char32_t r = 0;
  char32_t min = 0;
  if ((c & 0xE0) == 0xC0) {
    len = 2, r = c & 0x1F, min = 0x80;
  } else if ((c & 0xF0) == 0xE0) {
    len = 3, r = c & 0x0F, min = 0x800;
  } else if ((c & 0xF8) == 0xF0) {
    len = 4, r = c & 0x07, min = 0x10000;
  } else {
    ++i;
    return 0xFFFD;
  }
  if (i + static_cast<size_t>(len) > s.size()) {
    ++i;
    return 0xFFFD;
  }
  for (int k = 1; k < len; ++k) {
    unsigned char cc = byte(i + static_cast<size_t>(k));
    if ((cc & 0xC0) != 0x80) {
      ++i;
      return 0xFFFD;
    }
    r = (r << 6) | (cc & 0x3F);
  }
  if (r < min || r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF)) {
    ++i;
    return 0xFFFD;
  }
  i += static_cast<size_t>(len);
  return r;
}

std::u32string to_runes(std::string_view text) {
  std::u32string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) out += decode_rune(text, i);
  return out;
}

std::string from_runes(std::u32string_view runes) {
  std::string out;
  out.reserve(runes.size());
  for (char32_t r : runes) append_utf8(out, r);
  return out;
}

size_t rune_count(std::string_view text) {
  size_t n = 0;
  for (size_t i = 0; i < text.size(); ++n) decode_rune(text, i);
  return n;
}

std::variant<Value, JsonError> parse_go_json(std::string_view text) {
  JsonLimits go_json;
  go_json.last_duplicate_wins = true;
  return parse_json(text, go_json);
}

char32_t rune_to_upper(char32_t rune) {
  locale_t locale = utf8_locale();
  if (locale == nullptr) return rune;
  return static_cast<char32_t>(towupper_l(static_cast<wint_t>(rune), locale));
}

char32_t rune_to_lower(char32_t rune) {
  locale_t locale = utf8_locale();
  if (locale == nullptr) return rune;
  return static_cast<char32_t>(towlower_l(static_cast<wint_t>(rune), locale));
}

bool rune_is_printable_in_locale(char32_t rune) {
  locale_t locale = utf8_locale();
  return locale != nullptr && iswprint_l(static_cast<wint_t>(rune), locale);
}

}  // namespace mg::rego::builtins
