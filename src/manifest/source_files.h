#pragma once

// Finding and reading the files behind the paths given on the command line.

#include <cstdint>
#include <istream>
#include <string>
#include <vector>

#include "manifest/document.h"

namespace re2 {
class RE2;
}

namespace mg::manifest {

// Expands one command-line path: a file stands for itself (whatever its extension), a
// directory for every .yaml, .yml and .json file below it, in sorted order. Paths matching
// `ignore` (when given) are skipped, directories with everything below them.
void collect_files(const std::string& path, const re2::RE2* ignore, std::vector<std::string>& files,
                   std::vector<LoadError>& errors);

// Reads a whole file, refusing files larger than `max_bytes`. On failure fills `error`.
bool read_file(const std::string& path, std::uintmax_t max_bytes, std::string& text,
               LoadError& error);

// Reads a whole stream (standard input) up to `max_bytes`.
bool read_stream(std::istream& in, const std::string& name, std::uintmax_t max_bytes,
                 std::string& text, LoadError& error);

}  // namespace mg::manifest
