#pragma once

// OPA's JSON shapes for query results and errors, shared by `eval` and `check`.

#include <string>
#include <vector>

#include "rego/eval/engine.h"

namespace mg::cli {

// {"result":[{"expressions":[{"value":...,"text":...,"location":{...}}],"bindings":{...}}]},
// or {} when there is no solution; indented as `opa eval --format json` indents.
std::string format_results(const std::vector<rego::Solution>& solutions,
                           const rego::PreparedQuery& query);

// {"errors":[{"code":...,"message":...,"location":{"file":...,"row":...,"col":...}}]}
std::string format_errors(const rego::RegoErrors& errors);

}  // namespace mg::cli
