#pragma once

// Exact comparison of numbers written as JSON text. Numbers too long for a double (big
// integers, long decimals) keep their text; two of them that round to the same double are
// told apart here, digit by digit, as OPA's big-number comparison does.

#include <string_view>

namespace mg::rego {

// Negative, zero or positive as a < b, a == b, a > b. Both must be JSON number literals;
// "1e3", "1000" and "1000.0" are equal.
int compare_decimal_texts(std::string_view a, std::string_view b);

}  // namespace mg::rego
