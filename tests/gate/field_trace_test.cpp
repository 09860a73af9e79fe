#include "gate/field_trace.h"

#include <catch2/catch.hpp>

#include "manifest/loader.h"

using namespace mg;
using gate::InputPaths;
using rego::Value;

namespace {

Value document(std::string_view yaml) {
  auto loaded = manifest::load_text("t.yaml", yaml);
  REQUIRE(loaded.errors.empty());
  REQUIRE(loaded.documents.size() == 1);
  return loaded.documents[0].value;
}

const Value& at(const Value& v, std::string_view key) {
  const Value* child = v.get(key);
  REQUIRE(child);
  return *child;
}

const Value& item(const Value& v, size_t i) {
  REQUIRE(v.is_array());
  REQUIRE(i < v.as_array().size());
  return v.as_array()[i];
}

std::string deepest(const InputPaths& paths, std::vector<const void*> touched) {
  auto path = paths.deepest(touched);
  return path ? gate::path_text(*path) : "<none>";
}

constexpr std::string_view kDeployment = R"(kind: Deployment
metadata:
  name: web
  labels:
    app.kubernetes.io/name: web
spec:
  replicas: 1
  template:
    spec:
      containers:
        - name: web
          image: nginx:latest
)";

}  // namespace

TEST_CASE("path_text: dotted identifiers, indices, quoted keys", "[field_trace]") {
  std::vector<Value> path = {Value::string("spec"), Value::string("containers"), Value::integer(0),
                             Value::string("image")};
  CHECK(gate::path_text(path) == "spec.containers[0].image");
  std::vector<Value> labels = {Value::string("metadata"), Value::string("labels"),
                               Value::string("app.kubernetes.io/name")};
  CHECK(gate::path_text(labels) == "metadata.labels[\"app.kubernetes.io/name\"]");
  std::vector<Value> odd = {Value::string("1st"), Value::string("_ok2")};
  CHECK(gate::path_text(odd) == "[\"1st\"]._ok2");
  CHECK(gate::path_text({}) == "");
}

TEST_CASE("deepest: the deepest touched input node, ties to the earliest", "[field_trace]") {
  Value doc = document(kDeployment);
  InputPaths paths(doc);
  const Value& container = item(at(at(at(at(doc, "spec"), "template"), "spec"), "containers"), 0);
  const Value& image = at(container, "image");
  const Value& name = at(container, "name");
  // endswith(c.image, ":latest"); msg := sprintf(..., [c.name]): the image, not the name.
  CHECK(deepest(paths, {doc.identity(), container.identity(), image.identity(), name.identity()}) ==
        "spec.template.spec.containers[0].image");
  CHECK(deepest(paths, {name.identity(), image.identity()}) ==
        "spec.template.spec.containers[0].name");
  // The document itself is the empty path; nothing of this input: no answer.
  CHECK(deepest(paths, {doc.identity()}) == "");
  Value other = Value::string("elsewhere");
  CHECK(deepest(paths, {other.identity()}) == "<none>");
  CHECK(deepest(paths, {}) == "<none>");
}

TEST_CASE("deepest: a collection read through counts half a level deeper", "[field_trace]") {
  Value doc = document(kDeployment);
  InputPaths paths(doc);
  // input.kind == "Deployment"; input.spec.replicas < 2: replicas is a number (no identity),
  // so spec, which the read went through, beats kind at the same depth.
  CHECK(deepest(paths, {at(doc, "kind").identity(), at(doc, "spec").identity()}) == "spec");
  // A string one level below still beats its parent collection.
  const Value& metadata = at(doc, "metadata");
  CHECK(deepest(paths, {metadata.identity(), at(metadata, "name").identity()}) == "metadata.name");
  CHECK(deepest(paths, {at(metadata, "labels").identity(), at(metadata, "name").identity()}) ==
        "metadata.labels");
}

TEST_CASE("deepest: an alias keeps the path where its node is first written", "[field_trace]") {
  Value doc = document("base: &b\n  image: x\ncopy: *b\n");
  InputPaths paths(doc);
  const Value& copy = at(doc, "copy");
  CHECK(deepest(paths, {at(copy, "image").identity()}) == "base.image");
}

TEST_CASE("DerivationRecorder: finds a member by rule path and value", "[field_trace]") {
  gate::DerivationRecorder recorder;
  CHECK(recorder.wants_touched());
  rego::ast::Location loc;
  loc.file = std::make_shared<const std::string>("p.rego");
  loc.row = 7;
  Value a = Value::string("a");
  std::vector<const void*> touched = {a.identity()};
  recorder.member_derived("data.main.deny", loc, Value::string("msg"), touched);
  loc.row = 9;
  recorder.member_derived("data.main.warn", loc, Value::string("msg"), {});
  const gate::Derivation* d = recorder.find("data.main.deny", Value::string("msg"));
  REQUIRE(d);
  CHECK(d->policy_file == "p.rego");
  CHECK(d->policy_line == 7);
  CHECK(d->touched == touched);
  REQUIRE(recorder.find("data.main.warn", Value::string("msg")));
  CHECK(recorder.find("data.main.warn", Value::string("msg"))->policy_line == 9);
  CHECK_FALSE(recorder.find("data.main.deny", Value::string("other")));
  recorder.clear();
  CHECK_FALSE(recorder.find("data.main.deny", Value::string("msg")));
}
