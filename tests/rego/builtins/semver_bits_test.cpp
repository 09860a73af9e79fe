#include "builtin_call.h"

using namespace mg::rego;
using namespace mg::rego::testing;

TEST_CASE("semver.is_valid") {
  CHECK(eval("semver.is_valid", {str("1.2.3")}) == "true");
  CHECK(eval("semver.is_valid", {str("1.2.3-rc.1+build.5")}) == "true");
  CHECK(eval("semver.is_valid", {str("1.2.3-a-b")}) == "true");
  CHECK(eval("semver.is_valid", {str("v1.2.3")}) == "false");
  CHECK(eval("semver.is_valid", {str("1.2")}) == "false");
  CHECK(eval("semver.is_valid", {str("1.2.3-")}) == "false");
  CHECK(eval("semver.is_valid", {str("1.2.3-a..b")}) == "false");
  CHECK(eval("semver.is_valid", {num(1)}) == "false");
}

TEST_CASE("semver.compare orders versions and prereleases") {
  auto cmp = [](const char* a, const char* b) { return eval("semver.compare", {str(a), str(b)}); };
  CHECK(cmp("1.2.3", "1.2.3") == "0");
  CHECK(cmp("1.2.3", "1.10.0") == "-1");
  CHECK(cmp("2.0.0", "1.99.99") == "1");
  CHECK(cmp("1.0.0-alpha", "1.0.0") == "-1");
  CHECK(cmp("1.0.0-alpha", "1.0.0-alpha.1") == "-1");
  CHECK(cmp("1.0.0-alpha.1", "1.0.0-alpha.beta") == "-1");
  CHECK(cmp("1.0.0-beta.2", "1.0.0-beta.11") == "-1");
  CHECK(cmp("1.0.0-rc.1", "1.0.0-beta.11") == "1");
  CHECK(cmp("1.0.0+build1", "1.0.0+build2") == "0");
  CHECK(error("semver.compare", {str("1.2"), str("1.2.3")}) ==
        R"(builtin: operand 1: string "1.2" is not a valid SemVer)");
  CHECK(error("semver.compare", {str("1.2.3"), str("x")}) ==
        R"(builtin: operand 2: string "x" is not a valid SemVer)");
  CHECK(error("semver.compare", {num(1), str("x")}) ==
        "type: operand 1 must be string but got number");
}

TEST_CASE("bits operations on integers") {
  CHECK(eval("bits.and", {num(12), num(10)}) == "8");
  CHECK(eval("bits.or", {num(12), num(10)}) == "14");
  CHECK(eval("bits.xor", {num(12), num(10)}) == "6");
  CHECK(eval("bits.negate", {num(5)}) == "-6");
  CHECK(eval("bits.lsh", {num(1), num(10)}) == "1024");
  CHECK(eval("bits.lsh", {num(1), num(64)}) == "18446744073709551616");
  CHECK(eval("bits.lsh", {num(-3), num(70)}) == "-3541774862152233910272");
  CHECK(eval("bits.rsh", {num(1024), num(3)}) == "128");
  CHECK(eval("bits.rsh", {num(-5), num(1)}) == "-3");
  CHECK(eval("bits.rsh", {num(-5), num(100)}) == "-1");
  CHECK(error("bits.and", {json("1.5"), num(1)}) ==
        "type: operand 1 must be integer number but got floating-point number");
  CHECK(error("bits.or", {num(1), str("1")}) == "type: operand 2 must be integer but got string");
  CHECK(error("bits.lsh", {num(1), num(-1)}) ==
        "type: operand 2 must be an unsigned integer number but got a negative integer");
}
