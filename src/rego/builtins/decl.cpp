#include "rego/builtins/decl.h"

#include <algorithm>

namespace mg::rego::builtins::decl {

namespace {
std::string list(const std::vector<Type>& types) {
  std::string out = "[";
  for (size_t i = 0; i < types.size(); ++i) {
    if (i > 0) out += ",";
    out += types[i];
  }
  return out + "]";
}

Type simple(const char* name) {
  return std::string(R"({"type":")") + name + "\"}";
}

// OPA leaves "args" out of functions without operands (time.now_ns, opa.runtime).
std::string args_member(const std::vector<Type>& args) {
  return args.empty() ? "" : R"("args":)" + list(args) + ",";
}
}  // namespace

Type any() {
  return simple("any");
}
Type null() {
  return simple("null");
}
Type boolean() {
  return simple("boolean");
}
Type number() {
  return simple("number");
}
Type string() {
  return simple("string");
}

Type array_of(const Type& element) {
  return R"({"dynamic":)" + element + R"(,"type":"array"})";
}

Type array_static(const std::vector<Type>& elements) {
  return R"({"static":)" + list(elements) + R"(,"type":"array"})";
}

Type set_of(const Type& element) {
  return R"({"of":)" + element + R"(,"type":"set"})";
}

Type object_of(const Type& key, const Type& value) {
  return R"({"dynamic":{"key":)" + key + R"(,"value":)" + value + R"(},"type":"object"})";
}

Type object_static(const std::vector<std::pair<std::string, Type>>& fields) {
  return object_static(fields, "", "");
}

Type object_static(const std::vector<std::pair<std::string, Type>>& fields, const Type& key,
                   const Type& value) {
  std::string out = "{";
  if (!key.empty()) out += R"("dynamic":{"key":)" + key + R"(,"value":)" + value + "},";
  out += R"("static":[)";
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += ",";
    out += R"({"key":")" + fields[i].first + R"(","value":)" + fields[i].second + "}";
  }
  return out + R"(],"type":"object"})";
}

Type any_of(const std::vector<Type>& types) {
  return R"({"of":)" + list(types) + R"(,"type":"any"})";
}

std::string function(const std::vector<Type>& args, const Type& result) {
  return "{" + args_member(args) + R"("result":)" + result + R"(,"type":"function"})";
}

std::string variadic_function(const std::vector<Type>& args, const Type& variadic) {
  return "{" + args_member(args) + R"("type":"function","variadic":)" + variadic + "}";
}

}  // namespace mg::rego::builtins::decl
