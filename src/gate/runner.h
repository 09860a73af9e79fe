#pragma once

// conftest's semantics over the embedded engine: which packages and rules are queried, how
// their values become failures, warnings and exceptions, and how documents are spread over
// threads while the output order stays that of the input.

#include <string>
#include <variant>
#include <vector>

#include "gate/result.h"
#include "manifest/document.h"
#include "rego/eval/engine.h"

namespace mg::gate {

struct RunOptions {
  std::vector<std::string> namespaces = {
      "main"};                  // package names; `*` matches any run of characters
  bool all_namespaces = false;  // every package with deny/violation/warn rules
  bool combine = false;         // one input: [{path, contents}, ...]
  int jobs = 0;                 // threads; 0 = one per core
  bool strict_builtin_errors = false;
  // Point findings at the field their rule examined (see gate/field_trace.h); off, they
  // point at the document's first line.
  bool locate_fields = true;
};

// Rule naming, as conftest has it.
bool is_failure_rule(std::string_view name);  // deny, violation, deny_*, violation_*
bool is_warning_rule(std::string_view name);  // warn, warn_*
// The part after the prefix that `exception` rules name: "deny_latest" -> "latest", "deny" -> "".
std::string rule_suffix(std::string_view name);
// `*` wildcards, as in `-n 'k8s.*'`.
bool namespace_matches(std::string_view pattern, std::string_view name);

class Runner {
 public:
  // Prepares one query per rule of the selected namespaces. Errors name the policy problem.
  static std::variant<Runner, std::vector<RunError>> prepare(const rego::PolicyPtr& policy,
                                                             const RunOptions& options);

  // Evaluates every document; load errors of the caller are not its business.
  RunResult run(const std::vector<manifest::Document>& documents) const;

  const std::vector<std::string>& namespaces() const { return namespace_names_; }

 private:
  struct Rule {
    std::string name;
    std::string path;  // data.<ns>.<name>
    std::string file;
    int line = 0;
    bool warning = false;
    std::shared_ptr<rego::PreparedQuery> query;
  };
  struct Namespace {
    std::string name;
    std::vector<Rule> rules;
    int definitions = 0;  // rule definitions (bodies) behind `rules`, as conftest counts tests
    std::shared_ptr<rego::PreparedQuery> exceptions;  // data.<ns>.exception, when defined
  };

  // `document` is null for the combined input; `file_info` is data.conftest.file.
  void check(const rego::Value& input, const manifest::Document* document,
             const rego::Value& file_info, DocumentResult& out,
             std::vector<RunError>& errors) const;

  rego::PolicyPtr policy_;
  RunOptions options_;
  std::vector<Namespace> namespaces_;
  std::vector<std::string> namespace_names_;
};

}  // namespace mg::gate
