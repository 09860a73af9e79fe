#pragma once

// The interface between the evaluator and OPA's builtin functions. Each family of builtins
// lives in its own file in this folder and adds itself to the table in registry.cpp.
//
// A builtin returns a Value, returns std::nullopt for "undefined" (OPA builtins that simply
// produce no result), or throws BuiltinError. What happens to an error is the evaluator's
// business: OPA halts on type errors of operands and, unless strict-builtin-errors is on,
// turns other builtin errors into "undefined".

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <random>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

#include "rego/value/value.h"

namespace mg::rego {

class BuiltinError : public std::runtime_error {
 public:
  enum class Code {
    Type,     // eval_type_error: an operand has the wrong type ("operand 1 must be string but got
              // number")
    Builtin,  // eval_builtin_error: the builtin failed on well-typed input
  };
  BuiltinError(Code code, const std::string& message) : std::runtime_error(message), code_(code) {}
  Code code() const { return code_; }
  std::string_view code_name() const {
    return code_ == Code::Type ? "eval_type_error" : "eval_builtin_error";
  }

 private:
  Code code_;
};

// Per-evaluation state that builtins may read. One per evaluation; never shared by threads.
struct BuiltinContext {
  int64_t now_ns = 0;  // time.now_ns: fixed for one evaluation
  bool strict_builtin_errors = false;
  std::function<void(std::string_view)> print;  // sink for print(): the evaluator sets it
  std::mt19937_64* random = nullptr;            // rand.intn; null means seed from time
  std::string_view builtin_name;                // set by the evaluator before each call
  // Results of random builtins by call (rand.intn, uuid.rfc4122): within one evaluation the
  // same call returns the same value, as OPA's per-query builtin cache makes it.
  std::map<std::string, Value, std::less<>> remembered;
};

using BuiltinFunction =
    std::function<std::optional<Value>(BuiltinContext&, std::span<const Value>)>;

struct Builtin {
  std::string name;  // e.g. "strings.replace_n"
  int arity = 0;     // number of operands; -1 for variadic (print)
  BuiltinFunction function;
  // The declaration as OPA's capabilities JSON shows it, e.g.
  // {"args":[{"type":"string"},{"type":"string"}],"result":{"type":"boolean"},"type":"function"}
  std::string decl_json;
  bool nondeterministic = false;  // rand.*, time.now_ns, http.send, ...
};

// The table of every builtin, built once on first use; safe to read from many threads.
const Builtin* find_builtin(std::string_view name);
std::span<const Builtin> all_builtins();

// Helpers for implementations: "operand N must be T but got U" as OPA words it.
[[noreturn]] void throw_operand_type(int position, std::string_view expected, const Value& got);
// The string at 1-based `position`, or throw_operand_type.
std::string_view string_operand(std::span<const Value> args, int position);

}  // namespace mg::rego
