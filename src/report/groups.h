#pragma once

// conftest reports per file and namespace; manifestgate per document and namespace. A group
// is one such check result: the findings one package produced for one document, by outcome,
// and how many of its rules passed.

#include <string>
#include <vector>

#include "report/report.h"

namespace mg::report {

struct FindingGroup {
  const gate::DocumentResult* document = nullptr;
  std::string namespace_;
  int successes = 0;
  std::vector<const gate::Finding*> failures, warnings, exceptions;

  int tests() const {
    return successes + static_cast<int>(failures.size() + warnings.size() + exceptions.size());
  }
};

// Documents in input order, each with its namespaces in query order. Groups without any test
// (a package whose evaluation failed) are left out; exceptions too when the options say so.
std::vector<FindingGroup> group_findings(const gate::RunResult& result,
                                         const ReportOptions& options);

// "file:line:col" of an error (as much as is known), or "" when it concerns no file.
std::string error_place(const gate::RunError& error);

// The rule's full name as reports show it: "main/deny_latest_tag".
std::string rule_id(const gate::Finding& finding);

}  // namespace mg::report
