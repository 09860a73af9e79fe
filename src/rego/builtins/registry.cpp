#include <algorithm>
#include <vector>

#include "rego/builtins/builtin.h"
#include "rego/builtins/families.h"
#include "rego/value/json.h"

namespace mg::rego {

namespace {
std::vector<Builtin> build_table() {
  std::vector<Builtin> table;
  builtins::add_numbers(table);
  builtins::add_aggregates(table);
  builtins::add_arrays(table);
  builtins::add_sets(table);
  builtins::add_objects(table);
  builtins::add_strings(table);
  builtins::add_regex(table);
  builtins::add_types(table);
  builtins::add_units(table);
  builtins::add_semver(table);
  builtins::add_bits(table);
  builtins::add_uuid(table);
  builtins::add_uri(table);
  builtins::add_rego_parse_module(table);
  builtins::add_graph(table);
  builtins::add_encoding(table);
  builtins::add_time(table);
  builtins::add_crypto(table);
  builtins::add_tokens(table);
  builtins::add_net(table);
  std::sort(table.begin(), table.end(),
            [](const Builtin& a, const Builtin& b) { return a.name < b.name; });
  return table;
}

const std::vector<Builtin>& table() {
  static const std::vector<Builtin> builtins = build_table();
  return builtins;
}
}  // namespace

const Builtin* find_builtin(std::string_view name) {
  const auto& t = table();
  auto it = std::lower_bound(t.begin(), t.end(), name,
                             [](const Builtin& b, std::string_view n) { return b.name < n; });
  return it != t.end() && it->name == name ? &*it : nullptr;
}

std::span<const Builtin> all_builtins() {
  return table();
}

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
