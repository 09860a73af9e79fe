#include <algorithm>
#include <cmath>
#include <cstdio>

#include "rego/builtins/decl.h"
#include "rego/builtins/families.h"
#include "rego/builtins/go_format.h"
#include "rego/builtins/go_template.h"
#include "rego/builtins/operands.h"

namespace mg::rego::builtins {

namespace {

using Args = std::span<const Value>;

Value boolean(bool b) {
  return Value::boolean(b);
}

// --- Unicode helpers ------------------------------------------------------------------

// Go's strings.ToLower / ToUpper: simple case mapping rune by rune.
std::string map_case(std::string_view s, bool upper) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      out += static_cast<char>(upper ? std::toupper(c) : std::tolower(c));
      ++i;
      continue;
    }
    size_t start = i;
    char32_t r = decode_rune(s, i);
    if (r == 0xFFFD && i - start == 1) {
      out += s.substr(start, 1);  // an invalid byte stays as it is
      continue;
    }
    append_utf8(out, upper ? rune_to_upper(r) : rune_to_lower(r));
  }
  return out;
}

// unicode.IsSpace.
bool is_space(char32_t r) {
  switch (r) {
    case '\t':
    case '\n':
    case '\v':
    case '\f':
    case '\r':
    case ' ':
    case 0x85:
    case 0xA0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x3000:
      return true;
    default:
      return r >= 0x2000 && r <= 0x200A;
  }
}

// Byte offsets of each rune start, plus the end.
std::vector<size_t> rune_starts(std::string_view s) {
  std::vector<size_t> starts;
  for (size_t i = 0; i < s.size();) {
    starts.push_back(i);
    decode_rune(s, i);
  }
  starts.push_back(s.size());
  return starts;
}

template <typename Pred>
std::string_view trim_runes(std::string_view s, bool left, bool right, Pred drop) {
  auto starts = rune_starts(s);
  size_t first = 0, last = starts.size() - 1;  // rune indexes [first, last)
  auto rune_at = [&](size_t k) {
    size_t i = starts[k];
    return decode_rune(s, i);
  };
  if (left) {
    while (first < last && drop(rune_at(first))) ++first;
  }
  if (right) {
    while (last > first && drop(rune_at(last - 1))) --last;
  }
  return s.substr(starts[first], starts[last] - starts[first]);
}

std::string_view trim_cutset(std::string_view s, std::string_view cutset, bool left, bool right) {
  if (s.empty() || cutset.empty()) return s;
  std::u32string cut = to_runes(cutset);
  return trim_runes(s, left, right,
                    [&](char32_t r) { return cut.find(r) != std::u32string::npos; });
}

// strings.ReplaceAll, where an empty `old` inserts `with` around every rune.
std::string replace_all(std::string_view s, std::string_view old, std::string_view with) {
  std::string out;
  if (old.empty()) {
    auto starts = rune_starts(s);
    for (size_t k = 0; k + 1 < starts.size(); ++k) {
      out += with;
      out += s.substr(starts[k], starts[k + 1] - starts[k]);
    }
    out += with;
    return out;
  }
  size_t i = 0;
  for (size_t at; (at = s.find(old, i)) != std::string_view::npos; i = at + old.size()) {
    out += s.substr(i, at - i);
    out += with;
  }
  out += s.substr(i);
  return out;
}

// Rune index of each match of `search` in `base`, overlapping matches included.
std::vector<int64_t> rune_matches(std::string_view base, std::string_view search, bool first_only) {
  std::vector<int64_t> found;
  int64_t rune = 0;
  for (size_t i = 0; i < base.size(); ++rune) {
    if (base.compare(i, search.size(), search) == 0 && i + search.size() <= base.size()) {
      found.push_back(rune);
      if (first_only) break;
    }
    decode_rune(base, i);
  }
  return found;
}

// --- builtins ---------------------------------------------------------------------------

std::optional<Value> concat(BuiltinContext&, Args args) {
  std::string_view sep = string_operand(args, 1);
  const Value& list = args[1];
  if (!list.is_array() && !list.is_set()) throw_operand_types(2, {"set", "array"}, list);
  auto parts = strings_operand(args, 2);
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += sep;
    out += parts[i];
  }
  return Value::string(std::move(out));
}

