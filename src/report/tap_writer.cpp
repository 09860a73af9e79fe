// TAP as conftest prints it: one block per check result (here: document and namespace), each
// with its own plan "1..N", failures as "not ok", then "# warnings" (also "not ok"),
// "# exceptions" and "# successes" (both "ok"). The place carries the document's line so
// documents of one file stay apart. A multi-line message keeps its first line on the test
// line and the rest as "# " diagnostics, so the stream stays valid TAP. Errors that kept
// something from being evaluated end the output as a block of "not ok" lines: a harness
// reading only standard output must not see a pass.

#include "report/groups.h"
#include "report/text.h"
#include "report/writers.h"

namespace mg::report {

namespace {
class TapBlock {
 public:
  TapBlock(std::ostream& out, std::string prefix) : out_(out), prefix_(std::move(prefix)) {}

  void section(const char* name) { out_ << "# " << name << "\n"; }

  void point(bool ok, std::string_view message) {
    auto lines = split_lines(message);
    out_ << (ok ? "ok " : "not ok ") << counter_++ << " " << prefix_ << lines.front() << "\n";
    for (size_t i = 1; i < lines.size(); ++i) out_ << "# " << lines[i] << "\n";
  }

 private:
  std::ostream& out_;
  std::string prefix_;
  int counter_ = 1;
};

// conftest's "- file - ns - ", with the document's line after the file.
std::string prefix_of(const FindingGroup& group) {
  return "- " + place(*group.document, group.document->line) + " - " + group.namespace_ + " - ";
}
}  // namespace

void write_tap(const gate::RunResult& result, const ReportOptions& options, std::ostream& out) {
  for (const auto& group : group_findings(result, options)) {
    out << "1.." << group.tests() << "\n";
    TapBlock block(out, prefix_of(group));
    for (const auto* f : group.failures) block.point(false, f->message);
    if (!group.warnings.empty()) {
      block.section("warnings");
      for (const auto* f : group.warnings) block.point(false, f->message);
    }
    if (!group.exceptions.empty()) {
      block.section("exceptions");
      for (const auto* f : group.exceptions) block.point(true, f->message);
    }
    if (group.successes > 0) {
      block.section("successes");
      for (int i = 0; i < group.successes; ++i) block.point(true, "SUCCESS");
    }
  }
  if (!result.errors.empty()) {
    out << "1.." << result.errors.size() << "\n";
    out << "# errors\n";
    TapBlock block(out, "- ");
    for (const auto& e : result.errors) block.point(false, "ERROR - " + e.to_string());
  }
}

}  // namespace mg::report
