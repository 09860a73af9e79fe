// The structured formats of a real run (manifests and policy from testdata, loaded, evaluated
// and traced as `manifestgate test` does) checked for what their consumers rely on, not
// against a golden file: JSON as conftest's readers parse it, JUnit as well-formed XML with
// consistent counts, SARIF with every property GitHub code scanning requires.

#include <catch2/catch.hpp>

#include "gate/policy_loader.h"
#include "gate/runner.h"
#include "manifest/loader.h"
#include "rego/value/json.h"
#include "report_fixture.h"
#include "xml_checker.h"

using namespace mg;
using namespace mg::report::testing;
using rego::Value;

namespace {

const std::string kTestdata = MG_TESTDATA_DIR;

// testdata/report's manifests and policy plus a malformed file, so errors are in every format.
gate::RunResult real_run() {
  gate::PolicySources sources;
  gate::add_policy_paths({kTestdata + "/report/policy"}, false, sources);
  REQUIRE(sources.errors.empty());
  auto compiled = rego::Policy::compile(std::move(sources.modules), std::move(sources.data));
  REQUIRE(std::holds_alternative<rego::PolicyPtr>(compiled));
  auto prepared = gate::Runner::prepare(std::get<rego::PolicyPtr>(compiled), {});
  REQUIRE(std::holds_alternative<gate::Runner>(prepared));
  auto loaded =
      manifest::load_paths({kTestdata + "/report/manifests", kTestdata + "/gate/broken/bad.yaml"});
  REQUIRE(loaded.errors.size() == 1);
  gate::RunResult result = std::get<gate::Runner>(prepared).run(loaded.documents);
  for (const auto& e : loaded.errors)
    result.errors.push_back(gate::RunError{e.file, e.pos.line, e.pos.column, e.message});
  result.files = loaded.files;
  REQUIRE(result.total(gate::Outcome::Failure) > 0);
  return result;
}

const Value& member(const Value& v, std::string_view key) {
  const Value* m = v.get(key);
  INFO(rego::to_json(v) << " has no \"" << key << "\"");
  REQUIRE(m);
  return *m;
}

Value parsed_json(const std::string& text) {
  auto parsed = rego::parse_json(text);
  if (auto* error = std::get_if<rego::JsonError>(&parsed)) FAIL("not JSON: " << error->message);
  return std::get<Value>(parsed);
}

bool is_count(const Value& v) {
  return v.is_integer() && v.as_int() >= 0;
}

}  // namespace

TEST_CASE("pipeline json: every entry has conftest's fields; findings point inside files",
          "[pipeline]") {
  auto result = real_run();
  Value list = parsed_json(render("json", result));
  REQUIRE(list.is_array());
  int failures = 0, errors = 0;
  for (const auto& entry : list.as_array()) {
    CHECK(member(entry, "filename").is_string());
    CHECK(member(entry, "namespace").is_string());
    CHECK(is_count(member(entry, "successes")));
    for (const char* key : {"failures", "warnings", "exceptions", "errors"})
      CHECK(member(entry, key).is_array());
    for (const char* key : {"failures", "warnings", "exceptions"}) {
      for (const auto& f : member(entry, key).as_array()) {
        CHECK(member(f, "msg").is_string());
        const Value& loc = member(f, "loc");
        CHECK(member(loc, "file") == member(entry, "filename"));
        CHECK(member(loc, "line").as_int() >= member(entry, "line").as_int());
        CHECK(member(f, "line") == member(loc, "line"));
        CHECK(member(f, "field").is_string());
        CHECK(member(member(f, "policy"), "line").as_int() > 0);
      }
    }
    failures += static_cast<int>(member(entry, "failures").size());
    errors += static_cast<int>(member(entry, "errors").size());
  }
  CHECK(failures == result.total(gate::Outcome::Failure));
  CHECK(errors == 1);
}

TEST_CASE("pipeline junit: well-formed XML whose counts add up", "[pipeline]") {
  auto result = real_run();
  auto parsed = XmlChecker(render("junit", result)).parse();
  if (auto* error = std::get_if<std::string>(&parsed)) FAIL("not well-formed XML: " << *error);
  const XmlElement& root = std::get<XmlElement>(parsed);
  CHECK(root.name == "testsuites");
  int tests = 0, failures = 0, errors = 0;
  for (const auto* suite : root.all("testsuite")) {
    auto cases = suite->all("testcase");
    CHECK(std::stoi(suite->attributes.at("tests")) == static_cast<int>(cases.size()));
    int suite_failures = 0, suite_errors = 0;
    for (const auto* c : cases) {
      CHECK(!c->attributes.at("name").empty());
      suite_failures += static_cast<int>(c->all("failure").size());
      suite_errors += static_cast<int>(c->all("error").size());
    }
    CHECK(std::stoi(suite->attributes.at("failures")) == suite_failures);
    CHECK(std::stoi(suite->attributes.at("errors")) == suite_errors);
    tests += static_cast<int>(cases.size());
    failures += suite_failures;
    errors += suite_errors;
  }
  CHECK(std::stoi(root.attributes.at("tests")) == tests);
  CHECK(std::stoi(root.attributes.at("failures")) == failures);
  CHECK(failures == result.total(gate::Outcome::Failure) + result.total(gate::Outcome::Warning));
  CHECK(errors == 1);
}

TEST_CASE("pipeline sarif: what GitHub code scanning requires", "[pipeline]") {
  auto result = real_run();
  Value log = parsed_json(render("sarif", result));
  CHECK(member(log, "version") == Value::string("2.1.0"));
  const Value& runs = member(log, "runs");
  REQUIRE(runs.size() == 1);
  const Value& run = runs.as_array()[0];
  const Value& driver = member(member(run, "tool"), "driver");
  CHECK(member(driver, "name").is_string());
  const Value& rules = member(driver, "rules");
  for (const auto& rule : rules.as_array()) {
    CHECK(member(rule, "id").is_string());
    CHECK(member(member(rule, "shortDescription"), "text").is_string());
  }
  const Value& results = member(run, "results");
  CHECK(static_cast<int>(results.size()) == result.total(gate::Outcome::Failure) +
                                                result.total(gate::Outcome::Warning) +
                                                result.total(gate::Outcome::Exception));
  int pointing_inside = 0;
  for (const auto& r : results.as_array()) {
    const Value& index = member(r, "ruleIndex");
    REQUIRE(index.is_integer());
    REQUIRE(index.as_int() < static_cast<int64_t>(rules.size()));
    CHECK(member(rules.as_array()[index.as_int()], "id") == member(r, "ruleId"));
    CHECK(member(member(r, "message"), "text").is_string());
    std::string level(member(r, "level").as_string());
    CHECK((level == "error" || level == "warning" || level == "note"));
    const Value& physical = member(member(r, "locations").as_array()[0], "physicalLocation");
    CHECK(member(member(physical, "artifactLocation"), "uri").is_string());
    const Value& region = member(physical, "region");
    CHECK(member(region, "startLine").as_int() >= 1);
    if (region.get("startColumn")) {
      CHECK(member(region, "startColumn").as_int() >= 1);
      ++pointing_inside;
    }
  }
  CHECK(pointing_inside > 0);  // traced fields carry a column
  const Value& invocation = member(run, "invocations").as_array()[0];
  CHECK(member(invocation, "executionSuccessful") == Value::boolean(false));
  CHECK(member(invocation, "toolExecutionNotifications").size() == 1);
}
