// The default console format: one line per finding, grouped by file and document, failures
// before warnings, then conftest's summary line.

#include "report/writers.h"

namespace mg::report {

namespace {
const char* kRed = "\033[31m";
const char* kYellow = "\033[33m";
const char* kCyan = "\033[36m";
const char* kReset = "\033[0m";

const char* label(gate::Outcome outcome) {
  switch (outcome) {
    case gate::Outcome::Failure:
      return "FAIL";
    case gate::Outcome::Warning:
      return "WARN";
    case gate::Outcome::Exception:
      return "EXCP";
  }
  return "";
}

const char* colour(gate::Outcome outcome) {
  switch (outcome) {
    case gate::Outcome::Failure:
      return kRed;
    case gate::Outcome::Warning:
      return kYellow;
    case gate::Outcome::Exception:
      return kCyan;
  }
  return "";
}
}  // namespace

void write_stdout(const gate::RunResult& result, const ReportOptions& options, std::ostream& out) {
  bool printed = false;
  for (const auto& doc : result.documents) {
    for (const auto& line : doc.prints) {
      out << "PRNT - " << place(doc, doc.line) << " - " << line << "\n";
      printed = true;
    }
    for (const auto& f : doc.findings) {
      if (f.outcome == gate::Outcome::Exception && options.suppress_exceptions) continue;
      printed = true;
      if (options.color) out << colour(f.outcome);
      out << label(f.outcome);
      if (options.color) out << kReset;
      out << " - " << finding_place(doc, f);
      std::string resource = doc.resource();
      if (!resource.empty()) out << " (" << resource << ")";
      out << " - " << f.namespace_ << " - " << f.message << "\n";
    }
  }
  if (printed) out << "\n";
  out << summary_line(result) << "\n";
}

}  // namespace mg::report
