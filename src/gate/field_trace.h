#pragma once

// Pointing a finding at the input field its rule examined. While a rule is evaluated, the
// engine reports every message a partial set rule derives together with the strings and
// collections its derivation reached (by identity). Knowing which node of the input each
// identity is turns that into a path such as spec.template.spec.containers[0].image, which
// manifest::locate() turns into a line.

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "rego/eval/engine.h"
#include "rego/value/value.h"

namespace mg::gate {

// One message a partial set rule derived, as the engine reported it.
struct Derivation {
  std::string rule_path;  // "data.main.deny"
  std::string policy_file;
  int policy_line = 0;  // the line of the rule body that derived it
  rego::Value member;
  std::vector<const void*> touched;  // identities reached, in order
};

// Records derivations during evaluations; one recorder per thread.
class DerivationRecorder final : public rego::EvalObserver {
 public:
  void member_derived(std::string_view rule_path, const rego::ast::Location& rule,
                      const rego::Value& member, std::span<const void* const> touched) override;
  bool wants_touched() const override { return true; }

  // The first derivation of `member` by the rule at `rule_path`, or nullptr.
  const Derivation* find(std::string_view rule_path, const rego::Value& member) const;
  void clear() { derivations_.clear(); }

 private:
  std::vector<Derivation> derivations_;
};

// The paths of an input document's strings and collections, by identity. Built by one walk
// over the document; a node reachable twice (a YAML alias) keeps its first path.
class InputPaths {
 public:
  explicit InputPaths(const rego::Value& root);

  // Of the touched nodes that belong to this input, the one with the deepest path (ties go
  // to the earliest touched): the field the rule was looking at. A collection counts half a
  // level deeper than its path: it is touched when a read goes through it, and what was
  // read may be a number, boolean or null, which has no identity of its own (for
  // `input.spec.replicas < 2`, spec is the closest the trace gets). nullopt when no touched
  // node belongs to this input.
  std::optional<std::vector<rego::Value>> deepest(std::span<const void* const> touched) const;

 private:
  struct Entry {
    const void* parent = nullptr;
    rego::Value key;  // object key or array index within the parent
    int depth = 0;
    bool collection = false;
  };
  void add(const rego::Value& value, const void* parent, const rego::Value& key, int depth);
  std::unordered_map<const void*, Entry> nodes_;
};

// "spec.template.spec.containers[0].image"; keys that are not identifiers are quoted in
// brackets: metadata.labels["app.kubernetes.io/name"].
std::string path_text(std::span<const rego::Value> path);

}  // namespace mg::gate
