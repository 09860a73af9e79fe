#pragma once

// Positions of nodes in YAML (or JSON) text, found by parsing it again with a handler that
// only follows one path. Used on demand (findings, JSON Lists), never on the loading path.

#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "manifest/document.h"
#include "rego/value/value.h"

namespace mg::manifest {

struct NodePositions {
  std::optional<Position> node;    // the node at the path, if it exists
  std::vector<Position> children;  // its entries (values of a mapping, items of a sequence)
};

// `stream_document` counts every document of the stream, empty ones included.
NodePositions find_node_positions(std::string_view text, int stream_document,
                                  std::span<const rego::Value> path);

// Line and column (1-based, bytes) of a byte offset in `text`, e.g. for reader errors that
// come with an offset instead of a mark.
Position position_of_offset(std::string_view text, size_t offset);

}  // namespace mg::manifest
