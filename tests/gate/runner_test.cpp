#include "gate/runner.h"

#include <catch2/catch.hpp>
#include <filesystem>

#include "manifest/loader.h"

using namespace mg;
using gate::Outcome;

namespace {

gate::RunResult run(std::string_view rego, std::string_view yaml, gate::RunOptions options = {},
                    std::string file = "deploy/web.yaml") {
  auto compiled = rego::Policy::compile({rego::ModuleSource{"policy/main.rego", std::string(rego)}},
                                        rego::Value::empty_object());
  if (auto* errors = std::get_if<rego::RegoErrors>(&compiled)) {
    for (const auto& e : *errors) FAIL(e.to_string());
  }
  auto prepared = gate::Runner::prepare(std::get<rego::PolicyPtr>(compiled), options);
  REQUIRE(std::holds_alternative<gate::Runner>(prepared));
  auto loaded = manifest::load_text(std::move(file), yaml);
  REQUIRE(loaded.errors.empty());
  return std::get<gate::Runner>(prepared).run(loaded.documents);
}

constexpr std::string_view kTwoDocuments = R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  template:
    spec:
      containers:
        - name: web
          image: nginx:latest
        - name: agent
          image: ghcr.io/acme/agent:1.2
          securityContext:
            privileged: true
---
apiVersion: v1
kind: Service
metadata:
  name: web
)";

constexpr std::string_view kPolicy = R"(package main

import rego.v1

deny contains msg if {
	input.kind == "Service"
	msg := "never"
}

deny contains msg if {
	some c in input.spec.template.spec.containers
	endswith(c.image, ":latest")
	msg := sprintf("container %q uses :latest", [c.name])
}

deny contains msg if {
	some c in input.spec.template.spec.containers
	c.securityContext.privileged
	msg := sprintf("container %q is privileged", [c.name])
}

warn contains msg if {
	input.kind == "Deployment"
	input.spec.replicas < 2
	msg := "one replica"
}
)";

const gate::Finding& only(const gate::DocumentResult& doc, std::string_view message) {
  for (const auto& f : doc.findings) {
    if (f.message == message) return f;
  }
  FAIL("no finding " << message);
  return doc.findings.front();
}

}  // namespace

TEST_CASE("findings point at the field their rule examined", "[runner]") {
  auto result = run(kPolicy, kTwoDocuments);
  REQUIRE(result.errors.empty());
  REQUIRE(result.documents.size() == 2);
  const auto& web = result.documents[0];
  CHECK(web.line == 1);

  const auto& latest = only(web, "container \"web\" uses :latest");
  CHECK(latest.field == "spec.template.spec.containers[0].image");
  CHECK(latest.line == 11);
  CHECK(latest.column == 18);
  CHECK(latest.file.empty());

  // The boolean itself has no identity: the securityContext it was read from is the place.
  const auto& privileged = only(web, "container \"agent\" is privileged");
  CHECK(privileged.field == "spec.template.spec.containers[1].securityContext");
  CHECK(privileged.line == 15);

  const auto& warning = only(web, "one replica");
  CHECK(warning.outcome == Outcome::Warning);
  CHECK(warning.field == "spec");
  CHECK(warning.line == 6);
}

TEST_CASE("findings name the rule body that produced them", "[runner]") {
  auto result = run(kPolicy, kTwoDocuments);
  const auto& web = result.documents[0];
  CHECK(only(web, "container \"web\" uses :latest").policy_file == "policy/main.rego");
  CHECK(only(web, "container \"web\" uses :latest").policy_line == 10);
  CHECK(only(web, "container \"agent\" is privileged").policy_line == 16);
  CHECK(only(web, "one replica").policy_line == 22);
  CHECK(only(result.documents[1], "never").policy_line == 5);
}

TEST_CASE("without field location, findings point at the document", "[runner]") {
  gate::RunOptions options;
  options.locate_fields = false;
  auto result = run(kPolicy, kTwoDocuments, options);
  const auto& latest = only(result.documents[0], "container \"web\" uses :latest");
  CHECK(latest.line == 1);
  CHECK(latest.column == 0);
  CHECK(latest.field.empty());
  CHECK(latest.policy_line == 5);  // the rule's first definition
  CHECK(only(result.documents[1], "never").line == 17);
}

