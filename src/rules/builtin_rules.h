#pragma once

// The built-in rule library (rules/*.rego, compiled into the binary): about 30 Kubernetes
// checks in one Rego package, each a deny_<id> or warn_<id> rule with an entry in the
// package's `checks` object giving its severity, title and remediation.

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "rego/eval/engine.h"

namespace mg::rules {

// The package the checks live in: the namespace `manifestgate test` must query (-n).
inline constexpr std::string_view kPackage = "manifestgate.rules";

// The library's modules, named "rules/<file>.rego" in findings and errors.
std::vector<rego::ModuleSource> builtin_rules();

struct CheckInfo {
  std::string id;        // "latest_tag": the rule is deny_<id> or warn_<id>
  std::string severity;  // "deny" or "warn"
  std::string title;
  std::string remediation;
};

// The checks described by data.<package>.checks of a compiled policy, sorted by id.
// An error message when the catalogue is missing or malformed.
std::variant<std::vector<CheckInfo>, std::string> checks_of(const rego::PolicyPtr& policy,
                                                            std::string_view package = kPackage);

// The built-in library's checks (compiles the library).
std::variant<std::vector<CheckInfo>, std::string> builtin_checks();

// An aligned text table: ID, SEVERITY, TITLE.
std::string checks_table(const std::vector<CheckInfo>& checks);
// The Markdown table the README carries: | ID | Severity | Title | Remediation |.
std::string checks_markdown(const std::vector<CheckInfo>& checks);

}  // namespace mg::rules
