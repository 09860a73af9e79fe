#pragma once

// The embedded Rego engine's public surface: compile policy modules and data once into an
// immutable Policy, prepare queries against it, and evaluate a prepared query for many
// inputs, concurrently from any number of threads.

#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "rego/eval/error.h"
#include "rego/syntax/parser.h"
#include "rego/value/value.h"

namespace mg::rego {

namespace ir {
struct RuleNode;
struct Query;
}  // namespace ir

struct ModuleSource {
  std::string file;  // shown in locations
  std::string text;
};

struct CompileOptions {
  ast::VersionMode version = ast::VersionMode::Auto;
  bool strict = false;  // OPA's strict mode: unused imports and variables, shadowing, ...
  // When set, only these builtins may be called (from a capabilities file).
  std::optional<std::set<std::string>> allowed_builtins;
};

class Policy;
using PolicyPtr = std::shared_ptr<const Policy>;

struct RuleInfo {
  std::string package;  // "main" (without the data. prefix)
  std::string name;     // "deny_latest"
  std::string file;
  int row = 0;
};

class Policy {
 public:
  // Parses and compiles every module, with `data` as the base data document (an object).
  // Returns every error found, not only the first.
  static std::variant<PolicyPtr, RegoErrors> compile(const std::vector<ModuleSource>& modules,
                                                     Value data,
                                                     const CompileOptions& options = {});
  ~Policy();

  const Value& data() const;
  const ir::RuleNode& root() const;
  const CompileOptions& options() const;
  // Files that failed as Rego v1 and were accepted as v0 (Auto mode).
  const std::vector<std::string>& v0_files() const;
  // Every package (e.g. "main", "lib.k8s") that has at least one rule.
  std::vector<std::string> packages() const;
  // The rules (by name, once each) of one package.
  std::vector<RuleInfo> rules(std::string_view package) const;

  struct Impl;
  explicit Policy(std::unique_ptr<Impl> impl);

 private:
  friend class PreparedQuery;
  std::unique_ptr<Impl> impl_;
};

// Watches one evaluation, on the evaluating thread: for test coverage (which expressions
// and rules ran) and for pointing a finding at the input fields its derivation read. Every
// hook does nothing by default; an evaluation without an observer pays nothing for them.
class EvalObserver {
 public:
  virtual ~EvalObserver() = default;
  // An expression of a rule or query body is about to be evaluated.
  virtual void expression_evaluated(const ast::Location& /*where*/) {}
  // A rule's body (or an `else` clause) succeeded and its head produced a value.
  virtual void rule_succeeded(const ast::Location& /*rule*/) {}
  // A partial set rule (`deny contains msg if ...`) at `rule_path` ("data.main.deny")
  // derived `member`. `touched` lists, in the order they were reached, the strings and
  // collections that the derivation's references and iterations reached on the way (the
  // reads inside `not` included), by identity (Value::identity()): a caller that knows
  // which node of the input each identity is can tell which fields the member came from.
  virtual void member_derived(std::string_view /*rule_path*/, const ast::Location& /*rule*/,
                              const Value& /*member*/, std::span<const void* const> /*touched*/) {}
  // Whether member_derived wants `touched` (recording it costs a little on every read).
  virtual bool wants_touched() const { return false; }
};

struct EvalOptions {
  bool strict_builtin_errors = false;
  std::function<void(std::string_view)> print;  // print() output; ignored when empty
  int64_t now_ns = 0;                           // time.now_ns; 0 means the current time
  EvalObserver* observer = nullptr;             // outlives the evaluation
  // Values placed into `data` for this evaluation only, as `with data.<path> as <value>`
  // would (e.g. {"conftest", "file"} for conftest's data.conftest.file).
  std::vector<std::pair<std::vector<std::string>, Value>> data_overrides;
};

struct Solution {
  std::vector<Value> expressions;                       // one per top-level query expression
  std::vector<std::pair<std::string, Value>> bindings;  // the query's variables
};

class PreparedQuery {
 public:
  // Compiles a query (e.g. `data.main.deny[msg]`, `x := input.a; x > 1`) against a policy.
  static std::variant<PreparedQuery, RegoErrors> prepare(PolicyPtr policy, std::string_view text);
  PreparedQuery(PreparedQuery&&) noexcept;
  PreparedQuery& operator=(PreparedQuery&&) noexcept;
  ~PreparedQuery();

  // Every solution, in order. `input` may be null (no input document). Throws EvalError.
  // Safe to call from many threads at once.
  std::vector<Solution> eval(const Value* input, const EvalOptions& options = {}) const;
  // The value of the first expression in the first solution, or nullopt when undefined; for
  // single-reference queries such as `data.main.deny`. Throws EvalError.
  std::optional<Value> eval_value(const Value* input, const EvalOptions& options = {}) const;

  // Source text and position of each top-level query expression, as `opa eval` reports them.
  const std::vector<std::string>& expression_texts() const;
  const std::vector<ast::Location>& expression_locations() const;
  const PolicyPtr& policy() const { return policy_; }

 private:
  PreparedQuery(PolicyPtr policy, std::unique_ptr<ir::Query> query);
  PolicyPtr policy_;
  std::unique_ptr<ir::Query> query_;
};

}  // namespace mg::rego
