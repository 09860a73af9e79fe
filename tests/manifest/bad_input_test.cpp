// Bad input: one clear error naming the place, never a crash, bounded memory, and the
// other files and documents still load.

#include <unistd.h>

#include "manifest_test_support.h"

using mg::manifest::load_paths;
using mg::manifest::load_text;
using mg::manifest::LoadOptions;
using mg::manifest::LoadResult;
using mg::manifest::testing::first_error;
using mg::manifest::testing::TempDir;

TEST_CASE("malformed YAML names line and column", "[bad]") {
  CHECK(first_error("a: 1\nb: \"unclosed\nc: 2\n") ==
        "2:4: unclosed quoted string: no closing \" before the end of the input");
  CHECK(first_error("a: 'unclosed\n") ==
        "1:4: unclosed quoted string: no closing ' before the end of the input");
  CHECK(first_error("a:\n\tb: 1\n") ==
        "2:1: tab character used for indentation (YAML allows only spaces)");
  // libyaml's (and go-yaml's) wording, with the node it was reading and the usual cause.
  CHECK(first_error("a:\n  b: 1\n c: 2\n") ==
        "3:2: did not find expected key (in the block mapping that starts at 1:1; wrong "
        "indentation?)");
  CHECK(first_error("a:\n  - x\n  y: 1\n") ==
        "3:3: did not find expected '-' indicator (in the block collection that starts at 2:3; "
        "wrong indentation?)");
  CHECK(
      first_error("a: b: c\n").rfind("1:5: mapping values are not allowed in this context (", 0) ==
      0);
  CHECK(first_error("a: [1, 2\nb: 3\n") ==
        "2:2: did not find expected ',' or ']' (in the flow sequence that starts at 1:4)");
  CHECK(first_error("a: {b: 1\n") ==
        "2:1: did not find expected ',' or '}' (in the flow mapping that starts at 1:4)");
  CHECK(first_error("a: @x\n") ==
        "1:4: found character that cannot start any token ('@' and '`' cannot start a plain "
        "value: quote it)");
  CHECK(first_error("a: !!str &x \"open\n") ==
        "1:13: unclosed quoted string: no closing \" before the end of the input");
  CHECK(first_error("a: 1\nb: \x01\n") == "2:4: control characters are not allowed");
  // Columns count bytes, also after multi-byte characters.
  CHECK(first_error("\"caf\xC3\xA9\": [1, 2\nb: 3\n") ==
        "2:2: did not find expected ',' or ']' (in the flow sequence that starts at 1:10)");
  CHECK(first_error("\xC3\xA9: {a: *nope}\n") == "1:9: the referenced anchor is not defined");
  // Escapes and doubled quotes do not end a quoted string.
  CHECK(first_error("a: \"x\\\"\"\nb: 'it''s'\n") == "");
}

TEST_CASE("a malformed document keeps the documents before it", "[bad]") {
  // A syntax error ends the stream: the parser cannot find where the next document starts.
  LoadResult syntax = load_text("s.yaml", "a: 1\n---\nb: [\n---\nc: 3\n");
  REQUIRE(syntax.errors.size() == 1);
  REQUIRE(syntax.documents.size() == 1);
  CHECK(mg::rego::to_json(syntax.documents[0].value) == R"({"a":1})");
  // An error inside a well-formed document drops only that document.
  LoadResult semantic = load_text("s.yaml", "a: 1\n---\nb: 1\nb: 2\n---\nc: 3\n");
  REQUIRE(semantic.errors.size() == 1);
  CHECK(semantic.errors[0].pos.line == 4);
  REQUIRE(semantic.documents.size() == 2);
  CHECK(mg::rego::to_json(semantic.documents[1].value) == R"({"c":3})");
  CHECK(semantic.documents[1].index == 1);
  CHECK(semantic.documents[1].line == 6);
  // So does an alias to an anchor the document never defines.
  LoadResult alias = load_text("s.yaml", "a: 1\n---\nb: *nope\n---\nc: 3\n");
  REQUIRE(alias.errors.size() == 1);
  CHECK(alias.errors[0].pos.line == 3);
  CHECK(alias.documents.size() == 2);
}

TEST_CASE("duplicate keys in YAML and JSON", "[bad]") {
  CHECK(first_error("metadata:\n  name: a\n  labels: {}\n  name: b\n") ==
        "4:0: duplicate key \"name\" (first on line 2)");
  CHECK(first_error("{a: 1, a: 2}\n") == "1:0: duplicate key \"a\" (first on line 1)");
  CHECK(first_error("{\"a\": 1,\n \"a\": 2}", "d.json").find("duplicate key \"a\"") !=
        std::string::npos);
  CHECK(first_error("{\"a\": 1,\n \"a\": 2}", "d.json").rfind("2:", 0) == 0);
}

TEST_CASE("malformed JSON", "[bad]") {
  CHECK(first_error("{\"a\": [1, 2}", "m.json").rfind("1:", 0) == 0);
  CHECK(first_error("{\n  \"a\": tru\n}", "m.json").rfind("2:", 0) == 0);
  CHECK(!first_error("a: 1\n", "yaml-in.json").empty());  // .json files are JSON only
  CHECK(!first_error("{} {}", "two.json").empty());
}