std::optional<Value> contains(BuiltinContext&, Args args) {
  return boolean(string_operand(args, 1).find(string_operand(args, 2)) != std::string_view::npos);
}

std::optional<Value> startswith(BuiltinContext&, Args args) {
  return boolean(string_operand(args, 1).starts_with(string_operand(args, 2)));
}

std::optional<Value> endswith(BuiltinContext&, Args args) {
  return boolean(string_operand(args, 1).ends_with(string_operand(args, 2)));
}

std::string format_unsigned(unsigned __int128 u, int base) {
  if (u == 0) return "0";
  std::string out;
  while (u > 0) {
    out += "0123456789abcdef"[static_cast<int>(u % static_cast<unsigned>(base))];
    u /= static_cast<unsigned>(base);
  }
  return std::string(out.rbegin(), out.rend());
}

std::optional<Value> format_int(BuiltinContext&, Args args) {
  const Value& n = number_operand(args, 1);
  const Value& base_value = number_operand(args, 2);
  auto base = exact_integer(base_value);
  if (!base || (*base != 2 && *base != 8 && *base != 10 && *base != 16)) {
    throw_operand(2, "must be one of {2, 8, 10, 16}");
  }
  // The number is truncated toward zero, as big.Float.Int does.
  if (n.is_integer()) {
    int64_t i = n.as_int();
    unsigned __int128 magnitude = i < 0 ? -static_cast<__int128>(i) : i;
    std::string text = i < 0 ? "-" : "";
    text += format_unsigned(magnitude, static_cast<int>(*base));
    return Value::string(std::move(text));
  }
  double d = std::trunc(n.as_double());
  if (std::fabs(d) < 1.7e38) {
    auto magnitude = static_cast<unsigned __int128>(std::fabs(d));
    std::string text = d < 0 && magnitude != 0 ? "-" : "";
    text += format_unsigned(magnitude, static_cast<int>(*base));
    return Value::string(std::move(text));
  }
  if (*base != 10) fail("number too large");
  char buf[400];
  std::snprintf(buf, sizeof buf, "%.0f", d);
  return Value::string(buf);
}

std::optional<Value> indexof(BuiltinContext&, Args args) {
  std::string_view base = string_operand(args, 1);
  std::string_view search = string_operand(args, 2);
  if (search.empty()) fail("empty search character");
  auto found = rune_matches(base, search, true);
  return Value::integer(found.empty() ? -1 : found[0]);
}

std::optional<Value> indexof_n(BuiltinContext&, Args args) {
  std::string_view base = string_operand(args, 1);
  std::string_view search = string_operand(args, 2);
  if (search.empty()) fail("empty search character");
  std::vector<Value> out;
  for (int64_t i : rune_matches(base, search, false)) out.push_back(Value::integer(i));
  return Value::array(std::move(out));
}

std::optional<Value> lower(BuiltinContext&, Args args) {
  return Value::string(map_case(string_operand(args, 1), false));
}

std::optional<Value> upper(BuiltinContext&, Args args) {
  return Value::string(map_case(string_operand(args, 1), true));
}

std::optional<Value> replace(BuiltinContext&, Args args) {
  std::string_view s = string_operand(args, 1);
  std::string_view old = string_operand(args, 2);
  std::string_view with = string_operand(args, 3);
  return Value::string(replace_all(s, old, with));
}

