#pragma once

// Test coverage as `opa test --coverage` reports it: a line is covered when an expression on
// it was evaluated or a rule whose head is on it produced a value; the lines that could be
// covered are those of rule heads and body expressions (`some x` declarations excepted),
// taken from the parsed modules. Lines count once however many expressions they hold.

#include <map>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "rego/eval/engine.h"

namespace mg::gate {

// Collects the lines evaluations reached; one recorder may watch many evaluations (on one
// thread at a time).
class CoverageRecorder final : public rego::EvalObserver {
 public:
  void expression_evaluated(const rego::ast::Location& where) override { hit(where); }
  void rule_succeeded(const rego::ast::Location& rule) override { hit(rule); }

  // file -> rows reached
  const std::map<std::string, std::set<int>>& hits() const { return hits_; }

 private:
  void hit(const rego::ast::Location& where);
  std::map<std::string, std::set<int>> hits_;
  const std::string* last_file_ = nullptr;  // most hits repeat the previous file
  std::set<int>* last_rows_ = nullptr;
};

struct LineRange {
  int start = 0;
  int end = 0;  // inclusive
};

struct FileCoverage {
  std::string file;
  std::vector<LineRange> covered;      // consecutive covered lines merged
  std::vector<LineRange> not_covered;  // coverable lines never reached, merged the same way
  int covered_lines = 0;
  int not_covered_lines = 0;
  double coverage = 0;  // percent of covered_lines in covered + not covered
};

struct CoverageReport {
  std::vector<FileCoverage> files;  // sorted by file name
  int covered_lines = 0;
  int not_covered_lines = 0;
  double coverage = 0;  // percent, over every file
};

// Parses `modules` (as `mode` says, like the compiler did) to find their coverable lines
// and combines them with what `recorder` saw. Modules that do not parse add no lines.
CoverageReport coverage_report(std::span<const rego::ModuleSource> modules,
                               rego::ast::VersionMode mode, const CoverageRecorder& recorder);

}  // namespace mg::gate
