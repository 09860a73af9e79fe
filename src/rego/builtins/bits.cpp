#include <algorithm>

#include "rego/builtins/decl.h"
#include "rego/builtins/families.h"
#include "rego/builtins/operands.h"

namespace mg::rego::builtins {

namespace {

using Args = std::span<const Value>;

constexpr int64_t kMaxShift = 100'000;  // bits: beyond this the result is not a useful number

// OPA calls non-numbers "integer" here and floats "integer number".
int64_t bits_operand(Args args, int position) {
  const Value& v = operand(args, position);
  if (!v.is_number()) throw_operand_types(position, {"integer"}, v);
  return integer_operand(args, position);
}

int64_t shift_operand(Args args, int position) {
  int64_t n = bits_operand(args, position);
  if (n < 0)
    throw_operand(position, "must be an unsigned integer number but got a negative integer");
  return n;
}

template <typename Op>
BuiltinFunction binary(Op op) {
  return [op](BuiltinContext&, Args args) -> std::optional<Value> {
    int64_t a = bits_operand(args, 1);
    int64_t b = bits_operand(args, 2);
    return Value::integer(op(a, b));
  };
}

std::optional<Value> negate(BuiltinContext&, Args args) {
  return Value::integer(~bits_operand(args, 1));
}

// The decimal digits of |x| * 2^shift, for results beyond 128 bits.
std::string shifted_decimal(uint64_t magnitude, int64_t shift) {
  std::string digits = std::to_string(magnitude);
  std::reverse(digits.begin(), digits.end());
  for (int64_t i = 0; i < shift; ++i) {
    int carry = 0;
    for (auto& d : digits) {
      int v = (d - '0') * 2 + carry;
      d = static_cast<char>('0' + v % 10);
      carry = v / 10;
    }
    if (carry > 0) digits += static_cast<char>('0' + carry);
  }
  std::reverse(digits.begin(), digits.end());
  return digits;
}

std::optional<Value> left_shift(BuiltinContext&, Args args) {
  int64_t a = bits_operand(args, 1);
  int64_t shift = shift_operand(args, 2);
  if (a == 0) return Value::integer(0);
  if (shift < 63) {
    __int128 wide = static_cast<__int128>(a) << shift;
    if (wide >= INT64_MIN && wide <= INT64_MAX) return Value::integer(static_cast<int64_t>(wide));
  }
  if (shift > kMaxShift) fail("shift too large");
  uint64_t magnitude = a < 0 ? 0 - static_cast<uint64_t>(a) : static_cast<uint64_t>(a);
  return *Value::number((a < 0 ? "-" : "") + shifted_decimal(magnitude, shift));
}

// An arithmetic shift: negative numbers round toward negative infinity, as big.Int.Rsh does.
std::optional<Value> right_shift(BuiltinContext&, Args args) {
  int64_t a = bits_operand(args, 1);
  int64_t shift = shift_operand(args, 2);
  if (shift >= 63) return Value::integer(a < 0 ? -1 : 0);
  return Value::integer(a >> shift);
}

}  // namespace

void add_bits(std::vector<Builtin>& table) {
  using namespace decl;
  auto two = function({number(), number()}, number());
  table.push_back(
      make_builtin("bits.and", 2, two, binary([](int64_t a, int64_t b) { return a & b; })));
  table.push_back(
      make_builtin("bits.or", 2, two, binary([](int64_t a, int64_t b) { return a | b; })));
  table.push_back(
      make_builtin("bits.xor", 2, two, binary([](int64_t a, int64_t b) { return a ^ b; })));
  table.push_back(make_builtin("bits.negate", 1, function({number()}, number()), negate));
  table.push_back(make_builtin("bits.lsh", 2, two, left_shift));
  table.push_back(make_builtin("bits.rsh", 2, two, right_shift));
}

}  // namespace mg::rego::builtins
