#pragma once

// Number arithmetic as OPA does it, shared by the arithmetic operators and the aggregates
// (sum, product). Integers stay exact while they fit int64; on overflow, and for any
// decimal operand, the result is computed in double precision.

#include "rego/value/value.h"

namespace mg::rego::builtins {

Value add_numbers(const Value& a, const Value& b);
Value subtract_numbers(const Value& a, const Value& b);
Value multiply_numbers(const Value& a, const Value& b);
// Throws "divide by zero".
Value divide_numbers(const Value& a, const Value& b);
// Integers only: throws "modulo by zero" and "modulo on floating-point number".
Value remainder_numbers(const Value& a, const Value& b);

}  // namespace mg::rego::builtins
