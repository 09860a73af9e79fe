#pragma once

// Loading manifests: files, directories (recursively: .yaml, .yml and .json, in sorted
// order) and standard input ("-"). YAML becomes JSON values exactly as Kubernetes converts
// it (sigs.k8s.io/yaml over go-yaml v2); see README "Loading manifests" for the rules.
// One file's failure never stops the others.

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "manifest/document.h"

namespace mg::manifest {

LoadResult load_paths(const std::vector<std::string>& paths, const LoadOptions& options = {});

// Loads text already in memory. `file_name` names it in documents and errors; a name ending
// in ".json" is parsed as JSON, anything else as YAML.
LoadResult load_text(const std::string& file_name, std::string_view text,
                     const LoadOptions& options = {});

// The line:col of the node at `path` (object keys as strings, array indices as integers)
// inside `document`, found by reading its source again; nullopt when the path does not
// exist there (or leads through an alias or merge key) or the source cannot be read.
std::optional<Position> locate(const Document& document, std::span<const rego::Value> path);

}  // namespace mg::manifest
