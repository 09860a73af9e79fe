#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "rego/builtins/decl.h"
#include "rego/builtins/encoding_parts.h"
#include "rego/builtins/families.h"
#include "rego/builtins/operands.h"
#include "rego/value/json.h"

namespace mg::rego::builtins {

namespace {

// --- base64, as Go's encoding/base64 ---------------------------------------------------

constexpr std::string_view kStdAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::string_view kUrlAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string base64_encode(std::string_view in, std::string_view alphabet, bool pad) {
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 3 <= in.size(); i += 3) {
    uint32_t n = (uint8_t(in[i]) << 16) | (uint8_t(in[i + 1]) << 8) | uint8_t(in[i + 2]);
    out += alphabet[(n >> 18) & 63];
    out += alphabet[(n >> 12) & 63];
    out += alphabet[(n >> 6) & 63];
    out += alphabet[n & 63];
  }
  size_t rest = in.size() - i;
  if (rest > 0) {
    uint32_t n = uint8_t(in[i]) << 16;
    if (rest == 2) n |= uint8_t(in[i + 1]) << 8;
    out += alphabet[(n >> 18) & 63];
    out += alphabet[(n >> 12) & 63];
    if (rest == 2) out += alphabet[(n >> 6) & 63];
    if (pad) out.append(rest == 1 ? "==" : "=");
  }
  return out;
}

int base64_digit(char c, std::string_view alphabet) {
  auto pos = alphabet.find(c);
  return pos == std::string_view::npos ? -1 : static_cast<int>(pos);
}

[[noreturn]] void corrupt_base64(size_t offset) {
  fail("illegal base64 data at input byte " + std::to_string(offset));
}

// Go's decoder: quanta of four digits, '\r' and '\n' skipped anywhere, padding strict.
// Throws with Go's byte offset of the first bad input.
std::string base64_decode(std::string_view src, std::string_view alphabet, bool padded) {
  std::string out;
  size_t si = 0;
  auto is_newline = [&](size_t i) { return src[i] == '\n' || src[i] == '\r'; };
  while (true) {
    int digits[4] = {0, 0, 0, 0};
    int count = 4;
    int j = 0;
    while (j < 4) {
      if (si == src.size()) {
        if (j == 0) return out;
        if (j == 1 || padded) corrupt_base64(si - static_cast<size_t>(j));
        count = j;
        break;
      }
      char in = src[si++];
      if (in == '\n' || in == '\r') continue;
      int d = base64_digit(in, alphabet);
      if (d >= 0) {
        digits[j++] = d;
        continue;
      }
      if (in != '=' || !padded) corrupt_base64(si - 1);
      // Padding: only after two or three digits, and nothing but newlines may follow.
      if (j < 2) corrupt_base64(si - 1);
      if (j == 2) {
        while (si < src.size() && is_newline(si)) ++si;
        if (si == src.size()) corrupt_base64(src.size());
        if (src[si] != '=') corrupt_base64(si - 1);
        ++si;
      }
      while (si < src.size() && is_newline(si)) ++si;
      if (si < src.size()) corrupt_base64(si);
      count = j;
      break;
    }
    uint32_t n = (digits[0] << 18) | (digits[1] << 12) | (digits[2] << 6) | digits[3];
    out += static_cast<char>((n >> 16) & 0xff);
    if (count >= 3) out += static_cast<char>((n >> 8) & 0xff);
    if (count == 4) out += static_cast<char>(n & 0xff);
    if (count < 4) return out;
  }
}

// --- hex --------------------------------------------------------------------------------

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Go's %#U of a byte taken as a rune: U+0067 'g'.
std::string go_quoted_rune(unsigned char c) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", c);
  std::string out = buf;
  if (c >= 0x20 && c != 0x7f && !(c >= 0x80 && c < 0xa0)) {
    out += " '";
    append_utf8(out, c);
    out += "'";
  }
  return out;
}

std::string hex_decode(std::string_view s) {
  auto invalid = [](char c) {
    fail("encoding/hex: invalid byte: " + go_quoted_rune(static_cast<unsigned char>(c)));
  };
  std::string out;
  size_t j = 1;
  for (; j < s.size(); j += 2) {
    int a = hex_digit(s[j - 1]);
    int b = hex_digit(s[j]);
    if (a < 0) invalid(s[j - 1]);
    if (b < 0) invalid(s[j]);
    out += static_cast<char>(a * 16 + b);
  }
  if (s.size() % 2 == 1) {
    if (hex_digit(s[j - 1]) < 0) invalid(s[j - 1]);
    fail("encoding/hex: odd length hex string");
  }
  return out;
}

