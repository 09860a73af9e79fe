// METADATA comment blocks are captured as YAML text on the package and on rules.

#include <catch2/catch.hpp>

#include "syntax_test_util.h"

using namespace mg::rego::ast;

namespace {

Module parse_ok(std::string_view source) {
  ModuleParse parsed = parse_module("test.rego", source, ParseOptions{VersionMode::V1});
  INFO(mg::rego::ast::testing::errors_text(parsed.errors));
  REQUIRE(parsed.module);
  return std::move(*parsed.module);
}

}  // namespace

TEST_CASE("annotations: package and rule blocks") {
  Module module = parse_ok(
      "# METADATA\n"
      "# title: The package\n"
      "# description: |\n"
      "#   Two\n"
      "#   lines\n"
      "package a\n"
      "\n"
      "# METADATA\n"
      "# title: Deny latest\n"
      "# custom:\n"
      "#   severity: high\n"
      "deny contains msg if {\n"
      "  msg := \"x\"\n"
      "}\n"
      "\n"
      "# an ordinary comment\n"
      "allow if true\n");
  CHECK(module.package_annotations == "title: The package\ndescription: |\n  Two\n  lines\n");
  REQUIRE(module.rules.size() == 2);
  CHECK(module.rules[0].annotations == "title: Deny latest\ncustom:\n  severity: high\n");
  CHECK(module.rules[1].annotations.empty());
}

TEST_CASE("annotations: a block ends at the first line that is not a comment at column 1") {
  Module module = parse_ok(
      "package a\n"
      "# METADATA\n"
      "# title: first\n"
      "p := 1\n"
      "q := 2\n"
      "  # METADATA\n"
      "# title: indented start still counts\n"
      "r := 3\n");
  REQUIRE(module.rules.size() == 3);
  CHECK(module.rules[0].annotations == "title: first\n");
  CHECK(module.rules[1].annotations.empty());
  CHECK(module.rules[2].annotations == "title: indented start still counts\n");
  CHECK(module.package_annotations.empty());
}

TEST_CASE("annotations: a block may be separated from its rule by blank lines") {
  Module module = parse_ok(
      "package a\n"
      "# METADATA\n"
      "# scope: document\n"
      "\n"
      "default allow := false\n");
  CHECK(module.rules[0].annotations == "scope: document\n");
}
