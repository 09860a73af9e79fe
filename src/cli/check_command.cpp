// `manifestgate check`: parse and compile policies and report every error with its place,
// like `opa check`.

#include <iostream>

#include "cli/commands.h"
#include "cli/rego_output.h"
#include "gate/policy_loader.h"
#include "rego/eval/engine.h"

namespace mg::cli {

namespace {

struct CheckOptions {
  std::vector<std::string> paths;
  std::vector<std::string> policies;  // -p, checked together with the positional paths
  bool strict = false;
  bool v0 = false;
  std::string format = "pretty";
};

int run(const CheckOptions& o) {
  std::vector<std::string> paths = o.policies;
  paths.insert(paths.end(), o.paths.begin(), o.paths.end());
  if (paths.empty()) paths.emplace_back("policy");
  gate::PolicySources sources;
  gate::add_policy_paths(paths, false, sources);
  rego::RegoErrors errors;
  for (const auto& e : sources.errors) errors.push_back(rego::RegoError{"rego_parse_error", e, {}});
  size_t module_count = sources.modules.size();
  if (errors.empty()) {
    rego::CompileOptions copts;
    copts.strict = o.strict;
    copts.version = o.v0 ? rego::ast::VersionMode::V0 : rego::ast::VersionMode::Auto;
    auto compiled = rego::Policy::compile(sources.modules, rego::Value::empty_object(), copts);
    if (auto* errs = std::get_if<rego::RegoErrors>(&compiled)) {
      errors = *errs;
    } else {
      for (const auto& f : std::get<rego::PolicyPtr>(compiled)->v0_files()) {
        std::cerr << f
                  << ": note: parsed as Rego v0 (add `import rego.v1` and update the syntax to "
                     "silence this)\n";
      }
    }
  }
  if (errors.empty()) {
    if (o.format == "json") std::cout << "{}\n";
    std::cerr << module_count << " module(s) checked, no errors\n";
    return 0;
  }
  if (o.format == "json") {
    std::cout << format_errors(errors) << "\n";
  } else {
    for (const auto& e : errors) std::cerr << e.to_string() << "\n";
    std::cerr << errors.size() << " error" << (errors.size() == 1 ? "" : "s") << " found\n";
  }
  return 2;
}

}  // namespace

void add_check_command(CLI::App& app, int& exit_code) {
  auto opts = std::make_shared<CheckOptions>();
  auto* sub = app.add_subcommand(
      "check", "Parse and compile policies; report every error with file:line:col");
  sub->add_option("-p,--policy", opts->policies,
                  "policy file or directory (repeatable; default ./policy)");
  sub->add_option("paths", opts->paths, "policy files or directories");
  sub->add_flag("--strict", opts->strict, "enable strict-mode checks");
  sub->add_flag("--v0-compatible", opts->v0, "parse policies as Rego v0");
  sub->add_option("-f,--format", opts->format, "pretty (default) or json")
      ->check(CLI::IsMember({"pretty", "json"}));
  sub->callback([opts, &exit_code] { exit_code = run(*opts); });
}

}  // namespace mg::cli