std::string hex_encode(std::string_view s) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : s) {
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

// --- URL query encoding, as Go's net/url -------------------------------------------------

std::string query_escape(std::string_view s) {
  static constexpr char digits[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else if (c == ' ') {
      out += '+';
    } else {
      out += '%';
      out += digits[c >> 4];
      out += digits[c & 15];
    }
  }
  return out;
}

std::string query_unescape(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '%') {
      if (i + 2 >= s.size() || hex_digit(s[i + 1]) < 0 || hex_digit(s[i + 2]) < 0) {
        std::string bad(s.substr(i, 3));
        std::string quoted;
        append_json_string(quoted, bad);
        fail("invalid URL escape " + quoted);
      }
      out += static_cast<char>(hex_digit(s[i + 1]) * 16 + hex_digit(s[i + 2]));
      i += 2;
    } else if (c == '+') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::optional<Value> urlquery_encode_object(BuiltinContext&, std::span<const Value> args) {
  const Value& object = operand(args, 1);
  if (!object.is_object()) throw_operand_types(1, {"object"}, object);
  auto bad_values = [] {
    throw_operand(1, "values must be string, array[string], or set[string]");
  };
  // url.Values.Encode: keys sorted, each value escaped, joined by '&'.
  std::map<std::string, std::vector<std::string>> query;
  for (const auto& [key, value] : object.as_object()) {
    std::string name = key.is_string() ? std::string(key.as_string()) : to_json(key);
    if (value.is_string()) {
      query[name] = {std::string(value.as_string())};
    } else if (value.is_array() || value.is_set()) {
      auto items = value.is_array() ? value.as_array() : value.as_set();
      for (const Value& item : items) {
        if (!item.is_string()) bad_values();
        query[name].emplace_back(item.as_string());
      }
    } else {
      bad_values();
    }
  }
  std::string out;
  for (const auto& [name, values] : query) {
    for (const auto& v : values) {
      if (!out.empty()) out += '&';
      out += query_escape(name) + "=" + query_escape(v);
    }
  }
  return Value::string(out);
}

std::optional<Value> urlquery_decode_object(BuiltinContext&, std::span<const Value> args) {
  std::string_view query = string_operand(args, 1);
  // url.ParseQuery: values keep their order; the first error wins but parsing goes on.
  std::map<std::string, std::vector<Value>> params;
  std::optional<std::string> first_error;
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view part = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (part.find(';') != std::string_view::npos) {
      if (!first_error) first_error = "invalid semicolon separator in query";
      continue;
    }
    if (part.empty()) continue;
    size_t eq = part.find('=');
    std::string_view key = part.substr(0, eq);
    std::string_view value =
        eq == std::string_view::npos ? std::string_view() : part.substr(eq + 1);
    try {
      std::string k = query_unescape(key);
      std::string v = query_unescape(value);
      params[k].push_back(Value::string(v));
    } catch (const BuiltinError& e) {
      if (!first_error) first_error = e.what();
    }
  }
  if (first_error) fail(*first_error);
  std::vector<ObjectEntry> entries;
  entries.reserve(params.size());
  for (auto& [k, values] : params)
    entries.emplace_back(Value::string(k), Value::array(std::move(values)));
  return Value::object(std::move(entries));
}

// --- JSON as Go writes it ----------------------------------------------------------------

// Go's encoder escapes <, > and & for safe embedding in HTML.
void append_html_escaped(std::string& out, std::string_view json) {
  for (char c : json) {
    switch (c) {
      case '<':
        out += "\\u003c";
        break;
      case '>':
        out += "\\u003e";
        break;
      case '&':
        out += "\\u0026";
        break;
      default:
        out += c;
    }
  }
}

void append_key(std::string& out, const Value& key) {
  // Non-string keys become their JSON text, as OPA's ast.JSON does.
  std::string text;
  append_json_string(text, key.is_string() ? std::string(key.as_string()) : to_json(key));
  append_html_escaped(out, text);
}

