// The part of OPA's type checker that policies meet in practice: unifications whose two
// sides can never match because their shapes differ (`[1, 2] = [x]`, `[x] = {"a": 1}`), which
// OPA rejects at compile time rather than leaving silently undefined.

#include <algorithm>
#include <optional>

#include "rego/eval/compiler.h"

namespace mg::rego {

namespace {

std::optional<Kind> shape(const ir::Term& t) {
  switch (t.kind) {
    case ir::TermKind::Const:
      return t.value.kind();
    case ir::TermKind::Array:
      return Kind::Array;
    case ir::TermKind::Object:
      return Kind::Object;
    default:
      return std::nullopt;  // known only at run time
  }
}

ir::Term constant(const Value& v) {
  ir::Term t;
  t.kind = ir::TermKind::Const;
  t.value = v;
  t.ground = true;
  return t;
}

std::vector<ir::Term> array_items(const ir::Term& t) {
  if (t.kind == ir::TermKind::Array) return t.items;
  std::vector<ir::Term> out;
  for (const auto& v : t.value.as_array()) out.push_back(constant(v));
  return out;
}

// Key, value pairs of an object term, or nullopt when a key is not a constant.
std::optional<std::vector<std::pair<Value, ir::Term>>> object_items(const ir::Term& t) {
  std::vector<std::pair<Value, ir::Term>> out;
  if (t.kind == ir::TermKind::Const) {
    for (const auto& [k, v] : t.value.as_object()) out.emplace_back(k, constant(v));
  } else {
    for (size_t i = 0; i + 1 < t.items.size(); i += 2) {
      if (t.items[i].kind != ir::TermKind::Const) return std::nullopt;
      out.emplace_back(t.items[i].value, t.items[i + 1]);
    }
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  return out;
}

}  // namespace

bool unification_mismatch(const ir::Term& a, const ir::Term& b) {
  auto sa = shape(a);
  auto sb = shape(b);
  if (!sa || !sb) return false;
  if (*sa != *sb) return true;
  if (*sa == Kind::Array) {
    auto ia = array_items(a);
    auto ib = array_items(b);
    if (ia.size() != ib.size()) return true;
    for (size_t i = 0; i < ia.size(); ++i) {
      if (unification_mismatch(ia[i], ib[i])) return true;
    }
    return false;
  }
  if (*sa == Kind::Object) {
    auto oa = object_items(a);
    auto ob = object_items(b);
    if (!oa || !ob) return false;
    if (oa->size() != ob->size()) return true;
    for (size_t i = 0; i < oa->size(); ++i) {
      if (!((*oa)[i].first == (*ob)[i].first)) return true;
      if (unification_mismatch((*oa)[i].second, (*ob)[i].second)) return true;
    }
  }
  return false;
}

void align_object_unification(ir::Term& a, ir::Term& b) {
  if (a.kind == ir::TermKind::Array && b.kind == ir::TermKind::Array &&
      a.items.size() == b.items.size()) {
    for (size_t i = 0; i < a.items.size(); ++i) align_object_unification(a.items[i], b.items[i]);
    return;
  }
  if (a.kind != ir::TermKind::Object || b.kind != ir::TermKind::Object) return;
  // The positions of the values, by constant key; nullopt when a key is computed.
  auto by_key = [](const ir::Term& t) -> std::optional<std::vector<std::pair<Value, size_t>>> {
    std::vector<std::pair<Value, size_t>> out;
    for (size_t i = 0; i + 1 < t.items.size(); i += 2) {
      if (t.items[i].kind != ir::TermKind::Const) return std::nullopt;
      out.emplace_back(t.items[i].value, i + 1);
    }
    std::sort(out.begin(), out.end(),
              [](const auto& x, const auto& y) { return x.first < y.first; });
    return out;
  };
  auto ka = by_key(a);
  auto kb = by_key(b);
  if (!ka || !kb || ka->size() != kb->size()) return;
  for (size_t i = 0; i < ka->size(); ++i) {
    if (!((*ka)[i].first == (*kb)[i].first)) return;
  }
  auto to_array = [](ir::Term& t, const std::vector<std::pair<Value, size_t>>& keys) {
    std::vector<ir::Term> values;
    values.reserve(keys.size());
    for (const auto& [_, at] : keys) values.push_back(std::move(t.items[at]));
    t.kind = ir::TermKind::Array;
    t.items = std::move(values);
  };
  to_array(a, *ka);
  to_array(b, *kb);
  align_object_unification(a, b);
}

bool iteration_mismatch(const ir::Term& pattern, const ir::Term& domain) {
  if (domain.kind != ir::TermKind::Const || !domain.value.is_collection()) return false;
  auto kind = shape(pattern);
  if (!kind || (*kind != Kind::Array && *kind != Kind::Object)) return false;
  std::vector<Value> members;
  if (domain.value.is_array()) {
    for (const auto& v : domain.value.as_array()) members.push_back(v);
  } else if (domain.value.is_object()) {
    for (const auto& [_, v] : domain.value.as_object()) members.push_back(v);
  } else {
    for (const auto& v : domain.value.as_set()) members.push_back(v);
  }
  if (members.empty()) return false;
  return std::all_of(members.begin(), members.end(),
                     [&](const Value& v) { return unification_mismatch(pattern, constant(v)); });
}

}  // namespace mg::rego
