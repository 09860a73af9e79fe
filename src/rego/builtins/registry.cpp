#include <algorithm>
#include <vector>

#include "rego/builtins/builtin.h"
#include "rego/value/json.h"

namespace mg::rego {

namespace {
std::vector<Builtin> build_table() {
  std::vector<Builtin> table;
  // Families add themselves here, then the table is sorted by name for lookup.
  return table;
}

const std::vector<Builtin>& table() {
  static const std::vector<Builtin> builtins = build_table();
  return builtins;
}
}  // namespace

const Builtin* find_builtin(std::string_view name) {
  const auto& t = table();
  auto it = std::lower_bound(t.begin(), t.end(), name, [](const Builtin& b, std::string_view n) { return b.name < n; });
  return it != t.end() && it->name == name ? &*it : nullptr;
}

std::span<const Builtin> all_builtins() { return table(); }

void throw_operand_type(int position, std::string_view expected, const Value& got) {
  throw BuiltinError(BuiltinError::Code::Type, "operand " + std::to_string(position) + " must be " +
                                                   std::string(expected) + " but got " +
                                                   std::string(kind_name(got.kind())));
}

std::string_view string_operand(std::span<const Value> args, int position) {
  const Value& v = args[static_cast<size_t>(position - 1)];
  if (!v.is_string()) throw_operand_type(position, "string", v);
  return v.as_string();
}

}  // namespace mg::rego
