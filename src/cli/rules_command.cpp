// `manifestgate rules`: list the built-in checks (id, severity, title), as a table, as the
// Markdown table the README carries, or as JSON for tools.

#include <iostream>

#include "cli/commands.h"
#include "rego/value/json.h"
#include "rules/builtin_rules.h"

namespace mg::cli {

namespace {

std::string checks_json(const std::vector<rules::CheckInfo>& checks) {
  std::vector<rego::Value> items;
  items.reserve(checks.size());
  for (const auto& c : checks) {
    items.push_back(rego::Value::object({
        {rego::Value::string("id"), rego::Value::string(c.id)},
        {rego::Value::string("severity"), rego::Value::string(c.severity)},
        {rego::Value::string("title"), rego::Value::string(c.title)},
        {rego::Value::string("remediation"), rego::Value::string(c.remediation)},
        {rego::Value::string("rule"), rego::Value::string(c.severity + "_" + c.id)},
    }));
  }
  return rego::to_json(rego::Value::array(std::move(items)));
}

int run(const std::string& format) {
  auto checks = rules::builtin_checks();
  if (auto* error = std::get_if<std::string>(&checks)) {
    std::cerr << "error: built-in rules: " << *error << "\n";
    return 2;
  }
  const auto& list = std::get<std::vector<rules::CheckInfo>>(checks);
  if (format == "markdown")
    std::cout << rules::checks_markdown(list);
  else if (format == "json")
    std::cout << checks_json(list) << "\n";
  else
    std::cout << rules::checks_table(list);
  return 0;
}

}  // namespace

void add_rules_command(CLI::App& app, int& exit_code) {
  auto format = std::make_shared<std::string>("table");
  auto* sub = app.add_subcommand("rules", "List the built-in checks (id, severity, title)");
  sub->add_option("-o,--output", *format, "table (default), markdown or json")
      ->check(CLI::IsMember({"table", "markdown", "json"}));
  sub->callback([format, &exit_code] { exit_code = run(*format); });
}

}  // namespace mg::cli
