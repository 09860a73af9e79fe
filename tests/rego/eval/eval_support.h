#pragma once

// Helpers shared by the engine's tests: compile modules, evaluate a query, read errors.

#include <catch2/catch.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "rego/eval/engine.h"
#include "rego/value/json.h"

namespace mg::rego::testing {

inline Value json(std::string_view text) {
  return std::get<Value>(parse_json(text));
}

inline std::vector<ModuleSource> sources(const std::vector<std::string>& modules) {
  std::vector<ModuleSource> out;
  for (size_t i = 0; i < modules.size(); ++i)
    out.push_back({"m" + std::to_string(i) + ".rego", modules[i]});
  return out;
}

inline PolicyPtr compile(const std::vector<std::string>& modules, std::string_view data = "{}",
                         const CompileOptions& options = {}) {
  auto result = Policy::compile(sources(modules), json(data), options);
  if (auto* errors = std::get_if<RegoErrors>(&result)) {
    for (const auto& e : *errors) UNSCOPED_INFO(e.to_string());
    FAIL("policy did not compile");
  }
  return std::get<PolicyPtr>(result);
}

// The errors of a policy that must not compile ("compiled" when it does).
inline RegoErrors compile_errors(const std::vector<std::string>& modules,
                                 const CompileOptions& options = {}) {
  auto result = Policy::compile(sources(modules), Value::empty_object(), options);
  if (!std::holds_alternative<RegoErrors>(result)) return {RegoError{"compiled", "", {}}};
  return std::get<RegoErrors>(result);
}

// "code: message" of the first error, or "compiled".
inline std::string first_error(const std::vector<std::string>& modules,
                               const CompileOptions& options = {}) {
  auto errors = compile_errors(modules, options);
  return errors[0].code + ": " + errors[0].message;
}

// The JSON of the query's first expression in its first solution, or "undefined".
inline std::string eval(const PolicyPtr& policy, std::string_view query,
                        std::string_view input = "") {
  auto prepared = PreparedQuery::prepare(policy, query);
  if (auto* errors = std::get_if<RegoErrors>(&prepared)) {
    for (const auto& e : *errors) UNSCOPED_INFO(e.to_string());
    FAIL("query did not compile");
  }
  std::optional<Value> in;
  if (!input.empty()) in = json(input);
  auto v = std::get<PreparedQuery>(prepared).eval_value(in ? &*in : nullptr);
  return v ? to_json(*v) : "undefined";
}

// The code of the error a query raises (at compile or evaluation time), or "no error".
inline std::string eval_error_code(const PolicyPtr& policy, std::string_view query,
                                   std::string_view input = "") {
  auto prepared = PreparedQuery::prepare(policy, query);
  if (auto* errors = std::get_if<RegoErrors>(&prepared)) return (*errors)[0].code;
  std::optional<Value> in;
  if (!input.empty()) in = json(input);
  try {
    std::get<PreparedQuery>(prepared).eval(in ? &*in : nullptr);
  } catch (const EvalError& e) {
    return e.error().code;
  }
  return "no error";
}

}  // namespace mg::rego::testing
