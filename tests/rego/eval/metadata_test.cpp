// rego.metadata.rule() and rego.metadata.chain() read the METADATA annotations.

#include "eval_support.h"

using namespace mg::rego::testing;

TEST_CASE("rego.metadata.rule returns the rule's annotations") {
  auto p = compile({R"rego(# METADATA
# title: Pkg
package test

# METADATA
# title: No latest
# custom:
#   severity: 3
deny contains msg if {
  meta := rego.metadata.rule()
  msg := sprintf("%s (%d)", [meta.title, meta.custom.severity])
}

plain := rego.metadata.rule()
chain := rego.metadata.chain()
)rego"});
  CHECK(eval(p, "data.test.deny") == R"x(["No latest (3)"])x");
  CHECK(eval(p, "data.test.plain") == "{}");
  CHECK(eval(p, "data.test.chain") ==
        R"([{"path":["data","test","chain"]},)"
        R"({"annotations":{"scope":"package","title":"Pkg"},"path":["data","test"]}])");
}
