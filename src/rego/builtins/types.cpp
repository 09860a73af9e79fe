#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "rego/builtins/decl.h"
#include "rego/builtins/families.h"
#include "rego/builtins/operands.h"

namespace mg::rego::builtins {

namespace {

using Args = std::span<const Value>;

BuiltinFunction is_kind(Kind kind) {
  return [kind](BuiltinContext&, Args args) -> std::optional<Value> {
    return Value::boolean(args[0].kind() == kind);
  };
}

std::optional<Value> type_name(BuiltinContext&, Args args) {
  return Value::string(kind_name(args[0].kind()));
}

// The text of a decimal that Go's strconv.ParseFloat accepts, rewritten as JSON
// ("+.5" -> "0.5", "5." -> "5"); nullopt when it is not such a decimal.
std::optional<std::string> go_decimal_as_json(std::string_view s) {
  std::string out;
  size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    if (s[i] == '-') out += '-';
    ++i;
  }
  std::string whole, fraction;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) whole += s[i++];
  bool point = i < s.size() && s[i] == '.';
  if (point) {
    ++i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) fraction += s[i++];
  }
  if (whole.empty() && fraction.empty()) return std::nullopt;
  std::string exponent;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    exponent = "e";
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) exponent += s[i++];
    size_t digits = 0;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])))
      exponent += s[i++], ++digits;
    if (digits == 0) return std::nullopt;
  }
  if (i != s.size()) return std::nullopt;
  // JSON allows no leading zeros; they do not change the value.
  size_t nonzero = whole.find_first_not_of('0');
  whole = nonzero == std::string::npos ? "0" : whole.substr(nonzero);
  out += whole;
  if (!fraction.empty()) out += "." + fraction;
  return out + exponent;
}

std::optional<Value> to_number(BuiltinContext&, Args args) {
  const Value& v = args[0];
  switch (v.kind()) {
    case Kind::Null:
      return Value::integer(0);
    case Kind::Boolean:
      return Value::integer(v.as_bool() ? 1 : 0);
    case Kind::Number:
      return v;
    case Kind::String: {
      std::string_view s = v.as_string();
      std::string quoted = "\"" + std::string(s) + "\"";
      auto json = go_decimal_as_json(s);
      if (!json) fail("strconv.ParseFloat: parsing " + quoted + ": invalid syntax");
      errno = 0;
      double d = std::strtod(json->c_str(), nullptr);
      if (errno == ERANGE && std::isinf(d)) {
        fail("strconv.ParseFloat: parsing " + quoted + ": value out of range");
      }
      if (auto number = Value::number(*json)) return number;
      return Value::floating(d);
    }
    default:
      throw_operand_types(1, {"null", "boolean", "number", "string"}, v);
  }
}

// --- deprecated casts, still in OPA's catalogue --------------------------------------------

std::optional<Value> cast_array(BuiltinContext&, Args args) {
  const Value& v = args[0];
  if (v.is_array()) return v;
  if (v.is_set()) return Value::array(std::vector<Value>(v.as_set().begin(), v.as_set().end()));
  throw_operand_types(1, {"array", "set"}, v);
}

std::optional<Value> cast_set(BuiltinContext&, Args args) {
  const Value& v = args[0];
  if (v.is_set()) return v;
  if (v.is_array()) return Value::set(std::vector<Value>(v.as_array().begin(), v.as_array().end()));
  throw_operand_types(1, {"array", "set"}, v);
}

BuiltinFunction cast_to(Kind kind) {
  return [kind](BuiltinContext&, Args args) -> std::optional<Value> {
    if (args[0].kind() != kind) throw_operand_types(1, {kind_name(kind)}, args[0]);
    return args[0];
  };
}

}  // namespace

void add_types(std::vector<Builtin>& table) {
  using namespace decl;
  auto predicate = function({any()}, boolean());
  table.push_back(make_builtin("is_number", 1, predicate, is_kind(Kind::Number)));
  table.push_back(make_builtin("is_string", 1, predicate, is_kind(Kind::String)));
  table.push_back(make_builtin("is_boolean", 1, predicate, is_kind(Kind::Boolean)));
  table.push_back(make_builtin("is_array", 1, predicate, is_kind(Kind::Array)));
  table.push_back(make_builtin("is_set", 1, predicate, is_kind(Kind::Set)));
  table.push_back(make_builtin("is_object", 1, predicate, is_kind(Kind::Object)));
  table.push_back(make_builtin("is_null", 1, predicate, is_kind(Kind::Null)));
  table.push_back(make_builtin("type_name", 1, function({any()}, string()), type_name));
  table.push_back(make_builtin(
      "to_number", 1, function({any_of({null(), boolean(), number(), string()})}, number()),
      to_number));
  table.push_back(make_builtin("cast_array", 1, function({any()}, array_of(any())), cast_array));
  table.push_back(make_builtin("cast_set", 1, function({any()}, set_of(any())), cast_set));
  table.push_back(
      make_builtin("cast_string", 1, function({any()}, string()), cast_to(Kind::String)));
  table.push_back(
      make_builtin("cast_boolean", 1, function({any()}, boolean()), cast_to(Kind::Boolean)));
  table.push_back(make_builtin("cast_null", 1, function({any()}, null()), cast_to(Kind::Null)));
  table.push_back(make_builtin("cast_object", 1, function({any()}, object_of(any(), any())),
                               cast_to(Kind::Object)));
}

}  // namespace mg::rego::builtins
