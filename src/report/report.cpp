#include "report/report.h"

#include <algorithm>
#include <functional>
#include <map>

#include "report/text.h"
#include "report/writers.h"

namespace mg::report {

namespace {
using Writer = std::function<void(const gate::RunResult&, const ReportOptions&, std::ostream&)>;

const std::map<std::string, Writer, std::less<>>& writers() {
  static const std::map<std::string, Writer, std::less<>> table = {
      {"stdout", write_stdout}, {"json", write_json},         {"tap", write_tap},
      {"table", write_table},   {"junit", write_junit},       {"github", write_github},
      {"sarif", write_sarif},   {"markdown", write_markdown},
  };
  return table;
}
}  // namespace

const std::vector<std::string>& formats() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const auto& [name, _] : writers()) out.push_back(name);
    return out;
  }();
  return names;
}

bool is_format(std::string_view name) {
  return writers().count(name) > 0;
}

void write(std::string_view format, const gate::RunResult& result, const ReportOptions& options,
           std::ostream& out) {
  writers().find(format)->second(result, options, out);
}

std::string summary_line(const gate::RunResult& result) {
  return plural(result.tests(), "test") + ", " + std::to_string(result.successes()) + " passed, " +
         plural(result.total(gate::Outcome::Warning), "warning") + ", " +
         plural(result.total(gate::Outcome::Failure), "failure") + ", " +
         plural(result.total(gate::Outcome::Exception), "exception");
}

std::string place(const gate::DocumentResult& document, int line) {
  return line > 0 ? document.file + ":" + std::to_string(line) : document.file;
}

const std::string& finding_file(const gate::DocumentResult& document,
                                const gate::Finding& finding) {
  return finding.file.empty() ? document.file : finding.file;
}

std::string finding_place(const gate::DocumentResult& document, const gate::Finding& finding) {
  const std::string& file = finding_file(document, finding);
  return finding.line > 0 ? file + ":" + std::to_string(finding.line) : file;
}

}  // namespace mg::report
