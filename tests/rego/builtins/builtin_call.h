#pragma once

// Test helpers: call a builtin by name with Values built from JSON text, and read back its
// result or error. Sets, which JSON cannot spell, are built with `set_of`.

#include <atomic>
#include <catch2/catch.hpp>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "rego/builtins/builtin.h"
#include "rego/value/json.h"
#include "rego/value/value.h"

namespace mg::rego::testing {

inline Value json(std::string_view text) {
  auto parsed = parse_json(text);
  if (!std::holds_alternative<Value>(parsed)) FAIL("bad JSON in test: " << text);
  return std::get<Value>(parsed);
}

inline Value set_of(std::initializer_list<Value> items) {
  return Value::set(std::vector<Value>(items));
}
inline Value str(std::string_view s) {
  return Value::string(s);
}
inline Value num(int64_t i) {
  return Value::integer(i);
}

inline std::optional<Value> call(std::string_view name, std::vector<Value> args,
                                 BuiltinContext* ctx = nullptr) {
  const Builtin* builtin = find_builtin(name);
  if (builtin == nullptr) FAIL("no builtin " << name);
  if (builtin->arity >= 0) REQUIRE(static_cast<int>(args.size()) == builtin->arity);
  BuiltinContext local;
  BuiltinContext& c = ctx != nullptr ? *ctx : local;
  c.builtin_name = builtin->name;
  return builtin->function(c, args);
}

// The result as compact JSON (sets print as arrays), or "undefined".
inline std::string eval(std::string_view name, std::vector<Value> args) {
  auto result = call(name, std::move(args));
  return result ? to_json(*result) : "undefined";
}

// "type: message" or "builtin: message" for the error a call raises; "no error" otherwise.
inline std::string error(std::string_view name, std::vector<Value> args) {
  try {
    call(name, std::move(args));
  } catch (const BuiltinError& e) {
    return std::string(e.code() == BuiltinError::Code::Type ? "type: " : "builtin: ") + e.what();
  }
  return "no error";
}

}  // namespace mg::rego::testing
