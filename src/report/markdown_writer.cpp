// A summary for a pull-request comment (GitHub-flavoured Markdown): a heading with the counts,
// conftest's summary line, a table of the failures and warnings (where, resource, rule,
// message) and a list of the errors that kept something from being evaluated. Every piece of
// text from manifests or policies is escaped, so a message cannot break the table, inject
// links or HTML, or start a heading.

#include "report/groups.h"
#include "report/text.h"
#include "report/writers.h"

namespace mg::report {

namespace {
// Backslash escapes (CommonMark allows one before any ASCII punctuation) for every character
// that could start inline markup, "|" for the table, and "<br>" for line breaks.
std::string escape_markdown(std::string_view s) {
  std::string out;
  auto lines = split_lines(s);
  for (size_t i = 0; i < lines.size(); ++i) {
    if (i > 0) out += "<br>";
    for (char c : lines[i]) {
      auto u = static_cast<unsigned char>(c);
      if (std::string_view("\\`*_[]<>|~&#!").find(c) != std::string_view::npos) {
        out += '\\';
        out += c;
      } else if (u < 0x20 || u == 0x7F) {
        out += ' ';
      } else {
        out += c;
      }
    }
  }
  return out;
}

std::string counts(const gate::RunResult& result) {
  std::string text = plural(result.total(gate::Outcome::Failure), "failure") + ", " +
                     plural(result.total(gate::Outcome::Warning), "warning");
  if (!result.errors.empty())
    text += ", " + plural(static_cast<int>(result.errors.size()), "error");
  return text;
}

const char* icon(const gate::RunResult& result) {
  if (result.total(gate::Outcome::Failure) > 0 || !result.errors.empty()) return "❌";
  if (result.total(gate::Outcome::Warning) > 0) return "⚠️";
  return "✅";
}

void table_row(std::ostream& out, const char* kind, const gate::Finding& f,
               const gate::DocumentResult& doc) {
  out << "| " << kind << " | " << escape_markdown(finding_place(doc, f)) << " | "
      << escape_markdown(doc.resource()) << " | " << escape_markdown(rule_id(f)) << " | "
      << escape_markdown(f.message) << " |\n";
}
}  // namespace

void write_markdown(const gate::RunResult& result, const ReportOptions& options,
                    std::ostream& out) {
  out << "### " << icon(result) << " manifestgate: " << counts(result) << "\n\n";
  out << summary_line(result) << "\n";
  auto groups = group_findings(result, options);
  bool any = false;
  for (const auto& g : groups) any = any || !g.failures.empty() || !g.warnings.empty();
  if (any) {
    out << "\n| Result | Location | Resource | Rule | Message |\n";
    out << "| --- | --- | --- | --- | --- |\n";
    for (const auto& g : groups) {
      for (const auto* f : g.failures) table_row(out, "failure", *f, *g.document);
      for (const auto* f : g.warnings) table_row(out, "warning", *f, *g.document);
    }
  }
  if (!result.errors.empty()) {
    out << "\n#### Errors\n\n";
    for (const auto& e : result.errors) out << "- " << escape_markdown(e.to_string()) << "\n";
  }
}

}  // namespace mg::report
