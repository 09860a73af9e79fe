#pragma once

// Text formatting as OPA's Go implementation produces it: fmt.Sprintf for `sprintf`,
// strconv.Quote, and the Rego source form of a value (what OPA prints for a term).

#include <span>
#include <string>
#include <string_view>

#include "rego/value/value.h"

namespace mg::rego::builtins {

// Go's fmt.Sprintf with OPA's conversion of operands: integers are Go ints (or big ints),
// other numbers float64, strings strings, and any other value its Rego text, so `%v` of
// an array prints `["a", 1]`. Mistakes print inline as Go does: `%!d(string=x)`,
// `%!s(MISSING)`, `%!(EXTRA int=1)`.
std::string go_sprintf(std::string_view format, std::span<const Value> args);

// strconv.Quote (or QuoteToASCII): a double-quoted Go string literal.
std::string go_quote(std::string_view text, bool ascii_only = false);

// A value as Rego source text, as OPA's Term.String() prints it: strings quoted, arrays
// `[1, 2]`, objects `{"a": 1}`, sets `{1, 2}` and the empty set `set()`.
std::string rego_text(const Value& value);

// Shortest decimal text of a double as Go's %v prints a float64 (1e+06, 0.1, 1.5e-07).
std::string go_float_text(double d);

}  // namespace mg::rego::builtins
