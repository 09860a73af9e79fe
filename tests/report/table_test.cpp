#include <catch2/catch.hpp>

#include "report/text.h"
#include "report_fixture.h"

using namespace mg;
using namespace mg::report::testing;

namespace {
gate::RunResult small_result() {
  gate::RunResult result;
  gate::DocumentResult doc;
  doc.file = "a.yaml";
  doc.line = 1;
  doc.namespaces = {"main"};
  doc.findings = {finding(gate::Outcome::Warning, "first warning", "warn", 1),
                  finding(gate::Outcome::Failure, "first failure", "deny", 1)};
  doc.namespace_successes = {{"main", 0}};
  result.documents = {doc};
  return result;
}

// The display columns at which "│" (or a corner/junction) stands in a line.
std::vector<int> separators(const std::string& line) {
  std::vector<int> at;
  int column = 0;
  size_t i = 0;
  while (i < line.size()) {
    size_t len = 1;
    auto b = static_cast<unsigned char>(line[i]);
    if (b >= 0xF0)
      len = 4;
    else if (b >= 0xE0)
      len = 3;
    else if (b >= 0xC0)
      len = 2;
    std::string ch = line.substr(i, len);
    if (ch == "│" || ch == "┼" || ch == "┬" || ch == "┴" || ch == "┌" || ch == "┐" || ch == "├" ||
        ch == "┤" || ch == "└" || ch == "┘")
      at.push_back(column);
    column += report::display_width(ch);
    i += len;
  }
  return at;
}
}  // namespace

TEST_CASE("table: conftest's layout, headers centred, rows padded", "[table]") {
  CHECK(render("table", small_result()) ==
        "┌─────────┬──────────┬───────────┬───────────────┐\n"
        "│ RESULT  │   FILE   │ NAMESPACE │    MESSAGE    │\n"
        "├─────────┼──────────┼───────────┼───────────────┤\n"
        "│ warning │ a.yaml:1 │ main      │ first warning │\n"
        "│ failure │ a.yaml:1 │ main      │ first failure │\n"
        "└─────────┴──────────┴───────────┴───────────────┘\n");
}

TEST_CASE("table: rows in conftest's order, one per success, errors last", "[table]") {
  auto lines = lines_of(render("table", sample_result()));
  REQUIRE(lines.size() == 14);  // 3 rules + header, 9 rows (one of them two lines high)
  auto starts = [&](size_t i, const std::string& prefix) {
    INFO(lines[i]);
    CHECK(lines[i].rfind(prefix, 0) == 0);
  };
  starts(3, "│ success   │ deploy/web.yaml:1   │ main      │ SUCCESS ");
  starts(4, "│ exception │ deploy/web.yaml:1   │ main      │ privileged container allowed ");
  starts(5, "│ warning   │ deploy/web.yaml:1   │ main      │ no readiness probe for 'web' ");
  starts(6, "│ failure   │ deploy/web.yaml:12  │ main      │ container \"web\" must not use");
  starts(7, "│ failure   │ deploy/web.yaml:1   │ main      │ name <web> & \"co\" | 100% a,b:c ");
  starts(8, "│           │                     │           │ second line: ünïcødé 日本 ");
  starts(9, "│ success   │ deploy/web.yaml:20  │ main      │ SUCCESS ");
  starts(12, "│ error     │ deploy/bad.yaml:3:7 │ -         │ did not find expected key ");
}

TEST_CASE("table: every line has its separators in the same columns, wide text included",
          "[table]") {
  auto lines = lines_of(render("table", sample_result()));
  auto expected = separators(lines[0]);
  REQUIRE(expected.size() == 5);
  for (const auto& line : lines) {
    INFO(line);
    CHECK(separators(line) == expected);
  }
}

TEST_CASE("table: nothing to show prints nothing", "[table]") {
  CHECK(render("table", gate::RunResult{}).empty());
}

TEST_CASE("table: tabs and control characters do not break the alignment", "[table]") {
  auto result = small_result();
  result.documents[0].findings[0].message =
      "a\tb\x01"
      "c";
  auto lines = lines_of(render("table", result));
  CHECK(lines[3] == "│ warning │ a.yaml:1 │ main      │ a b c         │");
}
