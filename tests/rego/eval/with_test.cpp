// `with` replacing functions and builtins: by other functions, by builtins, by values, and
// through import aliases.

#include "eval_support.h"

using namespace mg::rego::testing;

namespace {
const char* kLib = R"(package lib
double(x) := 2 * x
)";
const char* kLib2 = R"(package lib2
fake(x) := 1000 + x
)";
}  // namespace

TEST_CASE("with replaces a function called through an import by another function") {
  auto p = compile({kLib, kLib2, R"(package rules
import data.lib
result := lib.double(5)
main := x if {
  x := result with data.lib.double as data.lib2.fake
}
)"});
  CHECK(eval(p, "data.rules.main") == "1005");
}

TEST_CASE("with target and replacement written through import aliases") {
  auto p = compile({kLib, kLib2, R"(package rules
import data.lib as l
import data.lib2 as l2
result := l.double(5)
main := x if {
  x := result with l.double as l2.fake
}
)"});
  CHECK(eval(p, "data.rules.main") == "1005");
}

TEST_CASE("with replaces a builtin by a function, a builtin or a rule value") {
  auto p = compile({R"(package test
f := 1
mycount(_) := 42
a := y if y := count([1, 2, 3]) with count as f
b := y if y := count([1, 2, 3]) with count as mycount
c := y if y := count([1, 2, 3]) with count as sum
g(x) := count(x)
d := y if y := g([1, 2, 3]) with count as f
)"});
  CHECK(eval(p, "data.test.a") == "1");
  CHECK(eval(p, "data.test.b") == "42");
  CHECK(eval(p, "data.test.c") == "6");
  CHECK(eval(p, "data.test.d") == "1");
}

TEST_CASE("with replaces a function by a rule, also with a captured result") {
  auto p = compile({R"(package test
f(_) := 2
f0 := 1
p := y if y = f(true) with f as f0
q if f(true, 1) with f as f0
)"});
  CHECK(eval(p, "data.test.p") == "1");
  CHECK(eval(p, "data.test.q") == "true");
}

TEST_CASE("a replacement function that calls what it replaces reaches the original") {
  auto p = compile({R"(package test
mycount(x) := count(x)
mock_count(x) := 0 if "x" in x
mock_count(x) := count(x) if not "x" in x
a := y if y := mycount([1, 2, 3]) with count as mock_count
b := y if y := mycount(["x", "y"]) with count as mock_count
)"});
  CHECK(eval(p, "data.test.a") == "3");
  CHECK(eval(p, "data.test.b") == "0");
}

TEST_CASE("with applies to its expression only, not to the rest of the body") {
  auto p = compile({R"(package test
inner := [input.foo, input.bar]
middle := [a, b] if {
  a := inner with input.foo as 100
  b := input
}
outer := r if r := middle with input as {"foo": 200, "bar": 300}
)"});
  CHECK(eval(p, "data.test.outer") == R"([[100,300],{"bar":300,"foo":200}])");
  CHECK(eval(p, "x := data.test.inner with input.foo as 1; y := input.foo",
             R"({"foo": 2, "bar": 3})") == "true");
}

TEST_CASE("a replacement function runs without the mocks in force") {
  auto p = compile({R"(package test
f(x) := object.union_n(x) if {x: i | x := ["a", "a"][i]}
g(x) := count(x)
p if q with count as f
q if r with object.union_n as g
r if object.union_n([{}])
s := x if x = count([{}, {"foo": 3}]) with count as object.union_n
)"});
  CHECK(eval(p, "data.test.p") == "true");
  CHECK(eval(p, "data.test.s") == R"({"foo":3})");
}

TEST_CASE("with modifiers inside template string parts") {
  auto p = compile({R"(package t
greeting := $"Hello {input.name with input as {"name": "world"}}!"
both := $"{input.x with input.x as 1}/{input.x}"
many := $"{[n | n := input.xs[_]] with input.xs as [3, 4]}"
)"});
  CHECK(eval(p, "data.t.greeting") == R"("Hello world!")");
  CHECK(eval(p, "data.t.both", R"({"x": 2})") == R"("1/2")");
  CHECK(eval(p, "data.t.many") == R"("[3,4]")");
}
