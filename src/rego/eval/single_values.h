#pragma once

// Terms with at most one value: constants, variables, references with constant keys, calls
// and collections of such terms, comprehensions. The evaluator computes them directly
// instead of through a chain of continuations (Evaluation::eval_one). A reference with a
// variable or computed key may iterate, and `walk` produces many values: those terms, and the
// terms around them, are evaluated the general way.

#include "rego/eval/ir.h"

namespace mg::rego {

// The most operands a single-valued call may have (they are held on the stack).
constexpr size_t kMaxSingleOperands = 4;

// Sets Term::single on every term of the rules, or of a query.
void mark_single_values(ir::RuleNode& root);
void mark_single_values(ir::Query& query);

}  // namespace mg::rego
