#include <catch2/catch.hpp>

#include "report_fixture.h"

using namespace mg;
using namespace mg::report::testing;

TEST_CASE("tap: one block per document with conftest's plan, sections and numbering", "[tap]") {
  std::string out = render("tap", sample_result());
  CHECK(out ==
        "1..5\n"
        "not ok 1 - deploy/web.yaml:12 - main - container \"web\" must not use the :latest tag\n"
        "not ok 2 - deploy/web.yaml:1 - main - name <web> & \"co\" | 100% a,b:c\n"
        "# second line: ünïcødé 日本\n"
        "# warnings\n"
        "not ok 3 - deploy/web.yaml:1 - main - no readiness probe for 'web'\n"
        "# exceptions\n"
        "ok 4 - deploy/web.yaml:1 - main - privileged container allowed\n"
        "# successes\n"
        "ok 5 - deploy/web.yaml:1 - main - SUCCESS\n"
        "1..3\n"
        "# successes\n"
        "ok 1 - deploy/web.yaml:20 - main - SUCCESS\n"
        "ok 2 - deploy/web.yaml:20 - main - SUCCESS\n"
        "ok 3 - deploy/web.yaml:20 - main - SUCCESS\n"
        "1..1\n"
        "# errors\n"
        "not ok 1 - ERROR - deploy/bad.yaml:3:7: did not find expected key\n");
}

TEST_CASE("tap: every block's plan matches its test lines", "[tap]") {
  auto lines = lines_of(render("tap", sample_result()));
  int planned = -1, seen = 0;
  for (const auto& line : lines) {
    if (line.rfind("1..", 0) == 0) {
      if (planned >= 0) CHECK(planned == seen);
      planned = std::stoi(line.substr(3));
      seen = 0;
    } else if (line.rfind("ok ", 0) == 0 || line.rfind("not ok ", 0) == 0) {
      ++seen;
      std::string number = line.substr(line.rfind("not ok ", 0) == 0 ? 7 : 3);
      CHECK(std::stoi(number) == seen);
    } else {
      CHECK(line.rfind("# ", 0) == 0);  // nothing else may appear in TAP
    }
  }
  CHECK(planned == seen);
}

TEST_CASE("tap: suppressed exceptions leave the plan and the section out", "[tap]") {
  report::ReportOptions options;
  options.suppress_exceptions = true;
  std::string out = render("tap", sample_result(), options);
  CHECK(out.rfind("1..4\n", 0) == 0);
  CHECK(out.find("# exceptions") == std::string::npos);
  CHECK(out.find("ok 4 - deploy/web.yaml:1 - main - SUCCESS\n") != std::string::npos);
}

TEST_CASE("tap: nothing evaluated prints nothing", "[tap]") {
  CHECK(render("tap", gate::RunResult{}).empty());
}

TEST_CASE("tap: a document without a line shows just its file", "[tap]") {
  auto result = passing_result();
  result.documents[0].line = 0;
  result.documents[0].file = "Combined";
  CHECK(render("tap", result) ==
        "1..2\n# successes\nok 1 - Combined - main - SUCCESS\nok 2 - Combined - main - SUCCESS\n");
}
