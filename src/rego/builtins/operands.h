#pragma once

// Helpers shared by builtin implementations: reading operands with OPA's type errors,
// raising builtin errors, and walking UTF-8 text rune by rune as Go does.

#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "rego/builtins/builtin.h"
#include "rego/value/json.h"
#include "rego/value/value.h"

namespace mg::rego::builtins {

// --- errors -----------------------------------------------------------------------

// An eval_builtin_error with `message` (the evaluator adds the builtin's name).
[[noreturn]] void fail(std::string message);
// "operand N <detail>": a type error with free wording, e.g. "must be integer number ...".
[[noreturn]] void throw_operand(int position, std::string_view detail);
// "operand N must be one of {a, b} but got T" (or "must be a but got T" for one type).
[[noreturn]] void throw_operand_types(int position,
                                      std::initializer_list<std::string_view> expected,
                                      const Value& got);
// "operand N must be array of strings but got array containing number".
[[noreturn]] void throw_operand_element(int position, const Value& composite, const Value& element,
                                        std::string_view expected);

// --- operands (1-based positions, as OPA numbers them in messages) ----------------

const Value& operand(std::span<const Value> args, int position);
const Value& number_operand(std::span<const Value> args, int position);
// An integral number that fits int64; floats are "must be integer number but got
// floating-point number" as OPA says.
int64_t integer_operand(std::span<const Value> args, int position);
bool boolean_operand(std::span<const Value> args, int position);
std::span<const Value> array_operand(std::span<const Value> args, int position);
std::span<const Value> set_operand(std::span<const Value> args, int position);
const Value& object_operand(std::span<const Value> args, int position);
// The elements of an array or a set (in set order), for builtins that take either.
std::span<const Value> array_or_set_operand(std::span<const Value> args, int position);
// An array or set whose elements are all strings.
std::vector<std::string_view> strings_operand(std::span<const Value> args, int position);

// --- numbers ----------------------------------------------------------------------

// The value as an int64 when it is an integral number that fits, else nothing.
std::optional<int64_t> exact_integer(const Value& number);
// A double result as a Value: integral results become integers. Non-finite results are a
// builtin error, since Rego has no NaN or infinity.
Value number_from_double(double d);

// --- JSON -------------------------------------------------------------------------

// JSON text as OPA's builtins read it with Go's encoding/json: a repeated key keeps its last
// value instead of being an error.
std::variant<Value, JsonError> parse_go_json(std::string_view text);

// --- UTF-8 ------------------------------------------------------------------------

// Decodes like Go's []rune(s): each invalid byte becomes U+FFFD.
std::u32string to_runes(std::string_view text);
// Decodes the rune at byte offset `i` and advances `i` past it (one byte when invalid).
char32_t decode_rune(std::string_view text, size_t& i);
std::string from_runes(std::u32string_view runes);
void append_utf8(std::string& out, char32_t rune);
// Number of runes as Go's utf8.RuneCountInString counts them.
size_t rune_count(std::string_view text);
// One rune's simple case mapping (Go's unicode.ToUpper / ToLower), from the C.UTF-8 locale's
// tables; the rune itself when the system lacks that locale.
char32_t rune_to_upper(char32_t rune);
char32_t rune_to_lower(char32_t rune);
// Whether the C.UTF-8 locale calls the rune printable (iswprint); false without the locale.
bool rune_is_printable_in_locale(char32_t rune);

// --- registration -----------------------------------------------------------------

inline Builtin make_builtin(std::string name, int arity, std::string decl_json, BuiltinFunction fn,
                            bool nondeterministic = false) {
  return Builtin{std::move(name), arity, std::move(fn), std::move(decl_json), nondeterministic};
}

}  // namespace mg::rego::builtins
