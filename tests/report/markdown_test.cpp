#include <catch2/catch.hpp>

#include "report_fixture.h"

using namespace mg;
using namespace mg::report::testing;

TEST_CASE("markdown: heading with counts, summary, table of failures and warnings, errors",
          "[markdown]") {
  CHECK(render("markdown", sample_result()) ==
        "### ❌ manifestgate: 2 failures, 1 warning, 1 error\n"
        "\n"
        "8 tests, 4 passed, 1 warning, 2 failures, 1 exception\n"
        "\n"
        "| Result | Location | Resource | Rule | Message |\n"
        "| --- | --- | --- | --- | --- |\n"
        "| failure | deploy/web.yaml:12 | Deployment/prod/web | main/deny\\_latest\\_tag | "
        "container \"web\" must not use the :latest tag |\n"
        "| failure | deploy/web.yaml:1 | Deployment/prod/web | main/deny | name \\<web\\> \\& "
        "\"co\" \\| 100% a,b:c<br>second line: ünïcødé 日本 |\n"
        "| warning | deploy/web.yaml:1 | Deployment/prod/web | main/warn\\_probe | no readiness "
        "probe for 'web' |\n"
        "\n"
        "#### Errors\n"
        "\n"
        "- deploy/bad.yaml:3:7: did not find expected key\n");
}

TEST_CASE("markdown: every table row has exactly five cells, whatever the message", "[markdown]") {
  auto result = sample_result();
  result.documents[0].findings[0].message = "a|b||c \\| d\n| e |";
  for (const auto& line : lines_of(render("markdown", result))) {
    if (line.rfind("|", 0) != 0) continue;
    int cells = -1;
    for (size_t i = 0; i < line.size(); ++i) {
      if (line[i] == '\\') {
        ++i;  // an escaped character, never a cell border
      } else if (line[i] == '|') {
        ++cells;
      }
    }
    INFO(line);
    CHECK(cells == 5);
  }
}

TEST_CASE("markdown: links, HTML and emphasis in messages are inert", "[markdown]") {
  auto result = passing_result();
  result.documents[0].findings.push_back(finding(
      gate::Outcome::Warning, "[x](http://evil) <img src=x> *bold* `code` ~~s~~ #1", "warn", 1));
  std::string out = render("markdown", result);
  CHECK(out.find("\\[x\\](http://evil) \\<img src=x\\> \\*bold\\* \\`code\\` \\~\\~s\\~\\~ \\#1") !=
        std::string::npos);
  CHECK(out.rfind("### ⚠️ manifestgate: 0 failures, 1 warning\n", 0) == 0);
}

TEST_CASE("markdown: a clean run is a green heading and no table", "[markdown]") {
  CHECK(render("markdown", passing_result()) ==
        "### ✅ manifestgate: 0 failures, 0 warnings\n\n2 tests, 2 passed, 0 warnings, 0 "
        "failures, 0 exceptions\n");
}
