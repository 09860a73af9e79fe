#include "report/groups.h"

#include <algorithm>

namespace mg::report {

std::vector<FindingGroup> group_findings(const gate::RunResult& result,
                                         const ReportOptions& options) {
  std::vector<FindingGroup> groups;
  for (const auto& doc : result.documents) {
    // Query order first; a finding from a package missing there still gets its group.
    std::vector<std::string> names = doc.namespaces;
    for (const auto& f : doc.findings) {
      if (std::find(names.begin(), names.end(), f.namespace_) == names.end())
        names.push_back(f.namespace_);
    }
    for (const auto& ns : names) {
      FindingGroup group;
      group.document = &doc;
      group.namespace_ = ns;
      for (const auto& [name, count] : doc.namespace_successes) {
        if (name == ns) group.successes = count;
      }
      for (const auto& f : doc.findings) {
        if (f.namespace_ != ns) continue;
        switch (f.outcome) {
          case gate::Outcome::Failure:
            group.failures.push_back(&f);
            break;
          case gate::Outcome::Warning:
            group.warnings.push_back(&f);
            break;
          case gate::Outcome::Exception:
            if (!options.suppress_exceptions) group.exceptions.push_back(&f);
            break;
        }
      }
      if (group.tests() > 0) groups.push_back(std::move(group));
    }
  }
  return groups;
}

std::string error_place(const gate::RunError& error) {
  if (error.file.empty()) return "";
  std::string out = error.file;
  if (error.line > 0) out += ":" + std::to_string(error.line);
  if (error.line > 0 && error.column > 0) out += ":" + std::to_string(error.column);
  return out;
}

std::string rule_id(const gate::Finding& finding) {
  return finding.namespace_ + "/" + finding.rule;
}

}  // namespace mg::report
