#pragma once

// Parsing Rego source into the AST. Rego v1 is the default; v0 is a mode, and in automatic
// mode a module that fails as v1 but parses as v0 is accepted as v0 (the caller is told, so
// it can say so once).

#include <string>
#include <string_view>
#include <vector>

#include "rego/syntax/ast.h"

namespace mg::rego::ast {

struct ParseError {
  Location loc;
  std::string message;  // OPA-style, e.g. "unexpected identifier token: expected \\n or ; or }"
};

enum class VersionMode {
  Auto,  // v1, falling back to v0 when only v0 parses (modules importing rego.v1 never fall back)
  V0,    // --v0-compatible
  V1,
};

struct ParseOptions {
  VersionMode mode = VersionMode::Auto;
};

struct ModuleParse {
  std::optional<Module> module;    // present when parsing succeeded
  std::vector<ParseError> errors;  // every error found (at least one when module is absent)
  bool fell_back_to_v0 = false;    // Auto mode accepted the module as v0
};

ModuleParse parse_module(std::string file_name, std::string_view text, const ParseOptions& options = {});

struct QueryParse {
  Body body;
  std::vector<ParseError> errors;
};

// A query such as `data.x.p[k] = v; k != "a"` (as given to `opa eval`).
QueryParse parse_query(std::string_view text, const ParseOptions& options = {});

}  // namespace mg::rego::ast
