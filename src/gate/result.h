#pragma once

// What a policy run finds, independent of how it is reported: per document, the messages of
// the deny/violation/warn rules that fired (and those turned into exceptions), with where they
// point, plus every error that kept something from being evaluated.

#include <string>
#include <vector>

#include "rego/value/value.h"

namespace mg::gate {

enum class Outcome { Failure, Warning, Exception };

struct Finding {
  Outcome outcome = Outcome::Failure;
  std::string message;
  rego::Value details;     // the whole message object when the rule produced one, else null
  std::string namespace_;  // Rego package, e.g. "main"
  std::string rule;        // e.g. "deny_latest_tag"
  std::string policy_file;
  int policy_line = 0;  // the line of the rule body that produced the message
  // Where in the manifest: the field the rule examined when it is known, else the document's
  // first line. A policy's `_loc` ({"file": ..., "line": ...}, as in conftest) wins.
  std::string file;  // set only when `_loc` names another file than the document's
  int line = 0;
  int column = 0;     // 0 when only the line is known
  std::string field;  // "spec.template.spec.containers[0].image"; empty when unknown
};

// One document (or, with --combine, the combined input) checked against one run's policy.
struct DocumentResult {
  std::string file;
  int index = 0;  // in the file's stream of documents
  int line = 0;
  std::string api_version, kind, namespace_, name;
  std::vector<std::string> namespaces;  // the packages queried
  std::vector<Finding> findings;        // failures, then warnings, then exceptions
  int successes = 0;                    // rules evaluated that produced nothing
  std::vector<std::pair<std::string, int>> namespace_successes;  // the same, per package
  std::vector<std::string> prints;  // print() output while evaluating this document

  // "Deployment/web" or "Deployment/prod/web"; empty when the document has no kind.
  std::string resource() const;
  int count(Outcome outcome) const;
};

struct RunError {
  std::string file;  // empty when not about a file
  int line = 0;
  int column = 0;
  std::string message;
  std::string to_string() const;  // "file:line:col: message"
};

struct RunResult {
  std::vector<DocumentResult> documents;  // in input order
  std::vector<RunError> errors;
  std::vector<std::string> files;  // every manifest file read, in order

  int total(Outcome outcome) const;
  int successes() const;
  int tests() const {
    return successes() + total(Outcome::Failure) + total(Outcome::Warning) +
           total(Outcome::Exception);
  }
};

}  // namespace mg::gate
