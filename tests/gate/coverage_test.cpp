#include "gate/coverage.h"

#include <catch2/catch.hpp>

using namespace mg;
using gate::LineRange;

namespace {

constexpr std::string_view kPolicy = R"(package cov

import rego.v1

deny contains msg if {
	some x
	x = input.n
	x > 1
	msg := "big"
}

warn contains "never" if {
	input.unused
}

size(n) := "small" if {
	n < 10
} else := "large"

names := [n | some n in input.names; n != ""]
)";

constexpr std::string_view kTests = R"(package cov

import rego.v1

test_big if {
	deny["big"] with input as {"n": 2}
}

test_small if {
	size(1) == "small"
}
)";

struct Run {
  gate::CoverageReport report;
};

gate::CoverageReport covered_by_tests(std::vector<std::string> tests) {
  std::vector<rego::ModuleSource> modules = {{"cov.rego", std::string(kPolicy)},
                                             {"cov_test.rego", std::string(kTests)}};
  auto compiled = rego::Policy::compile(modules, rego::Value::empty_object());
  if (auto* errors = std::get_if<rego::RegoErrors>(&compiled)) {
    for (const auto& e : *errors) FAIL(e.to_string());
  }
  auto policy = std::get<rego::PolicyPtr>(compiled);
  gate::CoverageRecorder recorder;
  rego::EvalOptions options;
  options.observer = &recorder;
  for (const auto& test : tests) {
    auto prepared = rego::PreparedQuery::prepare(policy, "data.cov." + test);
    REQUIRE(std::holds_alternative<rego::PreparedQuery>(prepared));
    auto value = std::get<rego::PreparedQuery>(prepared).eval_value(nullptr, options);
    REQUIRE(value);
    CHECK(value->is_true());
  }
  return gate::coverage_report(modules, rego::ast::VersionMode::Auto, recorder);
}

std::vector<std::pair<int, int>> pairs(const std::vector<LineRange>& ranges) {
  std::vector<std::pair<int, int>> out;
  for (const auto& r : ranges) out.emplace_back(r.start, r.end);
  return out;
}

const gate::FileCoverage& file(const gate::CoverageReport& report, std::string_view name) {
  for (const auto& f : report.files) {
    if (f.file == name) return f;
  }
  FAIL("no coverage for " << name);
  return report.files.front();
}

}  // namespace

TEST_CASE("coverage: lines reached by the tests, lines never reached", "[coverage]") {
  auto report = covered_by_tests({"test_big", "test_small"});
  REQUIRE(report.files.size() == 2);
  CHECK(report.files[0].file == "cov.rego");  // sorted by file name
  const auto& policy = file(report, "cov.rego");
  // deny (head 5, body 7-9; `some x` on 6 is a declaration), size (16-17) are reached;
  // warn (12-13), the else clause (18) and names (20) are not.
  CHECK(pairs(policy.covered) == std::vector<std::pair<int, int>>{{5, 5}, {7, 9}, {16, 17}});
  CHECK(pairs(policy.not_covered) ==
        std::vector<std::pair<int, int>>{{12, 13}, {18, 18}, {20, 20}});
  CHECK(policy.covered_lines == 6);
  CHECK(policy.not_covered_lines == 4);
  CHECK(policy.coverage == Approx(60.0));
  const auto& tests = file(report, "cov_test.rego");
  CHECK(tests.not_covered.empty());
  CHECK(tests.covered_lines == 4);
  CHECK(report.covered_lines == 10);
  CHECK(report.not_covered_lines == 4);
  CHECK(report.coverage == Approx(100.0 * 10 / 14));
}

TEST_CASE("coverage: an unreached module is all not covered; nothing run is 0%", "[coverage]") {
  auto report = covered_by_tests({});
  const auto& policy = file(report, "cov.rego");
  CHECK(policy.covered.empty());
  CHECK(policy.covered_lines == 0);
  CHECK(policy.coverage == 0.0);
  CHECK(pairs(policy.not_covered) ==
        std::vector<std::pair<int, int>>{{5, 5}, {7, 9}, {12, 13}, {16, 18}, {20, 20}});
  CHECK(report.coverage == 0.0);
}

TEST_CASE("coverage: the recorder ignores locations without a file", "[coverage]") {
  gate::CoverageRecorder recorder;
  rego::ast::Location query;  // a query typed on the command line
  query.row = 1;
  recorder.expression_evaluated(query);
  rego::ast::Location in_file;
  in_file.file = std::make_shared<const std::string>("a.rego");
  in_file.row = 3;
  recorder.rule_succeeded(in_file);
  recorder.expression_evaluated(in_file);
  REQUIRE(recorder.hits().size() == 1);
  CHECK(recorder.hits().at("a.rego") == std::set<int>{3});
}
