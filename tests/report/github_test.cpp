#include <catch2/catch.hpp>

#include "report_fixture.h"

using namespace mg;
using namespace mg::report::testing;

TEST_CASE("github: groups, annotations at the finding's line, errors, summary", "[github]") {
  CHECK(render("github", sample_result()) ==
        "::group::Testing deploy/web.yaml:1 (Deployment/prod/web) against 5 policies in "
        "namespace main\n"
        "::error file=deploy/web.yaml,line=12,col=18,title=main/deny_latest_tag::container \"web\" "
        "must "
        "not use the :latest tag\n"
        "::error file=deploy/web.yaml,line=1,title=main/deny::name <web> & \"co\" | 100%25 a,b:c"
        "%0Asecond line: ünïcødé 日本\n"
        "::warning file=deploy/web.yaml,line=1,title=main/warn_probe::no readiness probe for "
        "'web'\n"
        "::notice file=deploy/web.yaml,line=1,title=main/deny_privileged (exception)::privileged "
        "container allowed\n"
        "::endgroup::\n"
        "::group::Testing deploy/web.yaml:20 (Service/web) against 3 policies in namespace main\n"
        "::endgroup::\n"
        "::error file=deploy/bad.yaml,line=3,col=7,title=manifestgate error::did not find "
        "expected key\n"
        "8 tests, 4 passed, 1 warning, 2 failures, 1 exception\n");
}

TEST_CASE("github: properties escape ',' ':' '%' and line breaks; data keeps ',' and ':'",
          "[github]") {
  auto result = passing_result();
  result.documents[0].file = "dir,x/a:b%.yaml";
  result.documents[0].findings.push_back(
      finding(gate::Outcome::Failure, "a,b:c%d\r\n::error::forged", "deny", 4, "ns:x,y"));
  auto lines = lines_of(render("github", result));
  REQUIRE(lines.size() == 6);  // a group for "main" (passing) and one for "ns:x,y"
  CHECK(lines[3] ==
        "::error file=dir%2Cx/a%3Ab%25.yaml,line=4,title=ns%3Ax%2Cy/deny::a,b:c%25d%0D%0A::error::"
        "forged");
  // No message can start a line of its own, so nothing can forge a command.
  for (const auto& line : lines)
    CHECK((line.rfind("::", 0) == 0 || line.find("tests,") != std::string::npos));
}

TEST_CASE("github: a finding without a line and an error without a file", "[github]") {
  gate::RunResult result;
  gate::DocumentResult doc;
  doc.file = "Combined";
  doc.namespaces = {"main"};
  doc.findings.push_back(finding(gate::Outcome::Warning, "w", "warn", 0));
  result.documents = {doc};
  result.errors.push_back(gate::RunError{"", 0, 0, "policy: 100% broken"});
  auto lines = lines_of(render("github", result));
  REQUIRE(lines.size() == 5);
  CHECK(lines[0] == "::group::Testing Combined against 1 policies in namespace main");
  CHECK(lines[1] == "::warning file=Combined,title=main/warn::w");
  CHECK(lines[3] == "::error title=manifestgate error::policy: 100%25 broken");
  CHECK(lines[4] == "1 test, 0 passed, 1 warning, 0 failures, 0 exceptions");
}
