// Safety: which variables an expression binds, references with variables in rule heads.

#include "eval_support.h"

using namespace mg::rego::testing;

TEST_CASE("a collection pattern as a reference key binds its variables") {
  auto p = compile({R"(package t
pairs := {["x", 1], ["y", 2], ["z", 3]}
second := v if pairs[["y", v]]
both contains [k, v] if {
  pairs[[k, v]]
  v > 1
}
by_name := n if {
  people := {{"name": "ann", "age": 30}}
  people[{"name": n, "age": 30}]
}
)"});
  CHECK(eval(p, "data.t.second") == "2");
  CHECK(eval(p, "data.t.both") == R"([["y",2],["z",3]])");
  CHECK(eval(p, "data.t.by_name") == R"("ann")");
}

TEST_CASE("a collection pattern key still needs its other variables bound") {
  auto errors = compile_errors({"package t\np if {\n  xs := {[1, 2]}\n  xs[[a, b + c]]\n}\n"});
  REQUIRE(!errors.empty());
  CHECK(errors[0].code == "rego_unsafe_var_error");
}

TEST_CASE("a reference with variables in a rule head iterates as if in the body") {
  auto p = compile({R"(package t
xs := {1, 2}
one := [7][_]
many := xs[_]
f(_) := xs[_]
g(x) := x + [10][_]
obj[k] := input.m[k]
set contains input.a[i] if i < 2
alt := 1 if false
else := [5][_]
)"});
  CHECK(eval(p, "data.t.one") == "7");
  CHECK(eval_error_code(p, "data.t.many") == "eval_conflict_error");
  CHECK(eval_error_code(p, "data.t.f(1)") == "eval_conflict_error");
  CHECK(eval(p, "data.t.g(1)") == "11");
  CHECK(eval(p, "data.t.obj", R"({"m": {"a": 1, "b": 2}})") == R"({"a":1,"b":2})");
  CHECK(eval(p, "data.t.set", R"({"a": [5, 6, 7]})") == "[5,6]");
  CHECK(eval(p, "data.t.alt") == "5");
}

TEST_CASE("a default value cannot iterate") {
  CHECK(first_error({"package t\ndefault p := [1][_]\n"}) ==
        "rego_parse_error: illegal default rule (value cannot contain ref)");
}

TEST_CASE("two objects with the same keys unify value by value, binding both sides") {
  auto p = compile({R"(package t
swap := [x, y] if {
  a := input.a
  b := input.b
  {"first": [x], "second": a} = {"first": [b], "second": y}
}
nested := z if [{"k": z}, 1] = [{"k": input.a}, 1]
)"});
  CHECK(eval(p, "data.t.swap", R"({"a": 1, "b": 2})") == "[2,1]");
  CHECK(eval(p, "data.t.nested", R"({"a": 5})") == "5");
  CHECK(compile_errors({"package t\np if {\"k\": input.a} = {\"j\": x}\n"})[0].code ==
        "rego_type_error");
}

TEST_CASE("a comparison whose right side binds the left side's variable") {
  auto p = compile({R"(package t
fixed contains i if {
  some i
  i == input.xs[i]
}
below contains i if {
  some i
  i < input.xs[i]
}
)"});
  CHECK(eval(p, "data.t.fixed", R"({"xs":[2,1,0]})") == "[1]");
  CHECK(eval(p, "data.t.below", R"({"xs":[2,1,0]})") == "[0]");
}

TEST_CASE("two objects with computed keys unify value by value") {
  auto p = compile({R"(package t
q := {"v1": "hello", "v2": "bye"}
p[k] := v if {
  some k
  w := q[k]
  {k: [w]} = {k: [v]}
}
none if {
  k := "a"
  {k: 1} = {"b": x}
}
)"});
  CHECK(eval(p, "data.t.p") == R"({"v1":"hello","v2":"bye"})");
  CHECK(eval(p, "data.t.none") == "undefined");
}
