#include "rego/eval/input_paths.h"

#include <map>

#include "rego/eval/term_walk.h"

namespace mg::rego {

int number_input_paths(ir::RuleNode& root) {
  std::map<Value, int> ids;
  auto number = [&](ir::Term& ref) {
    if (ref.kind != ir::TermKind::Ref || ref.items.empty() ||
        ref.items[0].kind != ir::TermKind::Input)
      return;
    std::vector<Value> path;
    for (size_t i = 1; i < ref.items.size() && ref.items[i].kind == ir::TermKind::Const; ++i)
      path.push_back(ref.items[i].value);
    // A single key is one lookup either way: not worth a slot.
    if (path.size() < 2) return;
    auto [it, added] = ids.try_emplace(Value::array(path), static_cast<int>(ids.size()));
    ref.input_path = it->second;
    ref.input_path_length = path.size();
  };
  ir::each_term(root, number);
  return static_cast<int>(ids.size());
}

}  // namespace mg::rego
