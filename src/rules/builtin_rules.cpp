#include "rules/builtin_rules.h"

#include <algorithm>

#include "rules/embedded_rules.h"

namespace mg::rules {

namespace {

std::string string_field(const rego::Value& object, const char* key) {
  const rego::Value* v = object.get(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

// Markdown cells cannot hold a bare pipe.
std::string markdown_cell(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}

}  // namespace

std::vector<rego::ModuleSource> builtin_rules() {
  std::vector<rego::ModuleSource> modules;
  for (const auto& file : embedded_rule_files())
    modules.push_back(rego::ModuleSource{std::string(file.name), std::string(file.text)});
  return modules;
}

std::variant<std::vector<CheckInfo>, std::string> checks_of(const rego::PolicyPtr& policy,
                                                            std::string_view package) {
  std::string query = "data." + std::string(package) + ".checks";
  auto prepared = rego::PreparedQuery::prepare(policy, query);
  if (auto* errors = std::get_if<rego::RegoErrors>(&prepared))
    return errors->empty() ? query + ": cannot prepare" : errors->front().to_string();
  std::optional<rego::Value> value;
  try {
    value = std::get<rego::PreparedQuery>(prepared).eval_value(nullptr);
  } catch (const rego::EvalError& e) {
    return e.error().to_string();
  }
  if (!value || !value->is_object()) return query + " is not defined as an object";
  std::vector<CheckInfo> checks;
  for (const auto& [id, info] : value->as_object()) {
    if (!id.is_string() || !info.is_object()) return query + ": every entry must be id: {...}";
    CheckInfo check{std::string(id.as_string()), string_field(info, "severity"),
                    string_field(info, "title"), string_field(info, "remediation")};
    if (check.severity != "deny" && check.severity != "warn")
      return query + "." + check.id + ": severity must be deny or warn";
    checks.push_back(std::move(check));
  }
  std::sort(checks.begin(), checks.end(),
            [](const CheckInfo& a, const CheckInfo& b) { return a.id < b.id; });
  return checks;
}

std::variant<std::vector<CheckInfo>, std::string> builtin_checks() {
  auto compiled = rego::Policy::compile(builtin_rules(), rego::Value::empty_object());
  if (auto* errors = std::get_if<rego::RegoErrors>(&compiled))
    return errors->empty() ? std::string("built-in rules do not compile")
                           : errors->front().to_string();
  return checks_of(std::get<rego::PolicyPtr>(compiled));
}

std::string checks_table(const std::vector<CheckInfo>& checks) {
  size_t id_width = 2;
  for (const auto& c : checks) id_width = std::max(id_width, c.id.size());
  auto row = [&](std::string_view id, std::string_view severity, std::string_view title) {
    std::string line(id);
    line.resize(id_width + 2, ' ');
    line += severity;
    line.resize(id_width + 2 + 10, ' ');
    line += title;
    return line + "\n";
  };
  std::string out = row("ID", "SEVERITY", "TITLE");
  for (const auto& c : checks) out += row(c.id, c.severity, c.title);
  return out;
}

std::string checks_markdown(const std::vector<CheckInfo>& checks) {
  std::string out = "| ID | Severity | Title | Remediation |\n| --- | --- | --- | --- |\n";
  for (const auto& c : checks) {
    out += "| `" + c.id + "` | " + c.severity + " | " + markdown_cell(c.title) + " | " +
           markdown_cell(c.remediation) + " |\n";
  }
  return out;
}

}  // namespace mg::rules
