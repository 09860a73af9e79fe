#include <algorithm>
#include <deque>

#include "rego/builtins/decl.h"
#include "rego/builtins/families.h"
#include "rego/builtins/operands.h"

namespace mg::rego::builtins {

namespace {

using Args = std::span<const Value>;

// Vertices are listed in arrays or sets; anything else lists none.
std::span<const Value> vertices(const Value& v) {
  if (v.is_array()) return v.as_array();
  if (v.is_set()) return v.as_set();
  return {};
}

std::span<const Value> initial_vertices(Args args) {
  const Value& initial = args[1];
  if (!initial.is_array() && !initial.is_set()) throw_operand_types(2, {"{array, set}"}, initial);
  return vertices(initial);
}

// Breadth-first from the initial vertices; only vertices that are keys of the graph count.
std::optional<Value> reachable(BuiltinContext&, Args args) {
  const Value& graph = object_operand(args, 1);
  auto initial = initial_vertices(args);
  std::deque<Value> queue(initial.begin(), initial.end());
  std::vector<Value> reached;
  auto seen = [&](const Value& v) {
    return std::find(reached.begin(), reached.end(), v) != reached.end();
  };
  while (!queue.empty()) {
    Value node = std::move(queue.front());
    queue.pop_front();
    const Value* edges = graph.get(node);
    if (edges == nullptr || seen(node)) continue;
    for (const auto& neighbor : vertices(*edges)) {
      if (!seen(neighbor)) queue.push_back(neighbor);
    }
    reached.push_back(node);
  }
  return Value::set(std::move(reached));
}

bool contains(const std::vector<Value>& items, const Value& v) {
  return std::find(items.begin(), items.end(), v) != items.end();
}

// Every path from `root` until a leaf, a vertex outside the graph (not included) or a vertex
// already reached (not included). This is OPA's walk, quirks and all: `reached` is shared by
// the whole walk below one first step, so a vertex met on an earlier branch ends later ones
// there; a vertex joins it only when the walk steps on from it; and each further stop at a
// reached vertex from the same vertex commits the path repeated once more, as OPA's growing
// slice does.
void paths_from(const Value& graph, const Value& root, std::vector<Value> path,
                std::vector<Value>& reached, std::vector<Value>& out) {
  const Value* edges = graph.get(root);
  if (edges == nullptr) {
    out.push_back(Value::array(std::move(path)));
    return;
  }
  path.push_back(root);
  auto next = vertices(*edges);
  if (next.empty()) {
    out.push_back(Value::array(std::move(path)));
    return;
  }
  std::vector<Value> stopped;
  for (const auto& neighbor : next) {
    if (contains(reached, neighbor)) {
      stopped.insert(stopped.end(), path.begin(), path.end());
      out.push_back(Value::array(stopped));
    } else {
      if (!contains(reached, root)) reached.push_back(root);
      paths_from(graph, neighbor, path, reached, out);
    }
  }
}

std::optional<Value> reachable_paths(BuiltinContext&, Args args) {
  const Value& graph = object_operand(args, 1);
  std::vector<Value> out;
  for (const auto& node : initial_vertices(args)) {
    const Value* edges = graph.get(node);
    if (edges == nullptr) continue;
    auto next = vertices(*edges);
    if (next.empty()) {
      out.push_back(Value::array({node}));
      continue;
    }
    for (const auto& neighbor : next) {
      std::vector<Value> reached{node};
      paths_from(graph, neighbor, {node}, reached, out);
    }
  }
  return Value::set(std::move(out));
}

}  // namespace

void add_graph(std::vector<Builtin>& table) {
  using namespace decl;
  auto graph = object_of(any(), any_of({array_of(any()), set_of(any())}));
  auto initial = any_of({array_of(any()), set_of(any())});
  table.push_back(
      make_builtin("graph.reachable", 2, function({graph, initial}, set_of(any())), reachable));
  table.push_back(make_builtin("graph.reachable_paths", 2,
                               function({graph, initial}, set_of(array_of(any()))),
                               reachable_paths));
}

}  // namespace mg::rego::builtins