// strings.NewReplacer semantics: scanning left to right, at each position the first
// pattern (in key order) that matches is replaced; matches never overlap.
std::optional<Value> replace_n(BuiltinContext&, Args args) {
  const Value& patterns = object_operand(args, 1);
  std::string_view s = string_operand(args, 2);
  std::vector<std::pair<std::string_view, std::string_view>> pairs;
  for (const auto& [k, v] : patterns.as_object()) {
    if (!k.is_string()) throw_operand(1, "non-string key found in pattern object");
    if (!v.is_string()) throw_operand(1, "non-string value found in pattern object");
    pairs.emplace_back(k.as_string(), v.as_string());
  }
  if (pairs.size() == 1) return Value::string(replace_all(s, pairs[0].first, pairs[0].second));
  std::string out;
  bool previous_empty = false;
  for (size_t i = 0; i <= s.size();) {
    bool matched = false;
    for (const auto& [old, with] : pairs) {
      if (old.empty() && previous_empty) continue;
      if (s.compare(i, old.size(), old) == 0 && i + old.size() <= s.size()) {
        out += with;
        i += old.size();
        previous_empty = old.empty();
        matched = true;
        break;
      }
    }
    if (matched) continue;
    previous_empty = false;
    if (i < s.size()) {
      size_t start = i;
      decode_rune(s, i);
      out += s.substr(start, i - start);
    } else {
      break;
    }
  }
  return Value::string(std::move(out));
}

std::optional<Value> split(BuiltinContext&, Args args) {
  std::string_view s = string_operand(args, 1);
  std::string_view delim = string_operand(args, 2);
  std::vector<Value> parts;
  if (delim.empty()) {
    auto starts = rune_starts(s);
    for (size_t k = 0; k + 1 < starts.size(); ++k) {
      parts.push_back(Value::string(s.substr(starts[k], starts[k + 1] - starts[k])));
    }
    return Value::array(std::move(parts));
  }
  size_t i = 0;
  for (size_t at; (at = s.find(delim, i)) != std::string_view::npos; i = at + delim.size()) {
    parts.push_back(Value::string(s.substr(i, at - i)));
  }
  parts.push_back(Value::string(s.substr(i)));
  return Value::array(std::move(parts));
}

std::optional<Value> sprintf(BuiltinContext&, Args args) {
  std::string_view format = string_operand(args, 1);
  return Value::string(go_sprintf(format, array_operand(args, 2)));
}

// A string operand, or an array or set of strings, for the *_match builtins.
std::vector<std::string_view> string_or_strings(Args args, int position) {
  const Value& v = operand(args, position);
  if (v.is_string()) return {v.as_string()};
  if (!v.is_array() && !v.is_set()) throw_operand_types(position, {"string", "set", "array"}, v);
  return strings_operand(args, position);
}

std::optional<Value> any_prefix_match(BuiltinContext&, Args args) {
  auto strs = string_or_strings(args, 1);
  auto prefixes = string_or_strings(args, 2);
  for (auto s : strs) {
    for (auto p : prefixes) {
      if (s.starts_with(p)) return boolean(true);
    }
  }
  return boolean(false);
}

std::optional<Value> any_suffix_match(BuiltinContext&, Args args) {
  auto strs = string_or_strings(args, 1);
  auto suffixes = string_or_strings(args, 2);
  for (auto s : strs) {
    for (auto p : suffixes) {
      if (s.ends_with(p)) return boolean(true);
    }
  }
  return boolean(false);
}

std::optional<Value> strings_count(BuiltinContext&, Args args) {
  std::string_view s = string_operand(args, 1);
  std::string_view search = string_operand(args, 2);
  if (search.empty()) return Value::integer(static_cast<int64_t>(rune_count(s) + 1));
  int64_t n = 0;
  for (size_t at = s.find(search); at != std::string_view::npos;
       at = s.find(search, at + search.size()))
    ++n;
  return Value::integer(n);
}

std::optional<Value> strings_reverse(BuiltinContext&, Args args) {
  std::string_view s = string_operand(args, 1);
  auto starts = rune_starts(s);
  std::string out;
  out.reserve(s.size());
  for (size_t k = starts.size() - 1; k > 0; --k)
    out += s.substr(starts[k - 1], starts[k] - starts[k - 1]);
  return Value::string(std::move(out));
}

std::optional<Value> render_template(BuiltinContext&, Args args) {
  std::string_view text = string_operand(args, 1);
  const Value& vars = object_operand(args, 2);
  return Value::string(render_go_template(text, vars));
}

