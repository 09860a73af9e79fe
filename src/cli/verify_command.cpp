// `manifestgate verify`: run the policies' unit tests like `opa test`. Every rule named
// test_* is evaluated without input; it passes when its value is defined and not false.
// Exit 0 when all pass, 1 when a test failed or raised an error, 2 when nothing could run.
// --coverage adds which lines of the policies the tests reached, as `opa test --coverage`.

#include <re2/re2.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>

#include "cli/commands.h"
#include "gate/coverage.h"
#include "gate/policy_loader.h"
#include "rego/eval/engine.h"
#include "report/coverage.h"

namespace mg::cli {

namespace {

struct VerifyOptions {
  std::vector<std::string> paths;
  std::vector<std::string> policies;  // -p: the same as paths, kept apart because CLI11
                                      // overwrites a vector shared by two options
  std::vector<std::string> data;
  bool verbose = false;
  std::string run_filter;
  bool v0 = false;
  bool coverage = false;
  std::string format = "text";
};

enum class Status { Pass, Fail, Error };

struct TestResult {
  std::string name;  // data.pkg.test_name
  std::string file;
  int row = 0;
  Status status = Status::Pass;
  std::string error;
  std::vector<std::string> prints;
  std::chrono::nanoseconds duration{0};
};

const char* status_name(Status s) {
  switch (s) {
    case Status::Pass:
      return "PASS";
    case Status::Fail:
      return "FAIL";
    case Status::Error:
      return "ERROR";
  }
  return "";
}

// Go's Duration style, as `opa test -v` shows it: 812µs, 1.3ms, 2.05s.
std::string format_duration(std::chrono::nanoseconds d) {
  double us = static_cast<double>(d.count()) / 1000.0;
  char buf[32];
  if (us < 1000)
    std::snprintf(buf, sizeof buf, "%.0fµs", us);
  else if (us < 1'000'000)
    std::snprintf(buf, sizeof buf, "%.1fms", us / 1000);
  else
    std::snprintf(buf, sizeof buf, "%.2fs", us / 1'000'000);
  return buf;
}

bool is_test_rule(std::string_view name) {
  return name.size() > 5 && name.substr(0, 5) == "test_";
}

TestResult run_test(const rego::PolicyPtr& policy, const rego::RuleInfo& rule,
                    rego::EvalObserver* observer) {
  TestResult result;
  result.name = "data." + rule.package + "." + rule.name;
  result.file = rule.file;
  result.row = rule.row;
  auto start = std::chrono::steady_clock::now();
  auto prepared = rego::PreparedQuery::prepare(policy, result.name);
  if (auto* errors = std::get_if<rego::RegoErrors>(&prepared)) {
    result.status = Status::Error;
    for (const auto& e : *errors)
      result.error += (result.error.empty() ? "" : "\n") + e.to_string();
  } else {
    rego::EvalOptions options;
    options.observer = observer;
    options.print = [&](std::string_view line) { result.prints.emplace_back(line); };
    try {
      auto value = std::get<rego::PreparedQuery>(prepared).eval_value(nullptr, options);
      result.status = value && !value->is_false() ? Status::Pass : Status::Fail;
    } catch (const rego::EvalError& e) {
      result.status = Status::Error;
      result.error = e.error().to_string();
    }
  }
  result.duration = std::chrono::steady_clock::now() - start;
  return result;
}

void print_result(const TestResult& r, bool verbose, std::ostream& out) {
  out << r.file << ":" << r.row << ": " << r.name << ": " << status_name(r.status);
  if (verbose) out << " (" << format_duration(r.duration) << ")";
  out << "\n";
  if (!r.error.empty()) out << "  " << r.error << "\n";
  for (const auto& line : r.prints) out << "  " << line << "\n";
}

int run(const VerifyOptions& o) {
  std::unique_ptr<RE2> filter;
  if (!o.run_filter.empty()) {
    filter = std::make_unique<RE2>(o.run_filter, RE2::Quiet);
    if (!filter->ok()) {
      std::cerr << "error: --run: invalid regular expression: " << filter->error() << "\n";
      return 2;
    }
  }
  std::vector<std::string> paths = o.policies;
  paths.insert(paths.end(), o.paths.begin(), o.paths.end());
  if (paths.empty()) paths.push_back("policy");
  gate::PolicySources sources;
  gate::add_policy_paths(paths, true, sources);
  gate::add_data_paths(o.data, sources);
  for (const auto& e : sources.errors) std::cerr << "error: " << e << "\n";
  if (!sources.errors.empty()) return 2;
  if (sources.modules.empty()) {
    std::cerr << "error: no .rego files found\n";
    return 2;
  }
  rego::CompileOptions copts;
  copts.version = o.v0 ? rego::ast::VersionMode::V0 : rego::ast::VersionMode::Auto;
  auto compiled = rego::Policy::compile(sources.modules, std::move(sources.data), copts);
  if (auto* errors = std::get_if<rego::RegoErrors>(&compiled)) {
    for (const auto& e : *errors) std::cerr << e.to_string() << "\n";
    std::cerr << errors->size() << " error" << (errors->size() == 1 ? "" : "s") << " found\n";
    return 2;
  }
  auto policy = std::get<rego::PolicyPtr>(compiled);

  std::vector<rego::RuleInfo> tests;
  for (const auto& package : policy->packages()) {
    for (auto& rule : policy->rules(package)) {
      if (!is_test_rule(rule.name)) continue;
      if (filter && !RE2::PartialMatch("data." + package + "." + rule.name, *filter)) continue;
      tests.push_back(std::move(rule));
    }
  }
  if (tests.empty()) {
    std::cerr << "error: no tests found" << (filter ? " matching --run" : "") << "\n";
    return 2;
  }
  std::stable_sort(tests.begin(), tests.end(), [](const auto& a, const auto& b) {
    return std::tie(a.file, a.row) < std::tie(b.file, b.row);
  });

  // With the JSON coverage report, standard output carries only that document (as with
  // `opa test --coverage --format json`); test results go to standard error.
  bool json = o.coverage && o.format == "json";
  std::ostream& results = json ? std::cerr : std::cout;
  gate::CoverageRecorder recorder;
  int counts[3] = {0, 0, 0};
  for (const auto& rule : tests) {
    TestResult r = run_test(policy, rule, o.coverage ? &recorder : nullptr);
    ++counts[static_cast<int>(r.status)];
    if (o.verbose || r.status != Status::Pass) print_result(r, o.verbose, results);
  }
  int total = static_cast<int>(tests.size());
  results << std::string(80, '-') << "\n";
  results << "PASS: " << counts[0] << "/" << total << "\n";
  if (counts[1] > 0) results << "FAIL: " << counts[1] << "/" << total << "\n";
  if (counts[2] > 0) results << "ERROR: " << counts[2] << "/" << total << "\n";
  if (o.coverage) {
    auto report = gate::coverage_report(sources.modules, copts.version, recorder);
    if (json) {
      report::write_coverage_json(report, std::cout);
    } else {
      report::write_coverage_text(report, std::cout);
    }
  }
  return counts[0] == total ? 0 : 1;
}

}  // namespace

void add_verify_command(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<VerifyOptions>();
  auto* sub =
      app.add_subcommand("verify", "Run Rego unit tests (rules named test_*), like opa test");
  sub->add_option("paths", o->paths, "policy and data files or directories (default ./policy)");
  sub->add_option("-p,--policy", o->policies, "policy file or directory (repeatable)");
  sub->add_option("-d,--data", o->data, "extra data documents (JSON/YAML), repeatable");
  sub->add_flag("-v,--verbose", o->verbose, "list every test with its duration");
  sub->add_option("--run", o->run_filter, "run only tests whose data.pkg.test_name matches (RE2)");
  sub->add_flag("--v0-compatible", o->v0, "parse policies as Rego v0");
  sub->add_flag("--coverage", o->coverage,
                "report the share of each policy file's rule lines the tests reached");
  sub->add_option("--format", o->format,
                  "text (default) or json: with --coverage, OPA's coverage report as JSON")
      ->check(CLI::IsMember({"text", "json"}));
  sub->callback([o, &exit_code] { exit_code = run(*o); });
}

}  // namespace mg::cli
