#include "rego/builtins/arithmetic.h"

#include <cmath>
#include <limits>

#include "rego/builtins/operands.h"

namespace mg::rego::builtins {

namespace {
template <typename IntOp, typename DoubleOp>
Value combine(const Value& a, const Value& b, IntOp int_op, DoubleOp double_op) {
  if (a.is_integer() && b.is_integer()) {
    int64_t result = 0;
    if (!int_op(a.as_int(), b.as_int(), &result)) return Value::integer(result);
  }
  return number_from_double(double_op(a.as_double(), b.as_double()));
}
}  // namespace

Value add_numbers(const Value& a, const Value& b) {
  return combine(
      a, b, [](int64_t x, int64_t y, int64_t* r) { return __builtin_add_overflow(x, y, r); },
      [](double x, double y) { return x + y; });
}

Value subtract_numbers(const Value& a, const Value& b) {
  return combine(
      a, b, [](int64_t x, int64_t y, int64_t* r) { return __builtin_sub_overflow(x, y, r); },
      [](double x, double y) { return x - y; });
}

Value multiply_numbers(const Value& a, const Value& b) {
  return combine(
      a, b, [](int64_t x, int64_t y, int64_t* r) { return __builtin_mul_overflow(x, y, r); },
      [](double x, double y) { return x * y; });
}

Value divide_numbers(const Value& a, const Value& b) {
  if (b.as_double() == 0 && (!b.is_integer() || b.as_int() == 0)) fail("divide by zero");
  if (a.is_integer() && b.is_integer()) {
    int64_t x = a.as_int(), y = b.as_int();
    // INT64_MIN / -1 overflows; it falls through to the double quotient.
    bool overflows = x == std::numeric_limits<int64_t>::min() && y == -1;
    if (!overflows && x % y == 0) return Value::integer(x / y);
  }
  return number_from_double(a.as_double() / b.as_double());
}

Value remainder_numbers(const Value& a, const Value& b) {
  if (!a.is_integer() || !b.is_integer()) {
    // Integers too large for int64 are still integers to OPA; approximate them.
    double x = a.as_double(), y = b.as_double();
    if (std::trunc(x) != x || std::trunc(y) != y) fail("modulo on floating-point number");
    if (y == 0) fail("modulo by zero");
    return number_from_double(std::fmod(x, y));
  }
  int64_t x = a.as_int(), y = b.as_int();
  if (y == 0) fail("modulo by zero");
  if (y == -1) return Value::integer(0);  // avoids INT64_MIN % -1, which traps
  return Value::integer(x % y);
}

}  // namespace mg::rego::builtins
