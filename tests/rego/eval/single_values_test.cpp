// Single-valued terms: marked at compile time, evaluated without continuations, with the
// same results as the general evaluation.

#include "eval_support.h"
#include "rego/eval/ir.h"

namespace mg::rego::testing {
namespace {

const ir::Rule& rule_of(const PolicyPtr& policy, std::string_view rule) {
  return policy->root().child("main")->child(rule)->rules[0];
}

const ir::Term& value_of(const PolicyPtr& policy, std::string_view rule) {
  return rule_of(policy, rule).value;
}

// The terms of a rule's body (the compiler moves iteration there), outermost first.
void terms_of(const ir::Term& term, std::vector<const ir::Term*>& out) {
  out.push_back(&term);
  for (const auto& item : term.items) terms_of(item, out);
}
std::vector<const ir::Term*> body_terms(const ir::Rule& rule) {
  std::vector<const ir::Term*> out;
  for (const auto& expr : rule.body) {
    for (const auto& t : expr.terms) terms_of(t, out);
  }
  return out;
}

bool has_variable_key(const ir::Term& ref) {
  return ref.kind == ir::TermKind::Ref &&
         std::any_of(ref.items.begin() + 1, ref.items.end(),
                     [](const ir::Term& key) { return key.kind == ir::TermKind::Var; });
}

// Whether the body has a reference with a variable key, and every term around one (and it)
// is left to the general evaluation.
bool iterates_generally(const ir::Rule& rule) {
  auto terms = body_terms(rule);
  bool found = false;
  for (const ir::Term* t : terms) {
    std::vector<const ir::Term*> inside;
    terms_of(*t, inside);
    bool holds_one = std::any_of(inside.begin(), inside.end(),
                                 [](const ir::Term* u) { return has_variable_key(*u); });
    if (!holds_one) continue;
    found = true;
    if (t->single) return false;
  }
  return found;
}

TEST_CASE("single values: constant keys and calls of them have one value, iteration does not") {
  auto policy = compile({R"(package main
image := input.containers[0].image
any_image := input.containers[_].image
message := sprintf("%s in %s", [input.name, input.namespace])
iterated := count(input.containers[_])
walked := walk(input)
f(a, b, c, d, e) := a
five := f(1, 2, 3, 4, 5)
names contains n if some n in input.names
name_count := count(names)
)"});
  CHECK(value_of(policy, "image").single);
  CHECK(iterates_generally(rule_of(policy, "any_image")));
  CHECK(value_of(policy, "message").single);
  CHECK(value_of(policy, "message").items[1].single);  // the array of operands
  CHECK(iterates_generally(rule_of(policy, "iterated")));
  CHECK_FALSE(value_of(policy, "walked").single);
  CHECK_FALSE(value_of(policy, "five").single);  // more operands than the stack holds
  CHECK(value_of(policy, "name_count").single);
}

TEST_CASE("single values: results agree with the general evaluation") {
  auto policy = compile({R"(package main
names contains n if some n in input.names
name_count := count(names)
first_upper := upper(input.names[0])
missing_upper := upper(input.missing)
letters := {"a", "b"}
member := upper(letters["a"])
not_member := upper(letters["z"])
same if input.a == input.b
differ if not input.a == input.b
no_flag if not input.flag
pair := [input.a, count(names)]
keyed := {"a": input.a, "n": name_count}
doubled := [x | some x in input.names; upper(x) != x]
message := sprintf("%q has %d names", [input.a, count(names)])
mocked := x if x := upper(input.a) with upper as lower
overridden := n if n := count(names) with input.names as ["q"]
from_data := count(data.main.names)
masked := n if n := count(data.main.names) with data.main.names as [1, 2, 3]
)"});
  std::string doc = R"({"names": ["x", "Y", "z"], "a": 1, "b": 1})";
  CHECK(eval(policy, "data.main.name_count", doc) == "3");
  CHECK(eval(policy, "data.main.first_upper", doc) == R"("X")");
  CHECK(eval(policy, "data.main.missing_upper", doc) == "undefined");
  CHECK(eval(policy, "data.main.member", doc) == R"("A")");
  CHECK(eval(policy, "data.main.not_member", doc) == "undefined");
  CHECK(eval(policy, "data.main.same", doc) == "true");
  CHECK(eval(policy, "data.main.differ", doc) == "undefined");
  CHECK(eval(policy, "data.main.differ", R"({"a": 1, "b": 2})") == "true");
  CHECK(eval(policy, "data.main.no_flag", doc) == "true");
  CHECK(eval(policy, "data.main.no_flag", R"({"flag": true})") == "undefined");
  CHECK(eval(policy, "data.main.no_flag", R"({"flag": false})") == "true");
  CHECK(eval(policy, "data.main.pair", doc) == "[1,3]");
  CHECK(eval(policy, "data.main.keyed", doc) == R"({"a":1,"n":3})");
  CHECK(eval(policy, "data.main.doubled", doc) == R"(["x","z"])");
  CHECK(eval(policy, "data.main.message", R"({"names": [], "a": "q\"t"})") ==
        R"("\"q\\\"t\" has 0 names")");
  CHECK(eval(policy, "data.main.mocked", R"({"a": "MiX"})") == R"("mix")");
  CHECK(eval(policy, "data.main.overridden", doc) == "1");
  CHECK(eval(policy, "data.main.from_data", doc) == "3");
  CHECK(eval(policy, "data.main.masked", doc) == "3");
  CHECK(eval(policy, "count(data.main.names) == 3", doc) == "true");
  CHECK(eval(policy, "data.main.first_upper == \"X\"", doc) == "true");
}

}  // namespace
}  // namespace mg::rego::testing
