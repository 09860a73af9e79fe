#pragma once

// Gathers what a policy run needs from the paths the user gave: Rego modules from policy
// paths, and data documents (JSON/YAML) merged under `data`, as `opa eval -d` and
// conftest's `--policy` / `--data` do. Problems are collected, never thrown, so one bad
// file does not hide the others.

#include <string>
#include <vector>

#include "rego/eval/engine.h"
#include "rego/value/value.h"

namespace mg::gate {

struct PolicySources {
  std::vector<rego::ModuleSource> modules;
  rego::Value data = rego::Value::empty_object();
  std::vector<std::string> errors;  // "file:line:col: message"
};

// Adds the .rego files under `paths` (files or directories, recursively, in sorted order).
// With `with_data`, .json/.yaml/.yml files found there are data documents too (as `opa eval
// -d` treats a directory); files named explicitly are always taken by their extension.
void add_policy_paths(const std::vector<std::string>& paths, bool with_data, PolicySources& out);

// Adds data documents from JSON/YAML files or directories, merged at the root of `data`.
void add_data_paths(const std::vector<std::string>& paths, PolicySources& out);

// Deep-merges object `from` into `into`; false (and `into` unchanged) on a conflict, i.e. the
// same key holding two different non-object values.
bool merge_data(rego::Value& into, const rego::Value& from);

}  // namespace mg::gate
