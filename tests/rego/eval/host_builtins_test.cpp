// The builtins that reach outside the policy or into the engine itself: network access is
// refused at compile time, never left to evaluate as undefined; the others answer with the
// shapes OPA gives them.

#include "eval_support.h"

using namespace mg::rego::testing;

TEST_CASE("http.send and net.lookup_ip_addr are compile errors naming the call") {
  auto errors = compile_errors(
      {"package t\nx := http.send({\"method\": \"get\", \"url\": \"http://example.org\"})\n"});
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].code == "rego_type_error");
  CHECK(errors[0].message ==
        "http.send: not supported by manifestgate (no network access from policies)");
  CHECK(errors[0].loc.row == 2);
  CHECK(errors[0].loc.col == 6);
  CHECK(first_error({"package t\nx if net.lookup_ip_addr(\"example.org\")\n"}) ==
        "rego_type_error: net.lookup_ip_addr: not supported by manifestgate (no network access "
        "from policies)");
}

TEST_CASE("trace, opa.runtime and rego.metadata answer with OPA's shapes") {
  auto p =
      compile({"package t\n"
               "t if trace(\"größe\")\n"
               "r := opa.runtime()\n"
               "# METADATA\n# title: Ü\n"
               "m := rego.metadata.rule()\n"
               "c := rego.metadata.chain()\n"});
  CHECK(eval(p, "data.t.t") == "true");
  CHECK(eval(p, "is_object(data.t.r)") == "true");
  CHECK(eval(p, "data.t.m") == R"({"scope":"rule","title":"Ü"})");
  CHECK(eval(p, "data.t.c[0].path") == R"(["data","t","c"])");
}

TEST_CASE("rego.parse_module, uri.parse and uri.is_valid are ordinary builtins") {
  auto p =
      compile({"package t\n"
               "m := rego.parse_module(\"x.rego\", \"package x.y\")\n"
               "u := uri.parse(\"https://ü.example/a?b\")\n"
               "bad if uri.parse(\"http://[::1\")\n"
               "v := uri.is_valid(input)\n"});
  CHECK(eval(p, "data.t.m.package.path.value[2].value") == R"("y")");
  CHECK(eval(p, "data.t.u.hostname") == R"("ü.example")");
  CHECK(eval(p, "data.t.u.raw_query") == R"("b")");
  CHECK(eval(p, "data.t.bad") == "undefined");
  // A value only known at evaluation is not a URI rather than an error, as in OPA.
  CHECK(eval(p, "data.t.v", "1") == "false");
  CHECK(eval(p, "data.t.v", R"("mailto:a@b")") == "true");
}
