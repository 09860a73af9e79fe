#include "rego/eval/engine.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <thread>

#include "eval_support.h"
#include "rego/value/json.h"

using mg::rego::PreparedQuery;
using mg::rego::Value;

using mg::rego::testing::compile;
using mg::rego::testing::compile_errors;
using mg::rego::testing::eval;
using mg::rego::testing::eval_error_code;
using mg::rego::testing::json;

TEST_CASE("complete rules, defaults and undefined") {
  auto p = compile({R"(package t
default allow := false
allow if input.user == "admin"
x := 7
y if false
)"});
  CHECK(eval(p, "data.t.allow", R"({"user":"admin"})") == "true");
  CHECK(eval(p, "data.t.allow", R"({"user":"bob"})") == "false");
  CHECK(eval(p, "data.t.x") == "7");
  CHECK(eval(p, "data.t.y") == "undefined");
}

TEST_CASE("partial sets collect every message, as conftest's deny rules do") {
  auto p = compile({R"(package main
deny contains msg if {
  some c in input.spec.containers
  endswith(c.image, ":latest")
  msg := sprintf("container %s uses latest", [c.name])
}
deny contains "no replicas" if not input.spec.replicas
)"});
  CHECK(
      eval(
          p, "data.main.deny",
          R"({"spec":{"containers":[{"name":"a","image":"x:latest"},{"name":"b","image":"y:1"}]}})") ==
      R"(["container a uses latest","no replicas"])");
  CHECK(eval(p, "data.main.deny", R"({"spec":{"replicas":2,"containers":[]}})") == "[]");
}

TEST_CASE("v0 partial set syntax") {
  auto p = compile({R"(package main
deny[msg] {
  input.kind == "Pod"
  msg := "pods are not allowed"
}
)"});
  CHECK(eval(p, "data.main.deny", R"({"kind":"Pod"})") == R"(["pods are not allowed"])");
}

TEST_CASE("partial objects and ref heads") {
  auto p = compile({R"(package t
ports[name] := port if {
  some c in input.containers
  name := c.name
  port := c.port
}
a.b.c := 1
a.b.d := 2
)"});
  CHECK(eval(p, "data.t.ports",
             R"({"containers":[{"name":"web","port":80},{"name":"db","port":5432}]})") ==
        R"({"db":5432,"web":80})");
  CHECK(eval(p, "data.t.a") == R"({"b":{"c":1,"d":2}})");
  CHECK(eval(p, "data.t.a.b.d") == "2");
}

TEST_CASE("functions with several definitions and else") {
  auto p = compile({R"(package t
f(x) := "small" if x < 10
f(x) := "big" if x >= 10
g(x) := 1 if { x == 1 } else := 2 if { x == 2 } else := 3
double(x) := x * 2
)"});
  CHECK(eval(p, "data.t.f(3)") == R"("small")");
  CHECK(eval(p, "data.t.f(30)") == R"("big")");
  CHECK(eval(p, "data.t.g(1)") == "1");
  CHECK(eval(p, "data.t.g(2)") == "2");
  CHECK(eval(p, "data.t.g(5)") == "3");
  CHECK(eval(p, "data.t.double(21)") == "42");
}

TEST_CASE("comprehensions") {
  auto p = compile({R"(package t
names := [c.name | some c in input.cs]
upper := {n | some c in input.cs; n := upper(c.name)}
by_name := {c.name: c.v | some c in input.cs}
)"});
  std::string in = R"({"cs":[{"name":"a","v":1},{"name":"b","v":2}]})";
  CHECK(eval(p, "data.t.names", in) == R"(["a","b"])");
  CHECK(eval(p, "data.t.upper", in) == R"(["A","B"])");
  CHECK(eval(p, "data.t.by_name", in) == R"({"a":1,"b":2})");
}

TEST_CASE("every, not, and membership") {
  auto p = compile({R"(package t
all_positive if every x in input.xs { x > 0 }
has_two if 2 in input.xs
no_zero if not 0 in input.xs
)"});
  CHECK(eval(p, "data.t.all_positive", R"({"xs":[1,2,3]})") == "true");
  CHECK(eval(p, "data.t.all_positive", R"({"xs":[1,-2,3]})") == "undefined");
  CHECK(eval(p, "data.t.has_two", R"({"xs":[1,2,3]})") == "true");
  CHECK(eval(p, "data.t.no_zero", R"({"xs":[1,2,3]})") == "true");
  CHECK(eval(p, "data.t.no_zero", R"({"xs":[0]})") == "undefined");
}

TEST_CASE("iteration with variables in references") {
  auto p = compile({R"(package t
images contains img if img := input.spec.containers[_].image
pairs contains [k, v] if some k, v in input.labels
)"});
  CHECK(eval(p, "data.t.images", R"({"spec":{"containers":[{"image":"b"},{"image":"a"}]}})") ==
        R"(["a","b"])");
  CHECK(eval(p, "data.t.pairs", R"({"labels":{"app":"web"}})") == R"([["app","web"]])");
}

TEST_CASE("unification of composite patterns") {
  auto p = compile({R"(package t
r := [a, b] if [a, {"k": b}] = [1, {"k": 2}]
)"});
  CHECK(eval(p, "data.t.r") == "[1,2]");
}

TEST_CASE("data documents and imports") {
  auto p = compile({R"(package lib.registry
allowed(image) if startswith(image, data.config.registries[_])
)",
                    R"(package main
import data.lib.registry
deny contains "bad registry" if not registry.allowed(input.image)
)"},
                   R"({"config":{"registries":["ghcr.io/","quay.io/"]}})");
  CHECK(eval(p, "data.main.deny", R"({"image":"docker.io/x"})") == R"(["bad registry"])");
  CHECK(eval(p, "data.main.deny", R"({"image":"quay.io/x"})") == "[]");
  CHECK(eval(p, "data.config.registries[0]") == R"("ghcr.io/")");
}

TEST_CASE("a number indexing base data reads the key spelled as that number") {
  auto p = compile({R"(package test
a := [data[1], data.t[2.5], data.t[x]] if x := 2
local := q[2] if q := data.t
)"},
                   R"({"1":"one","t":{"2":"two","2.5":"two and a half"},"l":[10,20]})");
  CHECK(eval(p, "data.test.a") == R"(["one","two and a half","two"])");
  CHECK(eval(p, "data.l[1]") == "20");
  // As in OPA, only a reference that starts at data is read through storage's string keys.
  CHECK(eval(p, "data.test.local") == "undefined");
}

TEST_CASE("a rule where base data already has a value is a compile error, as opa eval says") {
  auto conflict = [](std::string_view data) {
    auto result = mg::rego::Policy::compile(
        mg::rego::testing::sources({"package a.b\nimport rego.v1\np := 1\nq := 2\n"}), json(data));
    auto* errors = std::get_if<mg::rego::RegoErrors>(&result);
    return errors ? (*errors)[0].code + ": " + (*errors)[0].message + " at " +
                        std::to_string((*errors)[0].loc.row)
                  : std::string("compiled");
  };
  CHECK(conflict(R"({"a":{"b":{"p":0}}})") ==
        "rego_compile_error: conflicting rule for data path a/b/p found at 3");
  CHECK(conflict(R"({"a":{"b":7}})") ==
        "rego_compile_error: conflicting rule for data path a/b/p found at 3");
  CHECK(conflict(R"({"a":{"b":{"r":0}},"c":1})") == "compiled");
}

TEST_CASE("with replaces input, data and functions") {
  auto p = compile({R"(package t
p if input.x == 1
q if data.flags.on
f(x) := x + 1
r := f(1)
)"});
  CHECK(eval(p, "data.t.p with input as {\"x\": 1}") == "true");
  CHECK(eval(p, "data.t.p with input.x as 1") == "true");
  CHECK(eval(p, "data.t.q with data.flags.on as true") == "true");
  CHECK(eval(p, "data.t.r with data.t.f as 10") == "10");
}

TEST_CASE("query bindings are reported") {
  auto p = compile({"package t\ns := {\"a\": 1, \"b\": 2}\n"});
  auto prepared = PreparedQuery::prepare(p, "data.t.s[k] = v");
  REQUIRE(std::holds_alternative<PreparedQuery>(prepared));
  auto solutions = std::get<PreparedQuery>(prepared).eval(nullptr);
  REQUIRE(solutions.size() == 2);
  CHECK(solutions[0].bindings.size() == 2);
  CHECK(mg::rego::to_json(solutions[0].bindings[0].second) == R"("a")");
}

TEST_CASE("conflicting complete rules are an evaluation error") {
  auto p = compile({"package t\nx := 1 if input.a\nx := 2 if input.b\n"});
  CHECK(eval_error_code(p, "data.t.x", R"({"a":true,"b":true})") == "eval_conflict_error");
  CHECK(eval(p, "data.t.x", R"({"a":true})") == "1");
}

TEST_CASE("body order is fixed for safety") {
  auto p = compile({"package t\np := x if {\n  x > 1\n  x = 5\n}\n"});
  CHECK(eval(p, "data.t.p") == "5");
}

TEST_CASE("unsafe variables are compile errors with a location") {
  auto errors = compile_errors({"package t\np if {\n  x > 1\n}\n"});
  REQUIRE_FALSE(errors.empty());
  CHECK(errors[0].code == "rego_unsafe_var_error");
  CHECK(errors[0].message == "var x is unsafe");
  CHECK(errors[0].loc.row == 3);
}

TEST_CASE("recursion is a compile error") {
  auto errors = compile_errors({"package t\np if q\nq if p\n"});
  CHECK(errors[0].code == "rego_recursion_error");
}

TEST_CASE("unknown functions are type errors") {
  auto errors = compile_errors({"package t\np if nope(1)\n"});
  CHECK(errors[0].code == "rego_type_error");
  CHECK(errors[0].message.find("undefined function nope") != std::string::npos);
}

TEST_CASE("a compiled policy is evaluated concurrently") {
  auto p = compile({R"(package main
deny contains msg if {
  some c in input.containers
  not c.resources.limits.memory
  msg := sprintf("%s has no memory limit", [c.name])
})"});
  auto prepared = std::get<PreparedQuery>(PreparedQuery::prepare(p, "data.main.deny"));
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        Value in = json(R"({"containers":[{"name":"c)" + std::to_string(t) + R"("}]})");
        auto v = prepared.eval_value(&in);
        if (v && v->size() == 1) ok++;
      }
    });
  }
  for (auto& th : threads) th.join();
  CHECK(ok == 800);
}
