#include "cli/project_config.h"

#include "manifest/loader.h"

namespace mg::cli {

namespace fs = std::filesystem;

std::optional<ProjectConfig> find_project_config(const fs::path& start, std::string& error) {
  std::error_code ec;
  fs::path dir = fs::absolute(start, ec);
  while (!dir.empty()) {
    fs::path candidate = dir / ".manifestgate.yaml";
    if (fs::is_regular_file(candidate, ec)) {
      auto loaded = manifest::load_paths({candidate.string()});
      if (!loaded.errors.empty()) {
        error = loaded.errors[0].to_string();
        return std::nullopt;
      }
      if (loaded.documents.empty()) return ProjectConfig{candidate, rego::Value::empty_object()};
      if (!loaded.documents[0].value.is_object()) {
        error =
            candidate.string() + ": the project config must be a mapping of flag names to values";
        return std::nullopt;
      }
      return ProjectConfig{candidate, loaded.documents[0].value};
    }
    if (fs::exists(dir / ".git", ec) || dir == dir.root_path()) break;
    dir = dir.parent_path();
  }
  return std::nullopt;
}

}  // namespace mg::cli
