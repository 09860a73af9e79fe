// Compile-time errors OPA reports: Rego v1 restrictions, redeclared variables, unifications
// that can never match, import conflicts and strict mode.

#include "eval_support.h"

using namespace mg::rego::testing;

TEST_CASE("rules and variables must not shadow input or data") {
  CHECK(first_error({"package t\nimport rego.v1\ninput := 1\n"}) ==
        "rego_compile_error: rules must not shadow input (use a different rule name)");
  CHECK(first_error({"package t\nimport rego.v1\ndata := 1\n"}) ==
        "rego_compile_error: rules must not shadow data (use a different rule name)");
  CHECK(first_error({"package t\nimport rego.v1\nx if {\n  input := 1\n  input > 0\n}\n"}) ==
        "rego_compile_error: variables must not shadow input (use a different variable name)");
  CHECK(first_error({"package t\nimport rego.v1\nx if {\n  some data in [1]\n}\n"}) ==
        "rego_compile_error: variables must not shadow data (use a different variable name)");
}

TEST_CASE("without import rego.v1, Auto mode keeps accepting older policies") {
  auto p = compile({"package t\ndata := 1\nx if any([true])\n"});
  CHECK(eval(p, "data.t.x") == "true");
}

TEST_CASE("deprecated builtins are not defined in Rego v1") {
  CHECK(first_error({"package t\nimport rego.v1\nx if any([true])\n"}) ==
        "rego_type_error: undefined function any");
  CHECK(first_error({"package t\nimport rego.v1\nx if cast_array([1])\n"}) ==
        "rego_type_error: undefined function cast_array");
  // Still there for v0 modules.
  mg::rego::CompileOptions v0;
  v0.version = mg::rego::ast::VersionMode::V0;
  auto p = compile({"package t\nx { any([true, false]) }\n"}, "{}", v0);
  CHECK(eval(p, "data.t.x") == "true");
}

TEST_CASE("rego.v1 imports: twice, or together with future.keywords") {
  CHECK(first_error({"package t\nimport rego.v1\nimport rego.v1\n"}) ==
        "rego_compile_error: import must not shadow import rego.v1");
  CHECK(compile_errors({"package t\nimport rego.v1\nimport future.keywords.if\n"})[0].code ==
        "rego_parse_error");
  CHECK(compile_errors({"package t\nimport future.keywords\nimport rego.v1\n"})[0].code ==
        "rego_parse_error");
  compile({"package t\nimport future.keywords.if\nimport future.keywords.in\np if 1 in [1]\n"});
}

TEST_CASE("a variable cannot be declared after it was used or declared") {
  CHECK(first_error({R"(package t
r if {
  value := 0
  before := value
  some value in [1, 2]
})"}) == "rego_compile_error: var value assigned above");
  CHECK(first_error({R"(package t
r if {
  value = 0
  some value in [1, 2]
})"}) == "rego_compile_error: var value referenced above");
  CHECK(first_error({R"(package t
r if {
  some value in [1, 2]
  value := 1
})"}) == "rego_compile_error: var value declared above");
  CHECK(first_error({R"(package t
pair([name, role]) if {
  name := "alice"
})"}) == "rego_compile_error: arg name redeclared");
  // Shadowing in a nested scope is allowed.
  auto p = compile({R"(package t
r := [x | some x in [1, 2]] if {
  x := 5
  x > 1
})"});
  CHECK(eval(p, "data.t.r") == "[1,2]");
}

TEST_CASE("unifications whose shapes never match are type errors") {
  CHECK(first_error({"package t\nr if [1, 2] = [x]\n"}).rfind("rego_type_error: match error", 0) ==
        0);
  CHECK(compile_errors({"package t\nr if [x] = {\"key\": 1}\n"})[0].code == "rego_type_error");
  CHECK(compile_errors({"package t\nr if {\"a\": f, \"b\": s} = {\"a\": 1, \"c\": 2}\n"})[0].code ==
        "rego_type_error");
  CHECK(compile_errors({"package t\nr if {\n  some [x, y] in [[1, 2, 3]]\n}\n"})[0].code ==
        "rego_type_error");
  CHECK(compile_errors({"package t\nr if {\n  [a, b] := [1]\n}\n"})[0].code == "rego_type_error");
  // Shapes known only at run time, or matching, compile.
  auto p = compile({R"(package t
r if {
  [a, b] := [1, 2]
  some [c, d] in [[1, 2], [3]]
  {"k": v} = input
  a + b + c + d + v > 0
})"});
  CHECK(eval(p, "data.t.r", R"({"k": 1})") == "true");
}

TEST_CASE("`some ... in` a constant: patterns that cannot match and domains that cannot iterate") {
  CHECK(compile_errors({"package t\nr if {\n  some [1] in [[1, 2]]\n}\n"})[0].code ==
        "rego_type_error");
  CHECK(compile_errors({"package t\nr if {\n  some {\"a\": 1} in [{\"b\": 1}]\n}\n"})[0].code ==
        "rego_type_error");
  CHECK(first_error({"package t\nr if {\n  some _ in null\n}\n"}) ==
        "rego_type_error: `some ... in` needs an array, object or set, not a null");
  for (const char* domain : {"true", "42", "\"abc\""}) {
    CHECK(compile_errors({std::string("package t\nr if {\n  some x in ") + domain + "\n}\n"})[0]
              .code == "rego_type_error");
  }
  // One member that can match is enough; `every` over a scalar is merely false.
  auto p =
      compile({"package t\nr if {\n  some [1] in [[1, 2], [1]]\n}\ns if every x in 42 { x }\n"});
  CHECK(eval(p, "data.t.r") == "true");
  CHECK(eval(p, "data.t.s") == "undefined");
}

TEST_CASE("strict mode reports duplicate imports") {
  mg::rego::CompileOptions strict;
  strict.strict = true;
  CHECK(first_error({"package t\nimport data.a\nimport data.a\nx := a\n"}, strict) ==
        "rego_compile_error: import must not shadow import data.a");
}
