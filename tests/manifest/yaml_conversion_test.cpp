// Whole documents: keys, collections, anchors, merge keys, styles and streams, compared
// with the JSON sigs.k8s.io/yaml produces.

#include "manifest_test_support.h"

using mg::manifest::load_text;
using mg::manifest::LoadResult;
using mg::manifest::testing::first_error;
using mg::manifest::testing::json_of;

TEST_CASE("non-string keys become strings", "[yaml]") {
  CHECK(json_of("1: a\n") == R"({"1":"a"})");
  CHECK(json_of("0x10: a\n") == R"({"16":"a"})");
  CHECK(json_of("1_000: a\n") == R"({"1000":"a"})");
  CHECK(json_of("true: a\n") == R"({"true":"a"})");
  CHECK(json_of("on: push\n") == R"({"true":"push"})");  // the GitHub Actions surprise
  CHECK(json_of("no: a\n") == R"({"false":"a"})");
  CHECK(json_of("y: 1\nx: 2\n") == R"({"true":1,"x":2})");
  CHECK(json_of("1.5: a\n") == R"({"1.5":"a"})");
  CHECK(json_of("1e3: a\n") == R"({"1000":"a"})");
  CHECK(json_of("1e7: a\n") == R"({"1e+07":"a"})");
  CHECK(json_of("0.1: a\n") == R"({"0.1":"a"})");
  CHECK(json_of(".inf: a\n") == R"({".inf":"a"})");
  CHECK(json_of("-.inf: a\n") == R"({"-.inf":"a"})");
  CHECK(json_of(".nan: a\n") == R"({".nan":"a"})");
  CHECK(json_of("2001-12-14: a\n") == R"({"2001-12-14":"a"})");
  CHECK(json_of("\"1\": a\n") == R"({"1":"a"})");
  CHECK(json_of("!!str 1: a\n") == R"({"1":"a"})");
}

TEST_CASE("keys JSON cannot hold are errors", "[yaml]") {
  CHECK(first_error("~: a\n") == "1:1: a null map key cannot be converted to JSON");
  CHECK(first_error("? [a, b]\n: c\n") == "1:3: a mapping or sequence cannot be a map key in JSON");
  CHECK(first_error("{a: 1}: b\n").find("cannot be a map key") != std::string::npos);
  CHECK(first_error("18446744073709551615: a\n").find("beyond 64 bits") != std::string::npos);
}

TEST_CASE("keys that collide after conversion are duplicates", "[yaml]") {
  CHECK(first_error("1: a\n\"1\": b\n") == "2:0: duplicate key \"1\" (first on line 1)");
  CHECK(first_error("a: 1\nb: 2\na: 3\n") == "3:0: duplicate key \"a\" (first on line 1)");
  CHECK(first_error("x:\n  on: 1\n  true: 2\n") == "3:0: duplicate key \"true\" (first on line 2)");
}

TEST_CASE("block and flow collections", "[yaml]") {
  CHECK(json_of("a:\n  - 1\n  - x\n  -\n  - [2, {b: c}]\n") ==
        R"({"a":[1,"x",null,[2,{"b":"c"}]]})");
  CHECK(json_of("{a: 1, b: [true, ~], c: {}}\n") == R"({"a":1,"b":[true,null],"c":{}})");
  CHECK(json_of("- a\n- b: 1\n  c: 2\n") == R"(["a",{"b":1,"c":2}])");
  CHECK(json_of("a: []\nb: {}\nc:\n") == R"({"a":[],"b":{},"c":null})");
  CHECK(json_of("[a: 1, b]\n") == R"([{"a":1},"b"])");
  // Keys come out sorted, whatever the document order.
  CHECK(json_of("z: 1\nm: 2\na: 3\n") == R"({"a":3,"m":2,"z":1})");
}

