// yaml.marshal, yaml.unmarshal and yaml.is_valid. OPA goes through sigs.k8s.io/yaml, which
// reads and writes YAML with go-yaml v2: YAML 1.1 scalars (yes/no/on/off are booleans,
// 0777 is octal), keys made strings, maps written in go-yaml's "natural" key order.

#include <yaml-cpp/yaml.h>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include "rego/builtins/decl.h"
#include "rego/builtins/encoding_parts.h"
#include "rego/builtins/operands.h"
#include "rego/value/json.h"

namespace mg::rego::builtins {

namespace {

// ===== reading ============================================================================

bool one_of(std::string_view s, std::initializer_list<std::string_view> options) {
  for (auto o : options) {
    if (s == o) return true;
  }
  return false;
}

// strconv.ParseInt(s, 0, 64): sign, then 0x / 0o / 0b / leading-0 octal / decimal.
// Sets `overflow` when the digits are valid but the value does not fit.
std::optional<int64_t> go_parse_int(std::string_view s, bool& overflow) {
  overflow = false;
  bool negative = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  int base = 10;
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    base = 16;
    s.remove_prefix(2);
  } else if (s.size() > 2 && s[0] == '0' && (s[1] == 'o' || s[1] == 'O')) {
    base = 8;
    s.remove_prefix(2);
  } else if (s.size() > 2 && s[0] == '0' && (s[1] == 'b' || s[1] == 'B')) {
    base = 2;
    s.remove_prefix(2);
  } else if (s.size() > 1 && s[0] == '0') {
    base = 8;
    s.remove_prefix(1);
  }
  if (s.empty()) return std::nullopt;
  unsigned __int128 value = 0;
  for (char c : s) {
    int d = std::isdigit(static_cast<unsigned char>(c))    ? c - '0'
            : std::isxdigit(static_cast<unsigned char>(c)) ? (std::tolower(c) - 'a' + 10)
                                                           : 99;
    if (d >= base) return std::nullopt;
    value = value * static_cast<unsigned>(base) + static_cast<unsigned>(d);
    if (value > (static_cast<unsigned __int128>(1) << 64)) overflow = true;
  }
  unsigned __int128 limit =
      static_cast<unsigned __int128>(std::numeric_limits<int64_t>::max()) + (negative ? 1 : 0);
  if (overflow || value > limit) {
    overflow = true;
    return std::nullopt;
  }
  return negative ? static_cast<int64_t>(-static_cast<__int128>(value))
                  : static_cast<int64_t>(value);
}

bool is_yaml_float(std::string_view s) {
  // ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$
  size_t i = 0;
  auto digits = [&] {
    size_t start = i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    return i > start;
  };
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (!digits()) return false;
  } else {
    if (!digits()) return false;
    if (i < s.size() && s[i] == '.') {
      ++i;
      digits();
    }
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (!digits()) return false;
  }
  return i == s.size();
}

// How go-yaml v2 resolves an untagged plain scalar.
Value resolve_plain(const std::string& s) {
  if (one_of(s, {"", "~", "null", "Null", "NULL"})) return Value::null();
  if (one_of(s, {"y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"})) {
    return Value::boolean(true);
  }
  if (one_of(s, {"n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"})) {
    return Value::boolean(false);
  }
  if (one_of(s, {".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"})) {
    fail("json: unsupported value: +Inf");
  }
  if (one_of(s, {"-.inf", "-.Inf", "-.INF"})) fail("json: unsupported value: -Inf");
  if (one_of(s, {".nan", ".NaN", ".NAN"})) fail("json: unsupported value: NaN");
  if (std::string_view("+-.0123456789").find(s[0]) == std::string_view::npos) {
    return Value::string(s);
  }
  std::string plain;
  for (char c : s) {
    if (c != '_') plain += c;
  }
  bool overflow = false;
  if (auto i = go_parse_int(plain, overflow)) return Value::integer(*i);
  if (overflow && plain[0] != '-' && plain.find_first_not_of("+0123456789") == std::string::npos) {
    // Beyond int64 but a uint64 or larger: keep the decimal digits exactly.
    std::string digits = plain[0] == '+' ? plain.substr(1) : plain;
    if (auto v = Value::number(digits)) return *v;
  }
  if (is_yaml_float(plain)) {
    double d = std::strtod(plain.c_str(), nullptr);
    if (std::isinf(d)) fail(std::string("json: unsupported value: ") + (d > 0 ? "+Inf" : "-Inf"));
    return Value::floating(d);
  }
  return Value::string(s);
}

