// Finding files: directories recursively (.yaml, .yml, .json), sorted, --ignore.

#include "manifest_test_support.h"

using mg::manifest::load_paths;
using mg::manifest::LoadOptions;
using mg::manifest::LoadResult;
using mg::manifest::testing::TempDir;

namespace {

std::vector<std::string> relative_files(const LoadResult& r, const TempDir& dir) {
  std::vector<std::string> out;
  for (const auto& f : r.files)
    out.push_back(std::filesystem::path(f).lexically_relative(dir.path()).string());
  return out;
}

}  // namespace

TEST_CASE("directories are searched recursively in sorted order", "[files]") {
  TempDir dir;
  // Created out of order on purpose.
  dir.file("z.yaml", "kind: Z\n");
  dir.file("sub/b.yml", "kind: B\n---\nkind: B2\n");
  dir.file("a.json", "{\"kind\": \"A\"}");
  dir.file("sub/deeper/c.YAML", "kind: C\n");
  dir.file("notes.txt", "kind: ignored\n");
  dir.file("README.md", "# no\n");
  dir.file("empty.yaml", "");
  LoadResult r = load_paths({dir.path().string()});
  CHECK(r.errors.empty());
  CHECK(relative_files(r, dir) == std::vector<std::string>{"a.json", "empty.yaml", "sub/b.yml",
                                                           "sub/deeper/c.YAML", "z.yaml"});
  std::vector<std::string> kinds;
  for (const auto& d : r.documents) kinds.push_back(d.kind);
  CHECK(kinds == std::vector<std::string>{"A", "B", "B2", "C", "Z"});
  CHECK(r.documents[2].index == 1);
  CHECK(r.documents[2].file == (dir.path() / "sub/b.yml").string());
}

TEST_CASE("a file named explicitly loads whatever its extension", "[files]") {
  TempDir dir;
  std::string txt = dir.file("notes.txt", "kind: T\n");
  LoadResult r = load_paths({txt});
  REQUIRE(r.documents.size() == 1);
  CHECK(r.documents[0].kind == "T");
}

TEST_CASE("a directory without manifests is fine", "[files]") {
  TempDir dir;
  dir.file("x/readme.txt", "hello\n");
  LoadResult r = load_paths({dir.path().string()});
  CHECK(r.errors.empty());
  CHECK(r.documents.empty());
  CHECK(r.files.empty());
}

TEST_CASE("the ignore pattern skips matching files and directories", "[files]") {
  TempDir dir;
  dir.file("keep.yaml", "kind: Keep\n");
  dir.file("vendor/skip.yaml", "kind: Skip\n");
  dir.file("kustomization.yaml", "kind: Kustomization\n");
  LoadOptions options;
  options.ignore = "/vendor/|kustomization";
  LoadResult r = load_paths({dir.path().string()}, options);
  CHECK(r.errors.empty());
  REQUIRE(r.documents.size() == 1);
  CHECK(r.documents[0].kind == "Keep");
  options.ignore = "(unclosed";
  LoadResult bad = load_paths({dir.path().string()}, options);
  REQUIRE(bad.errors.size() == 1);
  CHECK(bad.errors[0].message.rfind("invalid --ignore pattern", 0) == 0);
}

TEST_CASE("paths are loaded in the order given", "[files]") {
  TempDir dir;
  std::string b = dir.file("b.yaml", "kind: B\n");
  std::string a = dir.file("a.yaml", "kind: A\n");
  LoadResult r = load_paths({b, a});
  REQUIRE(r.documents.size() == 2);
  CHECK(r.documents[0].kind == "B");
  CHECK(r.documents[1].kind == "A");
}

TEST_CASE("a larger file loads completely", "[files]") {
  TempDir dir;
  std::string text;
  for (int i = 0; i < 5000; ++i) {
    text += "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-" + std::to_string(i) +
            "\ndata:\n  key: \"value " + std::to_string(i) + "\"\n";
  }
  std::string file = dir.file("many.yaml", text);
  LoadResult r = load_paths({file});
  CHECK(r.errors.empty());
  REQUIRE(r.documents.size() == 5000);
  CHECK(r.documents[4999].name == "cm-4999");
  CHECK(r.documents[4999].line == 4999 * 7 + 2);
}

TEST_CASE("parallel loading gives the same result as one thread", "[files][parallel]") {
  TempDir dir;
  std::vector<std::string> paths;
  for (int i = 0; i < 60; ++i) {
    std::string name = "d" + std::to_string(i % 7) + "/m" + std::to_string(i) + ".yaml";
    std::string text = "kind: K" + std::to_string(i) + "\n---\nkind: L" + std::to_string(i) + "\n";
    if (i % 11 == 3) text += "---\na: [\n";  // a syntax error after two documents
    if (i % 13 == 5) text = "kind: List\nitems:\n- kind: A\n- kind: B\n";
    dir.file(name, text);
  }
  paths.push_back(dir.path().string());
  paths.push_back((dir.path() / "missing.yaml").string());
  TempDir other;
  paths.push_back(other.file("last.json", "{\"kind\": \"J\"}"));
  auto summary = [](const LoadResult& r) {
    std::string s;
    for (const auto& f : r.files) s += "file " + f + "\n";
    for (const auto& d : r.documents)
      s += d.file + "#" + std::to_string(d.index) + "@" + std::to_string(d.line) + " " +
           mg::rego::to_json(d.value) + "\n";
    for (const auto& e : r.errors)
      s += "error " + e.file + ":" + std::to_string(e.pos.line) + " " + e.message + "\n";
    return s;
  };
  LoadOptions one;
  one.jobs = 1;
  LoadResult serial = load_paths(paths, one);
  CHECK(serial.files.size() == 61);
  CHECK(serial.errors.size() == 7);  // six broken files and the missing one
  for (int jobs : {2, 4, 16, 0}) {
    LoadOptions many;
    many.jobs = jobs;
    INFO("jobs " << jobs);
    CHECK(summary(load_paths(paths, many)) == summary(serial));
  }
  CHECK(serial.errors.back().file == paths[1]);
  CHECK(serial.documents.back().kind == "J");
}
