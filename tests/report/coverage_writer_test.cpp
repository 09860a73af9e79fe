#include <catch2/catch.hpp>
#include <sstream>

#include "rego/value/json.h"
#include "report/coverage.h"

using namespace mg;
using rego::Value;

namespace {
gate::CoverageReport sample() {
  gate::CoverageReport report;
  gate::FileCoverage a;
  a.file = "policy/a.rego";
  a.covered = {{5, 9}};
  a.not_covered = {{12, 13}, {20, 20}};
  a.covered_lines = 5;
  a.not_covered_lines = 3;
  a.coverage = 62.5;
  gate::FileCoverage b;
  b.file = "policy/b.rego";
  b.not_covered = {{3, 3}};
  b.not_covered_lines = 1;
  report.files = {a, b};
  report.covered_lines = 5;
  report.not_covered_lines = 4;
  report.coverage = 100.0 * 5 / 9;
  return report;
}
}  // namespace

TEST_CASE("coverage json: OPA's report shape, empty per-file fields left out", "[coverage]") {
  std::ostringstream out;
  report::write_coverage_json(sample(), out);
  auto parsed = rego::parse_json(out.str());
  REQUIRE(std::holds_alternative<Value>(parsed));
  const Value& v = std::get<Value>(parsed);
  CHECK(*v.get("covered_lines") == Value::integer(5));
  CHECK(*v.get("not_covered_lines") == Value::integer(4));
  CHECK(v.get("coverage")->as_double() == Approx(55.5555555));
  const Value& a = *v.get("files")->get("policy/a.rego");
  const Value& first = a.get("covered")->as_array()[0];
  CHECK(*first.get("start")->get("row") == Value::integer(5));
  CHECK(*first.get("end")->get("row") == Value::integer(9));
  CHECK(a.get("not_covered")->size() == 2);
  CHECK(a.get("coverage")->as_double() == 62.5);
  const Value& b = *v.get("files")->get("policy/b.rego");
  CHECK(b.get("covered") == nullptr);
  CHECK(b.get("covered_lines") == nullptr);
  CHECK(b.get("coverage") == nullptr);
  CHECK(*b.get("not_covered_lines") == Value::integer(1));
}

TEST_CASE("coverage text: a total, then each file with the lines never reached", "[coverage]") {
  std::ostringstream out;
  report::write_coverage_text(sample(), out);
  CHECK(out.str() ==
        "Coverage: 55.56% (5 of 9 lines)\n"
        "  policy/a.rego: 62.50% (5/8), not covered: 12-13, 20\n"
        "  policy/b.rego: 0.00% (0/1), not covered: 3\n");
}
