#pragma once

// JSON in and out of the value model. Reading keeps numbers exact (see Value::number);
// writing sorts object keys (they are sorted already) and prints sets as sorted arrays,
// as OPA does. Non-string object keys are written as their JSON text, as OPA does.

#include <string>
#include <string_view>
#include <variant>

#include "rego/value/value.h"

namespace mg::rego {

struct JsonError {
  std::string message;  // what is wrong, e.g. "missing a comma or '}' after an object member"
  int line = 0;         // 1-based
  int column = 0;       // 1-based, in bytes
};

struct JsonLimits {
  int max_depth = 1000;  // nesting deeper than this is an error, never a stack overflow
  // Go's encoding/json, which OPA's builtins decode with, keeps a repeated key's last value;
  // documents read from files treat a repeated key as the mistake it usually is.
  bool last_duplicate_wins = false;
};

// Parses one JSON text. Duplicate object keys are an error (unless the limits say otherwise),
// as is invalid UTF-8.
std::variant<Value, JsonError> parse_json(std::string_view text, const JsonLimits& limits = {});

// Compact JSON: {"a":[1,2]}.
std::string to_json(const Value& value);
void append_json(std::string& out, const Value& value);
// Indented JSON, as Go's json.MarshalIndent(v, "", indent) prints it ("  " for OPA's output).
std::string to_json_pretty(const Value& value, std::string_view indent = "  ");
// A JSON string literal for `s`, escaped as Go's encoder does with HTML escaping off.
void append_json_string(std::string& out, std::string_view s);

// Checks that `s` is valid UTF-8; returns the byte offset of the first bad byte, or npos.
size_t find_invalid_utf8(std::string_view s);

}  // namespace mg::rego
