// Shared input paths: constant input prefixes numbered once and looked up once per evaluation.

#include "eval_support.h"
#include "rego/eval/ir.h"

namespace mg::rego::testing {
namespace {

const char* kPolicy = R"(package main
containers := input.spec.template.spec.containers
names contains c.name if some c in input.spec.template.spec.containers
first_image := input.spec.template.spec.containers[0].image
images contains input.spec.template.spec.containers[_].image
replicas := input.spec.replicas
missing if not input.spec.template.spec.volumes
with_other := n if {
  n := names with input as {"spec": {"template": {"spec": {"containers": [{"name": "z"}]}}}}
}
)";

TEST_CASE("input paths: the same prefix gets one number, reads agree") {
  auto policy = compile({kPolicy});
  const ir::RuleNode* main = policy->root().child("main");
  REQUIRE(main);
  const auto& containers = main->child("containers")->rules[0].value;
  const ir::Term* iterated = nullptr;  // the collection of `some c in ...` in `names`
  for (const auto& expr : main->child("names")->rules[0].body) {
    if (expr.kind == ir::ExprKind::SomeIn) iterated = &expr.terms[2];
  }
  REQUIRE(iterated);
  const auto& first = main->child("first_image")->rules[0].value;
  REQUIRE(containers.input_path >= 0);
  CHECK(containers.input_path == iterated->input_path);
  CHECK(containers.input_path_length == 4);
  CHECK(first.input_path != containers.input_path);  // a longer constant path of its own
  CHECK(first.input_path_length == 6);

  std::string doc = R"({"spec": {"replicas": 2, "template": {"spec": {"containers": [
      {"name": "a", "image": "x"}, {"name": "b", "image": "y"}]}}}})";
  CHECK(eval(policy, "data.main.names", doc) == R"(["a","b"])");
  CHECK(eval(policy, "data.main.first_image", doc) == R"("x")");
  CHECK(eval(policy, "data.main.images", doc) == R"(["x","y"])");
  CHECK(eval(policy, "data.main.replicas", doc) == "2");
  CHECK(eval(policy, "data.main.missing", doc) == "true");
  CHECK(eval(policy, "data.main", doc).find(R"("with_other":["z"])") != std::string::npos);
}

TEST_CASE("input paths: an absent prefix is undefined for every reader") {
  auto policy = compile({kPolicy});
  CHECK(eval(policy, "data.main.containers", R"({"spec": {}})") == "undefined");
  CHECK(eval(policy, "data.main.names", R"({"spec": {}})") == "[]");
  CHECK(eval(policy, "data.main.first_image", R"({"spec": []})") == "undefined");
  CHECK(eval(policy, "data.main.missing", R"("scalar input")") == "true");
  CHECK(eval(policy, "data.main.names") == "[]");
}

}  // namespace
}  // namespace mg::rego::testing
