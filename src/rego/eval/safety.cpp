// Safety: every variable must be bound before an expression needs its value. As OPA does,
// expressions are reordered (stably) so that those which bind a variable come before those
// which read it; what can never be bound is reported as unsafe.

#include <algorithm>

#include "rego/eval/compiler.h"

namespace mg::rego {

namespace {

struct VarUse {
  std::vector<int> inputs;   // must be bound before the expression runs
  std::vector<int> outputs;  // bound by the expression when it succeeds
};

void value_vars(const ir::Term& t, VarUse& use);
void pattern_vars(const ir::Term& t, VarUse& use, std::vector<int>& patterns);

// Variables used inside a comprehension or `every` body that belong to the enclosing scope.
void closure_vars(const ir::Term& t, int lo, int hi, VarUse& use);
void closure_vars_body(const ir::Body& body, int lo, int hi, VarUse& use) {
  for (const auto& e : body) {
    for (const auto& t : e.terms) closure_vars(t, lo, hi, use);
    for (const auto& w : e.withs) closure_vars(w.value, lo, hi, use);
    closure_vars_body(e.body, lo, hi, use);
  }
}
void closure_vars(const ir::Term& t, int lo, int hi, VarUse& use) {
  if (t.kind == ir::TermKind::Var && (t.slot < lo || t.slot >= hi)) use.inputs.push_back(t.slot);
  for (const auto& i : t.items) closure_vars(i, lo, hi, use);
  closure_vars_body(t.body, lo, hi, use);
}

void value_vars(const ir::Term& t, VarUse& use) {
  switch (t.kind) {
    case ir::TermKind::Var:
      use.inputs.push_back(t.slot);
      return;
    case ir::TermKind::Ref:
      value_vars(t.items[0], use);
      for (size_t i = 1; i < t.items.size(); ++i) {
        const ir::Term& item = t.items[i];
        if (item.kind == ir::TermKind::Var) {
          use.outputs.push_back(item.slot);  // iteration: binds it when unbound
        } else if (item.kind == ir::TermKind::Array || item.kind == ir::TermKind::Object) {
          // A pattern key (`letters[["a", x]]`) is unified with each key: binds its variables.
          pattern_vars(item, use, use.outputs);
        } else {
          value_vars(item, use);
        }
      }
      return;
    case ir::TermKind::ArrayCompr:
    case ir::TermKind::SetCompr:
    case ir::TermKind::ObjectCompr:
      closure_vars(t, t.local_lo, t.local_hi, use);
      return;
    default:
      for (const auto& i : t.items) value_vars(i, use);
  }
}

// Unification sides: variables in pattern positions may be bound by it.
void pattern_vars(const ir::Term& t, VarUse& use, std::vector<int>& patterns) {
  switch (t.kind) {
    case ir::TermKind::Var:
      patterns.push_back(t.slot);
      return;
    case ir::TermKind::Array:
      for (const auto& i : t.items) pattern_vars(i, use, patterns);
      return;
    case ir::TermKind::Object:
      for (size_t i = 0; i + 1 < t.items.size(); i += 2) {
        value_vars(t.items[i], use);
        pattern_vars(t.items[i + 1], use, patterns);
      }
      return;
    default:
      value_vars(t, use);
  }
}

bool all_bound(const std::vector<int>& slots, const std::vector<bool>& bound) {
  return std::all_of(slots.begin(), slots.end(),
                     [&](int s) { return bound[static_cast<size_t>(s)]; });
}

bool can_unify(const ir::Term& a, const ir::Term& b, const std::vector<bool>& bound) {
  VarUse ua, ub;
  std::vector<int> pa, pb;
  pattern_vars(a, ua, pa);
  pattern_vars(b, ub, pb);
  if (!all_bound(ua.inputs, bound) || !all_bound(ub.inputs, bound)) return false;
  if (all_bound(pa, bound) || all_bound(pb, bound)) return true;
  if (a.kind == ir::TermKind::Array && b.kind == ir::TermKind::Array &&
      a.items.size() == b.items.size()) {
    std::vector<bool> progress = bound;
    for (size_t i = 0; i < a.items.size(); ++i) {
      if (!can_unify(a.items[i], b.items[i], progress)) return false;
      VarUse u;
      std::vector<int> p;
      pattern_vars(a.items[i], u, p);
      pattern_vars(b.items[i], u, p);
      for (int s : p) progress[static_cast<size_t>(s)] = true;
      for (int s : u.outputs) progress[static_cast<size_t>(s)] = true;
    }
    return true;
  }
  return false;
}

// Whether `e` can run with `bound`; if so, the slots it binds.
bool schedulable(const ir::Expr& e, const std::vector<bool>& bound, std::vector<int>& binds,
                 std::vector<int>& missing) {
  VarUse use;
  for (const auto& w : e.withs) value_vars(w.value, use);
  switch (e.kind) {
    case ir::ExprKind::Nop:
      return true;
    case ir::ExprKind::Term:
      value_vars(e.terms[0], use);
      break;
    case ir::ExprKind::Unify: {
      if (!can_unify(e.terms[0], e.terms[1], bound)) {
        std::vector<int> pa;
        pattern_vars(e.terms[0], use, pa);
        pattern_vars(e.terms[1], use, pa);
        for (int s : pa) {
          if (!bound[static_cast<size_t>(s)]) missing.push_back(s);
        }
        for (int s : use.inputs) {
          if (!bound[static_cast<size_t>(s)]) missing.push_back(s);
        }
        return false;
      }
      std::vector<int> patterns;
      pattern_vars(e.terms[0], use, patterns);
      pattern_vars(e.terms[1], use, patterns);
      use.outputs.insert(use.outputs.end(), patterns.begin(), patterns.end());
      break;
    }
    case ir::ExprKind::SomeIn: {
      value_vars(e.terms[2], use);
      std::vector<int> patterns;
      if (e.has_key) pattern_vars(e.terms[0], use, patterns);
      pattern_vars(e.terms[1], use, patterns);
      use.outputs.insert(use.outputs.end(), patterns.begin(), patterns.end());
      break;
    }
    case ir::ExprKind::Every:
      value_vars(e.terms[0], use);
      closure_vars_body(e.body, e.local_lo, e.local_hi, use);
      break;
  }
  // Iteration variables in a negated expression are local to it.
  std::vector<int> outputs = e.negated ? std::vector<int>{} : use.outputs;
  std::vector<bool> after = bound;
  for (int s : use.outputs) after[static_cast<size_t>(s)] = true;
  for (int s : use.inputs) {
    // A variable both read and bound by iteration in one expression (x[i][i]) is fine.
    if (!after[static_cast<size_t>(s)]) missing.push_back(s);
  }
  if (!missing.empty()) return false;
  binds = outputs;
  return true;
}

// The evaluator takes a call's operands left to right, so in `foo == input.xs[foo]` the
// reference, which binds foo by iteration, must come first: comparisons are turned around.
void put_binding_operand_first(ir::Expr& e, const std::vector<bool>& bound) {
  if (e.kind != ir::ExprKind::Term || e.terms[0].kind != ir::TermKind::Call) return;
  ir::Term& call = e.terms[0];
  if (call.items.size() != 2) return;
  ir::NativeOp turned = call.native;
  switch (call.native) {
    case ir::NativeOp::Equal:
    case ir::NativeOp::NotEqual:
      break;
    case ir::NativeOp::Less:
      turned = ir::NativeOp::Greater;
      break;
    case ir::NativeOp::LessEq:
      turned = ir::NativeOp::GreaterEq;
      break;
    case ir::NativeOp::Greater:
      turned = ir::NativeOp::Less;
      break;
    case ir::NativeOp::GreaterEq:
      turned = ir::NativeOp::LessEq;
      break;
    default:
      return;
  }
  VarUse left, right;
  value_vars(call.items[0], left);
  value_vars(call.items[1], right);
  bool left_waits = std::any_of(left.inputs.begin(), left.inputs.end(), [&](int s) {
    return !bound[static_cast<size_t>(s)] &&
           std::find(right.outputs.begin(), right.outputs.end(), s) != right.outputs.end();
  });
  if (!left_waits) return;
  std::swap(call.items[0], call.items[1]);
  call.native = turned;
}

void order_nested(ir::Term& t, const std::vector<bool>& bound,
                  const std::vector<std::string>& names, RegoErrors& errors) {
  if (t.kind == ir::TermKind::ArrayCompr || t.kind == ir::TermKind::SetCompr ||
      t.kind == ir::TermKind::ObjectCompr) {
    std::vector<bool> inner = bound;
    order_body_for_safety(t.body, inner, names, errors);
    // The head reads variables the body must bind.
    for (auto& item : t.items) {
      VarUse use;
      value_vars(item, use);
      for (int s : use.inputs) {
        if (!inner[static_cast<size_t>(s)]) {
          std::string name =
              static_cast<size_t>(s) < names.size() ? names[static_cast<size_t>(s)] : "";
          errors.push_back(RegoError{
              kUnsafeVarError, "var " + (name.empty() ? "_" : name) + " is unsafe", item.loc});
        }
      }
      order_nested(item, inner, names, errors);
    }
    return;
  }
  for (auto& i : t.items) order_nested(i, bound, names, errors);
}

}  // namespace

void order_term_for_safety(ir::Term& term, const std::vector<bool>& bound,
                           const std::vector<std::string>& names, RegoErrors& errors) {
  order_nested(term, bound, names, errors);
}

void order_body_for_safety(ir::Body& body, std::vector<bool>& bound,
                           const std::vector<std::string>& names, RegoErrors& errors) {
  ir::Body ordered;
  ordered.reserve(body.size());
  std::vector<bool> used(body.size(), false);
  size_t remaining = body.size();
  while (remaining > 0) {
    bool progressed = false;
    for (size_t i = 0; i < body.size(); ++i) {
      if (used[i]) continue;
      std::vector<int> binds, missing;
      if (!schedulable(body[i], bound, binds, missing)) continue;
      // Nested bodies see the variables bound before this expression.
      for (auto& t : body[i].terms) order_nested(t, bound, names, errors);
      for (auto& w : body[i].withs) order_nested(w.value, bound, names, errors);
      if (body[i].kind == ir::ExprKind::Every) {
        std::vector<bool> inner = bound;
        if (body[i].key_slot >= 0) inner[static_cast<size_t>(body[i].key_slot)] = true;
        inner[static_cast<size_t>(body[i].value_slot)] = true;
        order_body_for_safety(body[i].body, inner, names, errors);
      }
      put_binding_operand_first(body[i], bound);
      for (int s : binds) bound[static_cast<size_t>(s)] = true;
      used[i] = true;
      ordered.push_back(std::move(body[i]));
      --remaining;
      progressed = true;
      break;  // restart from the first unused expression: keeps the order stable
    }
    if (progressed) continue;
    // Nothing can run: report the first unsafe variable of each stuck expression.
    for (size_t i = 0; i < body.size(); ++i) {
      if (used[i]) continue;
      std::vector<int> binds, missing;
      schedulable(body[i], bound, binds, missing);
      std::vector<std::string> reported;
      for (int s : missing) {
        std::string name =
            static_cast<size_t>(s) < names.size() ? names[static_cast<size_t>(s)] : "";
        if (name.empty()) name = "_";
        if (std::find(reported.begin(), reported.end(), name) != reported.end()) continue;
        reported.push_back(name);
        errors.push_back(RegoError{kUnsafeVarError, "var " + name + " is unsafe", body[i].loc});
      }
      if (missing.empty()) {
        errors.push_back(RegoError{kUnsafeVarError, "expression is unsafe", body[i].loc});
      }
      ordered.push_back(std::move(body[i]));
    }
    break;
  }
  body = std::move(ordered);
}

}  // namespace mg::rego
