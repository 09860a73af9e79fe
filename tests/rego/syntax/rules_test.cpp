// Modules: package, imports and every rule form, checked through the printer and through
// the Head fields the compiler reads.

#include <catch2/catch.hpp>

#include "syntax_test_util.h"

using namespace mg::rego::ast;
using mg::rego::ast::testing::rules_text;

namespace {

Module parse_v1(std::string_view source) {
  ModuleParse parsed = parse_module("policy/test.rego", source, ParseOptions{VersionMode::V1});
  INFO(mg::rego::ast::testing::errors_text(parsed.errors));
  REQUIRE(parsed.module);
  return std::move(*parsed.module);
}

Module parse_v0(std::string_view source) {
  ModuleParse parsed = parse_module("policy/test.rego", source, ParseOptions{VersionMode::V0});
  INFO(mg::rego::ast::testing::errors_text(parsed.errors));
  REQUIRE(parsed.module);
  return std::move(*parsed.module);
}

}  // namespace

TEST_CASE("rules: the package is a ref rooted at data") {
  Module module = parse_v1("package a.b[\"c-d\"]\n");
  REQUIRE(module.package.kind == TermKind::Ref);
  REQUIRE(module.package.items.size() == 4);
  CHECK(module.package.items[0].name == "data");
  CHECK(to_string(module.package) == R"(data.a.b["c-d"])");
  CHECK((module.loc.row == 1 && module.loc.col == 1));
  CHECK(*module.loc.file == "policy/test.rego");
  CHECK(module.rules.empty());
}

TEST_CASE("rules: imports") {
  Module module = parse_v1(
      "package p\n"
      "import data.x.y\n"
      "import input.z as w\n"
      "import rego.v1\n"
      "import future.keywords\n"
      "import future.keywords.in\n"
      "import future.keywords.if\n"
      "import future.keywords.contains\n"
      "import future.keywords.every\n"
      "import input\n");
  REQUIRE(module.imports.size() == 9);
  CHECK(to_string(module.imports[0].path) == "data.x.y");
  CHECK(module.imports[0].alias.empty());
  CHECK(to_string(module.imports[1].path) == "input.z");
  CHECK(module.imports[1].alias == "w");
  CHECK(to_string(module.imports[5].path) == "future.keywords.if");
  CHECK(module.imports[8].path.kind == TermKind::Ref);
  CHECK(to_string(module.imports[8].path) == "input");
  CHECK((module.imports[1].loc.row == 3 && module.imports[1].loc.col == 1));
}

TEST_CASE("rules: complete rules") {
  CHECK(rules_text("p := 1\nq = {\"a\": [1]}\nr := x + 1 if x := 2\n") ==
        "p := 1\nq = {\"a\": [1]}\nr := plus(x, 1) if { assign(x, 2) }\n");
  Module module = parse_v1("package t\np := 1\nq = 2\nr if { true }\n");
  const Head& p = module.rules[0].head;
  CHECK(p.assign);
  REQUIRE(p.value);
  CHECK(p.ref.size() == 1);
  CHECK(p.ref[0].name == "p");
  CHECK_FALSE(p.key);
  CHECK(module.rules[0].body.empty());
  CHECK_FALSE(module.rules[1].head.assign);
  CHECK_FALSE(module.rules[2].head.value);  // absent means true
  CHECK(module.rules[2].body.size() == 1);
}

TEST_CASE("rules: if with a single expression and no braces") {
  CHECK(rules_text("allow if input.user == \"admin\"\n") ==
        "allow if { equal(input.user, \"admin\") }\n");
  CHECK(rules_text("deny if not allow\n") == "deny if { not allow }\n");
  CHECK(rules_text("p if every x in [1] { x > 0 }\n") == "p if { every x in [1] { gt(x, 0) } }\n");
  // `{ true }` after `if` is a body, not a set literal.
  CHECK(rules_text("p if { true }\n") == "p if { true }\n");
  CHECK(rules_text("p if {}\n") == "p if { {} }\n");  // OPA reads an empty object here
}

TEST_CASE("rules: multi-value rules with contains") {
  Module module = parse_v1("package t\ndeny contains msg if { msg := \"x\" }\nq contains 1\n");
  const Head& head = module.rules[0].head;
  REQUIRE(head.key);
  CHECK(head.key->name == "msg");
  CHECK_FALSE(head.value);
  CHECK(head.ref.size() == 1);
  CHECK(module.rules[1].body.empty());
  CHECK(rules_text("a.b contains x if x := 1\n") == "a.b contains x if { assign(x, 1) }\n");
}

TEST_CASE("rules: partial objects and ref heads") {
  Module module = parse_v1(
      "package t\np[k] := v if { k := \"a\"; v := 1 }\na.b[c].d := 1 if c := \"z\"\n"
      "q[x] if x := 1\n");
  const Head& p = module.rules[0].head;
  REQUIRE(p.ref.size() == 2);
  CHECK(p.ref[1].name == "k");
  REQUIRE(p.value);
  CHECK_FALSE(p.key);
  const Head& abcd = module.rules[1].head;
  REQUIRE(abcd.ref.size() == 4);
  CHECK(abcd.ref[1].value == mg::rego::Value::string("b"));
  CHECK(abcd.ref[2].kind == TermKind::Var);
  CHECK(abcd.ref[3].value == mg::rego::Value::string("d"));
  // `q[x] if` is an object entry q[x] = true in OPA (use `contains` for sets).
  const Head& q = module.rules[2].head;
  CHECK(q.ref.size() == 2);
  CHECK_FALSE(q.key);
  CHECK_FALSE(q.value);
}

