#include <algorithm>

#include "rego/builtins/decl.h"
#include "rego/builtins/families.h"
#include "rego/builtins/operands.h"

namespace mg::rego::builtins {

namespace {

using Args = std::span<const Value>;

std::optional<Value> concat(BuiltinContext&, Args args) {
  auto a = array_operand(args, 1);
  auto b = array_operand(args, 2);
  std::vector<Value> out(a.begin(), a.end());
  out.insert(out.end(), b.begin(), b.end());
  return Value::array(std::move(out));
}

// Indexes are clamped to the array; a start past the stop gives an empty array.
std::optional<Value> slice(BuiltinContext&, Args args) {
  auto items = array_operand(args, 1);
  int64_t start = integer_operand(args, 2);
  int64_t stop = integer_operand(args, 3);
  int64_t size = static_cast<int64_t>(items.size());
  start = std::max<int64_t>(start, 0);
  stop = std::min(stop, size);
  if (start >= stop) return Value::empty_array();
  return Value::array(std::vector<Value>(items.begin() + start, items.begin() + stop));
}

std::optional<Value> reverse(BuiltinContext&, Args args) {
  auto items = array_operand(args, 1);
  return Value::array(std::vector<Value>(items.rbegin(), items.rend()));
}

}  // namespace

void add_arrays(std::vector<Builtin>& table) {
  using namespace decl;
  auto arr = array_of(any());
  table.push_back(make_builtin("array.concat", 2, function({arr, arr}, arr), concat));
  table.push_back(make_builtin("array.slice", 3, function({arr, number(), number()}, arr), slice));
  table.push_back(make_builtin("array.reverse", 1, function({arr}, arr), reverse));
}

}  // namespace mg::rego::builtins
