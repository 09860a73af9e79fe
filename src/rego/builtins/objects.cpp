#include "rego/builtins/families.h"

namespace mg::rego::builtins {

void add_objects(std::vector<Builtin>& /*table*/) {}

}  // namespace mg::rego::builtins
