#include "manifest/libyaml_parser.h"

#include <algorithm>

#include "manifest/source_positions.h"

namespace mg::manifest {

namespace {

bool is_continuation(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

size_t sequence_length(char lead) {
  auto c = static_cast<unsigned char>(lead);
  if (c < 0xC0) return 1;
  if (c < 0xE0) return 2;
  if (c < 0xF0) return 3;
  return 4;
}

// The byte offset of character number `index` (libyaml's marks count characters).
size_t byte_offset(std::string_view text, size_t index) {
  size_t at = 0;
  for (size_t c = 0; c < index && at < text.size(); ++c) at += sequence_length(text[at]);
  return at;
}

char char_at(std::string_view text, size_t index) {
  size_t at = byte_offset(text, index);
  return at < text.size() ? text[at] : '\0';
}

bool leading_whitespace_has_tab(std::string_view text, int line) {
  size_t p = 0;
  for (int l = 1; l < line && p != std::string_view::npos; ++l) {
    p = text.find('\n', p);
    if (p != std::string_view::npos) ++p;
  }
  if (p == std::string_view::npos) return false;
  for (; p < text.size() && (text[p] == ' ' || text[p] == '\t'); ++p) {
    if (text[p] == '\t') return true;
  }
  return false;
}

std::string position_text(Position pos) {
  return std::to_string(pos.line) + ":" + std::to_string(pos.column);
}

// libyaml's context ("while parsing a flow sequence") as "the flow sequence"; empty when
// it names no node ("while scanning for the next token").
std::string context_node(std::string_view context) {
  for (std::string_view prefix : {"while parsing ", "while scanning "}) {
    if (context.substr(0, prefix.size()) == prefix) {
      context.remove_prefix(prefix.size());
      if (context.substr(0, 4) == "for ") return "";
      if (context.substr(0, 2) == "a ") context.remove_prefix(2);
      if (context.substr(0, 3) == "an ") context.remove_prefix(3);
      return "the " + std::string(context);
    }
  }
  return "";
}

// What usually causes libyaml's terse problems in hand-written manifests.
std::string_view hint_for(std::string_view problem, char at) {
  if (problem == "mapping values are not allowed in this context")
    return "wrong indentation, or a ': ' inside an unquoted value?";
  if (problem == "did not find expected key" || problem == "did not find expected '-' indicator")
    return "wrong indentation?";
  if (problem == "found character that cannot start any token" && (at == '@' || at == '`'))
    return "'@' and '`' cannot start a plain value: quote it";
  return "";
}

}  // namespace

std::string_view resolution_tag(const yaml_event_t& scalar_event) {
  const auto& data = scalar_event.data.scalar;
  if (data.tag != nullptr) return reinterpret_cast<const char*>(data.tag);
  return data.style == YAML_PLAIN_SCALAR_STYLE ? "?" : "!";
}

std::string scalar_text(const yaml_event_t& scalar_event) {
  const auto& data = scalar_event.data.scalar;
  return std::string(reinterpret_cast<const char*>(data.value), data.length);
}

Position MarkPositions::operator()(const yaml_mark_t& mark) {
  if (mark.index < chars_) {
    byte_ = 0;
    chars_ = 0;
  }
  while (chars_ < mark.index && byte_ < text_.size()) {
    byte_ += sequence_length(text_[byte_]);
    ++chars_;
  }
  // The column, in characters, ends here: walk back over it to count its bytes.
  size_t start = std::min(byte_, text_.size());
  for (size_t c = 0; c < mark.column && start > 0; ++c) {
    do {
      --start;
    } while (start > 0 && is_continuation(text_[start]));
  }
  return Position{static_cast<int>(mark.line) + 1, static_cast<int>(byte_ - start) + 1};
}

LibyamlParser::LibyamlParser(std::string_view text) : text_(text) {
  yaml_parser_initialize(&parser_);
  yaml_parser_set_input_string(&parser_, reinterpret_cast<const unsigned char*>(text.data()),
                               text.size());
  yaml_parser_set_encoding(&parser_, YAML_UTF8_ENCODING);
}

LibyamlParser::~LibyamlParser() {
  if (has_event_) yaml_event_delete(&event_);
  yaml_parser_delete(&parser_);
}

const yaml_event_t* LibyamlParser::next() {
  if (has_event_) yaml_event_delete(&event_);
  has_event_ = yaml_parser_parse(&parser_, &event_) != 0;
  return has_event_ ? &event_ : nullptr;
}

ParseError LibyamlParser::error() const {
  const yaml_parser_t& p = parser_;
  std::string_view problem = p.problem != nullptr ? p.problem : "";
  std::string_view context = p.context != nullptr ? p.context : "";
  if (p.error == YAML_MEMORY_ERROR) return {{}, "out of memory while parsing YAML"};
  if (p.error == YAML_READER_ERROR) {
    Position pos = position_of_offset(text_, p.problem_offset);
    // The loader checks UTF-8 first; this is for text read again by locate().
    if (problem.find("UTF-8") != std::string_view::npos || problem == "invalid Unicode character")
      return {pos, "invalid UTF-8 (manifests must be UTF-8 text)"};
    return {pos, std::string(problem)};
  }
  if (problem.empty()) problem = "unknown problem parsing YAML content";
  MarkPositions positions(text_);
  if (context == "while scanning a quoted scalar" && problem == "found unexpected end of stream") {
    Position pos = positions(p.context_mark);
    const char quote = char_at(text_, p.context_mark.index);
    std::string message = "unclosed quoted string: no closing ";
    message += quote == '\'' ? '\'' : '"';
    return {pos, message + " before the end of the input"};
  }
  Position pos = positions(p.problem_mark);
  if (leading_whitespace_has_tab(text_, pos.line))
    return {pos, "tab character used for indentation (YAML allows only spaces)"};
  std::string message(problem);
  std::string details;
  if (std::string node = context_node(context); !node.empty()) {
    details = "in " + node + " that starts at " + position_text(positions(p.context_mark));
  }
  std::string_view hint = hint_for(problem, char_at(text_, p.problem_mark.index));
  if (!hint.empty()) details += (details.empty() ? "" : "; ") + std::string(hint);
  if (!details.empty()) message += " (" + details + ")";
  return {pos, std::move(message)};
}

}  // namespace mg::manifest
