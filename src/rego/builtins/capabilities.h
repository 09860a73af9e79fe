#pragma once

// The engine's capabilities in the shape of OPA's capabilities JSON (`opa capabilities
// --current`): every builtin a policy may call with its declaration, the future keywords and
// the language features, so users and tools can see what is supported.

#include <string>

namespace mg::rego::builtins {

// Indented JSON; builtins sorted by name.
std::string capabilities_json();

}  // namespace mg::rego::builtins
