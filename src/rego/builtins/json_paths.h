#pragma once

// json.filter, json.remove and json.patch: the builtins that address values inside a
// document by JSON pointer ("a/b/0") or by an array of path segments.

#include <vector>

#include "rego/builtins/builtin.h"

namespace mg::rego::builtins {

void add_json_paths(std::vector<Builtin>& table);

}  // namespace mg::rego::builtins
