#pragma once

// What a reference step reads: the member of a collection at a key. Shared by the evaluator
// and the rule index's guards, which must agree on it.

#include <cstdint>

#include "rego/value/value.h"

namespace mg::rego {

// The member of a collection at `key`, or null. Points into `base` (or at `key` for sets),
// so no reference count changes on the hot path.
inline const Value* lookup(const Value& base, const Value& key) {
  switch (base.kind()) {
    case Kind::Object:
      return base.get(key);
    case Kind::Array: {
      if (!key.is_integer()) return nullptr;
      int64_t i = key.as_int();
      auto items = base.as_array();
      if (i < 0 || static_cast<size_t>(i) >= items.size()) return nullptr;
      return &items[static_cast<size_t>(i)];
    }
    case Kind::Set:
      return base.contains(key) ? &key : nullptr;
    default:
      return nullptr;
  }
}

}  // namespace mg::rego