// substring counts runes; a negative length means "to the end".
std::optional<Value> substring(BuiltinContext&, Args args) {
  std::string_view s = string_operand(args, 1);
  int64_t start = integer_operand(args, 2);
  int64_t length = integer_operand(args, 3);
  if (start < 0) fail("negative offset");
  auto starts = rune_starts(s);
  auto runes = static_cast<int64_t>(starts.size() - 1);
  if (start >= runes) return Value::string("");
  int64_t end = length < 0 || length > runes - start ? runes : start + length;
  size_t from = starts[static_cast<size_t>(start)];
  return Value::string(s.substr(from, starts[static_cast<size_t>(end)] - from));
}

std::optional<Value> trim(BuiltinContext&, Args args) {
  return Value::string(trim_cutset(string_operand(args, 1), string_operand(args, 2), true, true));
}

std::optional<Value> trim_left(BuiltinContext&, Args args) {
  return Value::string(trim_cutset(string_operand(args, 1), string_operand(args, 2), true, false));
}

std::optional<Value> trim_right(BuiltinContext&, Args args) {
  return Value::string(trim_cutset(string_operand(args, 1), string_operand(args, 2), false, true));
}

std::optional<Value> trim_prefix(BuiltinContext&, Args args) {
  std::string_view s = string_operand(args, 1);
  std::string_view prefix = string_operand(args, 2);
  return Value::string(s.starts_with(prefix) ? s.substr(prefix.size()) : s);
}

std::optional<Value> trim_suffix(BuiltinContext&, Args args) {
  std::string_view s = string_operand(args, 1);
  std::string_view suffix = string_operand(args, 2);
  return Value::string(s.ends_with(suffix) ? s.substr(0, s.size() - suffix.size()) : s);
}

std::optional<Value> trim_space(BuiltinContext&, Args args) {
  return Value::string(trim_runes(string_operand(args, 1), true, true, is_space));
}

}  // namespace

void add_strings(std::vector<Builtin>& table) {
  using namespace decl;
  auto str = string();
  auto str2_bool = function({str, str}, decl::boolean());
  auto str2_str = function({str, str}, str);
  auto strings_arg = any_of({str, array_of(str), set_of(str)});
  auto add = [&](const char* name, int arity, std::string d, BuiltinFunction fn) {
    table.push_back(make_builtin(name, arity, std::move(d), std::move(fn)));
  };
  add("concat", 2, function({str, any_of({array_of(str), set_of(str)})}, str), concat);
  add("contains", 2, str2_bool, contains);
  add("startswith", 2, str2_bool, startswith);
  add("endswith", 2, str2_bool, endswith);
  add("format_int", 2, function({number(), number()}, str), format_int);
  add("indexof", 2, function({str, str}, number()), indexof);
  add("indexof_n", 2, function({str, str}, array_of(number())), indexof_n);
  add("lower", 1, function({str}, str), lower);
  add("upper", 1, function({str}, str), upper);
  add("replace", 3, function({str, str, str}, str), replace);
  add("strings.replace_n", 2, function({object_of(str, str), str}, str), replace_n);
  add("split", 2, function({str, str}, array_of(str)), split);
  add("sprintf", 2, function({str, array_of(any())}, str), sprintf);
  add("strings.any_prefix_match", 2, function({strings_arg, strings_arg}, decl::boolean()),
      any_prefix_match);
  add("strings.any_suffix_match", 2, function({strings_arg, strings_arg}, decl::boolean()),
      any_suffix_match);
  add("strings.count", 2, function({str, str}, number()), strings_count);
  add("strings.reverse", 1, function({str}, str), strings_reverse);
  add("strings.render_template", 2, function({str, object_of(str, any())}, str), render_template);
  add("substring", 3, function({str, number(), number()}, str), substring);
  add("trim", 2, str2_str, trim);
  add("trim_left", 2, str2_str, trim_left);
  add("trim_right", 2, str2_str, trim_right);
  add("trim_prefix", 2, str2_str, trim_prefix);
  add("trim_suffix", 2, str2_str, trim_suffix);
  add("trim_space", 1, function({str}, str), trim_space);
}

}  // namespace mg::rego::builtins
