#include <algorithm>

#include "rego/builtins/arithmetic.h"
#include "rego/builtins/decl.h"
#include "rego/builtins/families.h"
#include "rego/builtins/operands.h"

namespace mg::rego::builtins {

namespace {

using Args = std::span<const Value>;

std::optional<Value> count(BuiltinContext&, Args args) {
  const Value& v = args[0];
  switch (v.kind()) {
    case Kind::String:
      return Value::integer(static_cast<int64_t>(rune_count(v.as_string())));
    case Kind::Array:
    case Kind::Object:
    case Kind::Set:
      return Value::integer(static_cast<int64_t>(v.size()));
    default:
      throw_operand_types(1, {"array", "object", "set", "string"}, v);
  }
}

// The numbers of an array or set for sum and product ("set" first, as OPA words it).
std::span<const Value> numbers_operand(Args args) {
  const Value& v = args[0];
  if (!v.is_array() && !v.is_set()) throw_operand_types(1, {"set", "array"}, v);
  auto items = v.is_array() ? v.as_array() : v.as_set();
  for (const auto& item : items) {
    if (!item.is_number()) throw_operand_element(1, v, item, "number");
  }
  return items;
}

std::optional<Value> sum(BuiltinContext&, Args args) {
  Value total = Value::integer(0);
  for (const auto& n : numbers_operand(args)) total = add_numbers(total, n);
  return total;
}

std::optional<Value> product(BuiltinContext&, Args args) {
  Value total = Value::integer(1);
  for (const auto& n : numbers_operand(args)) total = multiply_numbers(total, n);
  return total;
}

std::span<const Value> set_or_array(Args args) {
  const Value& v = args[0];
  if (v.is_array()) return v.as_array();
  if (v.is_set()) return v.as_set();
  throw_operand_types(1, {"set", "array"}, v);
}

std::optional<Value> maximum(BuiltinContext&, Args args) {
  auto items = set_or_array(args);
  if (items.empty()) return std::nullopt;
  return *std::max_element(items.begin(), items.end());
}

std::optional<Value> minimum(BuiltinContext&, Args args) {
  auto items = set_or_array(args);
  if (items.empty()) return std::nullopt;
  return *std::min_element(items.begin(), items.end());
}

std::optional<Value> sort(BuiltinContext&, Args args) {
  auto items = set_or_array(args);
  std::vector<Value> sorted(items.begin(), items.end());
  if (args[0].is_array()) std::stable_sort(sorted.begin(), sorted.end());
  return Value::array(std::move(sorted));
}

std::span<const Value> array_or_set(Args args) {
  const Value& v = args[0];
  if (v.is_array()) return v.as_array();
  if (v.is_set()) return v.as_set();
  throw_operand_types(1, {"array", "set"}, v);
}

std::optional<Value> all_true(BuiltinContext&, Args args) {
  auto items = array_or_set(args);
  return Value::boolean(
      std::all_of(items.begin(), items.end(), [](const Value& v) { return v.is_true(); }));
}

std::optional<Value> any_true(BuiltinContext&, Args args) {
  auto items = array_or_set(args);
  return Value::boolean(
      std::any_of(items.begin(), items.end(), [](const Value& v) { return v.is_true(); }));
}

// `x in xs`: membership among set elements, array items or object values.
std::optional<Value> member(BuiltinContext&, Args args) {
  const Value& x = args[0];
  const Value& c = args[1];
  switch (c.kind()) {
    case Kind::Set:
      return Value::boolean(c.contains(x));
    case Kind::Array: {
      auto items = c.as_array();
      return Value::boolean(std::find(items.begin(), items.end(), x) != items.end());
    }
    case Kind::Object: {
      auto entries = c.as_object();
      return Value::boolean(std::any_of(entries.begin(), entries.end(),
                                        [&](const ObjectEntry& e) { return e.second == x; }));
    }
    default:
      return Value::boolean(false);
  }
}

// `k, v in xs`: key (or index) k holds v.
std::optional<Value> member_with_key(BuiltinContext&, Args args) {
  const Value& key = args[0];
  const Value& value = args[1];
  const Value& c = args[2];
  switch (c.kind()) {
    case Kind::Set:
      return Value::boolean(c.contains(key) && key == value);
    case Kind::Object: {
      const Value* found = c.get(key);
      return Value::boolean(found != nullptr && *found == value);
    }
    case Kind::Array: {
      auto index = exact_integer(key);
      auto items = c.as_array();
      bool hit = index && *index >= 0 && static_cast<size_t>(*index) < items.size() &&
                 items[static_cast<size_t>(*index)] == value;
      return Value::boolean(hit);
    }
    default:
      return Value::boolean(false);
  }
}

}  // namespace

void add_aggregates(std::vector<Builtin>& table) {
  using namespace decl;
  auto any_collection = any_of({array_of(decl::any()), set_of(decl::any())});
  auto numbers = any_of({set_of(number()), array_of(number())});
  table.push_back(
      make_builtin("count", 1,
                   function({any_of({string(), array_of(decl::any()),
                                     object_of(decl::any(), decl::any()), set_of(decl::any())})},
                            number()),
                   count));
  table.push_back(make_builtin("sum", 1, function({numbers}, number()), sum));
  table.push_back(make_builtin("product", 1, function({numbers}, number()), product));
  table.push_back(make_builtin("max", 1, function({any_collection}, decl::any()), maximum));
  table.push_back(make_builtin("min", 1, function({any_collection}, decl::any()), minimum));
  table.push_back(make_builtin("sort", 1, function({any_collection}, array_of(decl::any())), sort));
  table.push_back(make_builtin("all", 1, function({any_collection}, boolean()), all_true));
  table.push_back(make_builtin("any", 1, function({any_collection}, boolean()), any_true));
  table.push_back(make_builtin("internal.member_2", 2,
                               function({decl::any(), decl::any()}, boolean()), member));
  table.push_back(make_builtin("internal.member_3", 3,
                               function({decl::any(), decl::any(), decl::any()}, boolean()),
                               member_with_key));
}

}  // namespace mg::rego::builtins
