#pragma once

// Number arithmetic as OPA does it, shared by the arithmetic operators and the aggregates
// (sum, product). Integers stay exact: int64 while they fit, big integers beyond (OPA
// computes with Go's big numbers). Any decimal operand makes the result a double.

#include <optional>

#include "rego/builtins/big_integer.h"
#include "rego/value/value.h"

namespace mg::rego::builtins {

Value add_numbers(const Value& a, const Value& b);
Value subtract_numbers(const Value& a, const Value& b);
Value multiply_numbers(const Value& a, const Value& b);
// Throws "divide by zero".
Value divide_numbers(const Value& a, const Value& b);
// Integers only: throws "modulo by zero" and "modulo on floating-point number".
Value remainder_numbers(const Value& a, const Value& b);

// The exact integer a number stands for: an int64, or an integer too large for int64 that
// kept its digits. Decimals and exponent forms ("1.5", "1e30") are not.
std::optional<BigInt> exact_big_integer(const Value& number);
// An integer as a Value: int64 when it fits, else a number that keeps every digit.
Value integer_value(const BigInt& n);

}  // namespace mg::rego::builtins
