// Parse errors: OPA's wording, exact positions, and several errors per file.

#include <catch2/catch.hpp>

#include "syntax_test_util.h"

using namespace mg::rego::ast;
using mg::rego::ast::testing::module_errors;
using mg::rego::ast::testing::query_errors;

namespace {

// The errors of `package a\n<rules>`, so rows in expectations start at 2 for the rules.
std::string errors_in(std::string_view rules, VersionMode mode = VersionMode::V1) {
  return module_errors("package a\n" + std::string(rules), mode);
}

}  // namespace

TEST_CASE("errors: unexpected tokens") {
  CHECK(errors_in("p := }") == "test.rego:2:6: unexpected } token\n");
  CHECK(errors_in("p if {\n  x := 1 y := 2\n}") ==
        "test.rego:3:10: unexpected ident token: expected \\n or ; or }\n");
  CHECK(errors_in("p := [1, 2") ==
        "test.rego:2:11: unexpected eof token: expected \",\" or \"]\"\n");
  CHECK(errors_in("p := {\"a\" 1}") ==
        "test.rego:2:11: unexpected number token: non-terminated set\n");
  CHECK(errors_in("p := {\"a\": 1 2}") ==
        "test.rego:2:14: unexpected number token: non-terminated object\n");
  CHECK(errors_in("p := x.\n") == "test.rego:3:1: unexpected eof token: expected ident\n");
  CHECK(errors_in("p if { x := -y }") ==
        "test.rego:2:14: unexpected ident token: expected number\n");
  CHECK(errors_in("q := 01") ==
        "test.rego:2:6: unexpected number token: expected number without leading zero\n");
  CHECK(errors_in("p if {\n  x := (1 + 2\n}") == "test.rego:4:1: non-terminated expression\n");
  CHECK(errors_in("p if { x := [1][0 }") == "test.rego:2:19: unexpected } token: expected ]\n");
  CHECK(errors_in("p if { x == }") == "test.rego:2:13: unexpected } token\n");
}

TEST_CASE("errors: keywords in the wrong place") {
  CHECK(errors_in("p if { x := if }") == "test.rego:2:13: unexpected if keyword\n");
  CHECK(errors_in("p if { every x in xs }") ==
        "test.rego:2:22: unexpected } token: missing body\n");
  CHECK(errors_in("p if { not some x in xs }") ==
        "test.rego:2:12: unexpected some keyword: illegal negation of 'some'\n");
  CHECK(errors_in("p if { not every x in xs { true } }") ==
        "test.rego:2:12: unexpected every keyword: illegal negation of 'every'\n");
  CHECK(errors_in("p if { some 1 }") == "test.rego:2:13: unexpected number token: expected var\n");
  CHECK(errors_in("p if { some f(x) }") ==
        "test.rego:2:18: unexpected } token: expected `x in xs` or `x, y in xs` expression\n");
  CHECK(errors_in("p if { every x { true } }") ==
        "test.rego:2:16: unexpected { token: expected `x[, y] in xs { ... }` expression\n");
  CHECK(errors_in("p if { x with 1 as 2 }") ==
        "test.rego:2:15: unexpected number token: expected ident\n");
  CHECK(errors_in("p if { x with input 2 }") ==
        "test.rego:2:21: unexpected number token: expected as keyword\n");
  CHECK(errors_in("f(x) contains y") ==
        "test.rego:2:6: unexpected contains keyword: the contains keyword can only be used with "
        "multi-value rule definitions (e.g., f contains <VALUE> { ... })\n");
}

TEST_CASE("errors: statements that cannot be rules") {
  CHECK(errors_in("p") == "test.rego:2:1: var cannot be used for rule name\n");
  CHECK(errors_in("1 + 2") == "test.rego:2:1: rule name conflicts with built-in function\n");
  CHECK(errors_in("\"x\" := 1") == "test.rego:2:1: string cannot be used for rule name\n");
  CHECK(errors_in("[1]") == "test.rego:2:1: array cannot be used for rule name\n");
  CHECK(errors_in("not p") == "test.rego:2:1: negated expressions cannot be used for rule head\n");
  CHECK(errors_in("}") == "test.rego:2:1: unexpected } token\n");
  CHECK(errors_in("p == 1") == "test.rego:2:3: unexpected equal token\n");
}

