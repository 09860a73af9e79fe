#include "rego/builtins/arithmetic.h"

#include <cmath>
#include <limits>

#include "rego/builtins/operands.h"

namespace mg::rego::builtins {

namespace {

// Fast path in int64; on overflow, or when an operand is a big integer, exact big-integer
// arithmetic; otherwise doubles.
template <typename IntOp, typename BigOp, typename DoubleOp>
Value combine(const Value& a, const Value& b, IntOp int_op, BigOp big_op, DoubleOp double_op) {
  if (a.is_integer() && b.is_integer()) {
    int64_t result = 0;
    if (!int_op(a.as_int(), b.as_int(), &result)) return Value::integer(result);
  }
  if (auto x = exact_big_integer(a)) {
    if (auto y = exact_big_integer(b)) return integer_value(big_op(*x, *y));
  }
  return number_from_double(double_op(a.as_double(), b.as_double()));
}

}  // namespace

std::optional<BigInt> exact_big_integer(const Value& number) {
  if (number.is_integer()) return BigInt(number.as_int());
  if (!number.is_number()) return std::nullopt;
  // Written with digits only: an integer beyond int64 ("1e30" and "2.0" are decimals to OPA).
  return BigInt::parse(number.number_text());
}

Value integer_value(const BigInt& n) {
  if (auto small = n.to_int64()) return Value::integer(*small);
  return *Value::number(n.to_string());
}

Value add_numbers(const Value& a, const Value& b) {
  return combine(
      a, b, [](int64_t x, int64_t y, int64_t* r) { return __builtin_add_overflow(x, y, r); },
      [](const BigInt& x, const BigInt& y) { return x + y; },
      [](double x, double y) { return x + y; });
}

Value subtract_numbers(const Value& a, const Value& b) {
  return combine(
      a, b, [](int64_t x, int64_t y, int64_t* r) { return __builtin_sub_overflow(x, y, r); },
      [](const BigInt& x, const BigInt& y) { return x - y; },
      [](double x, double y) { return x - y; });
}

Value multiply_numbers(const Value& a, const Value& b) {
  return combine(
      a, b, [](int64_t x, int64_t y, int64_t* r) { return __builtin_mul_overflow(x, y, r); },
      [](const BigInt& x, const BigInt& y) { return x * y; },
      [](double x, double y) { return x * y; });
}

Value divide_numbers(const Value& a, const Value& b) {
  if (b.as_double() == 0 && (!b.is_integer() || b.as_int() == 0)) fail("divide by zero");
  if (a.is_integer() && b.is_integer()) {
    int64_t x = a.as_int(), y = b.as_int();
    // INT64_MIN / -1 overflows; the big-integer path below handles it.
    bool overflows = x == std::numeric_limits<int64_t>::min() && y == -1;
    if (!overflows && x % y == 0) return Value::integer(x / y);
    if (!overflows) return number_from_double(a.as_double() / b.as_double());
  }
  if (auto x = exact_big_integer(a)) {
    if (auto y = exact_big_integer(b)) {
      auto [quotient, rest] = BigInt::divide(*x, *y);
      if (rest.is_zero()) return integer_value(quotient);
    }
  }
  return number_from_double(a.as_double() / b.as_double());
}

Value remainder_numbers(const Value& a, const Value& b) {
  if (a.is_integer() && b.is_integer()) {
    int64_t x = a.as_int(), y = b.as_int();
    if (y == 0) fail("modulo by zero");
    if (y == -1) return Value::integer(0);  // avoids INT64_MIN % -1, which traps
    return Value::integer(x % y);
  }
  auto x = exact_big_integer(a);
  auto y = exact_big_integer(b);
  if (x && y) {
    if (y->is_zero()) fail("modulo by zero");
    return integer_value(BigInt::divide(*x, *y).second);
  }
  // Integral decimals ("4.0", "1e30") are still integers to OPA; approximate them.
  double dx = a.as_double(), dy = b.as_double();
  if (std::trunc(dx) != dx || std::trunc(dy) != dy) fail("modulo on floating-point number");
  if (dy == 0) fail("modulo by zero");
  return number_from_double(std::fmod(dx, dy));
}

}  // namespace mg::rego::builtins
