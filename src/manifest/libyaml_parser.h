#pragma once

// libyaml's event parser (the C library go-yaml v2, and so Kubernetes, is a port of) behind
// a small RAII class, plus what both the loader and locate() need from it: positions with
// byte columns and error messages that say what went wrong.

#include <yaml.h>

#include <string>
#include <string_view>

#include "manifest/document.h"

namespace mg::manifest {

// libyaml counts columns and offsets in characters; positions here count bytes, as the
// rest of the loader does. Converting is a walk over the text, so it is meant for the few
// marks that need a column (errors, located nodes), in any order but fastest ascending.
class MarkPositions {
 public:
  explicit MarkPositions(std::string_view text) : text_(text) {}
  Position operator()(const yaml_mark_t& mark);

 private:
  std::string_view text_;
  size_t byte_ = 0;  // offset of character number `chars_`
  size_t chars_ = 0;
};

// A scalar event's tag as resolve_scalar() takes it: "?" for a plain scalar without a tag,
// "!" for any other one without a tag (quoted, literal, folded), else the tag itself.
std::string_view resolution_tag(const yaml_event_t& scalar_event);

// A scalar event's text.
std::string scalar_text(const yaml_event_t& scalar_event);

struct ParseError {
  Position pos;
  std::string message;
};

class LibyamlParser {
 public:
  // `text` (without a byte-order mark) must outlive the parser; it is read in place.
  explicit LibyamlParser(std::string_view text);
  ~LibyamlParser();
  LibyamlParser(const LibyamlParser&) = delete;
  LibyamlParser& operator=(const LibyamlParser&) = delete;

  // The next event, valid until the next call; nullptr on a syntax error (see error()).
  const yaml_event_t* next();

  // The syntax error that stopped next(), in the wording of go-yaml with a hint at the
  // usual cause (tabs, indentation, unclosed quotes and brackets).
  ParseError error() const;

 private:
  std::string_view text_;
  yaml_parser_t parser_;
  yaml_event_t event_;
  bool has_event_ = false;
};

}  // namespace mg::manifest
