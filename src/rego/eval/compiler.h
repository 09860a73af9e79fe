#pragma once

// Turns parsed modules into the compiled tree (ir.h): builds the data tree of rules,
// resolves names, checks arity and recursion, and orders bodies for safety.

#include <memory>
#include <string>
#include <vector>

#include "rego/eval/engine.h"
#include "rego/eval/error.h"
#include "rego/eval/ir.h"
#include "rego/syntax/ast.h"

namespace mg::rego {

struct Policy::Impl {
  Value data;
  std::unique_ptr<ir::RuleNode> root;
  CompileOptions options;
  std::vector<std::string> v0_files;
  std::vector<ast::Module> modules;
  int memo_count = 0;
  int input_path_count = 0;  // see input_paths.h
};

// Compiles modules into `impl` (whose data and options are set). Appends errors.
void compile_modules(std::vector<ast::Module> modules, Policy::Impl& impl, RegoErrors& errors);

// Compiles a query body against a compiled policy. Appends errors.
std::unique_ptr<ir::Query> compile_query(const ast::Body& body, std::string_view text,
                                         const Policy::Impl& impl, RegoErrors& errors);

// Reorders the expressions of a body so that every variable is bound before it is needed,
// as OPA does; reports unsafe variables. `bound` holds the slots bound on entry.
// `names` gives each slot's variable name for messages (empty for generated variables).
void order_body_for_safety(ir::Body& body, std::vector<bool>& bound,
                           const std::vector<std::string>& names, RegoErrors& errors);

// True when the two sides of a unification can never match: their shapes (array length,
// object keys, scalar types) are known at compile time and differ. OPA reports a type error.
bool unification_mismatch(const ir::Term& a, const ir::Term& b);
// Rewrites a unification of two object terms with the same constant keys (also inside arrays)
// into one of two arrays of their values in key order, which means the same and which the
// evaluator and the safety check take pairwise: `{"a": x, "b": 1} = {"a": 2, "b": y}`.
void align_object_unification(ir::Term& a, ir::Term& b);
// True when no member of a constant domain can match the pattern of a `some ... in`.
bool iteration_mismatch(const ir::Term& pattern, const ir::Term& domain);

// Orders the bodies of comprehensions inside `term` (e.g. a rule head), given what is bound.
void order_term_for_safety(ir::Term& term, const std::vector<bool>& bound,
                           const std::vector<std::string>& names, RegoErrors& errors);

}  // namespace mg::rego
