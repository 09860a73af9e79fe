#pragma once

// A minimal XML 1.0 well-formedness checker for the JUnit tests (no library needed): one root
// element, matching tags, quoted and unique attributes, only the five predefined entities and
// character references, no raw "<" or "&" in text or attributes, only characters XML allows,
// valid UTF-8. It builds a small tree so tests can also check the structure.

#include <map>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "rego/value/json.h"

namespace mg::report::testing {

struct XmlElement {
  std::string name;
  std::map<std::string, std::string> attributes;
  std::vector<XmlElement> children;
  std::string text;  // character data directly inside, entities decoded

  std::vector<const XmlElement*> all(std::string_view child) const {
    std::vector<const XmlElement*> out;
    for (const auto& c : children) {
      if (c.name == child) out.push_back(&c);
    }
    return out;
  }
};

class XmlChecker {
 public:
  explicit XmlChecker(std::string_view text) : s_(text) {}

  // The root element, or a description of the first problem.
  std::variant<XmlElement, std::string> parse() {
    if (rego::find_invalid_utf8(s_) != std::string_view::npos) return "invalid UTF-8";
    for (size_t i = 0; i < s_.size(); ++i) {
      auto c = static_cast<unsigned char>(s_[i]);
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return "control character";
    }
    if (s_.substr(0, 5) == "<?xml") {
      size_t end = s_.find("?>");
      if (end == std::string_view::npos) return "unterminated declaration";
      pos_ = end + 2;
    }
    skip_space();
    XmlElement root;
    if (!element(root)) return error_;
    skip_space();
    if (pos_ != s_.size()) return "content after the root element";
    return root;
  }

 private:
  bool fail(std::string message) {
    if (error_.empty()) error_ = message + " at byte " + std::to_string(pos_);
    return false;
  }

  void skip_space() {
    while (pos_ < s_.size() && std::string_view(" \t\r\n").find(s_[pos_]) != std::string_view::npos)
      ++pos_;
  }

  static bool name_char(char c, bool first) {
    bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
    return letter || (!first && ((c >= '0' && c <= '9') || c == '-' || c == '.'));
  }

  bool name(std::string& out) {
    size_t start = pos_;
    while (pos_ < s_.size() && name_char(s_[pos_], pos_ == start)) ++pos_;
    if (pos_ == start) return fail("expected a name");
    out = std::string(s_.substr(start, pos_ - start));
    return true;
  }

  // After "&": a predefined entity or a character reference.
  bool reference(std::string& out) {
    size_t end = s_.find(';', pos_);
    if (end == std::string_view::npos) return fail("unterminated reference");
    std::string_view ref = s_.substr(pos_ + 1, end - pos_ - 1);
    static const std::map<std::string_view, char> kEntities = {
        {"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''}};
    if (auto it = kEntities.find(ref); it != kEntities.end()) {
      out += it->second;
    } else if (ref.size() > 1 && ref[0] == '#') {
      bool hex = ref[1] == 'x';
      std::string digits(ref.substr(hex ? 2 : 1));
      if (digits.empty() || digits.find_first_not_of(hex ? "0123456789abcdefABCDEF"
                                                         : "0123456789") != std::string::npos)
        return fail("bad character reference");
      unsigned long code = std::stoul(digits, nullptr, hex ? 16 : 10);
      bool allowed = code == 0x9 || code == 0xA || code == 0xD ||
                     (code >= 0x20 && code <= 0xD7FF) || (code >= 0xE000 && code <= 0xFFFD) ||
                     (code >= 0x10000 && code <= 0x10FFFF);
      if (!allowed) return fail("reference to a character XML does not allow");
      if (code < 0x80) {
        out += static_cast<char>(code);
      } else {
        out += "?";  // tests only compare ASCII references
      }
    } else {
      return fail("unknown entity &" + std::string(ref) + ";");
    }
    pos_ = end + 1;
    return true;
  }

  bool attribute_value(std::string& out) {
    if (pos_ >= s_.size() || (s_[pos_] != '"' && s_[pos_] != '\''))
      return fail("unquoted attribute");
    char quote = s_[pos_++];
    while (pos_ < s_.size() && s_[pos_] != quote) {
      if (s_[pos_] == '<') return fail("'<' in an attribute");
      if (s_[pos_] == '&') {
        if (!reference(out)) return false;
        continue;
      }
      char c = s_[pos_++];
      out += (c == '\n' || c == '\t' || c == '\r') ? ' ' : c;  // attribute normalisation
    }
    if (pos_ >= s_.size()) return fail("unterminated attribute");
    ++pos_;
    return true;
  }

  bool element(XmlElement& out) {
    if (pos_ >= s_.size() || s_[pos_] != '<') return fail("expected '<'");
    ++pos_;
    if (!name(out.name)) return false;
    while (true) {
      size_t before = pos_;
      skip_space();
      if (pos_ >= s_.size()) return fail("unterminated start tag");
      if (s_.substr(pos_, 2) == "/>") {
        pos_ += 2;
        return true;
      }
      if (s_[pos_] == '>') {
        ++pos_;
        break;
      }
      if (pos_ == before) return fail("expected space before an attribute");
      std::string key, value;
      if (!name(key)) return false;
      skip_space();
      if (pos_ >= s_.size() || s_[pos_] != '=') return fail("expected '='");
      ++pos_;
      skip_space();
      if (!attribute_value(value)) return false;
      if (!out.attributes.emplace(key, value).second) return fail("duplicate attribute " + key);
    }
    while (true) {
      if (pos_ >= s_.size()) return fail("unclosed element " + out.name);
      if (s_.substr(pos_, 4) == "<!--") {
        size_t end = s_.find("-->", pos_);
        if (end == std::string_view::npos) return fail("unterminated comment");
        pos_ = end + 3;
      } else if (s_.substr(pos_, 2) == "</") {
        pos_ += 2;
        std::string closing;
        if (!name(closing)) return false;
        if (closing != out.name) return fail("</" + closing + "> closes <" + out.name + ">");
        skip_space();
        if (pos_ >= s_.size() || s_[pos_] != '>') return fail("expected '>'");
        ++pos_;
        return true;
      } else if (s_[pos_] == '<') {
        XmlElement child;
        if (!element(child)) return false;
        out.children.push_back(std::move(child));
      } else if (s_[pos_] == '&') {
        if (!reference(out.text)) return false;
      } else {
        if (s_.substr(pos_, 3) == "]]>") return fail("']]>' in text");
        out.text += s_[pos_++];
      }
    }
  }

  std::string_view s_;
  size_t pos_ = 0;
  std::string error_;
};

}  // namespace mg::report::testing
