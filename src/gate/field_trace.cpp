#include "gate/field_trace.h"

#include <algorithm>

#include "rego/value/json.h"

namespace mg::gate {

namespace {

bool is_identifier(std::string_view s) {
  if (s.empty()) return false;
  auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  return letter(s[0]) && std::all_of(s.begin() + 1, s.end(),
                                     [&](char c) { return letter(c) || (c >= '0' && c <= '9'); });
}

}  // namespace

void DerivationRecorder::member_derived(std::string_view rule_path, const rego::ast::Location& rule,
                                        const rego::Value& member,
                                        std::span<const void* const> touched) {
  derivations_.push_back(Derivation{std::string(rule_path), rule.file_name(), rule.row, member,
                                    std::vector<const void*>(touched.begin(), touched.end())});
}

const Derivation* DerivationRecorder::find(std::string_view rule_path,
                                           const rego::Value& member) const {
  for (const auto& d : derivations_) {
    if (d.rule_path == rule_path && d.member == member) return &d;
  }
  return nullptr;
}

InputPaths::InputPaths(const rego::Value& root) {
  add(root, nullptr, rego::Value(), 0);
}

void InputPaths::add(const rego::Value& value, const void* parent, const rego::Value& key,
                     int depth) {
  const void* id = value.identity();
  if (!id) return;
  // An alias shares its node: the first path (in document order) is where it is written.
  if (!nodes_.emplace(id, Entry{parent, key, depth, value.is_collection()}).second) return;
  if (value.is_object()) {
    for (const auto& [k, v] : value.as_object()) add(v, id, k, depth + 1);
  } else if (value.is_array()) {
    int64_t i = 0;
    for (const auto& item : value.as_array()) add(item, id, rego::Value::integer(i++), depth + 1);
  }
}

std::optional<std::vector<rego::Value>> InputPaths::deepest(
    std::span<const void* const> touched) const {
  const void* best = nullptr;
  int best_rank = -1;
  for (const void* id : touched) {
    auto it = nodes_.find(id);
    if (it == nodes_.end()) continue;
    int rank = 2 * it->second.depth + (it->second.collection ? 1 : 0);
    if (rank > best_rank) {
      best = id;
      best_rank = rank;
    }
  }
  if (!best) return std::nullopt;
  std::vector<rego::Value> path;
  for (const void* id = best; id;) {
    const Entry& entry = nodes_.at(id);
    if (!entry.parent) break;
    path.push_back(entry.key);
    id = entry.parent;
  }
  std::reverse(path.begin(), path.end());
  return path;
}

std::string path_text(std::span<const rego::Value> path) {
  std::string out;
  for (const auto& step : path) {
    if (step.is_integer()) {
      out += "[" + std::to_string(step.as_int()) + "]";
    } else if (step.is_string() && is_identifier(step.as_string())) {
      if (!out.empty()) out += ".";
      out += step.as_string();
    } else {
      out += "[" + rego::to_json(step) + "]";
    }
  }
  return out;
}

}  // namespace mg::gate
