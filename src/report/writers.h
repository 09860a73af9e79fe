#pragma once

// The individual writers behind report::write; one file each.

#include <ostream>

#include "report/report.h"

namespace mg::report {

void write_stdout(const gate::RunResult& result, const ReportOptions& options, std::ostream& out);
void write_json(const gate::RunResult& result, const ReportOptions& options, std::ostream& out);
void write_tap(const gate::RunResult& result, const ReportOptions& options, std::ostream& out);
void write_table(const gate::RunResult& result, const ReportOptions& options, std::ostream& out);
void write_junit(const gate::RunResult& result, const ReportOptions& options, std::ostream& out);
void write_github(const gate::RunResult& result, const ReportOptions& options, std::ostream& out);
void write_sarif(const gate::RunResult& result, const ReportOptions& options, std::ostream& out);
void write_markdown(const gate::RunResult& result, const ReportOptions& options, std::ostream& out);

// "file:line" of a document, or just the file when the line is unknown.
std::string place(const gate::DocumentResult& document, int line);
// The file a finding points into: the document's, unless the policy's `_loc` named another.
const std::string& finding_file(const gate::DocumentResult& document, const gate::Finding& finding);
// "file:line" of a finding: the field its rule examined, else its document's first line.
std::string finding_place(const gate::DocumentResult& document, const gate::Finding& finding);

}  // namespace mg::report
