#include "gate/policy_loader.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "manifest/loader.h"

namespace mg::gate {

namespace fs = std::filesystem;

namespace {

bool has_extension(const fs::path& p, std::initializer_list<const char*> exts) {
  std::string ext = p.extension().string();
  return std::any_of(exts.begin(), exts.end(), [&](const char* e) { return ext == e; });
}

// Every file under `path` (itself when a file), sorted; errors for paths that do not exist.
std::vector<fs::path> files_under(const std::string& path, std::vector<std::string>& errors) {
  std::vector<fs::path> files;
  std::error_code ec;
  auto status = fs::status(path, ec);
  if (ec || !fs::exists(status)) {
    errors.push_back(path + ": no such file or directory");
    return files;
  }
  if (!fs::is_directory(status)) {
    files.emplace_back(path);
    return files;
  }
  for (auto it = fs::recursive_directory_iterator(
           path, fs::directory_options::skip_permission_denied, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_regular_file(ec)) files.push_back(it->path());
  }
  if (ec) errors.push_back(path + ": " + ec.message());
  std::sort(files.begin(), files.end());
  return files;
}

void add_rego_file(const fs::path& file, PolicySources& out) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    out.errors.push_back(file.string() + ": cannot read file");
    return;
  }
  std::ostringstream text;
  text << in.rdbuf();
  out.modules.push_back(rego::ModuleSource{file.string(), text.str()});
}

void add_data_file(const fs::path& file, PolicySources& out) {
  auto loaded = manifest::load_paths({file.string()});
  for (const auto& e : loaded.errors) out.errors.push_back(e.to_string());
  for (const auto& doc : loaded.documents) {
    if (!doc.value.is_object()) {
      out.errors.push_back(file.string() + ":" + std::to_string(doc.line) +
                           ": data document must be an object");
      continue;
    }
    if (!merge_data(out.data, doc.value)) {
      out.errors.push_back(file.string() +
                           ": merge error: data conflicts with data loaded earlier");
    }
  }
}

}  // namespace

bool merge_data(rego::Value& into, const rego::Value& from) {
  if (!into.is_object() || !from.is_object()) return false;
  std::vector<rego::ObjectEntry> entries(into.as_object().begin(), into.as_object().end());
  for (const auto& entry : from.as_object()) {
    const auto& [key, value] = entry;
    auto it = std::find_if(entries.begin(), entries.end(),
                           [&](const rego::ObjectEntry& e) { return e.first == entry.first; });
    if (it == entries.end()) {
      entries.emplace_back(key, value);
    } else if (it->second.is_object() && value.is_object()) {
      rego::Value merged = it->second;
      if (!merge_data(merged, value)) return false;
      it->second = merged;
    } else if (!(it->second == value)) {
      return false;
    }
  }
  into = rego::Value::object(std::move(entries));
  return true;
}

void add_policy_paths(const std::vector<std::string>& paths, bool with_data, PolicySources& out) {
  for (const auto& path : paths) {
    bool explicit_file = fs::is_regular_file(path);
    for (const auto& file : files_under(path, out.errors)) {
      if (has_extension(file, {".rego"})) {
        add_rego_file(file, out);
      } else if ((with_data || explicit_file) && has_extension(file, {".json", ".yaml", ".yml"})) {
        add_data_file(file, out);
      } else if (explicit_file) {
        out.errors.push_back(file.string() + ": not a .rego, .json or .yaml file");
      }
    }
  }
}

void add_data_paths(const std::vector<std::string>& paths, PolicySources& out) {
  for (const auto& path : paths) {
    bool explicit_file = fs::is_regular_file(path);
    for (const auto& file : files_under(path, out.errors)) {
      if (has_extension(file, {".json", ".yaml", ".yml"}) || explicit_file)
        add_data_file(file, out);
    }
  }
}

}  // namespace mg::gate
