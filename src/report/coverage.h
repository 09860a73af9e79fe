#pragma once

// How `manifestgate verify --coverage` shows coverage: OPA's JSON report (`opa test
// --coverage --format json`) or a short text summary per policy file.

#include <ostream>

#include "gate/coverage.h"

namespace mg::report {

// {"files": {FILE: {"covered": [{"start": {"row": N}, "end": {"row": M}}], "not_covered":
// [...], "covered_lines": N, "not_covered_lines": N, "coverage": PERCENT}}, "covered_lines":
// N, "not_covered_lines": N, "coverage": PERCENT}; per file, empty or zero fields are left
// out as OPA leaves them out.
void write_coverage_json(const gate::CoverageReport& report, std::ostream& out);

// "Coverage: 87.50% (14 of 16 lines)", then per file its share and the lines never reached.
void write_coverage_text(const gate::CoverageReport& report, std::ostream& out);

}  // namespace mg::report