std::string go_format_float(double d);

// sigs.k8s.io/yaml turns every map key into a JSON string.
std::string key_string(const Value& key) {
  switch (key.kind()) {
    case Kind::String:
      return std::string(key.as_string());
    case Kind::Boolean:
      return key.as_bool() ? "true" : "false";
    case Kind::Null:
      return "null";
    case Kind::Number:
      return key.is_integer() ? std::to_string(key.as_int()) : go_format_float(key.as_double());
    default:
      fail("error converting YAML to JSON: Unsupported map key of type: " +
           std::string(kind_name(key.kind())));
  }
}

constexpr int kMaxDepth = 1000;

Value to_value(const YAML::Node& node, int depth);

void merge_into(std::vector<ObjectEntry>& entries, const YAML::Node& source, int depth) {
  auto add = [&](const YAML::Node& map) {
    if (!map.IsMap())
      fail(
          "error converting YAML to JSON: yaml: map merge requires map or sequence of maps as the "
          "value");
    Value merged = to_value(map, depth + 1);
    for (const auto& [k, v] : merged.as_object()) {
      bool present = false;
      for (const auto& e : entries) present = present || e.first == k;
      if (!present) entries.emplace_back(k, v);
    }
  };
  if (source.IsSequence()) {
    for (const auto& item : source) add(item);
  } else {
    add(source);
  }
}

Value to_value(const YAML::Node& node, int depth) {
  if (depth > kMaxDepth) fail("error converting YAML to JSON: yaml: exceeded max depth");
  switch (node.Type()) {
    case YAML::NodeType::Undefined:
    case YAML::NodeType::Null:
      return Value::null();
    case YAML::NodeType::Scalar: {
      const std::string& tag = node.Tag();
      if (tag == "!" || tag == "tag:yaml.org,2002:str") return Value::string(node.Scalar());
      if (tag == "tag:yaml.org,2002:binary") return Value::string(node.Scalar());
      return resolve_plain(node.Scalar());
    }
    case YAML::NodeType::Sequence: {
      std::vector<Value> items;
      for (const auto& item : node) items.push_back(to_value(item, depth + 1));
      return Value::array(std::move(items));
    }
    case YAML::NodeType::Map: {
      // Explicit keys win over merged ones (<<), whatever their position.
      std::vector<ObjectEntry> entries;
      std::vector<YAML::Node> merges;
      for (const auto& pair : node) {
        if (pair.first.IsScalar() && pair.first.Tag() == "?" && pair.first.Scalar() == "<<") {
          merges.push_back(pair.second);
          continue;
        }
        Value key = to_value(pair.first, depth + 1);
        Value value = to_value(pair.second, depth + 1);
        Value name = Value::string(key_string(key));
        // A repeated key: the last one wins, as go-yaml v2 decodes into a map.
        std::erase_if(entries, [&](const ObjectEntry& e) { return e.first == name; });
        entries.emplace_back(std::move(name), std::move(value));
      }
      for (const auto& m : merges) merge_into(entries, m, depth);
      return Value::object(std::move(entries));
    }
  }
  return Value::null();
}

Value parse_yaml(std::string_view text) {
  try {
    YAML::Node node = YAML::Load(std::string(text));
    return to_value(node, 0);
  } catch (const YAML::Exception& e) {
    fail("error converting YAML to JSON: yaml: line " + std::to_string(e.mark.line + 1) + ": " +
         e.msg);
  }
}

// ===== writing ============================================================================

