// The evaluation observer: coverage hooks, the identities a derivation touched, and data
// overrides per evaluation.

#include <map>
#include <set>

#include "eval_support.h"

namespace mg::rego::testing {
namespace {

const char* kPolicy = R"(package main

deny contains msg if {
  input.kind == "Deployment"
  some c in input.spec.containers
  endswith(c.image, ":latest")
  msg := sprintf("%s uses latest", [c.name])
}

deny contains msg if {
  some c in input.spec.containers
  not c.resources.limits.memory
  msg := sprintf("%s has no memory limit", [c.name])
}
)";

// Records the hooks' calls; maps touched identities back to input paths.
struct Recorder : EvalObserver {
  std::map<const void*, std::string> paths;                 // identity -> path in the input
  std::map<std::string, std::vector<std::string>> touched;  // message -> input paths
  std::map<std::string, int> rule_rows;                     // message -> rule row
  std::set<int> expression_rows;
  int successes = 0;

  void index(const Value& v, const std::string& path) {
    if (v.identity()) paths[v.identity()] = path;
    if (v.is_object()) {
      for (const auto& [k, child] : v.as_object())
        index(child, path + "." + std::string(k.as_string()));
    } else if (v.is_array()) {
      auto items = v.as_array();
      for (size_t i = 0; i < items.size(); ++i)
        index(items[i], path + "[" + std::to_string(i) + "]");
    }
  }
  void expression_evaluated(const ast::Location& where) override {
    expression_rows.insert(where.row);
  }
  void rule_succeeded(const ast::Location&) override { ++successes; }
  void member_derived(std::string_view rule_path, const ast::Location& rule, const Value& member,
                      std::span<const void* const> ids) override {
    CHECK(rule_path == "data.main.deny");
    std::string msg(member.as_string());
    rule_rows[msg] = rule.row;
    for (const void* id : ids) {
      auto it = paths.find(id);
      if (it != paths.end()) touched[msg].push_back(it->second);
    }
  }
  bool wants_touched() const override { return true; }
};

bool has(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

TEST_CASE("observer: each message knows its rule and the input fields it read") {
  auto policy = compile({kPolicy});
  auto query = std::get<PreparedQuery>(PreparedQuery::prepare(policy, "data.main.deny"));
  Value input = json(R"({"kind": "Deployment", "spec": {"containers": [
      {"name": "a", "image": "x:latest", "resources": {"limits": {"memory": "1Gi"}}},
      {"name": "b", "image": "y:1", "resources": {"requests": {}}}]}})");
  Recorder recorder;
  recorder.index(input, "");
  EvalOptions options;
  options.observer = &recorder;
  auto value = query.eval_value(&input, options);
  REQUIRE(value);
  CHECK(value->size() == 2);

  CHECK(recorder.rule_rows["a uses latest"] == 3);
  CHECK(recorder.rule_rows["b has no memory limit"] == 10);
  const auto& latest = recorder.touched["a uses latest"];
  CHECK(has(latest, ".spec.containers[0].image"));
  CHECK(has(latest, ".spec.containers[0].name"));
  CHECK_FALSE(has(latest, ".spec.containers[1].image"));  // forgotten on backtracking
  // The reads inside `not` stay: they explain why the negation held.
  const auto& memory = recorder.touched["b has no memory limit"];
  CHECK(has(memory, ".spec.containers[1].resources"));
  CHECK_FALSE(has(memory, ".spec.containers[0].resources"));
  CHECK(recorder.successes == 2);
  CHECK(recorder.expression_rows.count(4) == 1);
  CHECK(recorder.expression_rows.count(12) == 1);
}

TEST_CASE("observer: an evaluation without one still works, and the hooks are optional") {
  auto policy = compile({kPolicy});
  auto query = std::get<PreparedQuery>(PreparedQuery::prepare(policy, "data.main.deny"));
  Value input = json(
      R"({"kind": "Deployment", "spec": {"containers": [{"name": "a", "image": "x:latest"}]}})");
  EvalObserver nothing;
  EvalOptions options;
  options.observer = &nothing;
  auto with = query.eval_value(&input, options);
  auto without = query.eval_value(&input);
  REQUIRE(with);
  REQUIRE(without);
  CHECK(*with == *without);
  CHECK(with->size() == 2);
}

TEST_CASE("data overrides: placed under data for one evaluation") {
  auto policy = compile({R"(package main
name := data.conftest.file.name
dir := data.conftest.file.dir
other := data.settings.level
)"},
                        R"({"settings": {"level": 3}})");
  EvalOptions options;
  options.data_overrides.push_back(
      {{"conftest", "file"}, json(R"({"name": "deploy/web.yaml", "dir": "deploy"})")});
  auto query = std::get<PreparedQuery>(PreparedQuery::prepare(policy, "data.main"));
  auto value = query.eval_value(nullptr, options);
  REQUIRE(value);
  CHECK(to_json(*value) == R"({"dir":"deploy","name":"deploy/web.yaml","other":3})");
  auto plain = query.eval_value(nullptr);
  REQUIRE(plain);
  CHECK(to_json(*plain) == R"({"other":3})");
}

TEST_CASE("data overrides: replace rules that live at the path") {
  auto policy = compile({R"(package conftest.file
name := "from a rule"
)",
                         R"(package main
name := data.conftest.file.name
)"});
  EvalOptions options;
  options.data_overrides.push_back({{"conftest", "file"}, json(R"({"name": "real.yaml"})")});
  auto query = std::get<PreparedQuery>(PreparedQuery::prepare(policy, "data.main.name"));
  auto value = query.eval_value(nullptr, options);
  REQUIRE(value);
  CHECK(value->as_string() == "real.yaml");
}

}  // namespace
}  // namespace mg::rego::testing
