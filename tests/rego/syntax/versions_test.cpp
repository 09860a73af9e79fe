// Rego v0, v1 and automatic mode: which keywords exist, what v1 rejects, and when Auto
// falls back to v0.

#include <catch2/catch.hpp>

#include "syntax_test_util.h"

using namespace mg::rego::ast;
using mg::rego::ast::testing::module_errors;
using mg::rego::ast::testing::rules_text;

namespace {

ModuleParse parse(std::string_view source, VersionMode mode) {
  return parse_module("test.rego", source, ParseOptions{mode});
}

}  // namespace

TEST_CASE("versions: v1 requires if and contains, as OPA words it") {
  CHECK(module_errors("package a\np[x] {\n  x := 1\n}\n") ==
        "test.rego:2:1: `if` keyword is required before rule body\n"
        "test.rego:2:1: `contains` keyword is required for partial set rules\n");
  CHECK(module_errors("package a\nf(x) { x }\n") ==
        "test.rego:2:1: `if` keyword is required before function body\n");
  CHECK(module_errors("package a\np := 1 if { false } else := 2 { true }\n") ==
        "test.rego:2:21: `if` keyword is required before rule body\n");
  CHECK(module_errors("package a\np if { false } { true }\n").empty());
  CHECK(module_errors("package a\np { false } { true }\n") ==
        "test.rego:2:1: `if` keyword is required before rule body\n"
        "test.rego:2:13: `if` keyword is required before rule body\n");
  CHECK(module_errors("package a\na.b.c\n") ==
        "test.rego:2:1: rule must have value assignment and/or body declaration\n");
  CHECK(module_errors("package a\np[1]\n") ==
        "test.rego:2:1: `contains` keyword is required for partial set rules\n");
  // A bare call head means f(x) = true and is accepted.
  CHECK(rules_text("f(1)\n") == "f(1)\n");
}

TEST_CASE("versions: v1 accepts future.keywords and rego.v1 imports as no-ops") {
  ModuleParse parsed = parse(
      "package a\nimport future.keywords\nimport future.keywords.in\nimport rego.v1\n"
      "p contains x if some x in [1]\n",
      VersionMode::V1);
  REQUIRE(parsed.module);
  CHECK(parsed.module->imports.size() == 3);
  CHECK(parsed.module->version == RegoVersion::V1);
}

TEST_CASE("versions: in v0 the future keywords are plain names until imported") {
  CHECK(rules_text("p { in := 1; if := 2; contains := 3; every := 4 }\n", VersionMode::V0) ==
        "p if { assign(in, 1); assign(if, 2); assign(contains, 3); assign(every, 4) }\n");
  CHECK_FALSE(module_errors("package a\np if { true }\n", VersionMode::V0).empty());
  CHECK(rules_text("import future.keywords.if\np if { true }\n", VersionMode::V0) ==
        "import future.keywords.if\np if { true }\n");
  CHECK(rules_text("import future.keywords.in\np { 1 in [1] }\n", VersionMode::V0) ==
        "import future.keywords.in\np if { internal.member_2(1, [1]) }\n");
  CHECK(rules_text("import future.keywords.contains\np contains 1 { true }\n", VersionMode::V0) ==
        "import future.keywords.contains\np contains 1 if { true }\n");
  CHECK(rules_text("import future.keywords.every\np { every x in [1] { x } }\n", VersionMode::V0) ==
        "import future.keywords.every\np if { every x in [1] { x } }\n");
  // Importing one keyword does not enable the others.
  CHECK_FALSE(
      module_errors("package a\nimport future.keywords.in\np if { true }\n", VersionMode::V0)
          .empty());
  CHECK(
      rules_text("import future.keywords\np contains x if { some x in [1] }\n", VersionMode::V0) ==
      "import future.keywords\np contains x if { some x in [1] }\n");
}

TEST_CASE("versions: import rego.v1 in v0 enables the keywords and the v1 checks") {
  ModuleParse ok =
      parse("package a\nimport rego.v1\np contains x if { x := 1 }\n", VersionMode::V0);
  REQUIRE(ok.module);
  CHECK(ok.module->version == RegoVersion::V1);
  CHECK(module_errors("package a\nimport rego.v1\np[x] { x := 1 }\n", VersionMode::V0) ==
        "test.rego:3:1: `if` keyword is required before rule body\n"
        "test.rego:3:1: `contains` keyword is required for partial set rules\n");
  CHECK(module_errors("package a\nimport rego.v1 as r\n", VersionMode::V0) ==
        "test.rego:2:8: `rego` imports cannot be aliased\n");
}

TEST_CASE("versions: Auto parses v1 first") {
  ModuleParse parsed = parse("package a\np contains x if { x := 1 }\n", VersionMode::Auto);
  REQUIRE(parsed.module);
  CHECK_FALSE(parsed.fell_back_to_v0);
  CHECK(parsed.module->version == RegoVersion::V1);
}

TEST_CASE("versions: Auto falls back to v0 when only v0 parses") {
  ModuleParse parsed = parse("package a\ndeny[msg] {\n  msg := \"no\"\n}\n", VersionMode::Auto);
  REQUIRE(parsed.module);
  CHECK(parsed.fell_back_to_v0);
  CHECK(parsed.module->version == RegoVersion::V0);
  CHECK(parsed.errors.empty());
  REQUIRE(parsed.module->rules.size() == 1);
  CHECK(parsed.module->rules[0].head.key);
}

TEST_CASE("versions: Auto reports the v1 errors when neither parses") {
  ModuleParse parsed = parse("package a\np[x] {\n  x := \n}\n", VersionMode::Auto);
  CHECK_FALSE(parsed.module);
  CHECK_FALSE(parsed.fell_back_to_v0);
  CHECK(mg::rego::ast::testing::errors_text(parsed.errors) ==
        "test.rego:4:1: unexpected } token\n");
}

TEST_CASE("versions: Auto never falls back for modules importing rego.v1") {
  ModuleParse parsed = parse("package a\nimport rego.v1\np[x] { x := 1 }\n", VersionMode::Auto);
  CHECK_FALSE(parsed.module);
  CHECK_FALSE(parsed.fell_back_to_v0);
  CHECK(parsed.errors.size() == 2);
}

TEST_CASE("versions: v0 partial sets, with and without if") {
  ModuleParse set = parse("package a\np[x] { x := 1 }\n", VersionMode::V0);
  REQUIRE(set.module);
  CHECK(set.module->rules[0].head.key);
  // With `if`, p[x] is an object entry p[x] = true even in v0 (as in OPA).
  ModuleParse object =
      parse("package a\nimport future.keywords.if\np[x] if { x := 1 }\n", VersionMode::V0);
  REQUIRE(object.module);
  CHECK_FALSE(object.module->rules[0].head.key);
  CHECK(object.module->rules[0].head.ref.size() == 2);
}