// strconv.FormatFloat(d, 'g', -1, 64): shortest digits, in exponent form when the
// exponent is below -4 or at least 6 (Go's rule for the shortest %g).
std::string go_format_float(double d) {
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
  std::string sci(buf, res.ptr);
  // sci is [-]D[.DDD]e[+-]XX
  bool negative = sci[0] == '-';
  if (negative) sci.erase(0, 1);
  size_t e = sci.find('e');
  std::string digits = sci.substr(0, e);
  digits.erase(std::remove(digits.begin(), digits.end(), '.'), digits.end());
  int exp = std::stoi(sci.substr(e + 1));
  int nd = static_cast<int>(digits.size());
  const int eprec = 6;
  std::string out = negative ? "-" : "";
  if (exp < -4 || exp >= eprec) {
    out += digits[0];
    if (nd > 1) {
      out += '.';
      out.append(digits, 1);
    }
    out += 'e';
    out += exp < 0 ? '-' : '+';
    int magnitude = std::abs(exp);
    if (magnitude < 10) out += '0';
    out += std::to_string(magnitude);
    return out;
  }
  if (exp < 0) {
    out += "0.";
    out.append(static_cast<size_t>(-exp - 1), '0');
    out += digits;
  } else if (nd <= exp + 1) {
    out += digits;
    out.append(static_cast<size_t>(exp + 1 - nd), '0');
  } else {
    auto integer_digits = static_cast<size_t>(exp) + 1;  // exp >= 0 here
    out.append(digits, 0, integer_digits);
    out += '.';
    out.append(digits, integer_digits);
  }
  return out;
}

// go-yaml v2's key order: digit runs compare as numbers, letters sort after other runes.
bool natural_less(const std::u32string& a, const std::u32string& b) {
  auto is_letter = [](char32_t c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= 0x80 && c != 0xa0);
  };
  auto is_digit = [](char32_t c) { return c >= '0' && c <= '9'; };
  for (size_t i = 0; i < a.size() && i < b.size(); ++i) {
    if (a[i] == b[i]) continue;
    bool al = is_letter(a[i]), bl = is_letter(b[i]);
    if (al && bl) return a[i] < b[i];
    if (al || bl) return bl;
    int64_t an = 0, bn = 0;
    if (a[i] == '0' || b[i] == '0') {
      for (size_t j = i; j-- > 0 && is_digit(a[j]);) {
        if (a[j] != '0') {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    size_t ai = i, bi = i;
    for (; ai < a.size() && is_digit(a[ai]); ++ai) an = an * 10 + (a[ai] - '0');
    for (; bi < b.size() && is_digit(b[bi]); ++bi) bn = bn * 10 + (b[bi] - '0');
    if (an != bn) return an < bn;
    if (ai != bi) return ai < bi;
    return a[i] < b[i];
  }
  return a.size() < b.size();
}

bool is_printable(char32_t c) {
  return c == 0x0a || (c >= 0x20 && c <= 0x7e) || c == 0x85 || (c >= 0xa0 && c <= 0xd7ff) ||
         (c >= 0xe000 && c <= 0xfffd && c != 0xfeff) || (c >= 0x10000 && c <= 0x10ffff);
}

bool is_space_or_end(const std::u32string& r, size_t i) {
  return i >= r.size() || r[i] == ' ';
}

struct ScalarAnalysis {
  bool plain_allowed = true;
  bool single_quoted_allowed = true;
  bool block_allowed = true;
};

ScalarAnalysis analyze(const std::u32string& r) {
  ScalarAnalysis a;
  if (r.empty()) {
    a.plain_allowed = false;
    a.block_allowed = false;
    return a;
  }
  auto starts = [&](std::u32string_view p) { return r.size() >= 3 && r.substr(0, 3) == p; };
  if (starts(U"---") || starts(U"...")) a.plain_allowed = false;
  bool previous_space = false, previous_break = false;
  bool space_break = false, break_space = false, special = false;
  for (size_t i = 0; i < r.size(); ++i) {
    char32_t c = r[i];
    if (i == 0) {
      if (std::u32string_view(U"#,[]{}&*!|>'\"%@`").find(c) != std::u32string_view::npos) {
        a.plain_allowed = false;
      }
      if ((c == '?' || c == ':' || c == '-') && is_space_or_end(r, 1)) a.plain_allowed = false;
    } else {
      if (c == ':' && is_space_or_end(r, i + 1)) a.plain_allowed = false;
      if (c == '#' && (r[i - 1] == ' ')) a.plain_allowed = false;
    }
    if (!is_printable(c) || c == 0xfeff) special = true;
    if (c == ' ') {
      if (previous_break) break_space = true;
      previous_space = true;
      previous_break = false;
    } else if (c == '\n') {
      if (previous_space) space_break = true;
      previous_break = true;
      previous_space = false;
    } else {
      previous_space = previous_break = false;
    }
  }
  bool leading = r.front() == ' ' || r.front() == '\n';
  bool trailing = r.back() == ' ' || r.back() == '\n';
  if (leading || trailing) a.plain_allowed = false;
  if (r.back() == ' ') a.block_allowed = false;
  if (break_space) a.plain_allowed = a.single_quoted_allowed = false;
  if (space_break || special) a.plain_allowed = a.single_quoted_allowed = a.block_allowed = false;
  if (r.find(U'\n') != std::u32string::npos) a.plain_allowed = false;
  return a;
}

std::string double_quoted(const std::u32string& r) {
  std::string out = "\"";
  for (char32_t c : r) {
    switch (c) {
      case 0:
        out += "\\0";
        continue;
      case 7:
        out += "\\a";
        continue;
      case 8:
        out += "\\b";
        continue;
      case 9:
        out += "\\t";
        continue;
      case 10:
        out += "\\n";
        continue;
      case 11:
        out += "\\v";
        continue;
      case 12:
        out += "\\f";
        continue;
      case 13:
        out += "\\r";
        continue;
      case 27:
        out += "\\e";
        continue;
      case '"':
        out += "\\\"";
        continue;
      case '\\':
        out += "\\\\";
        continue;
      case 0x85:
        out += "\\N";
        continue;
      case 0xa0:
        out += "\\_";
        continue;
      case 0x2028:
        out += "\\L";
        continue;
      case 0x2029:
        out += "\\P";
        continue;
      default:
        break;
    }
    if (is_printable(c) && c != 0xfeff) {
      append_utf8(out, c);
    } else {
      char buf[16];
      if (c <= 0xff) {
        std::snprintf(buf, sizeof buf, "\\x%02X", static_cast<unsigned>(c));
      } else if (c <= 0xffff) {
        std::snprintf(buf, sizeof buf, "\\u%04X", static_cast<unsigned>(c));
      } else {
        std::snprintf(buf, sizeof buf, "\\U%08X", static_cast<unsigned>(c));
      }
      out += buf;
    }
  }
  return out + "\"";
}

bool looks_like_timestamp(std::string_view s) {
  // YYYY-M-D with an optional time part: go-yaml quotes these to keep them strings.
  size_t i = 0;
  auto digits = [&](size_t min, size_t max) {
    size_t start = i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])) && i - start < max) ++i;
    return i - start >= min;
  };
  if (!digits(4, 4) || i >= s.size() || s[i++] != '-') return false;
  if (!digits(1, 2) || i >= s.size() || s[i++] != '-') return false;
  if (!digits(1, 2)) return false;
  return i == s.size() || s[i] == 'T' || s[i] == 't' || s[i] == ' ';
}

