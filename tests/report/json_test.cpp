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
  REQUIRE(list.size() == 2);
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
}
