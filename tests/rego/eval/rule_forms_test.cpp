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
