// JUnit XML as CI systems read it: one <testsuite> per namespace (in the order namespaces
// first appear), one <testcase> per finding and per passing rule, as conftest does. Failures
// and warnings are <failure> (type tells which; conftest counts warnings as failures too),
// exceptions <skipped>, and errors that kept something from being evaluated <error> cases of
// a last "manifestgate.errors" suite. Times are 0 so the same run gives the same bytes.

#include <optional>

#include "report/groups.h"
#include "report/text.h"
#include "report/writers.h"

namespace mg::report {

namespace {
bool allowed_in_xml(char32_t c) {
  return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
         (c >= 0xE000 && c <= 0xFFFD) || c >= 0x10000;
}

// XML 1.0 text or attribute value. Characters XML cannot carry at all become U+FFFD; in
// attributes, line breaks and tabs are written as references so parsers keep them.
std::string escape_xml(std::string_view s, bool attribute) {
  std::string out;
  for (char32_t c : decode_utf8(s)) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += attribute ? "&quot;" : "\"";
        break;
      case '\r':
        out += "&#xD;";
        break;
      case '\n':
        out += attribute ? "&#xA;" : "\n";
        break;
      case '\t':
        out += attribute ? "&#x9;" : "\t";
        break;
      default:
        append_utf8(out, allowed_in_xml(c) ? c : 0xFFFD);
    }
  }
  return out;
}

std::string attr(std::string_view s) {
  return escape_xml(s, true);
}
std::string text(std::string_view s) {
  return escape_xml(s, false);
}

struct Problem {
  const char* element;  // failure, skipped or error
  std::string type;
  std::string message;
  std::string body;
};

struct TestCase {
  std::string name;
  std::optional<Problem> problem;
};

struct Suite {
  std::vector<TestCase> cases;
  int count(std::string_view element) const {
    int n = 0;
    for (const auto& c : cases) n += c.problem && c.problem->element == element;
    return n;
  }
};

std::string document_label(const gate::DocumentResult& doc) {
  std::string label = place(doc, doc.line);
  if (!doc.resource().empty()) label += " (" + doc.resource() + ")";
  return label;
}

// What a reader of the CI report needs beyond the message: where, which resource, which rule.
std::string finding_body(const gate::Finding& f, const gate::DocumentResult& doc) {
  std::string body = f.message + "\n";
  body += "at: " + finding_place(doc, f);
  if (!f.field.empty()) body += " (" + f.field + ")";
  body += "\n";
  if (!doc.resource().empty()) body += "resource: " + doc.resource() + "\n";
  body += "rule: " + rule_id(f);
  if (!f.policy_file.empty()) {
    body += " (" + f.policy_file;
    if (f.policy_line > 0) body += ":" + std::to_string(f.policy_line);
    body += ")";
  }
  return body;
}

TestCase finding_case(const gate::Finding& f, const gate::DocumentResult& doc, const char* element,
                      const char* type) {
  return TestCase{document_label(doc) + " - " + first_line(f.message),
                  Problem{element, type, first_line(f.message), finding_body(f, doc)}};
}

void write_suite(std::ostream& out, const std::string& name, const Suite& suite) {
  out << "  <testsuite name=\"" << attr(name) << "\" tests=\"" << suite.cases.size()
      << "\" failures=\"" << suite.count("failure") << "\" errors=\"" << suite.count("error")
      << "\" skipped=\"" << suite.count("skipped") << "\" time=\"0\">\n";
  for (const auto& c : suite.cases) {
    out << "    <testcase classname=\"" << attr(name) << "\" name=\"" << attr(c.name)
        << "\" time=\"0\"";
    if (!c.problem) {
      out << "/>\n";
      continue;
    }
    const auto& p = *c.problem;
    out << ">\n      <" << p.element;
    // Jenkins' JUnit schema gives <skipped> text only, no attributes.
    if (std::string_view(p.element) != "skipped")
      out << " message=\"" << attr(p.message) << "\" type=\"" << attr(p.type) << "\"";
    out << ">" << text(p.body) << "</" << p.element << ">\n    </testcase>\n";
  }
  out << "  </testsuite>\n";
}
}  // namespace

void write_junit(const gate::RunResult& result, const ReportOptions& options, std::ostream& out) {
  std::vector<std::pair<std::string, Suite>> suites;
  auto suite_for = [&](const std::string& name) -> Suite& {
    for (auto& [n, s] : suites) {
      if (n == name) return s;
    }
    return suites.emplace_back(name, Suite{}).second;
  };
  for (const auto& group : group_findings(result, options)) {
    const auto& doc = *group.document;
    Suite& suite = suite_for("manifestgate." + group.namespace_);
    for (const auto* f : group.failures)
      suite.cases.push_back(finding_case(*f, doc, "failure", "failure"));
    for (const auto* f : group.warnings)
      suite.cases.push_back(finding_case(*f, doc, "failure", "warning"));
    for (const auto* f : group.exceptions)
      suite.cases.push_back(finding_case(*f, doc, "skipped", "exception"));
    for (int i = 1; i <= group.successes; ++i)
      suite.cases.push_back(TestCase{document_label(doc) + " - SUCCESS #" + std::to_string(i), {}});
  }
  if (!result.errors.empty()) {
    Suite& suite = suite_for("manifestgate.errors");
    for (const auto& e : result.errors) {
      std::string where = e.file.empty() ? "manifestgate" : error_place(e);
      suite.cases.push_back(
          TestCase{where + " - " + first_line(e.message),
                   Problem{"error", "error", first_line(e.message), e.to_string()}});
    }
  }

  int tests = 0, failures = 0, errors = 0;
  for (const auto& [_, s] : suites) {
    tests += static_cast<int>(s.cases.size());
    failures += s.count("failure");
    errors += s.count("error");
  }
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << "<testsuites name=\"manifestgate\" tests=\"" << tests << "\" failures=\"" << failures
      << "\" errors=\"" << errors << "\" time=\"0\">\n";
  for (const auto& [name, suite] : suites) write_suite(out, name, suite);
  out << "</testsuites>\n";
}

}  // namespace mg::report
