// Rule indexing: guards on the input found in rule bodies, checked before the body runs.

#include "rego/eval/rule_index.h"

#include "eval_support.h"
#include "rego/eval/ir.h"

namespace mg::rego::testing {
namespace {

const ir::RuleNode& node_at(const PolicyPtr& policy, std::initializer_list<const char*> path) {
  const ir::RuleNode* node = &policy->root();
  for (const char* name : path) {
    node = node->child(name);
    REQUIRE(node);
  }
  return *node;
}

TEST_CASE("rule index: a kind guard is found wherever it stands in the body") {
  auto policy = compile({R"(package main
deny contains msg if {
  some c in input.spec.containers
  input.kind == "Deployment"
  msg := c.name
}
deny contains "no name" if {
  "Pod" = input.kind
  not input.metadata.name
}
deny contains "any" if {
  input.kind != "Service"
}
)"});
  const auto& deny = node_at(policy, {"main", "deny"});
  REQUIRE(deny.rules.size() == 3);
  REQUIRE(deny.rules[0].guard);
  CHECK(to_json(Value::array(deny.rules[0].guard->path)) == R"(["kind"])");
  CHECK(deny.rules[0].guard->value.as_string() == "Deployment");
  REQUIRE(deny.rules[1].guard);
  CHECK(deny.rules[1].guard->value.as_string() == "Pod");
  CHECK_FALSE(deny.rules[2].guard);  // != is not a guard
}

TEST_CASE("rule index: guarded rules give the same results as unguarded ones") {
  auto policy = compile({R"(package main
deny contains msg if {
  input.kind == "Deployment"
  some c in input.spec.containers
  msg := sprintf("deployment container %s", [c.name])
}
deny contains "pod without name" if {
  input.kind = "Pod"
  not input.metadata.name
}
deny contains "nested" if {
  input.spec.template.kind == "x"
}
count_deny := count(deny)
)"});
  CHECK(eval(policy, "data.main.deny",
             R"({"kind": "Deployment", "spec": {"containers": [{"name": "a"}]}})") ==
        R"(["deployment container a"])");
  CHECK(eval(policy, "data.main.deny", R"({"kind": "Pod", "metadata": {}})") ==
        R"(["pod without name"])");
  CHECK(eval(policy, "data.main.deny", R"({"kind": "Service"})") == "[]");
  CHECK(eval(policy, "data.main.deny", R"({"spec": {"template": {"kind": "x"}}})") ==
        R"(["nested"])");
  CHECK(eval(policy, "data.main.deny", R"({"spec": {"template": []}})") == "[]");
  CHECK(eval(policy, "data.main.deny", R"(["not", "an", "object"])") == "[]");
  CHECK(eval(policy, "data.main.deny") == "[]");  // no input at all
}

TEST_CASE("rule index: the guard sees input replaced by with") {
  auto policy = compile({R"(package main
allow if input.kind == "Pod"
test_pod if allow with input as {"kind": "Pod"}
)"});
  CHECK(eval(policy, "data.main.test_pod", R"({"kind": "Deployment"})") == "true");
  CHECK(eval(policy, "data.main.allow", R"({"kind": "Deployment"})") == "undefined");
}

TEST_CASE("rule index: a rule with else is not skipped when its guard fails") {
  auto policy = compile({R"(package main
kind_name := "deployment" if {
  input.kind == "Deployment"
} else := "other"
)"});
  const auto& rule = node_at(policy, {"main", "kind_name"});
  CHECK_FALSE(rule.rules[0].guard);
  CHECK(eval(policy, "data.main.kind_name", R"({"kind": "Pod"})") == R"("other")");
  CHECK(eval(policy, "data.main.kind_name", R"({"kind": "Deployment"})") == R"("deployment")");
}

TEST_CASE("rule index: guard_holds walks objects, arrays and sets") {
  ir::Guard guard{{Value::string("a"), Value::integer(1)}, Value::string("x")};
  Value doc = json(R"({"a": ["w", "x"]})");
  CHECK(guard_holds(guard, &doc));
  Value other = json(R"({"a": ["x"]})");
  CHECK_FALSE(guard_holds(guard, &other));
  CHECK_FALSE(guard_holds(guard, nullptr));
}

}  // namespace
}  // namespace mg::rego::testing
