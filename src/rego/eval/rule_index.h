#pragma once

// Rule indexing: finds, in each rule body, a guard on the input such as
// `input.kind == "Deployment"`, so that evaluation can rule a rule out with one lookup
// before setting up its body (a policy of many kind-specific rules then costs next to
// nothing on documents of other kinds).

#include "rego/eval/ir.h"

namespace mg::rego {

// Sets Rule::guard on every rule of the tree that has one, moving the guard expression to
// the front of its body (it binds no variable, so its place does not matter).
void index_rule_guards(ir::RuleNode& node);

// Whether the guard holds for `input` (which may be null: no input, the guard fails).
bool guard_holds(const ir::Guard& guard, const Value* input);

}  // namespace mg::rego
