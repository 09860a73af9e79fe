#pragma once

// Visits every term of compiled rules or a query, the items and bodies of a term before the
// term itself, for the passes that annotate terms after compilation (input_paths.h,
// single_values.h).

#include "rego/eval/ir.h"

namespace mg::rego::ir {

template <typename F>
void each_term(Term& term, F& f);

template <typename F>
void each_term(Body& body, F& f) {
  for (auto& expr : body) {
    for (auto& t : expr.terms) each_term(t, f);
    each_term(expr.body, f);
    for (auto& w : expr.withs) each_term(w.value, f);
  }
}

template <typename F>
void each_term(Term& term, F& f) {
  for (auto& item : term.items) each_term(item, f);
  each_term(term.body, f);
  f(term);
}

template <typename F>
void each_term(Rule& rule, F& f) {
  for (auto& t : rule.args) each_term(t, f);
  if (rule.key) each_term(*rule.key, f);
  for (auto& t : rule.suffix) each_term(t, f);
  each_term(rule.value, f);
  each_term(rule.body, f);
  for (auto& clause : rule.elses) {
    each_term(clause.value, f);
    each_term(clause.body, f);
  }
}

template <typename F>
void each_term(RuleNode& node, F& f) {
  for (auto& rule : node.rules) each_term(rule, f);
  if (node.default_rule) each_term(*node.default_rule, f);
  for (auto& [name, child] : node.children) each_term(*child, f);
}

}  // namespace mg::rego::ir