bool resolves_to_non_string(const std::string& s) {
  if (s.empty()) return true;
  try {
    if (!resolve_plain(s).is_string()) return true;
  } catch (const BuiltinError&) {
    return true;  // .inf and .nan
  }
  if (looks_like_timestamp(s)) return true;
  // Sexagesimal numbers (1:20) were floats in YAML 1.1; go-yaml quotes them.
  if (s.find(':') != std::string::npos &&
      s.find_first_not_of("+-0123456789_:.") == std::string::npos && std::isdigit(s.back())) {
    return true;
  }
  return false;
}

// A string scalar as go-yaml v2 writes it; `block_indent` is used for literal blocks.
std::string string_scalar(const std::string& s, bool is_key, int block_indent) {
  std::u32string r = to_runes(s);
  ScalarAnalysis a = analyze(r);
  if (s.find('\n') != std::string::npos) {
    if (!is_key && a.block_allowed) {
      std::string out = "|";
      if (r.front() == ' ' || r.front() == '\n') out += "2";
      size_t trailing = 0;
      while (trailing < r.size() && r[r.size() - 1 - trailing] == '\n') ++trailing;
      out += trailing == 0 ? "-" : (trailing == 1 ? "" : "+");
      std::string_view body(s);
      if (trailing > 0) body.remove_suffix(1);
      std::string indent(static_cast<size_t>(block_indent), ' ');
      size_t start = 0;
      while (true) {
        size_t nl = body.find('\n', start);
        std::string_view line = body.substr(start, nl == std::string_view::npos ? nl : nl - start);
        out += '\n';
        if (!line.empty()) out += indent + std::string(line);
        if (nl == std::string_view::npos) break;
        start = nl + 1;
      }
      return out;
    }
    return double_quoted(r);
  }
  if (resolves_to_non_string(s)) return double_quoted(r);
  if (a.plain_allowed) return s;
  if (a.single_quoted_allowed) {
    std::string out = "'";
    for (char c : s) {
      out += c;
      if (c == '\'') out += '\'';
    }
    return out + "'";
  }
  return double_quoted(r);
}

