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

}  // namespace mg::report
