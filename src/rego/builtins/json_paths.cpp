#include "rego/builtins/json_paths.h"

#include <algorithm>
#include <optional>

#include "rego/builtins/decl.h"
#include "rego/builtins/operands.h"

namespace mg::rego::builtins {

namespace {

using Args = std::span<const Value>;
using Path = std::vector<Value>;

// A path: "/a/b~1c" (JSON pointer, leading slashes optional) or ["a", 0]; nothing for any
// other kind.
std::optional<Path> path_segments(const Value& path) {
  Path out;
  if (path.is_array()) return Path(path.as_array().begin(), path.as_array().end());
  if (!path.is_string()) return std::nullopt;
  std::string_view p = path.as_string();
  if (p.empty()) return out;
  p.remove_prefix(std::min(p.find_first_not_of('/'), p.size()));
  size_t start = 0;
  while (true) {
    size_t slash = p.find('/', start);
    std::string_view part =
        p.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    std::string unescaped;
    for (size_t i = 0; i < part.size(); ++i) {
      if (part[i] == '~' && i + 1 < part.size() && (part[i + 1] == '1' || part[i + 1] == '0')) {
        unescaped += part[i + 1] == '1' ? '/' : '~';
        ++i;
      } else {
        unescaped += part[i];
      }
    }
    out.push_back(Value::string(std::move(unescaped)));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return out;
}

Path parse_path(const Value& path) {
  if (auto segments = path_segments(path)) return *std::move(segments);
  throw_operand(
      2, "must be one of {set, array} containing string paths or array of path segments but got " +
             std::string(kind_name(path.kind())));
}

std::vector<Path> paths_operand(Args args) {
  const Value& v = args[1];
  if (!v.is_array() && !v.is_set()) throw_operand_types(2, {"set", "array"}, v);
  std::vector<Path> paths;
  for (const auto& p : v.is_array() ? v.as_array() : v.as_set()) paths.push_back(parse_path(p));
  return paths;
}

// A tree of the paths: objects for inner segments, null where a path ends. A shorter path
// covers any longer one through it.
Value insert_path(const Value& node, const Path& path, size_t at) {
  if (at == path.size()) return Value::null();
  if (node.is_null() && at > 0) return node;  // already covered by a shorter path
  std::vector<ObjectEntry> entries(node.as_object().begin(), node.as_object().end());
  auto it = std::lower_bound(entries.begin(), entries.end(), path[at],
                             [](const ObjectEntry& e, const Value& k) { return e.first < k; });
  if (it != entries.end() && it->first == path[at]) {
    it->second = insert_path(it->second, path, at + 1);
  } else {
    entries.insert(it, ObjectEntry{path[at], insert_path(Value::empty_object(), path, at + 1)});
  }
  return Value::object_sorted(std::move(entries));
}

Value paths_tree(const std::vector<Path>& paths) {
  Value root = Value::empty_object();
  for (const auto& path : paths) {
    if (!path.empty()) root = insert_path(root, path, 0);
  }
  return root;
}

Value index_key(size_t i) {
  return Value::string(std::to_string(i));
}

// Keeps what the filter tree names (array elements are named by their index as a string).
Value filter(const Value& value, const Value& tree) {
  if (tree.is_null()) return value;
  switch (value.kind()) {
    case Kind::Array: {
      std::vector<Value> out;
      auto items = value.as_array();
      for (size_t i = 0; i < items.size(); ++i) {
        if (const Value* sub = tree.get(index_key(i))) out.push_back(filter(items[i], *sub));
      }
      return Value::array(std::move(out));
    }
    case Kind::Set: {
      std::vector<Value> out;
      for (const auto& item : value.as_set()) {
        if (const Value* sub = tree.get(item)) out.push_back(filter(item, *sub));
      }
      return Value::set(std::move(out));
    }
    case Kind::Object: {
      std::vector<ObjectEntry> out;
      for (const auto& [k, v] : value.as_object()) {
        if (const Value* sub = tree.get(k)) out.emplace_back(k, filter(v, *sub));
      }
      return Value::object_sorted(std::move(out));
    }
    default:
      return value;
  }
}

// Drops what the tree names; removed array elements close up. nullopt: drop `value` itself.
std::optional<Value> remove(const Value& value, const Value* tree) {
  if (tree == nullptr) return value;
  if (tree->is_null()) return std::nullopt;
  switch (value.kind()) {
    case Kind::Object: {
      std::vector<ObjectEntry> out;
      for (const auto& [k, v] : value.as_object()) {
        if (auto kept = remove(v, tree->get(k))) out.emplace_back(k, *kept);
      }
      return Value::object_sorted(std::move(out));
    }
    case Kind::Set: {
      std::vector<Value> out;
      for (const auto& item : value.as_set()) {
        if (auto kept = remove(item, tree->get(item))) out.push_back(*kept);
      }
      return Value::set(std::move(out));
    }
    case Kind::Array: {
      std::vector<Value> out;
      auto items = value.as_array();
      for (size_t i = 0; i < items.size(); ++i) {
        if (auto kept = remove(items[i], tree->get(index_key(i)))) out.push_back(*kept);
      }
      return Value::array(std::move(out));
    }
    default:
      return value;
  }
}

std::optional<Value> json_filter(BuiltinContext&, Args args) {
  const Value& object = object_operand(args, 1);
  return filter(object, paths_tree(paths_operand(args)));
}

std::optional<Value> json_remove(BuiltinContext&, Args args) {
  const Value& object = object_operand(args, 1);
  Value tree = paths_tree(paths_operand(args));
  return remove(object, &tree);
}

// --- json.patch (RFC 6902, extended to sets: a set member is its own path segment) ----

// An array index segment: a number, or decimal digits without leading zeros.
std::optional<size_t> array_index(const Value& segment, size_t size, bool allow_end) {
  if (segment.is_string()) {
    std::string_view s = segment.as_string();
    if (allow_end && s == "-") return size;
    if (s.empty() || s.size() > 18 || (s.size() > 1 && s[0] == '0')) return std::nullopt;
    if (!std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return std::nullopt;
    size_t i = std::stoull(std::string(s));
    return i <= size ? std::optional<size_t>(i) : std::nullopt;
  }
  auto i = exact_integer(segment);
  if (!i || *i < 0 || static_cast<size_t>(*i) > size) return std::nullopt;
  return static_cast<size_t>(*i);
}

std::optional<Value> patch_get(const Value& target, const Path& path, size_t at = 0) {
  if (at == path.size()) return target;
  const Value& seg = path[at];
  switch (target.kind()) {
    case Kind::Object:
      if (const Value* v = target.get(seg)) return patch_get(*v, path, at + 1);
      return std::nullopt;
    case Kind::Array: {
      auto i = array_index(seg, target.size(), false);
      if (!i || *i >= target.size()) return std::nullopt;
      return patch_get(target.as_array()[*i], path, at + 1);
    }
    case Kind::Set:
      if (target.contains(seg)) return patch_get(seg, path, at + 1);
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

// Rebuilds `target` with `change` applied to the child at path[at]; nullopt when it fails.
template <typename Leaf>
std::optional<Value> rebuild(const Value& target, const Path& path, size_t at, Leaf leaf) {
  const Value& seg = path[at];
  bool last = at + 1 == path.size();
  if (last) return leaf(target, seg);
  switch (target.kind()) {
    case Kind::Object: {
      const Value* child = target.get(seg);
      if (child == nullptr) return std::nullopt;
      auto changed = rebuild(*child, path, at + 1, leaf);
      if (!changed) return std::nullopt;
      std::vector<ObjectEntry> entries(target.as_object().begin(), target.as_object().end());
      for (auto& e : entries) {
        if (e.first == seg) e.second = *changed;
      }
      return Value::object_sorted(std::move(entries));
    }
    case Kind::Array: {
      auto i = array_index(seg, target.size(), false);
      if (!i || *i >= target.size()) return std::nullopt;
      auto changed = rebuild(target.as_array()[*i], path, at + 1, leaf);
      if (!changed) return std::nullopt;
      std::vector<Value> items(target.as_array().begin(), target.as_array().end());
      items[*i] = *changed;
      return Value::array(std::move(items));
    }
    case Kind::Set: {
      if (!target.contains(seg)) return std::nullopt;
      auto changed = rebuild(seg, path, at + 1, leaf);
      if (!changed) return std::nullopt;
      std::vector<Value> items;
      for (const auto& item : target.as_set()) items.push_back(item == seg ? *changed : item);
      return Value::set(std::move(items));
    }
    default:
      return std::nullopt;
  }
}

std::optional<Value> patch_add(const Value& target, const Path& path, const Value& value) {
  if (path.empty()) return value;
  return rebuild(
      target, path, 0, [&](const Value& parent, const Value& seg) -> std::optional<Value> {
        switch (parent.kind()) {
          case Kind::Object: {
            std::vector<ObjectEntry> entries(parent.as_object().begin(), parent.as_object().end());
            entries.emplace_back(seg, value);
            return Value::object(std::move(entries));
          }
          case Kind::Array: {
            auto i = array_index(seg, parent.size(), true);
            if (!i) return std::nullopt;
            std::vector<Value> items(parent.as_array().begin(), parent.as_array().end());
            items.insert(items.begin() + static_cast<std::ptrdiff_t>(*i), value);
            return Value::array(std::move(items));
          }
          case Kind::Set: {
            if (seg != value) return std::nullopt;  // a set member is its own path
            std::vector<Value> items(parent.as_set().begin(), parent.as_set().end());
            items.push_back(value);
            return Value::set(std::move(items));
          }
          default:
            return std::nullopt;
        }
      });
}

std::optional<Value> patch_remove(const Value& target, const Path& path) {
  if (path.empty()) return std::nullopt;
  return rebuild(target, path, 0,
                 [&](const Value& parent, const Value& seg) -> std::optional<Value> {
                   switch (parent.kind()) {
                     case Kind::Object: {
                       if (parent.get(seg) == nullptr) return std::nullopt;
                       std::vector<ObjectEntry> entries;
                       for (const auto& e : parent.as_object()) {
                         if (e.first != seg) entries.push_back(e);
                       }
                       return Value::object_sorted(std::move(entries));
                     }
                     case Kind::Array: {
                       auto i = array_index(seg, parent.size(), false);
                       if (!i || *i >= parent.size()) return std::nullopt;
                       std::vector<Value> items(parent.as_array().begin(), parent.as_array().end());
                       items.erase(items.begin() + static_cast<std::ptrdiff_t>(*i));
                       return Value::array(std::move(items));
                     }
                     case Kind::Set: {
                       if (!parent.contains(seg)) return std::nullopt;
                       std::vector<Value> items;
                       for (const auto& item : parent.as_set()) {
                         if (item != seg) items.push_back(item);
                       }
                       return Value::set_sorted(std::move(items));
                     }
                     default:
                       return std::nullopt;
                   }
                 });
}

// The document being patched; nothing once its root has been removed (only an add at the
// root brings it back, as in OPA's edit tree).
using Document = std::optional<Value>;

bool remove_at(Document& doc, const Path& path) {
  if (!doc) return false;
  if (path.empty()) {
    doc.reset();
    return true;
  }
  doc = patch_remove(*doc, path);
  return doc.has_value();
}

bool add_at(Document& doc, const Path& path, const Value& value) {
  if (path.empty()) {
    doc = value;
    return true;
  }
  if (!doc) return false;
  doc = patch_add(*doc, path, value);
  return doc.has_value();
}

std::optional<Value> get_at(const Document& doc, const Path& path) {
  return doc ? patch_get(*doc, path) : std::nullopt;
}

// One operation applied to `doc`; false when it cannot be (a malformed operation included).
bool apply_patch(Document& doc, const Value& patch) {
  if (!patch.is_object()) return false;
  const Value* op = patch.get("op");
  const Value* path_value = patch.get("path");
  if (op == nullptr || !op->is_string() || path_value == nullptr) return false;
  std::string_view name = op->as_string();
  const Value* value = patch.get("value");
  const Value* from_value = patch.get("from");
  bool takes_value = name == "add" || name == "replace" || name == "test";
  bool takes_from = name == "move" || name == "copy";
  if (!takes_value && !takes_from && name != "remove") return false;
  if ((takes_value && value == nullptr) || (takes_from && from_value == nullptr)) return false;
  auto path = path_segments(*path_value);
  if (!path) return false;
  if (name == "add") return add_at(doc, *path, *value);
  if (name == "remove") return remove_at(doc, *path);
  if (name == "replace") return remove_at(doc, *path) && add_at(doc, *path, *value);
  if (name == "test") {
    auto actual = get_at(doc, *path);
    return actual && *actual == *value;
  }
  auto from = path_segments(*from_value);
  if (!from) return false;
  auto moved = get_at(doc, *from);
  if (!moved) return false;
  if (name == "move" && !remove_at(doc, *from)) return false;
  return add_at(doc, *path, *moved);
}

// OPA makes any failing patch (a test that does not hold, a missing path, a malformed
// operation) an undefined result rather than an error, strict mode or not; only a second
// operand that is not an array is an error.
std::optional<Value> json_patch(BuiltinContext&, Args args) {
  Document doc = args[0];
  for (const auto& patch : array_operand(args, 2)) {
    if (!apply_patch(doc, patch)) return std::nullopt;
  }
  return doc;
}

}  // namespace

void add_json_paths(std::vector<Builtin>& table) {
  using namespace decl;
  auto obj = object_of(any(), any());
  auto path = any_of({string(), array_of(any())});
  auto paths = any_of({array_of(path), set_of(path)});
  table.push_back(make_builtin("json.filter", 2, function({obj, paths}, any()), json_filter));
  table.push_back(make_builtin("json.remove", 2, function({obj, paths}, any()), json_remove));
  auto patch = object_static({{"op", string()}, {"path", any()}}, any(), any());
  table.push_back(
      make_builtin("json.patch", 2, function({any(), array_of(patch)}, any()), json_patch));
}

}  // namespace mg::rego::builtins
