// Recursion checks must follow what a reference can actually reach, not everything below a
// common prefix, and function parameters are variables even when a rule has their name.

#include "eval_support.h"

using namespace mg::rego::testing;

TEST_CASE("sibling rules under a common prefix are not recursive") {
  auto p = compile({R"(package test
a.b.c = 1
a.b.d = a.b.e
a.b.e = a.b.c
)"});
  CHECK(eval(p, "data.test.a.b") == R"({"c":1,"d":1,"e":1})");
}

TEST_CASE("a dynamic part reaches only the rules its constant parts select") {
  auto p = compile({R"(package framework
default version := null
version := data[input.ns].framework_version
errors contains "old" if version == 1
)",
                    R"(package fragment
framework_version := 1
)"});
  CHECK(eval(p, "data.framework.errors", R"({"ns":"fragment"})") == R"(["old"])");
}

TEST_CASE("a real cycle through a dynamic part is still reported") {
  auto errors = compile_errors({R"(package test
p := data.test[input.k]
)"});
  CHECK(errors[0].code == "rego_recursion_error");
  auto direct = compile_errors({R"(package test
a := b
b := a
)"});
  CHECK(direct[0].code == "rego_recursion_error");
}

TEST_CASE("function parameters shadow rules of the same name") {
  auto p = compile({R"(package test
sub(a, b) := a - b
foo(a, b) := r if {
  r = (a + b) * sub(a, b)
}
a = foo(5, 6)
)"});
  CHECK(eval(p, "data.test.a") == "-11");
}