TEST_CASE("rules: functions, with several definitions") {
  Module module = parse_v1(
      "package t\n"
      "f(x, y) := z if { z := x + y }\n"
      "f(x, [a, _]) := a if true\n"
      "g(x) if x > 1\n"
      "h() := 1\n"
      "a.b.fn(x) := x\n");
  REQUIRE(module.rules.size() == 5);
  const Head& f = module.rules[0].head;
  CHECK(f.has_args);
  REQUIRE(f.args.size() == 2);
  CHECK(f.args[1].name == "y");
  CHECK(module.rules[1].head.args[1].kind == TermKind::Array);
  CHECK_FALSE(module.rules[2].head.value);
  CHECK(module.rules[3].head.has_args);
  CHECK(module.rules[3].head.args.empty());
  CHECK(to_string(module.rules[4]) == "a.b.fn(x) := x");
}

TEST_CASE("rules: default rules") {
  Module module = parse_v1("package t\ndefault allow := false\ndefault f(_) := 1\n");
  REQUIRE(module.rules.size() == 2);
  CHECK(module.rules[0].is_default);
  CHECK(module.rules[0].body.empty());
  CHECK(to_string(module.rules[0]) == "default allow := false");
  CHECK(module.rules[1].head.has_args);
  CHECK(rules_text("default x = {\"a\": [1, {y | y := 1}]}\n") ==
        "default x = {\"a\": [1, {y | assign(y, 1)}]}\n");
}

TEST_CASE("rules: else chains") {
  Module module = parse_v1(
      "package t\n"
      "p := 1 if { false } else := 2 if { true } else := 3\n"
      "f(x) := \"a\" if x == 1\n"
      "else := \"b\" if x == 2\n"
      "else := \"c\"\n"
      "q if false else if true\n");
  REQUIRE(module.rules.size() == 3);
  const Rule& p = module.rules[0];
  REQUIRE(p.elses.size() == 2);
  CHECK(p.elses[0].value);
  CHECK(p.elses[0].body.size() == 1);
  CHECK(p.elses[1].body.empty());
  CHECK((p.elses[0].loc.row == 2 && p.elses[0].loc.col == 21));
  CHECK(to_string(module.rules[1]) ==
        "f(x) := \"a\" if { equal(x, 1) } else = \"b\" if { equal(x, 2) } else = \"c\"");
  REQUIRE(module.rules[2].elses.size() == 1);
  CHECK_FALSE(module.rules[2].elses[0].value);
}

TEST_CASE("rules: v0 forms") {
  Module module = parse_v0(
      "package t\n"
      "deny[msg] { msg := \"no\" }\n"
      "obj[k] = v { k := \"a\"; v := 1 }\n"
      "p { false } { true }\n"
      "q = 1 { false } else = 2 { true }\n"
      "f(x) { x > 1 }\n"
      "g(x) = y { y := x }\n"
      "s[1]\n");
  REQUIRE(module.rules.size() == 8);
  const Head& deny = module.rules[0].head;
  REQUIRE(deny.key);
  CHECK(deny.key->name == "msg");
  CHECK(deny.ref.size() == 1);
  CHECK_FALSE(deny.value);
  CHECK(module.rules[1].head.ref.size() == 2);
  CHECK(module.rules[1].head.value);
  CHECK(to_string(module.rules[2]) == "p if { false }");
  CHECK(to_string(module.rules[3]) == "p if { true }");
  CHECK((module.rules[3].loc.row == 4 && module.rules[3].loc.col == 13));
  CHECK(module.rules[4].elses.size() == 1);
  CHECK(to_string(module.rules[7]) == "s contains 1");
  CHECK(module.version == RegoVersion::V0);
}

TEST_CASE("rules: locations of rules, heads and bodies") {
  Module module = parse_v1("package t\n\n  default p := 1\nq[x] := y if {\n  y := 1\n}\n");
  CHECK((module.rules[0].loc.row == 3 && module.rules[0].loc.col == 3));
  CHECK((module.rules[0].head.loc.row == 3 && module.rules[0].head.loc.col == 11));
  const Rule& q = module.rules[1];
  CHECK((q.loc.row == 4 && q.loc.col == 1));
  CHECK((q.head.ref[1].loc.row == 4 && q.head.ref[1].loc.col == 3));
  CHECK((q.head.value->loc.row == 4 && q.head.value->loc.col == 9));
  CHECK((q.body[0].loc.row == 5 && q.body[0].loc.col == 3));
  CHECK(*q.body[0].loc.file == "policy/test.rego");
}

TEST_CASE("rules: whole policy round trip through the printer") {
  CHECK(rules_text("deny contains msg if {\n"
                   "  some c in input.spec.containers\n"
                   "  endswith(c.image, \":latest\")\n"
                   "  msg := sprintf(\"%s uses latest\", [c.name])\n"
                   "}\n") ==
        "deny contains msg if { some c in input.spec.containers; endswith(c.image, \":latest\"); "
        "assign(msg, sprintf(\"%s uses latest\", [c.name])) }\n");
}

TEST_CASE("rules: keywords may be ref parts and rule heads may use any spacing") {
  CHECK(rules_text("p := input.if.contains.every\n") == "p := input.if.contains.every\n");
  CHECK(rules_text("f (x) := x\n") == "f(x) := x\n");
}

TEST_CASE("rules: a large generated module parses completely") {
  std::string source = "package big\n";
  for (int i = 0; i < 2000; ++i) {
    std::string n = std::to_string(i);
    source +=
        "deny_" + n +
        " contains msg if {\n  some c in input.containers\n  x := [y | y := c.ports[_]; y > " + n +
        "]\n  msg := sprintf(\"%s\", [{\"a\": {\"b\": [" + n + "]}}])\n}\n";
  }
  Module module = parse_v1(source);
  CHECK(module.rules.size() == 2000);
  CHECK(module.rules.back().body.size() == 3);
}
