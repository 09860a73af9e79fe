#pragma once

// Shared input paths: policies read the same parts of the input from many rules
// (`input.spec.template.spec.containers` in every container check). Each distinct constant
// path prefix of an input reference gets a number, so that one evaluation looks it up once
// and every other reference to it starts from the value found.

#include "rego/eval/ir.h"

namespace mg::rego {

// Numbers the constant prefixes (of two keys or more) of the input references in every
// rule of the tree (Term::input_path, Term::input_path_length). Returns how many distinct
// prefixes there are.
int number_input_paths(ir::RuleNode& root);

}  // namespace mg::rego
