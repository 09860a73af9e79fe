#include "manifest/source_files.h"

#include <re2/re2.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <system_error>

namespace mg::manifest {

namespace fs = std::filesystem;

namespace {

bool is_manifest_file(const fs::path& path) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext == ".yaml" || ext == ".yml" || ext == ".json";
}

bool ignored(const re2::RE2* ignore, const std::string& path) {
  return ignore != nullptr && re2::RE2::PartialMatch(path, *ignore);
}

std::string size_text(std::uintmax_t bytes) {
  constexpr std::uintmax_t mebibyte = std::uintmax_t{1024} * 1024;
  if (bytes >= mebibyte) return std::to_string(bytes / mebibyte) + " MiB";
  return std::to_string(bytes) + " bytes";
}

std::string too_large_message(std::uintmax_t limit) {
  return "file is larger than the " + size_text(limit) + " limit";
}

}  // namespace

void collect_files(const std::string& path, const re2::RE2* ignore, std::vector<std::string>& files,
                   std::vector<LoadError>& errors) {
  if (ignored(ignore, path)) return;
  std::error_code ec;
  fs::file_status status = fs::status(path, ec);
  if (ec || !fs::exists(status)) {
    errors.push_back({path, {}, "no such file or directory"});
    return;
  }
  if (!fs::is_directory(status)) {
    files.push_back(path);
    return;
  }
  std::vector<std::string> found;
  fs::recursive_directory_iterator it(path, fs::directory_options::skip_permission_denied, ec);
  if (ec) {
    errors.push_back({path, {}, "cannot read directory: " + ec.message()});
    return;
  }
  for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) {
      errors.push_back({path, {}, "cannot read directory: " + ec.message()});
      break;
    }
    std::string entry = it->path().string();
    std::error_code entry_ec;
    if (it->is_directory(entry_ec)) {
      if (ignored(ignore, entry)) it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file(entry_ec) && is_manifest_file(it->path()) && !ignored(ignore, entry)) {
      found.push_back(std::move(entry));
    }
  }
  // Directory listings come in no particular order; output must not depend on it.
  std::sort(found.begin(), found.end());
  files.insert(files.end(), std::make_move_iterator(found.begin()),
               std::make_move_iterator(found.end()));
}

bool read_file(const std::string& path, std::uintmax_t max_bytes, std::string& text,
               LoadError& error) {
  error = LoadError{path, {}, {}};
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    error.message = "is a directory";
    return false;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error.message = std::string("cannot open: ") + std::strerror(errno);
    return false;
  }
  std::uintmax_t size = fs::file_size(path, ec);
  if (!ec && size > max_bytes) {
    error.message = too_large_message(max_bytes) + " (" + size_text(size) + ")";
    return false;
  }
  if (!ec) text.reserve(static_cast<size_t>(size));
  return read_stream(in, path, max_bytes, text, error);
}

bool read_stream(std::istream& in, const std::string& name, std::uintmax_t max_bytes,
                 std::string& text, LoadError& error) {
  error = LoadError{name, {}, {}};
  text.clear();
  // Read in chunks so that a stream that keeps growing (or a pipe) stops at the limit.
  char chunk[1 << 16];
  while (in.read(chunk, sizeof chunk) || in.gcount() > 0) {
    text.append(chunk, static_cast<size_t>(in.gcount()));
    if (text.size() > max_bytes) {
      text.clear();
      text.shrink_to_fit();
      error.message = too_large_message(max_bytes);
      return false;
    }
  }
  if (in.bad()) {
    error.message = "read error";
    return false;
  }
  return true;
}

}  // namespace mg::manifest