std::string scalar_text(const Value& v, bool is_key, int block_indent) {
  switch (v.kind()) {
    case Kind::Null:
      return "null";
    case Kind::Boolean:
      return v.as_bool() ? "true" : "false";
    case Kind::Number: {
      if (v.is_integer()) return std::to_string(v.as_int());
      std::string text = v.number_text();
      if (text.find_first_of(".eE") == std::string::npos) return text;  // a big integer
      return go_format_float(v.as_double());
    }
    case Kind::String:
      return string_scalar(std::string(v.as_string()), is_key, block_indent);
    default:
      return "";
  }
}

bool is_empty_collection(const Value& v) {
  return v.is_collection() && v.size() == 0;
}

void emit(std::string& out, const Value& v, int indent);

std::vector<std::pair<std::string, const Value*>> sorted_entries(const Value& object) {
  std::vector<std::pair<std::string, const Value*>> entries;
  for (const auto& [k, val] : object.as_object()) {
    entries.emplace_back(k.is_string() ? std::string(k.as_string()) : to_json(k), &val);
  }
  std::stable_sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
    return natural_less(to_runes(a.first), to_runes(b.first));
  });
  return entries;
}

// Writes a collection's lines; the first line's indentation is already written by the caller
// when `inline_first` is true (a map or sequence inside "- ").
void emit_block(std::string& out, const Value& v, int indent, bool inline_first) {
  std::string pad(static_cast<size_t>(indent), ' ');
  bool first = true;
  auto start_line = [&] {
    if (!(first && inline_first)) out += pad;
    first = false;
  };
  if (v.is_object()) {
    for (const auto& [key, value] : sorted_entries(v)) {
      start_line();
      out += string_scalar(key, true, indent + 2) + ":";
      if (value->is_object() && value->size() > 0) {
        out += '\n';
        emit_block(out, *value, indent + 2, false);
      } else if ((value->is_array() || value->is_set()) && value->size() > 0) {
        out += '\n';
        emit_block(out, *value, indent, false);
      } else {
        out += ' ';
        emit(out, *value, indent + 2);
      }
    }
    return;
  }
  auto items = v.is_array() ? v.as_array() : v.as_set();
  for (const Value& item : items) {
    start_line();
    out += "- ";
    if (item.is_collection() && item.size() > 0) {
      emit_block(out, item, indent + 2, true);
    } else {
      emit(out, item, indent + 2);
    }
  }
}

// One value at the current position, ending with a newline.
void emit(std::string& out, const Value& v, int indent) {
  if (is_empty_collection(v)) {
    out += v.is_object() ? "{}\n" : "[]\n";
  } else if (v.is_collection()) {
    emit_block(out, v, indent, false);
  } else {
    out += scalar_text(v, false, indent) + "\n";
  }
}

std::string to_yaml(const Value& v) {
  std::string out;
  emit(out, v, 0);
  return out;
}

}  // namespace

void add_yaml_builtins(std::vector<Builtin>& table) {
  table.push_back(
      make_builtin("yaml.marshal", 1, decl::function({decl::any()}, decl::string()),
                   [](BuiltinContext&, std::span<const Value> args) -> std::optional<Value> {
                     return Value::string(to_yaml(operand(args, 1)));
                   }));
  table.push_back(
      make_builtin("yaml.unmarshal", 1, decl::function({decl::string()}, decl::any()),
                   [](BuiltinContext&, std::span<const Value> args) -> std::optional<Value> {
                     return parse_yaml(string_operand(args, 1));
                   }));
  table.push_back(
      make_builtin("yaml.is_valid", 1, decl::function({decl::any()}, decl::boolean()),
                   [](BuiltinContext&, std::span<const Value> args) -> std::optional<Value> {
                     const Value& v = operand(args, 1);
                     if (!v.is_string()) return Value::boolean(false);
                     try {
                       YAML::Load(std::string(v.as_string()));
                       return Value::boolean(true);
                     } catch (const YAML::Exception&) {
                       return Value::boolean(false);
                     }
                   }));
}

}  // namespace mg::rego::builtins
