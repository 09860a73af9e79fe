#include <cmath>
#include <limits>
#include <random>

#include "rego/builtins/arithmetic.h"
#include "rego/builtins/decl.h"
#include "rego/builtins/families.h"
#include "rego/builtins/operands.h"

namespace mg::rego::builtins {

namespace {

using Args = std::span<const Value>;

BuiltinFunction binary(Value (*op)(const Value&, const Value&)) {
  return [op](BuiltinContext&, Args args) -> std::optional<Value> {
    return op(number_operand(args, 1), number_operand(args, 2));
  };
}

// Rounding functions leave integers (big ones too) alone and round decimals in double
// precision.
BuiltinFunction unary(double (*op)(double)) {
  return [op](BuiltinContext&, Args args) -> std::optional<Value> {
    const Value& n = number_operand(args, 1);
    if (n.is_integer() || exact_big_integer(n)) return n;
    return number_from_double(op(n.as_double()));
  };
}

// `minus` is also set difference.
std::optional<Value> minus(BuiltinContext&, Args args) {
  const Value& a = args[0];
  const Value& b = args[1];
  if (a.is_number() && b.is_number()) return subtract_numbers(a, b);
  if (a.is_set() && b.is_set()) {
    std::vector<Value> out;
    for (const auto& item : a.as_set()) {
      if (!b.contains(item)) out.push_back(item);
    }
    return Value::set_sorted(std::move(out));
  }
  if (!a.is_number() && !a.is_set()) throw_operand_types(1, {"number", "set"}, a);
  if (b.is_set()) throw_operand_types(2, {"number"}, b);
  throw_operand_types(2, {"set"}, b);
}

std::optional<Value> absolute(BuiltinContext&, Args args) {
  const Value& n = number_operand(args, 1);
  if (n.is_integer() && n.as_int() != std::numeric_limits<int64_t>::min()) {
    return Value::integer(n.as_int() < 0 ? -n.as_int() : n.as_int());
  }
  if (auto big = exact_big_integer(n)) return integer_value(big->abs());
  return number_from_double(std::fabs(n.as_double()));
}

// An integer range operand: OPA calls non-numbers "integer" here, unlike elsewhere.
int64_t range_operand(Args args, int position) {
  const Value& v = operand(args, position);
  if (!v.is_number()) throw_operand_types(position, {"integer"}, v);
  return integer_operand(args, position);
}

// Both ends inclusive, counting down when `from` > `to`.
Value range(int64_t from, int64_t to, int64_t step) {
  std::vector<Value> out;
  // Work in __int128 so that stepping past either end of int64 cannot overflow.
  if (from <= to) {
    for (__int128 i = from; i <= to; i += step)
      out.push_back(Value::integer(static_cast<int64_t>(i)));
  } else {
    for (__int128 i = from; i >= to; i -= step)
      out.push_back(Value::integer(static_cast<int64_t>(i)));
  }
  return Value::array(std::move(out));
}

constexpr int64_t kMaxRange = 100'000'000;  // elements: beyond this a policy is runaway

void check_range_size(int64_t from, int64_t to, int64_t step) {
  __int128 span = static_cast<__int128>(from) - to;
  if (span < 0) span = -span;
  if (span / step > kMaxRange) fail("range too large");
}

std::optional<Value> numbers_range(BuiltinContext&, Args args) {
  int64_t from = range_operand(args, 1);
  int64_t to = range_operand(args, 2);
  check_range_size(from, to, 1);
  return range(from, to, 1);
}

std::optional<Value> numbers_range_step(BuiltinContext&, Args args) {
  int64_t from = range_operand(args, 1);
  int64_t to = range_operand(args, 2);
  int64_t step = range_operand(args, 3);
  if (step <= 0) fail("numbers.range_step: step must be a positive number above zero");
  check_range_size(from, to, step);
  return range(from, to, step);
}

std::optional<Value> rand_intn(BuiltinContext& ctx, Args args) {
  std::string_view seed = string_operand(args, 1);
  int64_t n = integer_operand(args, 2);
  if (n == 0) return Value::integer(0);
  uint64_t bound = n < 0 ? 0 - static_cast<uint64_t>(n) : static_cast<uint64_t>(n);
  // OPA keys its cache by the string and |n|: rand.intn("x", -5) repeats rand.intn("x", 5).
  std::string key = "rand.intn/" + std::string(seed) + "/" + std::to_string(bound);
  if (auto it = ctx.remembered.find(key); it != ctx.remembered.end()) return it->second;
  std::uniform_int_distribution<uint64_t> pick(0, bound - 1);
  thread_local std::mt19937_64 fallback{std::random_device{}()};
  std::mt19937_64& rng = ctx.random != nullptr ? *ctx.random : fallback;
  Value result = Value::integer(static_cast<int64_t>(pick(rng)));
  ctx.remembered.emplace(std::move(key), result);
  return result;
}

}  // namespace

void add_numbers(std::vector<Builtin>& table) {
  using namespace decl;
  auto num2 = function({number(), number()}, number());
  auto num1 = function({number()}, number());
  table.push_back(make_builtin("plus", 2, num2, binary(add_numbers)));
  table.push_back(make_builtin("mul", 2, num2, binary(multiply_numbers)));
  table.push_back(make_builtin("div", 2, num2, binary(divide_numbers)));
  table.push_back(make_builtin("rem", 2, num2, binary(remainder_numbers)));
  table.push_back(
      make_builtin("minus", 2,
                   function({any_of({number(), set_of(any())}), any_of({number(), set_of(any())})},
                            any_of({number(), set_of(any())})),
                   minus));
  table.push_back(make_builtin("abs", 1, num1, absolute));
  table.push_back(make_builtin("round", 1, num1, unary([](double d) { return std::round(d); })));
  table.push_back(make_builtin("ceil", 1, num1, unary([](double d) { return std::ceil(d); })));
  table.push_back(make_builtin("floor", 1, num1, unary([](double d) { return std::floor(d); })));
  table.push_back(make_builtin("numbers.range", 2,
                               function({number(), number()}, array_of(number())), numbers_range));
  table.push_back(make_builtin("numbers.range_step", 3,
                               function({number(), number(), number()}, array_of(number())),
                               numbers_range_step));
  table.push_back(
      make_builtin("rand.intn", 2, function({string(), number()}, number()), rand_intn, true));
}

}  // namespace mg::rego::builtins
