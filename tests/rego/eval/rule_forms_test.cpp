// Rule forms: functions without parameters read like rules, ref heads.

#include "eval_support.h"

using namespace mg::rego::testing;

TEST_CASE("a function without parameters can be read as a value") {
  auto p = compile({R"(package test
f() := {"a": 1}
g() := {"a": 1}
g() := {"a": 1}
h() := {"a": 1}
h() := {"b": 2}
)"});
  CHECK(eval(p, "data.test.f") == R"({"a":1})");
  CHECK(eval(p, "data.test.g") == R"({"a":1})");
  CHECK(eval_error_code(p, "data.test.h") == "eval_conflict_error");
  CHECK(eval(p, "data.test.f()") == R"({"a":1})");
}

TEST_CASE("rules with constant keys and values stop at the first solution") {
  auto p = compile({R"(package test
a := [1, "hello"]
c["k"] := true if a[_] + 1
d := true if a[_] + 1
)"});
  mg::rego::EvalOptions strict;
  strict.strict_builtin_errors = true;
  auto q = std::get<mg::rego::PreparedQuery>(mg::rego::PreparedQuery::prepare(p, "data.test.c"));
  CHECK(mg::rego::to_json(*q.eval_value(nullptr, strict)) == R"({"k":true})");
}

TEST_CASE("a partial set rule with a constant member stops at the first solution") {
  auto p = compile({R"(package test
a := [1, "hello"]
s contains "one" if a[_] + 1
)"});
  mg::rego::EvalOptions strict;
  strict.strict_builtin_errors = true;
  auto q = std::get<mg::rego::PreparedQuery>(mg::rego::PreparedQuery::prepare(p, "data.test.s"));
  // Without the early exit, "hello" + 1 would raise a type error in strict mode.
  CHECK(mg::rego::to_json(*q.eval_value(nullptr, strict)) == R"(["one"])");
  auto v = std::get<mg::rego::PreparedQuery>(
      mg::rego::PreparedQuery::prepare(p, "x := data.test.a[_] + 1"));
  CHECK_THROWS_AS(v.eval(nullptr, strict), mg::rego::EvalError);
}

TEST_CASE("a default rule may give one constant key of an object rule") {
  mg::rego::CompileOptions v0;
  v0.version = mg::rego::ast::VersionMode::V0;
  auto p = compile({R"(package test
default flags[true] = "on"
default flags[false] = "off"
flags[false] = "given" { true }
flags["name"] = "n"
)"},
                   "{}", v0);
  CHECK(eval(p, "data.test.flags") == R"({"false":"given","true":"on","name":"n"})");
  CHECK(first_error({"package test\ndefault p[x] = 1\n"}, v0) ==
        "rego_type_error: default rules must not have a variable key");
}

TEST_CASE("ref-head rules merge with rules defined below them") {
  auto p = compile({R"(package test
p[q].r := i if q := ["a", "b", "c"][i]
p.d.r := 3
s[q] contains r if {
  x := ["a", "b"]
  q := x[_]
  r := x[_]
  q != r
}
s.b contains "foo"
)"});
  CHECK(eval(p, "data.test.p") == R"({"a":{"r":0},"b":{"r":1},"c":{"r":2},"d":{"r":3}})");
  CHECK(eval(p, "data.test.s") == R"({"a":["b"],"b":["a","foo"]})");
  auto conflict = compile({R"(package test
p[q].r := i if q := ["a", "b"][i]
p.a.r := 42
)"});
  CHECK(eval_error_code(conflict, "data.test.p") == "eval_conflict_error");
}

TEST_CASE("an else value that iterates still conflicts") {
  auto p = compile({R"(package test
xs := {1, 2}
q := false if false
else := xs[_]
f(_) := false if false
else := xs[_]
one := 1 if false
else := [1, 1][_]
)"});
  CHECK(eval_error_code(p, "data.test.q") == "eval_conflict_error");
  CHECK(eval_error_code(p, "data.test.f(0)") == "eval_conflict_error");
  CHECK(eval(p, "data.test.one") == "1");
}
