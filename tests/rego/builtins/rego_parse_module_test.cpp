#include "builtin_call.h"

using namespace mg::rego;
using namespace mg::rego::testing;

namespace {

std::string parse(const char* text) {
  return eval("rego.parse_module", {str("p.rego"), str(text)});
}

}  // namespace

TEST_CASE("rego.parse_module encodes a module as OPA's AST JSON") {
  CHECK(
      parse("package a.b\nimport data.lib as l\np := 1") ==
      R"({"imports":[{"alias":"l","path":{"type":"ref","value":[{"type":"var","value":"data"},)"
      R"({"type":"string","value":"lib"}]}}],"package":{"path":{"type":"ref","value":[)"
      R"({"type":"var","value":"data"},{"type":"string","value":"a"},{"type":"string","value":"b"}]}},)"
      R"("rules":[{"body":[{"index":0,"terms":{"type":"boolean","value":true}}],)"
      R"("head":{"assign":true,"name":"p","ref":[{"type":"var","value":"p"}],)"
      R"("value":{"type":"number","value":1}}}]})");
}

TEST_CASE("rego.parse_module writes operators as refs to their builtin names") {
  CHECK(
      parse("package a\nq if { not input.x; count(input) > 1 }") ==
      R"({"package":{"path":{"type":"ref","value":[{"type":"var","value":"data"},)"
      R"({"type":"string","value":"a"}]}},"rules":[{"body":[{"index":0,"negated":true,)"
      R"("terms":{"type":"ref","value":[{"type":"var","value":"input"},{"type":"string","value":"x"}]}},)"
      R"({"index":1,"terms":[{"type":"ref","value":[{"type":"var","value":"gt"}]},)"
      R"({"type":"call","value":[{"type":"ref","value":[{"type":"var","value":"count"}]},)"
      R"({"type":"ref","value":[{"type":"var","value":"input"}]}]},{"type":"number","value":1}]}],)"
      R"("head":{"name":"q","ref":[{"type":"var","value":"q"}],"value":{"type":"boolean","value":true}}}]})");
}

TEST_CASE("rego.parse_module numbers wildcards and keeps multi-value keys, sets and objects") {
  std::string out =
      parse("package a\ns contains x if { x := [_, _][_] }\no := {\"ü\": null, 1: {2}}");
  CHECK(out.find(R"("head":{"key":{"type":"var","value":"x"},"name":"s")") != std::string::npos);
  CHECK(
      out.find(
          R"({"type":"var","value":"$0"},{"type":"var","value":"$1"}]},{"type":"var","value":"$2"})") !=
      std::string::npos);
  CHECK(out.find(R"([{"type":"string","value":"ü"},{"type":"null","value":{}}])") !=
        std::string::npos);
  CHECK(out.find(R"({"type":"set","value":[{"type":"number","value":2}]})") != std::string::npos);
}

TEST_CASE("rego.parse_module nests else rules and encodes some, every and with") {
  std::string out = parse(
      "package a\nf(x) := 1 if x > 0 else := 2 if x < 0 else := 3\n"
      "e if { some k in input; every v in k { v } with input as {} }");
  CHECK(
      out.find(
          R"("else":{"body":[{"index":0,"terms":[{"type":"ref","value":[{"type":"var","value":"lt"}]})") !=
      std::string::npos);
  CHECK(out.find(R"("else":{"body":[{"index":0,"terms":{"type":"boolean","value":true}}])") !=
        std::string::npos);
  CHECK(
      out.find(
          R"("terms":{"symbols":[{"type":"call","value":[{"type":"ref","value":[{"type":"var","value":"internal"},{"type":"string","value":"member_2"}]})") !=
      std::string::npos);
  CHECK(out.find(R"("key":null)") != std::string::npos);
  CHECK(
      out.find(
          R"("with":[{"target":{"type":"ref","value":[{"type":"var","value":"input"}]},"value":{"type":"object","value":[]}}])") !=
      std::string::npos);
}

TEST_CASE("rego.parse_module fails with OPA's error text on bad source") {
  CHECK(error("rego.parse_module", {str("bad.rego"), str("package a\np := ")})
            .rfind("builtin: 1 error occurred: bad.rego:2: rego_parse_error: ", 0) == 0);
  CHECK(error("rego.parse_module", {str("x.rego"), num(1)}) ==
        "type: operand 2 must be string but got number");
}