void write_go_json(std::string& out, const Value& v, bool pretty, std::string_view prefix,
                   std::string_view indent, int depth) {
  auto newline = [&](int level) {
    out += '\n';
    out += prefix;
    for (int i = 0; i < level; ++i) out += indent;
  };
  switch (v.kind()) {
    case Kind::Array:
    case Kind::Set: {
      auto items = v.is_array() ? v.as_array() : v.as_set();
      out += '[';
      for (size_t i = 0; i < items.size(); ++i) {
        if (i > 0) out += ',';
        if (pretty) newline(depth + 1);
        write_go_json(out, items[i], pretty, prefix, indent, depth + 1);
      }
      if (pretty && !items.empty()) newline(depth);
      out += ']';
      return;
    }
    case Kind::Object: {
      // Go sorts by the key text, which differs from Rego's order only for non-string keys.
      std::vector<const ObjectEntry*> entries;
      for (const auto& e : v.as_object()) entries.push_back(&e);
      auto text = [](const Value& k) {
        return k.is_string() ? std::string(k.as_string()) : to_json(k);
      };
      std::stable_sort(entries.begin(), entries.end(),
                       [&](auto* a, auto* b) { return text(a->first) < text(b->first); });
      out += '{';
      for (size_t i = 0; i < entries.size(); ++i) {
        if (i > 0) out += ',';
        if (pretty) newline(depth + 1);
        append_key(out, entries[i]->first);
        out += pretty ? ": " : ":";
        write_go_json(out, entries[i]->second, pretty, prefix, indent, depth + 1);
      }
      if (pretty && !entries.empty()) newline(depth);
      out += '}';
      return;
    }
    default:
      append_html_escaped(out, to_json(v));
  }
}

std::optional<Value> json_marshal_with_options(BuiltinContext&, std::span<const Value> args) {
  const Value& options = object_operand(args, 2);
  std::string indent = "\t";
  std::string prefix;
  bool implicit_pretty = false;
  std::optional<bool> explicit_pretty;
  int index = 0;
  for (const auto& [key, option_value] : options.as_object()) {
    const Value& value = option_value;  // clang 14 lambdas cannot capture structured bindings
    if (!key.is_string()) {
      throw_operand(2, "failed to stringify key " + to_json(key) + " at index " +
                           std::to_string(index) + ": operand " + std::to_string(index) +
                           " must be string but got " + std::string(kind_name(key.kind())));
    }
    std::string_view name = key.as_string();
    auto string_option = [&](std::string& target) {
      if (!value.is_string()) {
        throw_operand(2, "key " + std::string(name) + " failed cast to string: operand " +
                             std::to_string(index) + " must be string but got " +
                             std::string(kind_name(value.kind())));
      }
      target = value.as_string();
      implicit_pretty = true;
    };
    if (name == "prefix") {
      string_option(prefix);
    } else if (name == "indent") {
      string_option(indent);
    } else if (name == "pretty") {
      if (!value.is_bool()) throw_operand(2, "key pretty failed cast to bool");
      explicit_pretty = value.as_bool();
    } else {
      throw_operand(2, "object contained unknown key " + to_json(key));
    }
    ++index;
  }
  bool pretty = explicit_pretty.value_or(implicit_pretty);
  return Value::string(go_json(operand(args, 1), pretty, prefix, indent));
}

std::optional<Value> json_unmarshal(BuiltinContext&, std::span<const Value> args) {
  auto parsed = parse_go_json(string_operand(args, 1));
  if (auto* error = std::get_if<JsonError>(&parsed)) fail(error->message);
  return std::get<Value>(std::move(parsed));
}

// Known keys plus any other string keys, as OPA declares the options object.
const char* const kMarshalOptionsType =
    R"({"dynamic":{"key":{"type":"string"},"value":{"type":"any"}},"static":[)"
    R"({"key":"indent","value":{"type":"string"}},{"key":"prefix","value":{"type":"string"}},)"
    R"({"key":"pretty","value":{"type":"boolean"}}],"type":"object"})";

// --- registration helpers ----------------------------------------------------------------

using StringFn = std::string (*)(std::string_view);

