#pragma once

// Compiled regular expressions (RE2, the syntax Go and OPA use), cached by pattern so that
// policies calling regex.match with the same pattern on every document compile it once.
// The cache is shared by all evaluations: thread-safe and bounded.

#include <re2/re2.h>

#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace mg::rego::builtins {

// The compiled pattern, or a BuiltinError worded as Go's regexp package words it
// ("error parsing regexp: missing closing ): `(`").
std::shared_ptr<const re2::RE2> cached_regex(std::string_view pattern);
// The same cache for patterns derived from other syntaxes (globs): `key` names the source,
// and `make_pattern` (which may throw BuiltinError) runs only when the key is not cached.
std::shared_ptr<const re2::RE2> cached_regex(std::string_view key,
                                             const std::function<std::string()>& make_pattern);

// Go's error text for a pattern RE2 rejected, or an empty string when it compiles.
std::string regex_error(std::string_view pattern);

}  // namespace mg::rego::builtins
