#pragma once

// The rule files compiled into the binary. The definition is generated at build time from
// rules/*.rego (tests excluded) by embed_rules.cmake; use builtin_rules.h instead.

#include <string_view>
#include <vector>

namespace mg::rules {

struct EmbeddedFile {
  std::string_view name;  // "rules/images.rego"
  std::string_view text;
};

const std::vector<EmbeddedFile>& embedded_rule_files();

}  // namespace mg::rules
