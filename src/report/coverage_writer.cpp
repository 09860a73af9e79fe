#include <cstdio>

#include "rego/value/json.h"
#include "report/coverage.h"

namespace mg::report {

namespace {
using rego::Value;

Value str(std::string_view s) {
  return Value::string(s);
}

Value ranges_value(const std::vector<gate::LineRange>& ranges) {
  std::vector<Value> items;
  items.reserve(ranges.size());
  for (const auto& r : ranges) {
    items.push_back(Value::object({
        {str("start"), Value::object({{str("row"), Value::integer(r.start)}})},
        {str("end"), Value::object({{str("row"), Value::integer(r.end)}})},
    }));
  }
  return Value::array(std::move(items));
}

Value file_value(const gate::FileCoverage& f) {
  std::vector<rego::ObjectEntry> entries;
  if (!f.covered.empty()) entries.emplace_back(str("covered"), ranges_value(f.covered));
  if (!f.not_covered.empty()) entries.emplace_back(str("not_covered"), ranges_value(f.not_covered));
  if (f.covered_lines > 0)
    entries.emplace_back(str("covered_lines"), Value::integer(f.covered_lines));
  if (f.not_covered_lines > 0)
    entries.emplace_back(str("not_covered_lines"), Value::integer(f.not_covered_lines));
  if (f.coverage > 0) entries.emplace_back(str("coverage"), Value::floating(f.coverage));
  return Value::object(std::move(entries));
}

std::string percent_text(double percent) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f%%", percent);
  return buf;
}

std::string ranges_text(const std::vector<gate::LineRange>& ranges) {
  std::string out;
  for (const auto& r : ranges) {
    if (!out.empty()) out += ", ";
    out += std::to_string(r.start);
    if (r.end != r.start) out += "-" + std::to_string(r.end);
  }
  return out;
}
}  // namespace

void write_coverage_json(const gate::CoverageReport& report, std::ostream& out) {
  std::vector<rego::ObjectEntry> files;
  for (const auto& f : report.files) files.emplace_back(str(f.file), file_value(f));
  Value value = Value::object({
      {str("files"), Value::object(std::move(files))},
      {str("covered_lines"), Value::integer(report.covered_lines)},
      {str("not_covered_lines"), Value::integer(report.not_covered_lines)},
      {str("coverage"), Value::floating(report.coverage)},
  });
  out << rego::to_json_pretty(value, "  ") << "\n";
}

void write_coverage_text(const gate::CoverageReport& report, std::ostream& out) {
  int total = report.covered_lines + report.not_covered_lines;
  out << "Coverage: " << percent_text(report.coverage) << " (" << report.covered_lines << " of "
      << total << " line" << (total == 1 ? "" : "s") << ")\n";
  for (const auto& f : report.files) {
    out << "  " << f.file << ": " << percent_text(f.coverage) << " (" << f.covered_lines << "/"
        << f.covered_lines + f.not_covered_lines << ")";
    if (!f.not_covered.empty()) out << ", not covered: " << ranges_text(f.not_covered);
    out << "\n";
  }
}

}  // namespace mg::report
