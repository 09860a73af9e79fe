#include "rego/eval/engine.h"

#include <set>

#include "rego/eval/compiler.h"
#include "rego/eval/evaluator.h"
#include "rego/eval/input_paths.h"
#include "rego/eval/rule_index.h"
#include "rego/eval/single_values.h"

namespace mg::rego {

namespace {
void add_parse_errors(const std::vector<ast::ParseError>& parse_errors, RegoErrors& errors) {
  for (const auto& e : parse_errors) errors.push_back(RegoError{kParseError, e.message, e.loc});
}

std::string package_name(const ir::RuleNode& node) {
  return node.path.size() > 5 ? node.path.substr(5) : std::string();  // drop "data."
}
}  // namespace

Policy::Policy(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Policy::~Policy() = default;

std::variant<PolicyPtr, RegoErrors> Policy::compile(const std::vector<ModuleSource>& sources,
                                                    Value data, const CompileOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->data = data.is_object() ? std::move(data) : Value::empty_object();
  impl->options = options;
  RegoErrors errors;
  std::vector<ast::Module> modules;
  ast::ParseOptions parse_options;
  parse_options.mode = options.version;
  for (const auto& source : sources) {
    auto parsed = ast::parse_module(source.file, source.text, parse_options);
    add_parse_errors(parsed.errors, errors);
    if (parsed.module) {
      if (parsed.fell_back_to_v0) impl->v0_files.push_back(source.file);
      modules.push_back(std::move(*parsed.module));
    }
  }
  if (!errors.empty()) return errors;
  compile_modules(std::move(modules), *impl, errors);
  if (!errors.empty()) return errors;
  index_rule_guards(*impl->root);
  impl->input_path_count = number_input_paths(*impl->root);
  mark_single_values(*impl->root);
  return std::make_shared<const Policy>(std::move(impl));
}

const Value& Policy::data() const {
  return impl_->data;
}
const ir::RuleNode& Policy::root() const {
  return *impl_->root;
}
const CompileOptions& Policy::options() const {
  return impl_->options;
}
const std::vector<std::string>& Policy::v0_files() const {
  return impl_->v0_files;
}

std::vector<std::string> Policy::packages() const {
  std::set<std::string> out;
  for (const auto& m : impl_->modules) {
    std::string name;
    for (size_t i = 1; i < m.package.items.size(); ++i) {
      if (!name.empty()) name += ".";
      name += std::string(m.package.items[i].value.as_string());
    }
    out.insert(name);
  }
  return {out.begin(), out.end()};
}

std::vector<RuleInfo> Policy::rules(std::string_view package) const {
  std::vector<RuleInfo> out;
  const ir::RuleNode* node = impl_->root.get();
  size_t start = 0;
  while (node && start <= package.size() && !package.empty()) {
    size_t dot = package.find('.', start);
    if (dot == std::string_view::npos) dot = package.size();
    node = node->child(package.substr(start, dot - start));
    start = dot + 1;
  }
  if (!node) return out;
  for (const auto& [name, child] : node->children) {
    if (!child->has_rules()) continue;
    const ir::Rule& first = child->rules.empty() ? *child->default_rule : child->rules.front();
    out.push_back(RuleInfo{package_name(*node), name, first.loc.file_name(), first.loc.row});
  }
  return out;
}

PreparedQuery::PreparedQuery(PolicyPtr policy, std::unique_ptr<ir::Query> query)
    : policy_(std::move(policy)), query_(std::move(query)) {}
PreparedQuery::PreparedQuery(PreparedQuery&&) noexcept = default;
PreparedQuery& PreparedQuery::operator=(PreparedQuery&&) noexcept = default;
PreparedQuery::~PreparedQuery() = default;

std::variant<PreparedQuery, RegoErrors> PreparedQuery::prepare(PolicyPtr policy,
                                                               std::string_view text) {
  RegoErrors errors;
  ast::ParseOptions parse_options;
  parse_options.mode = policy->options().version == ast::VersionMode::V0 ? ast::VersionMode::V0
                                                                         : ast::VersionMode::V1;
  auto parsed = ast::parse_query(text, parse_options);
  add_parse_errors(parsed.errors, errors);
  if (!errors.empty()) return errors;
  if (parsed.body.empty()) {
    errors.push_back(RegoError{kParseError, "empty query", ast::Location{}});
    return errors;
  }
  auto query = compile_query(parsed.body, text, *policy->impl_, errors);
  if (!errors.empty()) return errors;
  mark_single_values(*query);
  return PreparedQuery(std::move(policy), std::move(query));
}

std::vector<Solution> PreparedQuery::eval(const Value* input, const EvalOptions& options) const {
  Evaluation evaluation(*policy_->impl_, input, options);
  return evaluation.run(*query_);
}

std::optional<Value> PreparedQuery::eval_value(const Value* input,
                                               const EvalOptions& options) const {
  Evaluation evaluation(*policy_->impl_, input, options);
  return evaluation.first_value(*query_);
}

const std::vector<std::string>& PreparedQuery::expression_texts() const {
  return query_->expression_texts;
}

const std::vector<ast::Location>& PreparedQuery::expression_locations() const {
  return query_->expression_locs;
}

}  // namespace mg::rego
