#include "rego/builtins/families.h"

namespace mg::rego::builtins {

void add_graph(std::vector<Builtin>& /*table*/) {}

}  // namespace mg::rego::builtins
