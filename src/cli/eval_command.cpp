// `manifestgate eval`: evaluate any Rego query and print what `opa eval --format json`
// prints, so scripts and conformance suites written for OPA work unchanged.

#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/commands.h"
#include "cli/rego_output.h"
#include "gate/policy_loader.h"
#include "manifest/loader.h"
#include "rego/eval/engine.h"
#include "rego/value/json.h"

namespace mg::cli {

namespace {

struct EvalOptions {
  std::vector<std::string> data_paths;
  std::string input_path;
  bool stdin_input = false;
  std::string format = "json";
  bool v0 = false;
  bool strict_builtin_errors = false;
  bool fail_undefined = false;
  bool fail_defined = false;
  std::string query;
};

// The input document: JSON or YAML, from a file or standard input.
std::optional<rego::Value> read_input(const EvalOptions& o, std::string& error) {
  std::string name = o.stdin_input ? "-" : o.input_path;
  auto loaded = manifest::load_paths({name});
  if (!loaded.errors.empty()) {
    error = loaded.errors[0].to_string();
    return std::nullopt;
  }
  if (loaded.documents.empty()) return rego::Value::null();
  return loaded.documents[0].value;
}

int run(const EvalOptions& o) {
  gate::PolicySources sources;
  gate::add_policy_paths(o.data_paths, true, sources);
  rego::RegoErrors errors;
  for (const auto& e : sources.errors) errors.push_back(rego::RegoError{"rego_parse_error", e, {}});
  std::optional<rego::Value> input;
  if (!o.input_path.empty() || o.stdin_input) {
    std::string error;
    input = read_input(o, error);
    if (!input) errors.push_back(rego::RegoError{"rego_parse_error", error, {}});
  }
  if (!errors.empty()) {
    std::cout << format_errors(errors) << "\n";
    return 2;
  }
  rego::CompileOptions copts;
  copts.version = o.v0 ? rego::ast::VersionMode::V0 : rego::ast::VersionMode::Auto;
  auto compiled = rego::Policy::compile(sources.modules, std::move(sources.data), copts);
  if (auto* errs = std::get_if<rego::RegoErrors>(&compiled)) {
    std::cout << format_errors(*errs) << "\n";
    return 2;
  }
  auto policy = std::get<rego::PolicyPtr>(compiled);
  auto prepared = rego::PreparedQuery::prepare(policy, o.query);
  if (auto* errs = std::get_if<rego::RegoErrors>(&prepared)) {
    std::cout << format_errors(*errs) << "\n";
    return 2;
  }
  const auto& query = std::get<rego::PreparedQuery>(prepared);
  rego::EvalOptions eopts;
  eopts.strict_builtin_errors = o.strict_builtin_errors;
  eopts.print = [](std::string_view line) { std::cerr << line << "\n"; };
  std::vector<rego::Solution> solutions;
  try {
    solutions = query.eval(input ? &*input : nullptr, eopts);
  } catch (const rego::EvalError& e) {
    std::cout << format_errors({e.error()}) << "\n";
    return 2;
  }
  if (o.format == "raw") {
    for (const auto& s : solutions) {
      for (const auto& v : s.expressions) {
        std::cout << (v.is_string() ? std::string(v.as_string()) : rego::to_json_pretty(v)) << "\n";
      }
    }
  } else {
    std::cout << format_results(solutions, query) << "\n";
  }
  if (o.fail_undefined && solutions.empty()) return 1;
  if (o.fail_defined && !solutions.empty()) return 1;
  return 0;
}

}  // namespace

void add_eval_command(CLI::App& app, int& exit_code) {
  auto opts = std::make_shared<EvalOptions>();
  auto* sub =
      app.add_subcommand("eval", "Evaluate a Rego query (output as `opa eval --format json`)");
  sub->add_option("-d,--data", opts->data_paths,
                  "Rego, JSON or YAML files or directories (repeatable)");
  sub->add_option("-i,--input", opts->input_path, "input document (JSON or YAML)");
  sub->add_flag("-I,--stdin-input", opts->stdin_input,
                "read the input document from standard input");
  sub->add_option("-f,--format", opts->format, "json (default) or raw")
      ->check(CLI::IsMember({"json", "raw", "pretty"}));
  sub->add_flag("--v0-compatible", opts->v0, "parse policies as Rego v0");
  sub->add_flag("--strict-builtin-errors", opts->strict_builtin_errors,
                "treat builtin errors as fatal");
  sub->add_flag("--fail", opts->fail_undefined, "exit 1 when the query is undefined");
  sub->add_flag("--fail-defined", opts->fail_defined, "exit 1 when the query is defined");
  sub->add_option("query", opts->query, "the query")->required();
  sub->callback([opts, &exit_code] { exit_code = run(*opts); });
}

}  // namespace mg::cli
