#include <catch2/catch.hpp>

#include "rego/value/json.h"
#include "report_fixture.h"

using namespace mg;
using namespace mg::report::testing;
using rego::Value;

namespace {
Value parsed(const std::string& text) {
  auto v = rego::parse_json(text);
  if (auto* e = std::get_if<rego::JsonError>(&v))
    FAIL("invalid JSON: " << e->message << "\n" << text);
  return std::get<Value>(v);
}

const Value& at(const Value& v, std::string_view key) {
  const Value* member = v.get(key);
  INFO("missing member " << key << " in " << rego::to_json(v));
  REQUIRE(member != nullptr);
  return *member;
}

std::string text(const Value& v, std::string_view key) {
  const Value& member = at(v, key);
  REQUIRE(member.is_string());
  return std::string(member.as_string());
}
}  // namespace

TEST_CASE("sarif: 2.1.0 log with one run, the driver and its rules", "[sarif]") {
  Value log = parsed(render("sarif", sample_result()));
  CHECK(text(log, "version") == "2.1.0");
  CHECK(text(log, "$schema").find("sarif") != std::string::npos);
  const Value& runs = at(log, "runs");
  REQUIRE(runs.is_array());
  REQUIRE(runs.size() == 1);
  const Value& driver = at(at(runs.as_array()[0], "tool"), "driver");
  CHECK(text(driver, "name") == "manifestgate");
  CHECK(driver.get("informationUri") == nullptr);  // optional, and there is no project page
  CHECK(!text(driver, "version").empty());
  CHECK(std::isdigit(static_cast<unsigned char>(text(driver, "version")[0])));

  const Value& rules = at(driver, "rules");
  REQUIRE(rules.size() == 4);  // sorted by id
  std::vector<std::string> ids;
  for (const auto& r : rules.as_array()) {
    ids.push_back(text(r, "id"));
    CHECK(!text(at(r, "shortDescription"), "text").empty());
  }
  CHECK(ids == std::vector<std::string>{"main/deny", "main/deny_latest_tag", "main/deny_privileged",
                                        "main/warn_probe"});
  CHECK(text(at(rules.as_array()[3], "defaultConfiguration"), "level") == "warning");
  CHECK(text(at(rules.as_array()[0], "defaultConfiguration"), "level") == "error");
}

TEST_CASE("sarif: one result per finding with rule, level, message and location", "[sarif]") {
  Value log = parsed(render("sarif", sample_result()));
  const Value& run = at(log, "runs").as_array()[0];
  const Value& rules = at(at(at(run, "tool"), "driver"), "rules");
  const Value& results = at(run, "results");
  REQUIRE(results.size() == 4);
  std::vector<std::string> levels;
  std::vector<int64_t> lines;
  for (const auto& r : results.as_array()) {
    levels.push_back(text(r, "level"));
    // ruleIndex points at the rule named by ruleId.
    const Value& index = at(r, "ruleIndex");
    REQUIRE(index.is_integer());
    REQUIRE(index.as_int() < static_cast<int64_t>(rules.size()));
    CHECK(text(rules.as_array()[index.as_int()], "id") == text(r, "ruleId"));
    const Value& location = at(at(r, "locations").as_array()[0], "physicalLocation");
    CHECK(text(at(location, "artifactLocation"), "uri") == "deploy/web.yaml");
    CHECK(text(at(location, "artifactLocation"), "uriBaseId") == "%SRCROOT%");
    lines.push_back(at(at(location, "region"), "startLine").as_int());
  }
  CHECK(levels == std::vector<std::string>{"error", "error", "warning", "note"});
  // The :latest finding points at its field, with the column and the field's path.
  CHECK(lines == std::vector<int64_t>{12, 1, 1, 1});
  const Value& latest = results.as_array()[0];
  const Value& region = at(at(at(latest, "locations").as_array()[0], "physicalLocation"), "region");
  CHECK(at(region, "startColumn") == Value::integer(18));
  CHECK(text(at(latest, "properties"), "field") == "spec.template.spec.containers[0].image");
  CHECK(at(results.as_array()[1], "properties").get("field") == nullptr);
  const Value& tricky = results.as_array()[1];
  CHECK(text(at(tricky, "message"), "text") == kTrickyMessage);
  CHECK(text(at(at(tricky, "properties"), "details"), "severity") == "high");
  CHECK(text(at(tricky, "properties"), "resource") == "Deployment/prod/web");
  // The exception is kept, suppressed in source.
  const Value& exception = results.as_array()[3];
  CHECK(text(at(exception, "suppressions").as_array()[0], "kind") == "inSource");
  CHECK(results.as_array()[0].get("suppressions") == nullptr);
}

TEST_CASE("sarif: errors are execution notifications of an unsuccessful invocation", "[sarif]") {
  Value log = parsed(render("sarif", sample_result()));
  const Value& invocation = at(at(log, "runs").as_array()[0], "invocations").as_array()[0];
  CHECK(at(invocation, "executionSuccessful") == Value::boolean(false));
  const Value& notes = at(invocation, "toolExecutionNotifications");
  REQUIRE(notes.size() == 1);
  const Value& note = notes.as_array()[0];
  CHECK(text(note, "level") == "error");
  CHECK(text(at(note, "message"), "text") == "did not find expected key");
  const Value& region = at(at(at(note, "locations").as_array()[0], "physicalLocation"), "region");
  CHECK(at(region, "startLine") == Value::integer(3));
  CHECK(at(region, "startColumn") == Value::integer(7));

  Value clean = parsed(render("sarif", passing_result()));
  const Value& ok = at(at(clean, "runs").as_array()[0], "invocations").as_array()[0];
  CHECK(at(ok, "executionSuccessful") == Value::boolean(true));
  CHECK(at(at(clean, "runs").as_array()[0], "results").size() == 0);
}

TEST_CASE("sarif: URIs are relative, normalised and percent-encoded; no region without a line",
          "[sarif]") {
  auto result = passing_result();
  result.documents[0].file = "./dir/my file#1ü.yaml";
  result.documents[0].line = 0;
  result.documents[0].findings.push_back(finding(gate::Outcome::Failure, "m", "deny", 0));
  Value log = parsed(render("sarif", result));
  const Value& r = at(at(log, "runs").as_array()[0], "results").as_array()[0];
  const Value& location = at(at(r, "locations").as_array()[0], "physicalLocation");
  CHECK(text(at(location, "artifactLocation"), "uri") == "dir/my%20file%231%C3%BC.yaml");
  CHECK(location.get("region") == nullptr);

  result.documents[0].file = "/nonexistent-root/x.yaml";
  Value absolute = parsed(render("sarif", result));
  const Value& r2 = at(at(absolute, "runs").as_array()[0], "results").as_array()[0];
  const Value& artifact =
      at(at(at(r2, "locations").as_array()[0], "physicalLocation"), "artifactLocation");
  CHECK(text(artifact, "uri") == "file:///nonexistent-root/x.yaml");
  CHECK(artifact.get("uriBaseId") == nullptr);
}

TEST_CASE("sarif: suppressed exceptions are left out", "[sarif]") {
  report::ReportOptions options;
  options.suppress_exceptions = true;
  Value log = parsed(render("sarif", sample_result(), options));
  const Value& run = at(log, "runs").as_array()[0];
  CHECK(at(run, "results").size() == 3);
  CHECK(at(at(at(run, "tool"), "driver"), "rules").size() == 3);
}
