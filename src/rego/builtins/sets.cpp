#include <algorithm>

#include "rego/builtins/decl.h"
#include "rego/builtins/families.h"
#include "rego/builtins/operands.h"

namespace mg::rego::builtins {

namespace {

using Args = std::span<const Value>;
using Items = std::span<const Value>;

auto less = [](const Value& a, const Value& b) { return compare(a, b) < 0; };

// Set elements are sorted, so union and intersection are linear merges.
Value set_union(Items a, Items b) {
  std::vector<Value> out;
  out.reserve(a.size() + b.size());
  std::set_union(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out), less);
  return Value::set_sorted(std::move(out));
}

Value set_intersection(Items a, Items b) {
  std::vector<Value> out;
  std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out), less);
  return Value::set_sorted(std::move(out));
}

std::optional<Value> and_(BuiltinContext&, Args args) {
  return set_intersection(set_operand(args, 1), set_operand(args, 2));
}

// Deprecated `set_diff`, kept for old policies; `minus` does the same.
std::optional<Value> set_diff(BuiltinContext&, Args args) {
  auto a = set_operand(args, 1);
  auto b = set_operand(args, 2);
  std::vector<Value> out;
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out), less);
  return Value::set_sorted(std::move(out));
}

std::optional<Value> or_(BuiltinContext&, Args args) {
  return set_union(set_operand(args, 1), set_operand(args, 2));
}

// The sets inside the set operand of intersection and union.
std::vector<Items> set_of_sets(Args args) {
  std::vector<Items> sets;
  for (const auto& item : set_operand(args, 1)) {
    if (!item.is_set()) throw_operand_types(1, {"set"}, item);
    sets.push_back(item.as_set());
  }
  return sets;
}

std::optional<Value> intersection(BuiltinContext&, Args args) {
  auto sets = set_of_sets(args);
  if (sets.empty()) return Value::empty_set();
  Value result = Value::set_sorted(std::vector<Value>(sets[0].begin(), sets[0].end()));
  for (size_t i = 1; i < sets.size(); ++i) result = set_intersection(result.as_set(), sets[i]);
  return result;
}

std::optional<Value> union_(BuiltinContext&, Args args) {
  Value result = Value::empty_set();
  for (auto s : set_of_sets(args)) result = set_union(result.as_set(), s);
  return result;
}

}  // namespace

void add_sets(std::vector<Builtin>& table) {
  using namespace decl;
  auto set2 = function({set_of(any()), set_of(any())}, set_of(any()));
  auto sets = function({set_of(set_of(any()))}, set_of(any()));
  table.push_back(make_builtin("and", 2, set2, and_));
  table.push_back(make_builtin("or", 2, set2, or_));
  table.push_back(make_builtin("set_diff", 2, set2, set_diff));
  table.push_back(make_builtin("intersection", 1, sets, intersection));
  table.push_back(make_builtin("union", 1, sets, union_));
}

}  // namespace mg::rego::builtins
