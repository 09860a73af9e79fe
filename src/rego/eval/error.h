#pragma once

// Errors of the Rego engine, with OPA's error codes so that `eval` can print them in the
// shape `opa eval --format json` prints.

#include <stdexcept>
#include <string>
#include <vector>

#include "rego/syntax/ast.h"

namespace mg::rego {

// OPA's codes.
inline constexpr const char* kParseError = "rego_parse_error";
inline constexpr const char* kCompileError = "rego_compile_error";
inline constexpr const char* kTypeError = "rego_type_error";
inline constexpr const char* kUnsafeVarError = "rego_unsafe_var_error";
inline constexpr const char* kRecursionError = "rego_recursion_error";
inline constexpr const char* kConflictError = "eval_conflict_error";
inline constexpr const char* kEvalTypeError = "eval_type_error";
inline constexpr const char* kBuiltinError = "eval_builtin_error";

struct RegoError {
  std::string code;
  std::string message;
  ast::Location loc;

  // "file:row:col: code: message" (or without the place when there is none).
  std::string to_string() const;
};

using RegoErrors = std::vector<RegoError>;

// Raised during evaluation; evaluation stops and the caller reports it.
class EvalError : public std::runtime_error {
 public:
  explicit EvalError(RegoError error)
      : std::runtime_error(error.message), error_(std::move(error)) {}
  const RegoError& error() const { return error_; }

 private:
  RegoError error_;
};

}  // namespace mg::rego
