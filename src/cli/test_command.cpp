// `manifestgate test`: the conftest workflow. Load manifests, evaluate the policy's
// deny/violation/warn rules on each document, report, and exit 0 / 1 / 2 (DESIGN.md).

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <set>

#include "cli/commands.h"
#include "cli/project_config.h"
#include "gate/policy_loader.h"
#include "gate/runner.h"
#include "manifest/loader.h"
#include "report/report.h"
#include "rules/builtin_rules.h"

namespace mg::cli {

namespace {

struct TestOptions {
  std::vector<std::string> paths;
  std::vector<std::string> policies;
  std::vector<std::string> data;
  std::vector<std::string> namespaces;
  bool all_namespaces = false;
  std::string output = "stdout";
  std::vector<std::string> reports;  // FORMAT=FILE
  bool fail_on_warn = false;
  bool no_fail = false;
  bool combine = false;
  std::string ignore;
  int jobs = 0;
  bool v0 = false;
  bool quiet = false;
  bool no_color = false;
  bool suppress_exceptions = false;
  bool strict = false;
  bool builtin_rules = false;
  std::string capabilities;  // OPA capabilities JSON: only its builtins may be called
  std::string stdin_filename = "-";
};

// The builtin names an OPA capabilities file allows ({"builtins": [{"name": ...}, ...]}).
std::optional<std::set<std::string>> read_capabilities(const std::string& file,
                                                       std::string& error) {
  auto loaded = manifest::load_paths({file});
  if (!loaded.errors.empty() || loaded.documents.empty()) {
    error = loaded.errors.empty() ? file + ": empty capabilities file"
                                  : loaded.errors[0].file + ": " + loaded.errors[0].message;
    return std::nullopt;
  }
  const rego::Value* builtins = loaded.documents[0].value.get("builtins");
  if (!builtins || !builtins->is_array()) {
    error = file + ": capabilities must have a \"builtins\" array";
    return std::nullopt;
  }
  std::set<std::string> names;
  for (const auto& b : builtins->as_array()) {
    const rego::Value* name = b.get("name");
    if (name && name->is_string()) names.emplace(name->as_string());
  }
  return names;
}

void print_errors(const std::vector<gate::RunError>& errors) {
  for (const auto& e : errors) std::cerr << "ERROR - " << e.to_string() << "\n";
}

int run(const TestOptions& o) {
  std::vector<gate::RunError> errors;
  // Policy and data.
  // Without -p: ./policy when it exists, else the built-in rules library alone.
  std::vector<std::string> policy_paths = o.policies;
  bool use_builtin = o.builtin_rules;
  if (policy_paths.empty()) {
    if (std::filesystem::is_directory("policy")) {
      policy_paths.push_back("policy");
    } else {
      use_builtin = true;
    }
  }
  gate::PolicySources sources;
  gate::add_policy_paths(policy_paths, false, sources);
  if (use_builtin) {
    for (auto& m : rules::builtin_rules()) sources.modules.push_back(std::move(m));
  }
  gate::add_data_paths(o.data, sources);
  for (const auto& e : sources.errors) errors.push_back(gate::RunError{"", 0, 0, e});
  if (sources.modules.empty() && errors.empty())
    errors.push_back(gate::RunError{"", 0, 0, "no .rego files found in the policy paths"});
  if (!errors.empty()) {
    print_errors(errors);
    return 2;
  }
  rego::CompileOptions copts;
  copts.strict = o.strict;
  if (!o.capabilities.empty()) {
    std::string error;
    copts.allowed_builtins = read_capabilities(o.capabilities, error);
    if (!copts.allowed_builtins) {
      print_errors({gate::RunError{"", 0, 0, error}});
      return 2;
    }
  }
  copts.version = o.v0 ? rego::ast::VersionMode::V0 : rego::ast::VersionMode::Auto;
  auto compiled = rego::Policy::compile(sources.modules, std::move(sources.data), copts);
  if (auto* errs = std::get_if<rego::RegoErrors>(&compiled)) {
    for (const auto& e : *errs)
      errors.push_back(
          gate::RunError{e.loc.file_name(), e.loc.row, e.loc.col, e.code + ": " + e.message});
    print_errors(errors);
    return 2;
  }
  auto policy = std::get<rego::PolicyPtr>(compiled);
  gate::RunOptions ropts;
  if (!o.namespaces.empty()) {
    ropts.namespaces = o.namespaces;
  } else if (use_builtin) {
    ropts.namespaces =
        policy_paths.empty() ? std::vector<std::string>{} : std::vector<std::string>{"main"};
  }
  if (use_builtin) ropts.namespaces.emplace_back(rules::kPackage);
  ropts.all_namespaces = o.all_namespaces;
  ropts.combine = o.combine;
  ropts.jobs = o.jobs;
  auto prepared = gate::Runner::prepare(policy, ropts);
  if (auto* errs = std::get_if<std::vector<gate::RunError>>(&prepared)) {
    print_errors(*errs);
    return 2;
  }
  const auto& runner = std::get<gate::Runner>(prepared);

  // Manifests.
  manifest::LoadOptions lopts;
  lopts.ignore = o.ignore;
  lopts.jobs = o.jobs;
  lopts.stdin_name = o.stdin_filename;
  auto loaded =
      manifest::load_paths(o.paths.empty() ? std::vector<std::string>{"."} : o.paths, lopts);
  for (const auto& e : loaded.errors)
    errors.push_back(gate::RunError{e.file, e.pos.line, e.pos.column, e.message});

  gate::RunResult result = runner.run(loaded.documents);
  result.files = loaded.files;
  errors.insert(errors.end(), result.errors.begin(), result.errors.end());
  result.errors = errors;

  int exit_code = !errors.empty()                                              ? 2
                  : result.total(gate::Outcome::Failure) > 0                   ? 1
                  : o.fail_on_warn && result.total(gate::Outcome::Warning) > 0 ? 1
                                                                               : 0;
  report::ReportOptions ropts_out;
  ropts_out.color = !o.no_color && o.output == "stdout" && isatty(STDOUT_FILENO);
  ropts_out.suppress_exceptions = o.suppress_exceptions;
  // --quiet, as conftest has it: no output at all unless the run fails.
  if (!o.quiet || exit_code != 0) report::write(o.output, result, ropts_out, std::cout);
  for (const auto& spec : o.reports) {
    auto eq = spec.find('=');
    std::string format = spec.substr(0, eq);
    std::string file = spec.substr(eq + 1);
    std::ofstream out(file);
    if (!out) {
      errors.push_back(gate::RunError{file, 0, 0, "cannot write report"});
      continue;
    }
    report::ReportOptions plain = ropts_out;
    plain.color = false;
    report::write(format, result, plain, out);
  }
  print_errors(errors);
  if (!errors.empty()) return 2;
  return o.no_fail ? 0 : exit_code;
}

// Fills options the command line left unset from `.manifestgate.yaml`. Paths in it are
// relative to the file's directory. Returns an error message for unknown keys or bad values.
std::string apply_project_config(TestOptions& o, const CLI::App& sub) {
  std::string error;
  auto config = find_project_config(std::filesystem::current_path(), error);
  if (!config) return error;
  const auto base = config->file.parent_path();
  const std::string where = config->file.string();
  auto relative = [&](const std::string& p) {
    return std::filesystem::path(p).is_absolute() ? p : (base / p).lexically_normal().string();
  };
  auto given = [&](const char* flag) { return sub.count(flag) > 0; };
  // "<config file>: <setting> <what is wrong>"
  auto complaint = [&](std::string_view setting, std::string_view what) {
    std::string message = where;
    message.append(": ").append(setting).append(what);
    return message;
  };
  auto strings = [&](const rego::Value& v, const std::string& key, std::vector<std::string>& out,
                     bool paths) -> std::string {
    std::vector<rego::Value> items;
    if (v.is_string()) {
      items.push_back(v);
    } else if (v.is_array()) {
      items.assign(v.as_array().begin(), v.as_array().end());
    } else {
      return complaint(key, " must be a string or a list of strings");
    }
    for (const auto& item : items) {
      if (!item.is_string()) return complaint(key, " must be a string or a list of strings");
      std::string s(item.as_string());
      out.push_back(paths ? relative(s) : s);
    }
    return "";
  };
  auto boolean = [&](const rego::Value& v, const std::string& key, bool& out) -> std::string {
    if (!v.is_bool()) return where + ": " + key + " must be true or false";
    out = v.as_bool();
    return "";
  };
  for (const auto& [k, v] : config->settings.as_object()) {
    std::string key = k.is_string() ? std::string(k.as_string()) : "";
    std::string problem;
    if (key == "policy") {
      if (!given("--policy")) problem = strings(v, key, o.policies, true);
    } else if (key == "data") {
      if (!given("--data")) problem = strings(v, key, o.data, true);
    } else if (key == "namespace") {
      if (!given("--namespace")) problem = strings(v, key, o.namespaces, false);
    } else if (key == "output") {
      if (!v.is_string() || !report::is_format(v.as_string())) {
        problem = where + ": output must be one of the output formats";
      } else if (!given("--output")) {
        o.output = std::string(v.as_string());
      }
    } else if (key == "ignore") {
      if (!v.is_string())
        problem = where + ": ignore must be a string";
      else if (!given("--ignore"))
        o.ignore = std::string(v.as_string());
    } else if (key == "all-namespaces") {
      if (!given("--all-namespaces")) problem = boolean(v, key, o.all_namespaces);
    } else if (key == "fail-on-warn") {
      if (!given("--fail-on-warn")) problem = boolean(v, key, o.fail_on_warn);
    } else if (key == "no-fail") {
      if (!given("--no-fail")) problem = boolean(v, key, o.no_fail);
    } else if (key == "combine") {
      if (!given("--combine")) problem = boolean(v, key, o.combine);
    } else if (key == "builtin-rules") {
      if (!given("--builtin-rules")) problem = boolean(v, key, o.builtin_rules);
    } else if (key == "suppress-exceptions") {
      if (!given("--suppress-exceptions")) problem = boolean(v, key, o.suppress_exceptions);
    } else if (key == "strict") {
      if (!given("--strict")) problem = boolean(v, key, o.strict);
    } else {
      problem = complaint("unknown setting \"", key) + "\"";
    }
    if (!problem.empty()) return problem;
  }
  return "";
}

}  // namespace

void add_test_command(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<TestOptions>();
  auto* sub = app.add_subcommand("test", "Check manifests against policy (conftest compatible)");
  sub->add_option("paths", o->paths, "files, directories (recursive) or - for standard input");
  sub->add_option("-p,--policy", o->policies,
                  "policy file or directory (repeatable; default ./policy)");
  sub->add_option("-d,--data", o->data, "data documents (JSON/YAML), repeatable");
  sub->add_option("-n,--namespace", o->namespaces,
                  "Rego packages to query (repeatable, `*` globs; default main)");
  sub->add_flag("--all-namespaces", o->all_namespaces,
                "query every package with deny/violation/warn rules");
  auto is_format = CLI::Validator(
      [](std::string& s) {
        return report::is_format(s) ? std::string() : "unknown output format " + s;
      },
      "FORMAT");
  sub->add_option("-o,--output", o->output,
                  "stdout (default), json, tap, table, junit, github, sarif, markdown")
      ->check(is_format);
  sub->add_option("--report", o->reports, "also write FORMAT=FILE (repeatable)")
      ->check(CLI::Validator(
          [](std::string& s) {
            auto eq = s.find('=');
            if (eq == std::string::npos || eq + 1 == s.size())
              return std::string("expected FORMAT=FILE");
            return report::is_format(s.substr(0, eq)) ? std::string()
                                                      : "unknown report format " + s.substr(0, eq);
          },
          "FORMAT=FILE"));
  sub->add_flag("--fail-on-warn", o->fail_on_warn, "warnings also fail (exit 1)");
  sub->add_flag("--no-fail", o->no_fail, "exit 0 even when something is denied");
  sub->add_flag("--combine", o->combine, "evaluate all documents as one input array");
  sub->add_option("--ignore", o->ignore, "skip paths matching this RE2 expression");
  sub->add_option("--jobs", o->jobs, "parallel evaluation (default: number of cores)");
  sub->add_flag("--v0-compatible", o->v0, "parse policies as Rego v0");
  sub->add_flag("--quiet", o->quiet, "no output unless the run fails");
  sub->add_flag("--no-color", o->no_color, "never colour the output");
  sub->add_flag("--suppress-exceptions", o->suppress_exceptions,
                "leave exceptions out of the report");
  sub->add_flag("--strict", o->strict, "strict-mode policy checks");
  sub->add_flag("--builtin-rules", o->builtin_rules,
                "also check with the built-in rules library (used alone when there is no policy)");
  sub->add_option("--capabilities", o->capabilities,
                  "OPA capabilities JSON file: policies may call only its builtins");
  sub->add_option("--stdin-filename", o->stdin_filename,
                  "name for documents read from standard input");
  sub->callback([o, sub, &exit_code] {
    if (std::string error = apply_project_config(*o, *sub); !error.empty()) {
      std::cerr << "ERROR - " << error << "\n";
      exit_code = 2;
      return;
    }
    exit_code = run(*o);
  });
}

}  // namespace mg::cli
