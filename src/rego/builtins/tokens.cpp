#include "rego/builtins/families.h"

namespace mg::rego::builtins {

void add_tokens(std::vector<Builtin>& /*table*/) {}

}  // namespace mg::rego::builtins
