#pragma once

// A RunResult built by hand, with the text writers find hardest: quotes, "<", "&", "|",
// "%", ",", ":", newlines and non-ASCII; plus helpers to render it in any format.

#include <sstream>
#include <string>

#include "gate/result.h"
#include "report/report.h"

namespace mg::report::testing {

inline const char* kTrickyMessage = "name <web> & \"co\" | 100% a,b:c\nsecond line: ünïcødé 日本";

inline gate::Finding finding(gate::Outcome outcome, std::string message, std::string rule, int line,
                             std::string ns = "main") {
  gate::Finding f;
  f.outcome = outcome;
  f.message = std::move(message);
  f.namespace_ = std::move(ns);
  f.rule = std::move(rule);
  f.policy_file = "policy/deploy.rego";
  f.policy_line = 7;
  f.line = line;
  return f;
}

// deploy/web.yaml: a Deployment (line 1) with two failures, a warning and an exception, and a
// Service (line 20) that passes; one load error in deploy/bad.yaml. The :latest failure
// points at its field (line 12, column 18); the others at the document's line.
inline gate::RunResult sample_result() {
  gate::RunResult result;
  gate::DocumentResult web;
  web.file = "deploy/web.yaml";
  web.index = 0;
  web.line = 1;
  web.api_version = "apps/v1";
  web.kind = "Deployment";
  web.namespace_ = "prod";
  web.name = "web";
  web.namespaces = {"main"};
  auto latest = finding(gate::Outcome::Failure, "container \"web\" must not use the :latest tag",
                        "deny_latest_tag", 12);
  latest.column = 18;
  latest.field = "spec.template.spec.containers[0].image";
  web.findings.push_back(latest);
  auto tricky = finding(gate::Outcome::Failure, kTrickyMessage, "deny", 1);
  tricky.details =
      rego::Value::object({{rego::Value::string("msg"), rego::Value::string(kTrickyMessage)},
                           {rego::Value::string("severity"), rego::Value::string("high")}});
  web.findings.push_back(tricky);
  web.findings.push_back(
      finding(gate::Outcome::Warning, "no readiness probe for 'web'", "warn_probe", 1));
  web.findings.push_back(
      finding(gate::Outcome::Exception, "privileged container allowed", "deny_privileged", 1));
  web.successes = 1;
  web.namespace_successes = {{"main", 1}};

  gate::DocumentResult service;
  service.file = "deploy/web.yaml";
  service.index = 1;
  service.line = 20;
  service.api_version = "v1";
  service.kind = "Service";
  service.name = "web";
  service.namespaces = {"main"};
  service.successes = 3;
  service.namespace_successes = {{"main", 3}};

  result.documents = {web, service};
  result.files = {"deploy/web.yaml", "deploy/bad.yaml"};
  result.errors.push_back(gate::RunError{"deploy/bad.yaml", 3, 7, "did not find expected key"});
  return result;
}

// One clean document: everything passes.
inline gate::RunResult passing_result() {
  gate::RunResult result;
  gate::DocumentResult doc;
  doc.file = "ok.yaml";
  doc.line = 1;
  doc.kind = "ConfigMap";
  doc.name = "settings";
  doc.namespaces = {"main"};
  doc.successes = 2;
  doc.namespace_successes = {{"main", 2}};
  result.documents = {doc};
  result.files = {"ok.yaml"};
  return result;
}

inline std::string render(std::string_view format, const gate::RunResult& result,
                          const ReportOptions& options = {}) {
  std::ostringstream out;
  write(format, result, options, out);
  return out.str();
}

inline std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace mg::report::testing
