#include <algorithm>

#include "rego/builtins/decl.h"
#include "rego/builtins/families.h"
#include "rego/builtins/json_paths.h"
#include "rego/builtins/operands.h"

namespace mg::rego::builtins {

namespace {

using Args = std::span<const Value>;

// One step of object.get's path: object key, array index or set member.
const Value* step(const Value& from, const Value& key) {
  switch (from.kind()) {
    case Kind::Object:
      return from.get(key);
    case Kind::Array: {
      auto index = exact_integer(key);
      auto items = from.as_array();
      if (!index || *index < 0 || static_cast<size_t>(*index) >= items.size()) return nullptr;
      return &items[static_cast<size_t>(*index)];
    }
    case Kind::Set: {
      auto items = from.as_set();
      auto it = std::lower_bound(items.begin(), items.end(), key);
      return it != items.end() && *it == key ? &*it : nullptr;
    }
    default:
      return nullptr;
  }
}

std::optional<Value> object_get(BuiltinContext&, Args args) {
  const Value& object = object_operand(args, 1);
  const Value& key = args[1];
  const Value& fallback = args[2];
  if (!key.is_array()) {
    const Value* found = object.get(key);
    return found != nullptr ? *found : fallback;
  }
  const Value* current = &object;
  for (const auto& k : key.as_array()) {
    current = step(*current, k);
    if (current == nullptr) return fallback;
  }
  return *current;
}

std::optional<Value> object_keys(BuiltinContext&, Args args) {
  std::vector<Value> keys;
  for (const auto& entry : object_operand(args, 1).as_object()) keys.push_back(entry.first);
  return Value::set_sorted(std::move(keys));
}

// The keys named by object.remove / object.filter's second operand, sorted.
std::vector<Value> key_list(Args args) {
  const Value& v = args[1];
  std::vector<Value> keys;
  if (v.is_array()) {
    keys.assign(v.as_array().begin(), v.as_array().end());
  } else if (v.is_set()) {
    keys.assign(v.as_set().begin(), v.as_set().end());
  } else if (v.is_object()) {
    for (const auto& entry : v.as_object()) keys.push_back(entry.first);
  } else {
    throw_operand_types(2, {"object", "set", "array"}, v);
  }
  std::sort(keys.begin(), keys.end());
  return keys;
}

Value select_keys(const Value& object, const std::vector<Value>& keys, bool keep) {
  std::vector<ObjectEntry> out;
  for (const auto& entry : object.as_object()) {
    bool listed = std::binary_search(keys.begin(), keys.end(), entry.first);
    if (listed == keep) out.push_back(entry);
  }
  return Value::object_sorted(std::move(out));
}

std::optional<Value> object_remove(BuiltinContext&, Args args) {
  const Value& object = object_operand(args, 1);
  return select_keys(object, key_list(args), false);
}

std::optional<Value> object_filter(BuiltinContext&, Args args) {
  const Value& object = object_operand(args, 1);
  return select_keys(object, key_list(args), true);
}

// Right wins, except where both sides hold objects: those merge recursively.
Value merge(const Value& left, const Value& right) {
  std::vector<ObjectEntry> out(left.as_object().begin(), left.as_object().end());
  for (const auto& [k, v] : right.as_object()) {
    auto it =
        std::lower_bound(out.begin(), out.end(), k,
                         [](const ObjectEntry& e, const Value& key) { return e.first < key; });
    if (it != out.end() && it->first == k) {
      it->second = it->second.is_object() && v.is_object() ? merge(it->second, v) : v;
    } else {
      out.insert(it, ObjectEntry{k, v});
    }
  }
  return Value::object_sorted(std::move(out));
}

std::optional<Value> object_union(BuiltinContext&, Args args) {
  return merge(object_operand(args, 1), object_operand(args, 2));
}

std::optional<Value> object_union_n(BuiltinContext&, Args args) {
  auto items = array_operand(args, 1);
  Value result = Value::empty_object();
  // OPA merges from the back, so the last non-object is the one reported.
  for (auto it = items.rbegin(); it != items.rend(); ++it) {
    if (!it->is_object()) throw_operand_element(1, args[0], *it, "object");
  }
  for (const auto& item : items) result = merge(result, item);
  return result;
}

bool set_subset(const Value& super, const Value& sub) {
  auto items = sub.as_set();
  return std::all_of(items.begin(), items.end(), [&](const Value& v) { return super.contains(v); });
}

// The whole `sub` array appears contiguously in `super`.
bool array_subset(std::span<const Value> super, std::span<const Value> sub) {
  if (sub.size() > super.size()) return false;
  return std::search(super.begin(), super.end(), sub.begin(), sub.end()) != super.end() ||
         sub.empty();
}

// OPA counts array elements found in the set until all are seen; an empty array is never
// a superset, even of the empty set.
bool array_set_subset(std::span<const Value> super, const Value& sub) {
  size_t unmatched = sub.size();
  for (const auto& v : super) {
    if (sub.contains(v)) --unmatched;
    if (unmatched == 0) return true;
  }
  return false;
}

bool object_subset(const Value& super, const Value& sub) {
  for (const auto& [k, sub_value] : sub.as_object()) {
    const Value* super_value = super.get(k);
    if (super_value == nullptr) return false;
    if (*super_value == sub_value) continue;
    if (super_value->is_object() && sub_value.is_object()) {
      if (!object_subset(*super_value, sub_value)) return false;
    } else if (super_value->is_set() && sub_value.is_set()) {
      if (!set_subset(*super_value, sub_value)) return false;
    } else if (super_value->is_array() && sub_value.is_array()) {
      if (!array_subset(super_value->as_array(), sub_value.as_array())) return false;
    } else {
      return false;
    }
  }
  return true;
}

std::optional<Value> object_subset_builtin(BuiltinContext&, Args args) {
  const Value& super = args[0];
  const Value& sub = args[1];
  if (super.is_object() && sub.is_object()) return Value::boolean(object_subset(super, sub));
  if (super.is_set() && sub.is_set()) return Value::boolean(set_subset(super, sub));
  if (super.is_array() && sub.is_array()) {
    return Value::boolean(array_subset(super.as_array(), sub.as_array()));
  }
  if (super.is_array() && sub.is_set())
    return Value::boolean(array_set_subset(super.as_array(), sub));
  throw BuiltinError(BuiltinError::Code::Type,
                     "both arguments object.subset must be of the same type or array and set");
}

}  // namespace

void add_objects(std::vector<Builtin>& table) {
  using namespace decl;
  auto obj = object_of(any(), any());
  auto keys = any_of({array_of(any()), obj, set_of(any())});
  auto collection = any_of({obj, set_of(any()), array_of(any())});
  table.push_back(make_builtin("object.get", 3, function({obj, any(), any()}, any()), object_get));
  table.push_back(make_builtin("object.keys", 1, function({obj}, set_of(any())), object_keys));
  table.push_back(make_builtin("object.remove", 2, function({obj, keys}, obj), object_remove));
  table.push_back(make_builtin("object.filter", 2, function({obj, keys}, obj), object_filter));
  table.push_back(make_builtin("object.union", 2, function({obj, obj}, any()), object_union));
  table.push_back(
      make_builtin("object.union_n", 1, function({array_of(obj)}, any()), object_union_n));
  table.push_back(make_builtin("object.subset", 2, function({collection, collection}, any()),
                               object_subset_builtin));
  add_json_paths(table);
}

}  // namespace mg::rego::builtins
