#pragma once

// METADATA annotations (YAML text kept by the parser) as the values rego.metadata.rule() and
// rego.metadata.chain() return.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rego/value/value.h"

namespace mg::rego {

// The annotations object, with `scope` defaulted; nullopt when there are none.
std::optional<Value> annotations_value(const std::string& yaml_text, std::string_view scope);

// [{path: [data, ...rule], annotations}, {path: [data, ...package], annotations}]: the rule
// always, the package when it has annotations.
Value metadata_chain(const std::vector<std::string>& rule_path, const std::string& rule_yaml,
                     const std::vector<std::string>& package_path, const std::string& package_yaml);

}  // namespace mg::rego