TEST_CASE("a policy's _loc wins over the traced field", "[runner]") {
  constexpr std::string_view policy = R"(package main

import rego.v1

deny contains {"msg": "both", "_loc": {"file": "src/web.jsonnet", "line": 42}} if input.kind
deny contains {"msg": "line only", "_loc": {"line": 3}} if input.kind
deny contains {"msg": "string line", "_loc": {"line": "3"}} if input.kind
)";
  auto result = run(policy, kTwoDocuments);
  const auto& web = result.documents[0];
  const auto& both = only(web, "both");
  CHECK(both.file == "src/web.jsonnet");
  CHECK(both.line == 42);
  CHECK(both.column == 0);
  CHECK(both.field.empty());
  const auto& line_only = only(web, "line only");
  CHECK(line_only.file.empty());
  CHECK(line_only.line == 3);
  // conftest reads the line as a JSON number only; otherwise the trace decides.
  CHECK(only(web, "string line").field == "kind");
}

TEST_CASE("data.conftest.file names the file being checked", "[runner]") {
  constexpr std::string_view policy = R"(package main

import rego.v1

deny contains msg if {
	msg := sprintf("%s|%s", [data.conftest.file.name, data.conftest.file.dir])
}
)";
  auto cwd = std::filesystem::current_path().string();
  auto result = run(policy, "kind: ConfigMap\n", {}, "deploy/./web.yaml");
  REQUIRE(result.documents.size() == 1);
  REQUIRE(result.documents[0].findings.size() == 1);
  CHECK(result.documents[0].findings[0].message == "web.yaml|" + cwd + "/deploy");

  auto absolute = run(policy, "kind: ConfigMap\n", {}, "/srv/app/../cfg/a.yaml");
  CHECK(absolute.documents[0].findings[0].message == "a.yaml|/srv/cfg");

  gate::RunOptions combine;
  combine.combine = true;
  auto combined = run(policy, "kind: ConfigMap\n", combine);
  CHECK(combined.documents[0].findings[0].message == "Combined|" + cwd);
}

TEST_CASE("successes are counted as conftest counts them: one test per rule definition",
          "[runner]") {
  auto result = run(kPolicy, kTwoDocuments);
  const auto& web = result.documents[0];
  // deny: 3 definitions, 2 messages -> 1 success; warn: 1 definition, 1 message.
  CHECK(web.count(Outcome::Failure) == 2);
  CHECK(web.count(Outcome::Warning) == 1);
  CHECK(web.successes == 1);
  REQUIRE(web.namespace_successes.size() == 1);
  CHECK(web.namespace_successes[0] == std::pair<std::string, int>("main", 1));
  // Service: deny fires once (1 of 3 definitions), warn is empty (1 success).
  const auto& service = result.documents[1];
  CHECK(service.count(Outcome::Failure) == 1);
  CHECK(service.successes == 3);
  CHECK(result.tests() == 8);
}

TEST_CASE("exceptions keep the excepted messages and point at their fields", "[runner]") {
  constexpr std::string_view policy = R"(package main

import rego.v1

deny_latest contains msg if {
	some c in input.spec.template.spec.containers
	endswith(c.image, ":latest")
	msg := sprintf("container %q uses :latest", [c.name])
}

exception contains ["latest"] if input.metadata.name == "web"
)";
  auto result = run(policy, kTwoDocuments);
  const auto& web = result.documents[0];
  REQUIRE(web.findings.size() == 1);
  CHECK(web.findings[0].outcome == Outcome::Exception);
  CHECK(web.findings[0].line == 11);
  CHECK(web.successes == 0);
}

TEST_CASE("an evaluation error drops that document's package, not the others", "[runner]") {
  constexpr std::string_view policy = R"(package main

import rego.v1

size := 1 if input.metadata.name == "web"

size := 2 if input.metadata.name == "web"

deny contains msg if {
	msg := sprintf("size %d", [size])
}

warn contains "checked"
)";
  auto result = run(policy, "metadata:\n  name: db\n---\nmetadata:\n  name: web\n");
  REQUIRE(result.documents.size() == 2);
  CHECK(result.documents[0].findings.size() == 1);
  REQUIRE(result.errors.size() == 1);
  CHECK(result.errors[0].file == "deploy/web.yaml");
  CHECK(result.errors[0].line == 4);
  CHECK(result.errors[0].message.find("eval_conflict_error") == 0);
  CHECK(result.documents[1].findings.empty());
  CHECK(result.documents[1].namespace_successes.empty());
}
