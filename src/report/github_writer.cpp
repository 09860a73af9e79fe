// GitHub Actions workflow commands: each document and namespace in a collapsed log group,
// failures as ::error and warnings as ::warning annotations at the finding's line and column
// (the field the rule examined, else the document's first line), titled
// with the rule ("main/deny_latest_tag"); exceptions as ::notice. Errors that kept something
// from being evaluated are ::error annotations at their file:line:col. Then conftest's summary
// line. Values are escaped as the Actions runner expects: "%", CR and LF in messages, and
// also "," and ":" in properties, so no message can end a command early or forge another.

#include "report/groups.h"
#include "report/writers.h"

namespace mg::report {

namespace {
std::string escape_data(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '%':
        out += "%25";
        break;
      case '\r':
        out += "%0D";
        break;
      case '\n':
        out += "%0A";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string escape_property(std::string_view s) {
  std::string out;
  for (char c : escape_data(s)) {
    if (c == ':') {
      out += "%3A";
    } else if (c == ',') {
      out += "%2C";
    } else {
      out += c;
    }
  }
  return out;
}

struct Annotation {
  const char* level;  // error, warning or notice
  std::string file;
  int line = 0;
  int column = 0;
  std::string title;
  std::string message;
};

void write_annotation(std::ostream& out, const Annotation& a) {
  out << "::" << a.level << " ";
  std::string properties;
  auto add = [&](std::string_view key, const std::string& value) {
    if (!properties.empty()) properties += ",";
    properties += std::string(key) + "=" + escape_property(value);
  };
  if (!a.file.empty()) add("file", a.file);
  if (a.line > 0) add("line", std::to_string(a.line));
  if (a.line > 0 && a.column > 0) add("col", std::to_string(a.column));
  add("title", a.title);
  out << properties << "::" << escape_data(a.message) << "\n";
}

Annotation finding_annotation(const char* level, const gate::Finding& f,
                              const gate::DocumentResult& doc, std::string_view suffix = "") {
  return Annotation{
      level, finding_file(doc, f), f.line, f.column, rule_id(f) + std::string(suffix), f.message};
}
}  // namespace

void write_github(const gate::RunResult& result, const ReportOptions& options, std::ostream& out) {
  for (const auto& group : group_findings(result, options)) {
    const auto& doc = *group.document;
    std::string subject = place(doc, doc.line);
    if (!doc.resource().empty()) subject += " (" + doc.resource() + ")";
    out << "::group::"
        << escape_data("Testing " + subject + " against " + std::to_string(group.tests()) +
                       " policies in namespace " + group.namespace_)
        << "\n";
    for (const auto* f : group.failures)
      write_annotation(out, finding_annotation("error", *f, doc));
    for (const auto* f : group.warnings)
      write_annotation(out, finding_annotation("warning", *f, doc));
    for (const auto* f : group.exceptions)
      write_annotation(out, finding_annotation("notice", *f, doc, " (exception)"));
    out << "::endgroup::\n";
  }
  for (const auto& e : result.errors) {
    write_annotation(
        out, Annotation{"error", e.file, e.line, e.column, "manifestgate error", e.message});
  }
  out << summary_line(result) << "\n";
}

}  // namespace mg::report
