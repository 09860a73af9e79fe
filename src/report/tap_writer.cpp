// TAP as conftest prints it: one block per check result (here: document and namespace), each
// with its own plan "1..N", failures as "not ok", then "# warnings" (also "not ok"),
// "# exceptions" and "# successes" (both "ok"). The place carries the line a finding points
// at (a success: its document's first line), so documents of one file stay apart. A multi-line
// message keeps its first line on the test line and the rest as "# " diagnostics, so the stream
// stays valid TAP. Errors that kept something from being evaluated end the output as a block of
// "not ok" lines: a harness reading only standard output must not see a pass.

#include "report/groups.h"
#include "report/text.h"
#include "report/writers.h"

namespace mg::report {

namespace {
class TapBlock {
 public:
  explicit TapBlock(std::ostream& out) : out_(out) {}

  void section(const char* name) { out_ << "# " << name << "\n"; }

  // `prefix` is conftest's "- file - ns - ", with the line after the file.
  void point(bool ok, const std::string& prefix, std::string_view message) {
    auto lines = split_lines(message);
    out_ << (ok ? "ok " : "not ok ") << counter_++ << " " << prefix << lines.front() << "\n";
    for (size_t i = 1; i < lines.size(); ++i) out_ << "# " << lines[i] << "\n";
  }

 private:
  std::ostream& out_;
  int counter_ = 1;
};

std::string prefix_of(const std::string& place, const std::string& namespace_) {
  return "- " + place + " - " + namespace_ + " - ";
}
}  // namespace

void write_tap(const gate::RunResult& result, const ReportOptions& options, std::ostream& out) {
  for (const auto& group : group_findings(result, options)) {
    out << "1.." << group.tests() << "\n";
    const auto& doc = *group.document;
    TapBlock block(out);
    auto point = [&](bool ok, const gate::Finding& f) {
      block.point(ok, prefix_of(finding_place(doc, f), group.namespace_), f.message);
    };
    for (const auto* f : group.failures) point(false, *f);
    if (!group.warnings.empty()) {
      block.section("warnings");
      for (const auto* f : group.warnings) point(false, *f);
    }
    if (!group.exceptions.empty()) {
      block.section("exceptions");
      for (const auto* f : group.exceptions) point(true, *f);
    }
    if (group.successes > 0) {
      block.section("successes");
      std::string prefix = prefix_of(place(doc, doc.line), group.namespace_);
      for (int i = 0; i < group.successes; ++i) block.point(true, prefix, "SUCCESS");
    }
  }
  if (!result.errors.empty()) {
    out << "1.." << result.errors.size() << "\n";
    out << "# errors\n";
    TapBlock block(out);
    for (const auto& e : result.errors) block.point(false, "- ", "ERROR - " + e.to_string());
  }
}

}  // namespace mg::report
