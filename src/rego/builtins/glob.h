#pragma once

// glob.match and glob.quote_meta (gobwas/glob syntax, as OPA uses it), and
// regex.globs_match (whether two simple globs can match a common string).

#include <vector>

#include "rego/builtins/builtin.h"

namespace mg::rego::builtins {

void add_globs(std::vector<Builtin>& table);

}  // namespace mg::rego::builtins
