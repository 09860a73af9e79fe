#include "rego/eval/single_values.h"

#include <algorithm>

#include "rego/eval/term_walk.h"

namespace mg::rego {

namespace {

bool all_single(const std::vector<ir::Term>& terms) {
  return std::all_of(terms.begin(), terms.end(), [](const ir::Term& t) { return t.single; });
}

// Items are marked before the terms that hold them (ir::each_term).
void mark(ir::Term& t) {
  switch (t.kind) {
    case ir::TermKind::Const:
    case ir::TermKind::Var:
    case ir::TermKind::Input:
    case ir::TermKind::Data:
    case ir::TermKind::ArrayCompr:
    case ir::TermKind::SetCompr:
    case ir::TermKind::ObjectCompr:
    case ir::TermKind::Template:
      t.single = true;
      return;
    case ir::TermKind::Ref:
      // Only constant keys: a variable key iterates when unbound, and a computed key into a
      // set would be the value found.
      t.single = t.items[0].single &&
                 std::all_of(t.items.begin() + 1, t.items.end(),
                             [](const ir::Term& key) { return key.kind == ir::TermKind::Const; });
      return;
    case ir::TermKind::Array:
    case ir::TermKind::Set:
    case ir::TermKind::Object:
      t.single = all_single(t.items);
      return;
    case ir::TermKind::Call:
      t.single = t.native != ir::NativeOp::Walk && t.items.size() <= kMaxSingleOperands &&
                 all_single(t.items);
      return;
  }
}

}  // namespace

void mark_single_values(ir::RuleNode& root) {
  ir::each_term(root, mark);
}

void mark_single_values(ir::Query& query) {
  ir::each_term(query.body, mark);
}

}  // namespace mg::rego