TEST_CASE("literal and folded block scalars, comments", "[yaml]") {
  CHECK(json_of("a: |\n  line one\n  line two\nb: x\n") ==
        R"({"a":"line one\nline two\n","b":"x"})");
  CHECK(json_of("a: |-\n  keep\n") == R"({"a":"keep"})");
  CHECK(json_of("a: |+\n  keep\n\nb: 1\n") == R"({"a":"keep\n\n","b":1})");
  CHECK(json_of("a: >\n  folded\n  text\n\n  para\n") == R"({"a":"folded text\npara\n"})");
  CHECK(json_of("# head\na: 1 # trailing\n# tail\n") == R"({"a":1})");
  CHECK(json_of("a: 'multi\n  line'\n") == R"({"a":"multi line"})");
  CHECK(json_of("a: plain\n  continued\n") == R"({"a":"plain continued"})");
  CHECK(json_of("a: x#not-a-comment\n") == R"({"a":"x#not-a-comment"})");
}

TEST_CASE("anchors and aliases", "[yaml]") {
  CHECK(json_of("a: &x 1\nb: *x\n") == R"({"a":1,"b":1})");
  CHECK(json_of("a: &x {k: v}\nb: *x\nc: [*x, *x]\n") ==
        R"({"a":{"k":"v"},"b":{"k":"v"},"c":[{"k":"v"},{"k":"v"}]})");
  CHECK(json_of("a: &x [1, 2]\nb: *x\n") == R"({"a":[1,2],"b":[1,2]})");
  // An anchored scalar keeps its meaning as a key.
  CHECK(json_of("a: &k 5\n*k : x\n") == R"({"5":"x","a":5})");
  // Redefining an anchor: later aliases see the new node.
  CHECK(json_of("a: &x 1\nb: *x\nc: &x 2\nd: *x\n") == R"({"a":1,"b":1,"c":2,"d":2})");
  CHECK(first_error("a: *nope\n") == "1:4: the referenced anchor is not defined");
  CHECK(first_error("a: &x [*x]\n").find("refers to a node that contains it") != std::string::npos);
}

TEST_CASE("merge keys", "[yaml]") {
  CHECK(json_of("base: &b {x: 1, w: 2}\nd:\n  <<: *b\n  w: 3\n") ==
        R"({"base":{"w":2,"x":1},"d":{"w":3,"x":1}})");
  // Several maps: the earlier ones win.
  CHECK(json_of("a: &a {x: 1}\nb: &b {x: 2, z: 2}\nd:\n  <<: [*a, *b]\n") ==
        R"({"a":{"x":1},"b":{"x":2,"z":2},"d":{"x":1,"z":2}})");
  CHECK(json_of("d:\n  <<: {x: 1}\n  z: 0\n") == R"({"d":{"x":1,"z":0}})");
  // go-yaml v2 applies entries in order: a merge after a key overrides it.
  CHECK(json_of("a: &a {x: 1}\nd:\n  x: 0\n  <<: *a\n") == R"({"a":{"x":1},"d":{"x":1}})");
  // A quoted "<<" is an ordinary key; !!merge makes any "<<" a merge.
  CHECK(json_of("d:\n  \"<<\": {x: 1}\n") == R"({"d":{"<<":{"x":1}}})");
  CHECK(json_of("d:\n  !!merge <<: {x: 1}\n") == R"({"d":{"x":1}})");
  // As a value, << is just a string.
  CHECK(json_of("a: <<\n") == R"({"a":"<<"})");
  CHECK(first_error("d:\n  <<: 5\n") ==
        "2:0: map merge (<<) requires a map or a sequence of maps as the value");
  CHECK(first_error("d:\n  <<: [{a: 1}, 2]\n").find("map merge") != std::string::npos);
}

TEST_CASE("multi-document streams", "[yaml]") {
  LoadResult r = load_text(
      "s.yaml", "a: 1\n---\nb: 2\n---\n# only a comment\n---\n...\n--- c\n---\n- 4\n...\n");
  REQUIRE(r.errors.empty());
  REQUIRE(r.documents.size() == 4);
  CHECK(mg::rego::to_json(r.documents[0].value) == R"({"a":1})");
  CHECK(mg::rego::to_json(r.documents[1].value) == R"({"b":2})");
  CHECK(mg::rego::to_json(r.documents[2].value) == R"("c")");
  CHECK(mg::rego::to_json(r.documents[3].value) == R"([4])");
  for (int i = 0; i < 4; ++i) CHECK(r.documents[i].index == i);
  CHECK(r.documents[0].line == 1);
  CHECK(r.documents[1].line == 3);
  CHECK(r.documents[2].line == 8);
  CHECK(r.documents[3].line == 10);
}

TEST_CASE("empty inputs give no documents", "[yaml]") {
  for (auto text : {"", "\n", "# nothing\n", "---\n", "---\n...\n", "~\n", "null\n"}) {
    LoadResult r = load_text("e.yaml", text);
    INFO(text);
    CHECK(r.errors.empty());
    CHECK(r.documents.empty());
  }
}

TEST_CASE("byte-order mark, CRLF line ends and UTF-8 text", "[yaml]") {
  CHECK(json_of("\xEF\xBB\xBF"
                "a: 1\r\nb: \"x\"\r\n") == R"({"a":1,"b":"x"})");
  CHECK(json_of("name: caf\xC3\xA9 \xE2\x9C\x93\n") == "{\"name\":\"caf\xC3\xA9 \xE2\x9C\x93\"}");
}

TEST_CASE("JSON files are parsed as JSON", "[json]") {
  CHECK(json_of(R"({"b": [1, 2.50, 12345678901234567890123], "a": "x"})", "t.json") ==
        R"({"a":"x","b":[1,2.5,12345678901234567890123]})");
  LoadResult r = load_text("t.json", "{\"a\": 1,}");
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].pos.line == 1);
  CHECK(r.errors[0].file == "t.json");
  // The same text named .yaml is YAML (a superset): it loads.
  CHECK(json_of("{\"a\": 1, \"b\": [true]}", "t.yaml") == R"({"a":1,"b":[true]})");
  CHECK(load_text("n.json", "null").documents.empty());
}

TEST_CASE("identity fields come from the value", "[yaml]") {
  LoadResult r = load_text(
      "d.yaml",
      "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: prod\n");
  REQUIRE(r.documents.size() == 1);
  const auto& d = r.documents[0];
  CHECK(d.api_version == "apps/v1");
  CHECK(d.kind == "Deployment");
  CHECK(d.name == "web");
  CHECK(d.namespace_ == "prod");
  CHECK(d.file == "d.yaml");
  LoadResult bare = load_text("d.yaml", "kind: 5\nmetadata: []\n");
  CHECK(bare.documents[0].kind.empty());
  CHECK(bare.documents[0].name.empty());
}
