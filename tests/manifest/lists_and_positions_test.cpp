// Kubernetes Lists are flattened into their items; documents and items know their lines;
// locate() finds the line:col of any field.

#include "manifest_test_support.h"

using mg::manifest::Document;
using mg::manifest::load_paths;
using mg::manifest::load_text;
using mg::manifest::LoadResult;
using mg::manifest::locate;
using mg::manifest::Position;
using mg::manifest::testing::TempDir;
using mg::rego::Value;

namespace {

const char* const kList = R"(# a list of two
apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: ConfigMap
    metadata:
      name: first
  -
    kind: Secret
    metadata: {name: second}
  - null
  - kind: Service
    metadata:
      name: third
)";

std::optional<Position> at(const Document& d, std::initializer_list<Value> path) {
  std::vector<Value> p(path);
  return locate(d, p);
}

std::string str(std::optional<Position> p) {
  return p ? std::to_string(p->line) + ":" + std::to_string(p->column) : "none";
}

}  // namespace

TEST_CASE("a List becomes its items, with their own lines", "[lists]") {
  LoadResult r = load_text("list.yaml", std::string("a: 1\n---\n") + kList);
  REQUIRE(r.errors.empty());
  REQUIRE(r.documents.size() == 4);
  CHECK(r.documents[0].line == 1);
  CHECK(r.documents[1].kind == "ConfigMap");
  CHECK(r.documents[1].name == "first");
  CHECK(r.documents[1].line == 7);
  CHECK(r.documents[1].list_item == 0);
  CHECK(r.documents[2].kind == "Secret");
  CHECK(r.documents[2].line == 12);
  CHECK(r.documents[3].kind == "Service");
  CHECK(r.documents[3].line == 15);
  CHECK(r.documents[3].list_item == 3);  // the null item is skipped but keeps its place
  for (int i = 0; i < 4; ++i) CHECK(r.documents[i].index == i);
}

TEST_CASE("typed lists and non-lists", "[lists]") {
  LoadResult typed =
      load_text("l.yaml", "kind: DeploymentList\nitems:\n- kind: Deployment\n- kind: Deployment\n");
  CHECK(typed.documents.size() == 2);
  // Without an items array it is an ordinary document.
  CHECK(load_text("l.yaml", "kind: List\nitems: 5\n").documents.size() == 1);
  CHECK(load_text("l.yaml", "kind: Listing\nitems: [a]\n").documents.size() == 1);
  CHECK(load_text("l.yaml", "kind: List\nitems: []\n").documents.empty());
}

TEST_CASE("a JSON List's items get their lines too", "[lists]") {
  const char* json =
      "{\n  \"kind\": \"List\",\n  \"items\": [\n    {\"kind\": \"A\"},\n\n    {\"kind\": \"B\"}\n "
      " ]\n}\n";
  LoadResult r = load_text("l.json", json);
  REQUIRE(r.errors.empty());
  REQUIRE(r.documents.size() == 2);
  CHECK(r.documents[0].line == 4);
  CHECK(r.documents[1].line == 6);
  CHECK(str(at(r.documents[1], {Value::string("kind")})) == "6:14");
}

TEST_CASE("locate finds fields in YAML documents", "[locate]") {
  const char* text = R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: app
          image: nginx:latest
        - name: sidecar
          image: "envoy"
---
kind: Service
spec: {ports: [{port: 80}, {port: 443}]}
)";
  LoadResult r = load_text("d.yaml", text);
  REQUIRE(r.documents.size() == 2);
  const Document& d = r.documents[0];
  auto image = [](int i) {
    return std::vector<Value>{Value::string("spec"), Value::string("template"),
                              Value::string("spec"), Value::string("containers"),
                              Value::integer(i),     Value::string("image")};
  };
  CHECK(str(locate(d, image(0))) == "10:18");
  CHECK(str(locate(d, image(1))) == "12:18");
  CHECK(str(locate(d, image(2))) == "none");
  CHECK(str(at(d, {})) == "1:1");
  CHECK(str(at(d, {Value::string("metadata")})) == "4:3");
  CHECK(str(at(d, {Value::string("metadata"), Value::string("name")})) == "4:9");
  CHECK(str(at(d, {Value::string("nope")})) == "none");
  CHECK(str(at(d, {Value::string("metadata"), Value::integer(0)})) == "none");
  const Document& s = r.documents[1];
  CHECK(str(at(s, {Value::string("kind")})) == "14:7");
  CHECK(str(at(s, {Value::string("spec"), Value::string("ports"), Value::integer(1),
                   Value::string("port")})) == "15:35");
}

TEST_CASE("locate inside List items and with converted keys", "[locate]") {
  LoadResult r = load_text("list.yaml", kList);
  REQUIRE(r.documents.size() == 3);
  CHECK(str(at(r.documents[0], {Value::string("metadata"), Value::string("name")})) == "8:13");
  CHECK(str(at(r.documents[1], {Value::string("metadata"), Value::string("name")})) == "11:22");
  CHECK(str(at(r.documents[2], {Value::string("kind")})) == "13:11");
  LoadResult keys = load_text("k.yaml", "on: {1: a, 0x10: b}\n");
  CHECK(str(at(keys.documents[0], {Value::string("true"), Value::string("16")})) == "1:18");
}

TEST_CASE("locate reads files again, on demand", "[locate]") {
  TempDir dir;
  std::string file = dir.file("a.yaml", "# c\n\nkind: Pod\nspec:\n  containers:\n  - image: x\n");
  LoadResult r = load_paths({file});
  REQUIRE(r.documents.size() == 1);
  CHECK(r.documents[0].line == 3);
  CHECK(!r.documents[0].source);  // files are not kept in memory
  CHECK(str(at(r.documents[0], {Value::string("spec"), Value::string("containers"),
                                Value::integer(0), Value::string("image")})) == "6:12");
  std::filesystem::remove(file);
  CHECK(str(at(r.documents[0], {Value::string("kind")})) == "none");
}
