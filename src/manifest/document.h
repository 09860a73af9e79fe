#pragma once

// What the manifest loader produces: one Document per YAML/JSON document (Kubernetes Lists
// are replaced by their items), and one LoadError per problem, each naming the place.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "rego/value/value.h"

namespace mg::manifest {

struct Position {
  int line = 0;    // 1-based; 0 = unknown
  int column = 0;  // 1-based, in bytes; 0 = unknown
};

struct Document {
  rego::Value value;
  std::string file;  // as given on the command line or found in a directory; stdin's name
  int index = 0;     // position in the file's documents, after List flattening
  int line = 0;      // line where the document (or List item) starts
  std::string api_version, kind, namespace_, name;  // from the value, empty when absent

  // Where the document came from, for locate(): the ordinal of its document in the YAML
  // stream (counting empty ones), the index of the List item it was (-1: not an item),
  // and, for text that cannot be read again (stdin, load_text), the text itself.
  int stream_document = 0;
  int list_item = -1;
  std::shared_ptr<const std::string> source;
};

struct LoadError {
  std::string file;
  Position pos;  // line 0 = the error concerns the whole file
  std::string message;

  // "file:line:col: message" (the line and column only when known).
  std::string to_string() const;
};

// Limits no real manifest reaches; each protects memory or the stack from hostile input.
struct LoadOptions {
  // Files (and standard input) larger than this are refused without being read.
  std::uintmax_t max_file_bytes = 64ull * 1024 * 1024;
  // Collections nested deeper than this are an error (the YAML parser recurses).
  int max_depth = 256;
  // Nodes that aliases may add to one document (*a counts every node under &a): stops
  // "billion laughs" documents, whose expansion would be exponential.
  std::uint64_t max_alias_nodes = 1'000'000;
  // Paths (files and directories) matching this RE2 pattern are skipped; empty = none.
  std::string ignore;
  // The name standard input's documents carry.
  std::string stdin_name = "-";
  // Files load_paths parses at the same time; 0 = one per hardware thread. The result is
  // the same whatever the number.
  int jobs = 0;
};

struct LoadResult {
  std::vector<Document> documents;  // in file order, then document order
  std::vector<LoadError> errors;    // in file order
  std::vector<std::string> files;   // every file that was read, in order (even if malformed)
};

}  // namespace mg::manifest