Builtin string_to_string(std::string name, StringFn fn) {
  return make_builtin(std::move(name), 1, decl::function({decl::string()}, decl::string()),
                      [fn](BuiltinContext&, std::span<const Value> args) -> std::optional<Value> {
                        return Value::string(fn(string_operand(args, 1)));
                      });
}

// is_valid builtins answer false, never an error, for non-string operands.
Builtin validity_check(std::string name, bool (*valid)(std::string_view)) {
  return make_builtin(
      std::move(name), 1, decl::function({decl::any()}, decl::boolean()),
      [valid](BuiltinContext&, std::span<const Value> args) -> std::optional<Value> {
        const Value& v = operand(args, 1);
        return Value::boolean(v.is_string() && valid(v.as_string()));
      });
}

std::string base64url_decode(std::string_view in) {
  std::string s(in);
  if (s.empty() || s.back() != '=') {
    switch (s.size() % 4) {
      case 0:
        break;
      case 2:
        s += "==";
        break;
      case 3:
        s += "=";
        break;
      default:
        fail("illegal base64url string: " + s);
    }
  }
  return base64_decode(s, kUrlAlphabet, true);
}

}  // namespace

std::string encode_base64(std::string_view bytes, bool url, bool pad) {
  return base64_encode(bytes, url ? kUrlAlphabet : kStdAlphabet, pad);
}

std::string decode_base64(std::string_view text, bool url, bool pad) {
  return base64_decode(text, url ? kUrlAlphabet : kStdAlphabet, pad);
}

std::string go_json(const Value& value, bool pretty, std::string_view prefix,
                    std::string_view indent) {
  std::string out(pretty ? prefix : std::string_view());
  write_go_json(out, value, pretty, prefix, indent, 0);
  return out;
}

void add_encoding(std::vector<Builtin>& table) {
  table.push_back(string_to_string(
      "base64.encode", [](std::string_view s) { return base64_encode(s, kStdAlphabet, true); }));
  table.push_back(string_to_string(
      "base64.decode", [](std::string_view s) { return base64_decode(s, kStdAlphabet, true); }));
  table.push_back(validity_check("base64.is_valid", [](std::string_view s) {
    try {
      base64_decode(s, kStdAlphabet, true);
      return true;
    } catch (const BuiltinError&) {
      return false;
    }
  }));
  table.push_back(string_to_string(
      "base64url.encode", [](std::string_view s) { return base64_encode(s, kUrlAlphabet, true); }));
  table.push_back(string_to_string("base64url.encode_no_pad", [](std::string_view s) {
    return base64_encode(s, kUrlAlphabet, false);
  }));
  table.push_back(string_to_string("base64url.decode", base64url_decode));
  table.push_back(string_to_string("hex.encode", hex_encode));
  table.push_back(string_to_string("hex.decode", hex_decode));
  table.push_back(string_to_string("urlquery.encode", query_escape));
  table.push_back(string_to_string("urlquery.decode", query_unescape));

  auto query_values =
      decl::any_of({decl::array_of(decl::string()), decl::set_of(decl::string()), decl::string()});
  table.push_back(
      make_builtin("urlquery.encode_object", 1,
                   decl::function({decl::object_of(decl::string(), query_values)}, decl::string()),
                   urlquery_encode_object));
  table.push_back(
      make_builtin("urlquery.decode_object", 1,
                   decl::function({decl::string()},
                                  decl::object_of(decl::string(), decl::array_of(decl::string()))),
                   urlquery_decode_object));

  table.push_back(
      make_builtin("json.marshal", 1, decl::function({decl::any()}, decl::string()),
                   [](BuiltinContext&, std::span<const Value> args) -> std::optional<Value> {
                     return Value::string(go_json(operand(args, 1)));
                   }));
  table.push_back(make_builtin("json.marshal_with_options", 2,
                               decl::function({decl::any(), kMarshalOptionsType}, decl::string()),
                               json_marshal_with_options));
  table.push_back(make_builtin("json.unmarshal", 1, decl::function({decl::string()}, decl::any()),
                               json_unmarshal));
  table.push_back(validity_check("json.is_valid", [](std::string_view s) {
    return std::holds_alternative<Value>(parse_go_json(s));
  }));

  add_yaml_builtins(table);
  add_json_schema_builtins(table);
}

}  // namespace mg::rego::builtins
