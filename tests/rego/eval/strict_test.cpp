// Unused declarations (always for `some x`) and OPA's strict mode: unused assignments,
// arguments and imports, input/data shadowing and deprecated builtins in v0 modules.

#include "eval_support.h"

using namespace mg::rego::testing;

namespace {

mg::rego::CompileOptions strict_mode() {
  mg::rego::CompileOptions options;
  options.strict = true;
  return options;
}

std::vector<std::string> messages(const mg::rego::RegoErrors& errors) {
  std::vector<std::string> out;
  for (const auto& e : errors) {
    out.push_back(std::to_string(e.loc.row) + ":" + std::to_string(e.loc.col) + " " + e.code +
                  ": " + e.message);
  }
  return out;
}

}  // namespace

TEST_CASE("a `some` declaration nothing uses is an error, strict or not") {
  CHECK(messages(compile_errors({"package t\np if {\n  some x\n  input.a\n}\n"})) ==
        std::vector<std::string>{"3:3 rego_compile_error: declared var x unused"});
  // Used in the head, in a comprehension, or as an iteration key: fine.
  compile({R"(package t
p contains x if { some x; input.a[x] }
q := n if { some i; input.c[i]; n := count([v | v := input.b[i]]) }
)"});
}

TEST_CASE("outside strict mode, unused assignments, arguments and imports are accepted") {
  compile({"package t\nimport data.lib\np if {\n  x := 1\n}\nf(a) := 1\n"});
}

TEST_CASE("strict mode reports assignments nothing reads") {
  auto errors = compile_errors({R"(package t
p if {
  unused := 1
  [a, b] := [1, 2]
  a > 0
  used := 3
  used > 2
}
q := y if { y := 1 }
r := [z | z := 1]
s if {
  v := 1
  input.x == 1 with input as {"x": v}
}
)"},
                               strict_mode());
  CHECK(messages(errors) == std::vector<std::string>{
                                "3:3 rego_compile_error: assigned var unused unused",
                                "4:7 rego_compile_error: assigned var b unused",
                            });
}

TEST_CASE("strict mode reports function arguments nothing reads") {
  auto errors = compile_errors({"package t\nf(x, y, _) := x\ng([a, b]) := a\n"}, strict_mode());
  CHECK(
      messages(errors) ==
      std::vector<std::string>{
          "2:6 rego_compile_error: unused argument y. (hint: use _ (wildcard variable) instead)"});
}

TEST_CASE("strict mode reports imports nothing refers to, in source order") {
  auto errors = compile_errors({R"(package t
import data.lib.b as bee
import data.lib.a
import data.lib.used
import data.lib.fn
import input.request
import rego.v1
p if used.x
q if fn.f(1)
r if request.kind == "Pod"
)",
                                "package lib.fn\nf(x) := x\n"},
                               strict_mode());
  CHECK(messages(errors) == std::vector<std::string>{
                                "2:1 rego_compile_error: import data.lib.b as bee unused",
                                "3:1 rego_compile_error: import data.lib.a unused",
                            });
}

TEST_CASE("strict mode: input and data are reserved in v0 modules too") {
  mg::rego::CompileOptions options = strict_mode();
  options.version = mg::rego::ast::VersionMode::V0;
  CHECK(first_error({"package t\np { input := 1; input > 0 }\n"}, options) ==
        "rego_compile_error: variables must not shadow input (use a different variable name)");
  CHECK(first_error({"package t\ndata = 1\n"}, options) ==
        "rego_compile_error: rules must not shadow data (use a different rule name)");
}

TEST_CASE("strict mode reports deprecated builtins in v0 modules") {
  mg::rego::CompileOptions options = strict_mode();
  options.version = mg::rego::ast::VersionMode::V0;
  CHECK(first_error({"package t\np { any([true]) }\n"}, options) ==
        "rego_type_error: deprecated built-in function calls in expression: any");
}
