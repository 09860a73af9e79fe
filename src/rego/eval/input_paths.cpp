#include "rego/eval/input_paths.h"

#include <map>

namespace mg::rego {

namespace {

class Numbering {
 public:
  void rule_node(ir::RuleNode& node) {
    for (auto& rule : node.rules) this->rule(rule);
    if (node.default_rule) rule(*node.default_rule);
    for (auto& [name, child] : node.children) rule_node(*child);
  }
  int count() const { return static_cast<int>(ids_.size()); }

 private:
  void rule(ir::Rule& rule) {
    for (auto& t : rule.args) term(t);
    if (rule.key) term(*rule.key);
    for (auto& t : rule.suffix) term(t);
    term(rule.value);
    body(rule.body);
    for (auto& clause : rule.elses) {
      term(clause.value);
      body(clause.body);
    }
  }
  void body(ir::Body& body) {
    for (auto& expr : body) {
      for (auto& t : expr.terms) term(t);
      body_of(expr);
      for (auto& w : expr.withs) term(w.value);
    }
  }
  void body_of(ir::Expr& expr) { body(expr.body); }
  void term(ir::Term& t) {
    if (t.kind == ir::TermKind::Ref && !t.items.empty() && t.items[0].kind == ir::TermKind::Input)
      number(t);
    for (auto& item : t.items) term(item);
    body(t.body);
  }
  void number(ir::Term& ref) {
    std::vector<Value> path;
    for (size_t i = 1; i < ref.items.size() && ref.items[i].kind == ir::TermKind::Const; ++i)
      path.push_back(ref.items[i].value);
    // A single key is one lookup either way: not worth a slot.
    if (path.size() < 2) return;
    auto [it, added] = ids_.try_emplace(Value::array(path), count());
    ref.input_path = it->second;
    ref.input_path_length = path.size();
  }

  std::map<Value, int> ids_;
};

}  // namespace

int number_input_paths(ir::RuleNode& root) {
  Numbering numbering;
  numbering.rule_node(root);
  return numbering.count();
}

}  // namespace mg::rego
