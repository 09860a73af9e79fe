#pragma once

// Helpers shared by the manifest loader tests.

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <string_view>

#include "manifest/loader.h"
#include "rego/value/json.h"

namespace mg::manifest::testing {

// The single document `yaml` holds, as compact JSON; fails the test on any error.
inline std::string json_of(std::string_view yaml, std::string name = "test.yaml") {
  LoadResult r = load_text(std::move(name), yaml);
  INFO(yaml);
  for (const auto& e : r.errors) INFO(e.pos.line << ":" << e.pos.column << ": " << e.message);
  REQUIRE(r.errors.empty());
  REQUIRE(r.documents.size() == 1);
  return rego::to_json(r.documents[0].value);
}

// The value of key `v` in the one-line document "v: <scalar>", as JSON.
inline std::string scalar_json(std::string_view scalar) {
  std::string json = json_of("v: " + std::string(scalar) + "\n");
  // {"v":X} -> X
  return json.substr(5, json.size() - 6);
}

// The first error loading `yaml`, as "line:col: message" (or "" when it loads).
inline std::string first_error(std::string_view yaml, std::string name = "test.yaml") {
  LoadResult r = load_text(std::move(name), yaml);
  if (r.errors.empty()) return "";
  const auto& e = r.errors[0];
  return std::to_string(e.pos.line) + ":" + std::to_string(e.pos.column) + ": " + e.message;
}

// A fresh directory under the system temp dir, removed with the object.
class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() / ("mg-manifest-test-" + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::string file(const std::string& relative, std::string_view content) const {
    auto p = path_ / relative;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << content;
    return p.string();
  }

 private:
  std::filesystem::path path_;
};

}  // namespace mg::manifest::testing
