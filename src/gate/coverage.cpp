#include "gate/coverage.h"

#include "rego/syntax/parser.h"

namespace mg::gate {

namespace {
namespace ast = rego::ast;

// Every coverable row of a module: rule heads (else clauses included) and expressions,
// wherever they are nested (comprehensions, `every` bodies, rule heads).
class CoverableRows {
 public:
  CoverableRows(std::set<int>& rows, std::set<int>& declarations)
      : rows_(rows), declarations_(declarations) {}

  void module(const ast::Module& m) {
    for (const auto& rule : m.rules) {
      rows_.insert(rule.head.loc.row);
      for (const auto& t : rule.head.ref) term(t);
      for (const auto& t : rule.head.args) term(t);
      if (rule.head.key) term(*rule.head.key);
      if (rule.head.value) term(*rule.head.value);
      body(rule.body);
      for (const auto& clause : rule.elses) {
        rows_.insert(clause.loc.row);
        if (clause.value) term(*clause.value);
        body(clause.body);
      }
    }
  }

 private:
  void body(const ast::Body& b) {
    for (const auto& e : b) expr(e);
  }

  void expr(const ast::Expr& e) {
    // `some x, y` declares variables and evaluates nothing (OPA leaves it out too).
    bool declaration = e.kind == ast::ExprKind::Some && !e.some_in;
    (declaration ? declarations_ : rows_).insert(e.loc.row);
    for (const auto& t : e.terms) term(t);
    for (const auto& w : e.withs) {
      term(w.target);
      term(w.value);
    }
    body(e.body);
  }

  void term(const ast::Term& t) {
    for (const auto& item : t.items) term(item);
    body(t.body);
  }

  std::set<int>& rows_;
  std::set<int>& declarations_;
};

std::vector<LineRange> ranges(const std::set<int>& rows) {
  std::vector<LineRange> out;
  for (int row : rows) {
    if (!out.empty() && out.back().end + 1 == row) {
      out.back().end = row;
    } else {
      out.push_back(LineRange{row, row});
    }
  }
  return out;
}

int lines_in(const std::vector<LineRange>& ranges) {
  int n = 0;
  for (const auto& r : ranges) n += r.end - r.start + 1;
  return n;
}

double percent(int covered, int not_covered) {
  int total = covered + not_covered;
  return total == 0 ? 0.0 : 100.0 * covered / total;
}
}  // namespace

void CoverageRecorder::hit(const rego::ast::Location& where) {
  if (!where.file || where.file->empty() || where.row <= 0) return;
  if (where.file.get() != last_file_) {
    last_file_ = where.file.get();
    last_rows_ = &hits_[*where.file];
  }
  last_rows_->insert(where.row);
}

CoverageReport coverage_report(std::span<const rego::ModuleSource> modules,
                               rego::ast::VersionMode mode, const CoverageRecorder& recorder) {
  std::map<std::string, std::set<int>> coverable;
  std::map<std::string, std::set<int>> declarations;
  for (const auto& source : modules) {
    auto parsed = ast::parse_module(source.file, source.text, ast::ParseOptions{mode});
    std::set<int>& rows = coverable[source.file];
    std::set<int>& declared = declarations[source.file];
    if (parsed.module) CoverableRows(rows, declared).module(*parsed.module);
  }
  std::map<std::string, FileCoverage> files;
  for (const auto& [file, rows] : recorder.hits()) {
    // The engine reports `some x` as evaluated; OPA compiles it away, so a line holding
    // only declarations is neither covered nor not covered.
    std::set<int> covered = rows;
    for (int row : declarations[file]) {
      if (!coverable[file].count(row)) covered.erase(row);
    }
    files[file].covered = ranges(covered);
  }
  for (const auto& [file, rows] : coverable) {
    const std::set<int>* hit = nullptr;
    if (auto it = recorder.hits().find(file); it != recorder.hits().end()) hit = &it->second;
    std::set<int> missed;
    for (int row : rows) {
      if (!hit || !hit->count(row)) missed.insert(row);
    }
    files[file].not_covered = ranges(missed);
  }
  CoverageReport report;
  for (auto& [file, f] : files) {
    f.file = file;
    f.covered_lines = lines_in(f.covered);
    f.not_covered_lines = lines_in(f.not_covered);
    f.coverage = percent(f.covered_lines, f.not_covered_lines);
    report.covered_lines += f.covered_lines;
    report.not_covered_lines += f.not_covered_lines;
    report.files.push_back(std::move(f));
  }
  report.coverage = percent(report.covered_lines, report.not_covered_lines);
  return report;
}

}  // namespace mg::gate
