#pragma once

// A YAML stream to JSON values, the way sigs.k8s.io/yaml converts each document: scalars
// resolved by go-yaml v2's rules, non-string keys turned into strings, anchors, aliases and
// merge keys expanded. Built straight from libyaml's parse events (no node tree).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "rego/value/value.h"

namespace mg::manifest {

struct YamlLimits {
  int max_depth = 256;
  std::uint64_t max_alias_nodes = 1'000'000;
};

struct YamlDocument {
  rego::Value value;
  int line = 0;                 // 1-based line of the root node
  int stream_document = 0;      // ordinal in the stream, counting empty documents
  std::vector<int> item_lines;  // lines of the entries of a root mapping's "items" sequence
};

struct YamlError {
  int line = 0;  // 1-based; 0 = none
  int column = 0;
  std::string message;
};

struct YamlStream {
  std::vector<YamlDocument> documents;  // empty (null) documents are left out
  std::vector<YamlError> errors;
};

// A syntax error ends the stream (documents before it are kept); an error inside one
// document (a duplicate key, an alias bomb...) drops only that document.
YamlStream read_yaml_stream(std::string_view text, const YamlLimits& limits);

}  // namespace mg::manifest