TEST_CASE("errors: packages and imports") {
  CHECK(module_errors("p := 1\n") == "test.rego:1:1: package expected\n");
  CHECK(module_errors("") == "test.rego:1:1: empty module\n");
  CHECK(module_errors("# only a comment\n") == "test.rego:1:1: empty module\n");
  CHECK(errors_in("package b") == "test.rego:2:1: unexpected package\n");
  CHECK(module_errors("package a.b[1]\n") ==
        "test.rego:1:13: unexpected number token: expecting string\n");
  CHECK(errors_in("import foo.bar") ==
        "test.rego:2:8: unexpected import path, must begin with one of: {data, future, input, "
        "rego}, got: foo\n");
  CHECK(errors_in("import future.keywords.foo") ==
        "test.rego:2:8: unexpected keyword, must be one of [contains every if in]\n");
  CHECK(errors_in("import future.stuff") ==
        "test.rego:2:8: invalid import, must be `future.keywords`\n");
  CHECK(errors_in("import future.keywords as fk") ==
        "test.rego:2:8: `future` imports cannot be aliased\n");
  CHECK(errors_in("import rego.v2") ==
        "test.rego:2:8: invalid import `rego.v2`, must be `rego.v1`\n");
  CHECK(errors_in("import data.x as 1") ==
        "test.rego:2:18: unexpected number token: expected var\n");
  CHECK(errors_in("import data.x.if") ==
        "test.rego:2:15: unexpected import path, must not end with a keyword, got: if\n");
}

TEST_CASE("errors: default rules") {
  CHECK(errors_in("default p := x") ==
        "test.rego:2:1: illegal default rule (value cannot contain var)\n");
  CHECK(errors_in("default p := count([1])") ==
        "test.rego:2:1: illegal default rule (value cannot contain call)\n");
  CHECK(errors_in("default p := [input.x]") ==
        "test.rego:2:1: illegal default rule (value cannot contain ref)\n");
  CHECK(errors_in("default p") == "test.rego:2:1: illegal default rule (must have a value)\n");
  CHECK(errors_in("default f(1) := 1") ==
        "test.rego:2:1: illegal default rule (arguments cannot contain number)\n");
  CHECK(errors_in("default f(x, x) := 1") ==
        "test.rego:2:1: illegal default rule (arguments cannot be repeated x)\n");
}

TEST_CASE("errors: else") {
  CHECK(errors_in("p[x] := 1 if { x := 1 } else := 2") ==
        "test.rego:2:25: else keyword cannot be used on rules with variables in head\n");
  CHECK(errors_in("p contains x if { x := 1 } else := 2") ==
        "test.rego:2:28: else keyword cannot be used on multi-value rules\n");
  CHECK(errors_in("p := 1 if { false } else x") ==
        "test.rego:2:26: unexpected ident token: expected else value term or rule body\n");
  CHECK(errors_in("p := 1 if { false } else := 2 if { true } { true }") ==
        "test.rego:2:43: expected else keyword\n");
}

TEST_CASE("errors: lexical errors carry their own message") {
  CHECK(errors_in("p := \"abc") == "test.rego:2:6: non-terminated string\n");
  CHECK(errors_in("p := \"a\\qb\"") == "test.rego:2:6: illegal escape sequence\n");
  CHECK(errors_in("p := `abc") == "test.rego:2:6: non-terminated raw string\n");
  CHECK(errors_in("p := 1 @ 2") == "test.rego:2:8: illegal token\n");
}

TEST_CASE("errors: several errors are reported, one per broken statement") {
  std::string source =
      "package a\n"
      "\n"
      "p if {\n"
      "  x := [1, 2\n"
      "}\n"
      "\n"
      "q := 1\n"
      "\n"
      "r if {\n"
      "  y := }\n"
      "}\n"
      "\n"
      "s := 2 2\n";
  CHECK(module_errors(source) ==
        "test.rego:5:1: unexpected } token: expected \",\" or \"]\"\n"
        "test.rego:10:8: unexpected } token\n"
        "test.rego:13:8: number cannot be used for rule name\n");
}

TEST_CASE("errors: the file name is in every location") {
  ModuleParse parsed = parse_module("dir/x.rego", "package a\np := }\n");
  REQUIRE(parsed.errors.size() == 1);
  CHECK(parsed.errors[0].loc.file_name() == "dir/x.rego");
  CHECK_FALSE(parsed.module);
}

TEST_CASE("errors: queries") {
  CHECK(query_errors("x := ") == ":1:6: unexpected eof token\n");
  CHECK(query_errors("") == ":1:1: empty query\n");
  CHECK(query_errors("f(") == ":1:3: unexpected eof token\n");
}

TEST_CASE("errors: deep nesting is an error, not a crash") {
  std::string deep = "p := " + std::string(5000, '[') + std::string(5000, ']');
  CHECK(errors_in(deep).find("max parsing recursion depth exceeded") != std::string::npos);
}
