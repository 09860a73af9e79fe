#pragma once

// The project config file, `.manifestgate.yaml`: defaults for `manifestgate test`, looked up
// from the working directory up to the repository root. Flags given on the command line win.

#include <filesystem>
#include <optional>
#include <string>

#include "rego/value/value.h"

namespace mg::cli {

struct ProjectConfig {
  std::filesystem::path file;  // where it was found
  rego::Value settings;        // the document: an object of flag names (without dashes)
};

// The nearest `.manifestgate.yaml` from `start` upwards, stopping at the directory that holds
// `.git` (the repository root) or at the filesystem root. An error message when it cannot be
// read or is not a mapping.
std::optional<ProjectConfig> find_project_config(const std::filesystem::path& start,
                                                 std::string& error);

}  // namespace mg::cli