TEST_CASE("invalid UTF-8", "[bad]") {
  CHECK(first_error("a: ok\nb: \xFF\xFE\n") == "2:4: invalid UTF-8 (manifests must be UTF-8 text)");
  CHECK(first_error("{\"a\": \"\xC3\x28\"}", "u.json") ==
        "1:8: invalid UTF-8 (manifests must be UTF-8 text)");
  CHECK(first_error("a: \xED\xA0\x80\n").rfind("1:4: invalid UTF-8", 0) == 0);  // a surrogate
}

TEST_CASE("a billion-laughs alias bomb is refused quickly", "[bad][limits]") {
  std::string bomb =
      "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
  for (char c = 'b'; c <= 'j'; ++c) {
    std::string prev(1, static_cast<char>(c - 1));
    bomb += std::string(1, c) + ": &" + c + " [*" + prev;
    for (int i = 0; i < 8; ++i) bomb += ",*" + prev;
    bomb += "]\n";
  }
  bomb += "---\nafter: 1\n";
  LoadResult r = load_text("bomb.yaml", bomb);
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].message.find("aliases expand to more than 1000000 nodes") != std::string::npos);
  CHECK(r.errors[0].pos.line == 7);  // g: the first alias past the limit
  // The next document still loads.
  REQUIRE(r.documents.size() == 1);
  CHECK(mg::rego::to_json(r.documents[0].value) == R"({"after":1})");
  // Moderate sharing is fine, and the limit is an option.
  LoadOptions small;
  small.max_alias_nodes = 6;  // *a is 3 nodes
  CHECK(load_text("a.yaml", "a: &a [1, 2]\nb: [*a, *a]\n", small).errors.empty());
  CHECK(load_text("a.yaml", "a: &a [1, 2]\nb: [*a, *a, *a]\n", small).errors.size() == 1);
}

TEST_CASE("deep nesting is an error, not a stack overflow", "[bad][limits]") {
  const int depth = 10000;
  std::string flow = std::string(depth, '[') + std::string(depth, ']');
  CHECK(first_error(flow) == "1:257: nesting deeper than 256 levels");
  std::string flow_maps;
  for (int i = 0; i < depth; ++i) flow_maps += "{a: ";
  flow_maps += "1" + std::string(depth, '}');
  CHECK(first_error(flow_maps).find("nesting deeper than 256 levels") != std::string::npos);
  std::string block;
  for (int i = 0; i < 1000; ++i) block += std::string(static_cast<size_t>(i), ' ') + "a:\n";
  CHECK(first_error(block) == "257:257: nesting deeper than 256 levels");
  std::string json = std::string(depth, '[') + std::string(depth, ']');
  CHECK(first_error(json, "deep.json").find("nesting deeper than 256 levels") != std::string::npos);
  // Just under the limit loads.
  CHECK(first_error(std::string(256, '[') + std::string(256, ']')) == "");
  // libyaml does not recurse: only our own limit stops deep documents.
  LoadOptions deep;
  deep.max_depth = 100000;
  LoadResult r = load_text("deep.yaml", flow, deep);
  CHECK(r.errors.empty());
  CHECK(r.documents.size() == 1);
  // A document that failed for another reason is still stopped at the limit while skipped.
  std::string bad_then_deep = "a: *nope\nb: " + flow + "\n";
  LoadResult skipped = load_text("deep.yaml", bad_then_deep);
  REQUIRE(skipped.errors.size() == 2);
  CHECK(skipped.errors[0].message == "the referenced anchor is not defined");
  CHECK(skipped.errors[1].message == "nesting deeper than 256 levels");
}

TEST_CASE("missing, unreadable and oversized files do not stop the others", "[bad][files]") {
  TempDir dir;
  std::string good = dir.file("good.yaml", "kind: A\n");
  std::string bad = dir.file("bad.yaml", "a: [\n");
  std::string big = (dir.path() / "big.yaml").string();
  {
    // A real 100 MB file of plausible YAML.
    std::ofstream out(big, std::ios::binary);
    std::string block;
    for (int i = 0; i < 1000; ++i)
      block += "- key: value number " + std::to_string(i) + " padding padding\n";
    for (std::uintmax_t written = 0; written < 100ull * 1024 * 1024; written += block.size())
      out << block;
  }
  std::filesystem::create_symlink(dir.path() / "nowhere.yaml", dir.path() / "dangling.yaml");
  std::string missing = (dir.path() / "missing.yaml").string();
  LoadResult r = load_paths({missing, big, bad, good, (dir.path() / "dangling.yaml").string()});
  REQUIRE(r.documents.size() == 1);
  CHECK(r.documents[0].kind == "A");
  REQUIRE(r.errors.size() == 4);
  CHECK(r.errors[0].file == missing);
  CHECK(r.errors[0].message == "no such file or directory");
  CHECK(r.errors[1].file == big);
  CHECK(r.errors[1].message.rfind("file is larger than the 64 MiB limit", 0) == 0);
  CHECK(r.errors[2].file == bad);
  CHECK(r.errors[2].pos.line == 2);
  CHECK(r.errors[3].message == "no such file or directory");
  if (geteuid() != 0) {
    std::string locked = dir.file("locked.yaml", "a: 1\n");
    std::filesystem::permissions(locked, std::filesystem::perms::none);
    LoadResult l = load_paths({locked, good});
    CHECK(l.documents.size() == 1);
    REQUIRE(l.errors.size() == 1);
    CHECK(l.errors[0].message.rfind("cannot open", 0) == 0);
  }
  LoadOptions tiny;
  tiny.max_file_bytes = 4;
  CHECK(load_text("t.yaml", "a: 12345\n", tiny).errors.size() == 1);
}
