#include "rego/value/json.h"

#include <catch2/catch.hpp>

#include "report_fixture.h"

using namespace mg;
using namespace mg::report::testing;
using rego::Value;

TEST_CASE("json: conftest's result list, one entry per document and namespace", "[json]") {
  auto parsed = rego::parse_json(render("json", sample_result()));
  REQUIRE(std::holds_alternative<Value>(parsed));
  const Value& list = std::get<Value>(parsed);
  REQUIRE(list.is_array());
  REQUIRE(list.size() == 3);  // two documents, one error
  const Value& web = list.as_array()[0];
  CHECK(*web.get("filename") == Value::string("deploy/web.yaml"));
  CHECK(*web.get("namespace") == Value::string("main"));
  CHECK(*web.get("line") == Value::integer(1));
  CHECK(*web.get("successes") == Value::integer(1));
  CHECK(web.get("failures")->size() == 2);
  CHECK(web.get("warnings")->size() == 1);
  CHECK(web.get("exceptions")->size() == 1);
  const Value& tricky = web.get("failures")->as_array()[1];
  CHECK(*tricky.get("msg") == Value::string(kTrickyMessage));
  CHECK(*tricky.get("rule") == Value::string("deny"));
  CHECK(*tricky.get("metadata")->get("severity") == Value::string("high"));
  CHECK(*web.get("resource")->get("kind") == Value::string("Deployment"));
  const Value& service = list.as_array()[1];
  CHECK(*service.get("line") == Value::integer(20));
  CHECK(*service.get("successes") == Value::integer(3));
  CHECK(service.get("errors")->size() == 0);
}

namespace {
const Value& member(const Value& v, std::string_view key) {
  const Value* m = v.get(key);
  INFO(rego::to_json(v) << " has no " << key);
  REQUIRE(m);
  return *m;
}
}  // namespace

TEST_CASE("json: findings carry conftest's loc, the field, line and column, the policy place",
          "[json]") {
  auto parsed = rego::parse_json(render("json", sample_result()));
  REQUIRE(std::holds_alternative<Value>(parsed));
  const Value& failures = member(std::get<Value>(parsed).as_array()[0], "failures");
  const Value& latest = failures.as_array()[0];
  CHECK(member(member(latest, "loc"), "file") == Value::string("deploy/web.yaml"));
  CHECK(member(member(latest, "loc"), "line") == Value::integer(12));
  CHECK(member(latest, "line") == Value::integer(12));
  CHECK(member(latest, "column") == Value::integer(18));
  CHECK(member(latest, "field") == Value::string("spec.template.spec.containers[0].image"));
  CHECK(member(member(latest, "policy"), "file") == Value::string("policy/deploy.rego"));
  CHECK(member(member(latest, "policy"), "line") == Value::integer(7));
  const Value& tricky = failures.as_array()[1];
  CHECK(member(tricky, "field") == Value::string(""));
  CHECK(member(tricky, "column") == Value::integer(0));
}

TEST_CASE("json: a policy's _loc is conftest's loc, not metadata", "[json]") {
  auto result = sample_result();
  auto& f = result.documents[0].findings[1];
  f.file = "src/web.jsonnet";
  f.line = 42;
  f.details = Value::object({{Value::string("msg"), Value::string("m")},
                             {Value::string("_loc"), Value::object({})},
                             {Value::string("severity"), Value::string("high")}});
  auto parsed = rego::parse_json(render("json", result));
  REQUIRE(std::holds_alternative<Value>(parsed));
  const Value& tricky = member(std::get<Value>(parsed).as_array()[0], "failures").as_array()[1];
  CHECK(member(member(tricky, "loc"), "file") == Value::string("src/web.jsonnet"));
  CHECK(member(member(tricky, "loc"), "line") == Value::integer(42));
  CHECK(member(tricky, "metadata").get("_loc") == nullptr);
  CHECK(member(member(tricky, "metadata"), "severity") == Value::string("high"));
}

TEST_CASE("json: each error is an entry of its own that conftest's readers still parse", "[json]") {
  auto parsed = rego::parse_json(render("json", sample_result()));
  REQUIRE(std::holds_alternative<Value>(parsed));
  const Value& entry = std::get<Value>(parsed).as_array()[2];
  // Every field conftest's CheckResult has, with nothing counted.
  CHECK(member(entry, "filename") == Value::string("deploy/bad.yaml"));
  CHECK(member(entry, "namespace") == Value::string(""));
  CHECK(member(entry, "successes") == Value::integer(0));
  for (const char* key : {"failures", "warnings", "exceptions"}) {
    CHECK(member(entry, key).is_array());
    CHECK(member(entry, key).size() == 0);
  }
  const Value& errors = member(entry, "errors");
  REQUIRE(errors.size() == 1);
  const Value& error = errors.as_array()[0];
  CHECK(member(error, "msg") == Value::string("did not find expected key"));
  CHECK(member(error, "line") == Value::integer(3));
  CHECK(member(error, "column") == Value::integer(7));

  // Without errors, no extra entry.
  auto clean = rego::parse_json(render("json", passing_result()));
  REQUIRE(std::holds_alternative<Value>(clean));
  CHECK(std::get<Value>(clean).size() == 1);
}
