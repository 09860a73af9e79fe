#pragma once

// Report writers: one per output format, all reading the same RunResult.

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "gate/result.h"

namespace mg::report {

struct ReportOptions {
  bool color = false;                // ANSI colours (stdout format, on a terminal)
  bool suppress_exceptions = false;  // leave exceptions out
};

// stdout, json, tap, table, junit, github, sarif, markdown.
const std::vector<std::string>& formats();
bool is_format(std::string_view name);

void write(std::string_view format, const gate::RunResult& result, const ReportOptions& options,
           std::ostream& out);

// "3 tests, 1 passed, 1 warning, 1 failure, 0 exceptions", as conftest prints it.
std::string summary_line(const gate::RunResult& result);

}  // namespace mg::report
