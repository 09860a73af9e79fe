#include "rego/eval/rule_index.h"

#include <algorithm>

#include "rego/eval/member_lookup.h"

namespace mg::rego {

namespace {

// `input.a.b` with constant keys only: its path; nullopt otherwise.
std::optional<std::vector<Value>> constant_input_path(const ir::Term& term) {
  if (term.kind != ir::TermKind::Ref || term.items.empty() ||
      term.items[0].kind != ir::TermKind::Input)
    return std::nullopt;
  std::vector<Value> path;
  for (size_t i = 1; i < term.items.size(); ++i) {
    if (term.items[i].kind != ir::TermKind::Const) return std::nullopt;
    path.push_back(term.items[i].value);
  }
  if (path.empty()) return std::nullopt;
  return path;
}

// `input.<path> == constant` or `input.<path> = constant`, either way round.
std::optional<ir::Guard> guard_of(const ir::Expr& expr) {
  if (expr.negated || !expr.withs.empty() || expr.result_slot >= 0) return std::nullopt;
  const ir::Term* a = nullptr;
  const ir::Term* b = nullptr;
  if (expr.kind == ir::ExprKind::Term && expr.terms[0].kind == ir::TermKind::Call &&
      expr.terms[0].native == ir::NativeOp::Equal && expr.terms[0].items.size() == 2) {
    a = &expr.terms[0].items[0];
    b = &expr.terms[0].items[1];
  } else if (expr.kind == ir::ExprKind::Unify && expr.terms.size() == 2) {
    a = &expr.terms[0];
    b = &expr.terms[1];
  } else {
    return std::nullopt;
  }
  if (b->kind == ir::TermKind::Ref) std::swap(a, b);
  if (b->kind != ir::TermKind::Const) return std::nullopt;
  auto path = constant_input_path(*a);
  if (!path) return std::nullopt;
  return ir::Guard{std::move(*path), b->value};
}

void index_rule(ir::Rule& rule) {
  // An `else` runs when the body fails: a failed guard must not skip it.
  if (rule.kind == ir::RuleKind::Function || !rule.elses.empty()) return;
  for (size_t i = 0; i < rule.body.size(); ++i) {
    auto guard = guard_of(rule.body[i]);
    if (!guard) continue;
    std::rotate(rule.body.begin(), rule.body.begin() + static_cast<std::ptrdiff_t>(i),
                rule.body.begin() + static_cast<std::ptrdiff_t>(i) + 1);
    rule.guard = std::move(*guard);
    return;
  }
}

}  // namespace

void index_rule_guards(ir::RuleNode& node) {
  for (auto& rule : node.rules) index_rule(rule);
  for (auto& [name, child] : node.children) index_rule_guards(*child);
}

bool guard_holds(const ir::Guard& guard, const Value* input) {
  const Value* v = input;
  for (const auto& key : guard.path) {
    if (!v) return false;
    v = lookup(*v, key);
  }
  return v && *v == guard.value;
}

}  // namespace mg::rego
