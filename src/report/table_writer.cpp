// conftest's table: RESULT, FILE, NAMESPACE, MESSAGE in box-drawing characters, headers
// upper-case and centred, one row per success ("SUCCESS"), exception, warning and failure,
// in that order within each document. Nothing at all when there is no row. The file column
// carries the line a finding points at (a success: its document's first line); errors that kept
// something from being evaluated are rows of their own, last. Multi-line messages take several
// lines of one row; widths count terminal columns, so non-ASCII text stays aligned.

#include <algorithm>
#include <array>

#include "report/groups.h"
#include "report/text.h"
#include "report/writers.h"

namespace mg::report {

namespace {
constexpr size_t kColumns = 4;
using Row = std::array<std::string, kColumns>;

// Tabs and other control characters would break the alignment.
std::string printable(std::string_view s) {
  std::string out;
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    out += (u < 0x20 && c != '\n') || u == 0x7F ? ' ' : c;
  }
  return out;
}

std::string repeat(std::string_view piece, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += piece;
  return out;
}

void rule_line(std::ostream& out, const std::array<int, kColumns>& widths, const char* left,
               const char* middle, const char* right) {
  out << left;
  for (size_t c = 0; c < kColumns; ++c) {
    out << repeat("─", widths[c] + 2) << (c + 1 < kColumns ? middle : right);
  }
  out << "\n";
}

void header_line(std::ostream& out, const std::array<int, kColumns>& widths, const Row& header) {
  out << "│";
  for (size_t c = 0; c < kColumns; ++c) {
    int room = widths[c] - display_width(header[c]);
    out << " " << std::string(room / 2, ' ') << header[c] << std::string(room - room / 2, ' ')
        << " │";
  }
  out << "\n";
}

void row_lines(std::ostream& out, const std::array<int, kColumns>& widths, const Row& row) {
  std::array<std::vector<std::string>, kColumns> cells;
  size_t height = 1;
  for (size_t c = 0; c < kColumns; ++c) {
    cells[c] = split_lines(row[c]);
    height = std::max(height, cells[c].size());
  }
  for (size_t line = 0; line < height; ++line) {
    out << "│";
    for (size_t c = 0; c < kColumns; ++c) {
      std::string text = line < cells[c].size() ? cells[c][line] : "";
      out << " " << text << std::string(widths[c] - display_width(text), ' ') << " │";
    }
    out << "\n";
  }
}
}  // namespace

void write_table(const gate::RunResult& result, const ReportOptions& options, std::ostream& out) {
  std::vector<Row> rows;
  for (const auto& group : group_findings(result, options)) {
    const auto& doc = *group.document;
    auto add = [&](const char* kind, const std::string& file, std::string_view message) {
      rows.push_back(Row{kind, printable(file), printable(group.namespace_), printable(message)});
    };
    for (int i = 0; i < group.successes; ++i) add("success", place(doc, doc.line), "SUCCESS");
    for (const auto* f : group.exceptions) add("exception", finding_place(doc, *f), f->message);
    for (const auto* f : group.warnings) add("warning", finding_place(doc, *f), f->message);
    for (const auto* f : group.failures) add("failure", finding_place(doc, *f), f->message);
  }
  for (const auto& e : result.errors) {
    std::string file = e.file.empty() ? "-" : error_place(e);
    rows.push_back(Row{"error", printable(file), "-", printable(e.message)});
  }
  if (rows.empty()) return;

  const Row header = {"RESULT", "FILE", "NAMESPACE", "MESSAGE"};
  std::array<int, kColumns> widths{};
  for (size_t c = 0; c < kColumns; ++c) widths[c] = display_width(header[c]);
  for (const auto& row : rows) {
    for (size_t c = 0; c < kColumns; ++c) {
      for (const auto& line : split_lines(row[c])) {
        widths[c] = std::max(widths[c], display_width(line));
      }
    }
  }
  rule_line(out, widths, "┌", "┬", "┐");
  header_line(out, widths, header);
  rule_line(out, widths, "├", "┼", "┤");
  for (const auto& row : rows) row_lines(out, widths, row);
  rule_line(out, widths, "└", "┴", "┘");
}

}  // namespace mg::report
