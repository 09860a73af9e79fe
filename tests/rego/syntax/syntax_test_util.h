#pragma once

// Helpers shared by the syntax tests: parse and print, or parse and collect errors.

#include <catch2/catch.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "rego/syntax/parser.h"

namespace mg::rego::ast::testing {

inline std::string errors_text(const std::vector<ParseError>& errors) {
  std::string out;
  for (const auto& e : errors) {
    out += e.loc.file_name() + ":" + std::to_string(e.loc.row) + ":" + std::to_string(e.loc.col) +
           ": " + e.message + "\n";
  }
  return out;
}

// The printed module; fails the test if it does not parse.
inline std::string module_text(std::string_view source, VersionMode mode = VersionMode::V1) {
  ModuleParse parsed = parse_module("test.rego", source, ParseOptions{mode});
  INFO(errors_text(parsed.errors));
  REQUIRE(parsed.module);
  return to_string(*parsed.module);
}

// The printed rules only, one per line, for a module body given without its package line.
inline std::string rules_text(std::string_view rules, VersionMode mode = VersionMode::V1) {
  std::string source = "package test\n" + std::string(rules);
  std::string text = module_text(source, mode);
  return text.substr(text.find('\n') + 1);
}

// The printed query; fails the test if it does not parse.
inline std::string query_text(std::string_view query, VersionMode mode = VersionMode::V1) {
  QueryParse parsed = parse_query(query, ParseOptions{mode});
  INFO(errors_text(parsed.errors));
  REQUIRE(parsed.errors.empty());
  return to_string(parsed.body);
}

// Every error, as "test.rego:row:col: message" lines.
inline std::string module_errors(std::string_view source, VersionMode mode = VersionMode::V1) {
  ModuleParse parsed = parse_module("test.rego", source, ParseOptions{mode});
  if (parsed.module) return {};
  return errors_text(parsed.errors);
}

inline std::string query_errors(std::string_view query, VersionMode mode = VersionMode::V1) {
  return errors_text(parse_query(query, ParseOptions{mode}).errors);
}

}  // namespace mg::rego::ast::testing
