#include <catch2/catch.hpp>

#include "report_fixture.h"
#include "xml_checker.h"

using namespace mg;
using namespace mg::report::testing;

namespace {
XmlElement parsed(const std::string& xml) {
  auto parsed = XmlChecker(xml).parse();
  if (auto* error = std::get_if<std::string>(&parsed))
    FAIL("not well-formed XML: " << *error << "\n" << xml);
  return std::get<XmlElement>(parsed);
}

int suites_skipped(const XmlElement& root) {
  int n = 0;
  for (const auto* s : root.all("testsuite")) n += std::stoi(s->attributes.at("skipped"));
  return n;
}
}  // namespace

TEST_CASE("xml checker: rejects what is not well-formed", "[junit]") {
  for (const char* bad : {"<a>", "<a></b>", "<a x=1/>", "<a x=\"<\"/>", "<a>&nbsp;</a>",
                          "<a>x & y</a>", "<a>1 < 2</a>", "<a/><b/>", "<a x=\"1\" x=\"2\"/>",
                          "<a>\x01</a>", "<a>\xff</a>", "<a>&#0;</a>", "<a>]]></a>"}) {
    INFO(bad);
    CHECK(std::holds_alternative<std::string>(XmlChecker(bad).parse()));
  }
  auto ok = XmlChecker("<?xml version=\"1.0\"?>\n<a k='v &amp; w'><b/>t&lt;&#x41;<!-- c --></a>\n")
                .parse();
  REQUIRE(std::holds_alternative<XmlElement>(ok));
  CHECK(std::get<XmlElement>(ok).attributes.at("k") == "v & w");
  CHECK(std::get<XmlElement>(ok).text == "t<A");
}

TEST_CASE("junit: well-formed, with testsuites, suites per namespace and counts", "[junit]") {
  std::string xml = render("junit", sample_result());
  CHECK(xml.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", 0) == 0);
  XmlElement root = parsed(xml);
  CHECK(root.name == "testsuites");
  CHECK(root.attributes.at("tests") == "9");
  CHECK(root.attributes.at("failures") == "3");  // two failures and a warning, as conftest
  CHECK(root.attributes.at("errors") == "1");
  CHECK(root.attributes.count("skipped") == 0);  // not in the common <testsuites> schema
  CHECK(suites_skipped(root) == 1);

  auto suites = root.all("testsuite");
  REQUIRE(suites.size() == 2);
  CHECK(suites[0]->attributes.at("name") == "manifestgate.main");
  CHECK(suites[0]->attributes.at("tests") == "8");
  CHECK(suites[1]->attributes.at("name") == "manifestgate.errors");

  auto cases = suites[0]->all("testcase");
  REQUIRE(cases.size() == 8);  // one per finding (4) and per success (1 + 3)
  for (const auto* c : cases) CHECK(c->attributes.at("classname") == "manifestgate.main");
  CHECK(cases[0]->attributes.at("name") ==
        "deploy/web.yaml:1 (Deployment/prod/web) - container \"web\" must not use the :latest tag");
  auto failure = cases[0]->all("failure");
  REQUIRE(failure.size() == 1);
  CHECK(failure[0]->attributes.at("type") == "failure");
  CHECK(failure[0]->text ==
        "container \"web\" must not use the :latest tag\n"
        "at: deploy/web.yaml:12 (spec.template.spec.containers[0].image)\n"
        "resource: Deployment/prod/web\n"
        "rule: main/deny_latest_tag (policy/deploy.rego:7)");

  // The tricky message survives escaping: the attribute keeps its first line only, the body
  // all of it.
  auto tricky = cases[1]->all("failure");
  REQUIRE(tricky.size() == 1);
  CHECK(tricky[0]->attributes.at("message") == "name <web> & \"co\" | 100% a,b:c");
  CHECK(tricky[0]->text.rfind(kTrickyMessage, 0) == 0);

  CHECK(cases[2]->all("failure")[0]->attributes.at("type") == "warning");
  REQUIRE(cases[3]->all("skipped").size() == 1);
  CHECK(cases[3]->all("skipped")[0]->attributes.empty());
  CHECK(cases[3]->all("skipped")[0]->text.rfind("privileged container allowed\n", 0) == 0);
  CHECK(cases[4]->attributes.at("name") == "deploy/web.yaml:1 (Deployment/prod/web) - SUCCESS #1");
  CHECK(cases[4]->children.empty());
  CHECK(cases[7]->attributes.at("name") == "deploy/web.yaml:20 (Service/web) - SUCCESS #3");

  auto errors = suites[1]->all("testcase");
  REQUIRE(errors.size() == 1);
  CHECK(errors[0]->attributes.at("name") == "deploy/bad.yaml:3:7 - did not find expected key");
  CHECK(errors[0]->all("error")[0]->text == "deploy/bad.yaml:3:7: did not find expected key");
}

TEST_CASE("junit: text XML cannot carry is replaced, attribute line breaks are references",
          "[junit]") {
  auto result = passing_result();
  result.documents[0].findings.push_back(
      finding(gate::Outcome::Failure, "bell\x07 nul\x01 bad\xff ]]> 'apos'\r\nnext", "deny", 1));
  std::string xml = render("junit", result);
  XmlElement root = parsed(xml);
  const auto* failure = root.all("testsuite")[0]->all("testcase")[0]->all("failure")[0];
  CHECK(failure->attributes.at("message") ==
        "bell\xEF\xBF\xBD nul\xEF\xBF\xBD bad\xEF\xBF\xBD ]]> 'apos'");
  CHECK(failure->text.rfind("bell\xEF\xBF\xBD nul\xEF\xBF\xBD bad\xEF\xBF\xBD ]]> 'apos'\r\nnext\n",
                            0) == 0);
  CHECK(xml.find("]]>") == std::string::npos);
}

TEST_CASE("junit: nothing evaluated is an empty, valid report", "[junit]") {
  std::string xml = render("junit", gate::RunResult{});
  XmlElement root = parsed(xml);
  CHECK(root.attributes.at("tests") == "0");
  CHECK(root.children.empty());
}

TEST_CASE("junit: a file name with markup is escaped in every attribute", "[junit]") {
  auto result = passing_result();
  result.documents[0].file = "a&b <\"c\">.yaml";
  XmlElement root = parsed(render("junit", result));
  CHECK(root.all("testsuite")[0]->all("testcase")[0]->attributes.at("name") ==
        "a&b <\"c\">.yaml:1 (ConfigMap/settings) - SUCCESS #1");
}
