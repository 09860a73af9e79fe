#pragma once

// A subset of Go's text/template for strings.render_template: text, {{.field.path}},
// {{.}}, {{if}}/{{else if}}/{{else}}/{{end}}, {{range}} (optionally `$i, $v :=`),
// {{with}}, comments and the {{- -}} trim markers, with OPA's missingkey=error option.
// Values print as Go prints the JSON-decoded data: maps as map[k:v], arrays as [a b].

#include <string>
#include <string_view>

#include "rego/value/value.h"

namespace mg::rego::builtins {

// Throws BuiltinError (eval_builtin_error) with a Go-style "template: ..." message.
std::string render_go_template(std::string_view text, const Value& vars);

}  // namespace mg::rego::builtins
