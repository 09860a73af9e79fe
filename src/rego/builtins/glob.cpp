#include "rego/builtins/glob.h"

#include <algorithm>
#include <set>

#include "rego/builtins/decl.h"
#include "rego/builtins/operands.h"
#include "rego/builtins/regex_cache.h"

namespace mg::rego::builtins {

namespace {

using Args = std::span<const Value>;

// --- glob.match: a glob becomes an anchored regular expression -------------------------

std::string rune_regex(char32_t r) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "\\x{%x}", static_cast<unsigned>(r));
  return buf;
}

class GlobTranslator {
 public:
  GlobTranslator(std::string_view glob, const std::u32string& separators)
      : glob_(glob), separators_(separators) {}

  std::string translate() {
    std::string out = "(?s)^";
    out += sequence(false);
    if (pos_ < glob_.size())
      fail("glob: unexpected '" + std::string(1, glob_[pos_]) + "' in pattern");
    return out + "$";
  }

 private:
  // Not a separator: one rune (or any rune when there are no separators).
  std::string non_separator() const {
    if (separators_.empty()) return ".";
    std::string out = "[^";
    for (char32_t s : separators_) out += rune_regex(s);
    return out + "]";
  }

  // Translates until the end, or (inside braces) until ',' or '}'.
  std::string sequence(bool in_braces) {
    std::string out;
    while (pos_ < glob_.size()) {
      char c = glob_[pos_];
      if (in_braces && (c == ',' || c == '}')) return out;
      if (c == '*') {
        size_t stars = 0;
        while (pos_ < glob_.size() && glob_[pos_] == '*') ++pos_, ++stars;
        out += stars > 1 ? ".*" : non_separator() + "*";
      } else if (c == '?') {
        ++pos_;
        out += non_separator();
      } else if (c == '[') {
        out += char_class();
      } else if (c == '{') {
        out += alternatives();
      } else if (c == '\\') {
        ++pos_;
        if (pos_ >= glob_.size()) fail("glob: unexpected end of input after escape");
        out += literal_rune();
      } else {
        out += literal_rune();
      }
    }
    if (in_braces) fail("glob: unexpected end of input: unclosed '{'");
    return out;
  }

  std::string literal_rune() {
    char32_t r = decode_rune(glob_, pos_);
    return rune_regex(r);
  }

  std::string char_class() {
    ++pos_;  // '['
    std::string out = "[";
    if (pos_ < glob_.size() && glob_[pos_] == '!') {
      out += "^";
      ++pos_;
    }
    bool any = false;
    while (pos_ < glob_.size() && glob_[pos_] != ']') {
      if (glob_[pos_] == '\\' && pos_ + 1 < glob_.size()) ++pos_;
      char32_t lo = decode_rune(glob_, pos_);
      out += rune_regex(lo);
      if (pos_ + 1 < glob_.size() && glob_[pos_] == '-' && glob_[pos_ + 1] != ']') {
        ++pos_;
        char32_t hi = decode_rune(glob_, pos_);
        if (hi < lo) fail("glob: invalid range in character class");
        out += "-" + rune_regex(hi);
      }
      any = true;
    }
    if (pos_ >= glob_.size()) fail("glob: unexpected end of input: unclosed '['");
    if (!any) fail("glob: empty character class");
    ++pos_;  // ']'
    return out + "]";
  }

  std::string alternatives() {
    ++pos_;  // '{'
    std::string out = "(?:";
    while (true) {
      out += sequence(true);
      char c = glob_[pos_++];
      if (c == '}') break;
      out += "|";
    }
    return out + ")";
  }

  std::string_view glob_;
  std::u32string separators_;
  size_t pos_ = 0;
};

std::optional<Value> glob_match(BuiltinContext&, Args args) {
  std::string_view pattern = string_operand(args, 1);
  const Value& delimiters = args[1];
  std::u32string separators;
  if (delimiters.is_array()) {
    for (const auto& d : delimiters.as_array()) {
      if (!d.is_string()) throw_operand_element(2, delimiters, d, "string");
      std::u32string runes = to_runes(d.as_string());
      if (runes.size() != 1) throw_operand_element(2, delimiters, d, "rune");
      separators += runes[0];
    }
    if (separators.empty()) separators = U".";
  } else if (!delimiters.is_null()) {
    throw_operand_types(2, {"array", "null"}, delimiters);
  }
  std::string_view text = string_operand(args, 3);
  // Keyed apart from plain regular expressions by a leading control character.
  std::string key = "\x01glob:" + from_runes(separators) + "\x01" + std::string(pattern);
  auto re = cached_regex(key, [&] { return GlobTranslator(pattern, separators).translate(); });
  return Value::boolean(re2::RE2::FullMatch(text, *re));
}

// gobwas/glob's QuoteMeta: a backslash before each of * ? \ [ ] { }.
std::optional<Value> glob_quote_meta(BuiltinContext&, Args args) {
  std::string_view pattern = string_operand(args, 1);
  std::string out;
  for (char c : pattern) {
    if (std::string_view("*?\\[]{}").find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return Value::string(std::move(out));
}

// --- regex.globs_match: do two globs share a string? ------------------------------------
// The globs are those of glob-intersection: '.' any character, [...] a class, '\' escapes,
// and '*' / '+' repeat the preceding token.

using Ranges = std::vector<std::pair<char32_t, char32_t>>;

struct Token {
  Ranges chars;       // sorted, disjoint
  bool star = false;  // zero or more (a '+' becomes the token followed by its starred copy)
};

Ranges normalize(Ranges r) {
  std::sort(r.begin(), r.end());
  Ranges out;
  for (const auto& [lo, hi] : r) {
    if (!out.empty() && lo <= out.back().second + 1) {
      out.back().second = std::max(out.back().second, hi);
    } else {
      out.emplace_back(lo, hi);
    }
  }
  return out;
}

Ranges complement(const Ranges& r) {
  Ranges out;
  char32_t next = 0;
  for (const auto& [lo, hi] : r) {
    if (lo > next) out.emplace_back(next, lo - 1);
    next = hi + 1;
  }
  if (next <= 0x10FFFF) out.emplace_back(next, 0x10FFFF);
  return out;
}

bool overlap(const Ranges& a, const Ranges& b) {
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i].second < b[j].first) {
      ++i;
    } else if (b[j].second < a[i].first) {
      ++j;
    } else {
      return true;
    }
  }
  return false;
}

std::vector<Token> parse_simple_glob(std::string_view glob) {
  std::vector<Token> tokens;
  for (size_t i = 0; i < glob.size();) {
    char c = glob[i];
    if (c == '*' || c == '+') {
      if (tokens.empty() || tokens.back().star)
        fail("glob: '" + std::string(1, c) + "' must follow a character");
      if (c == '*') {
        tokens.back().star = true;
      } else {
        Token copy = tokens.back();
        copy.star = true;
        tokens.push_back(copy);
      }
      ++i;
      continue;
    }
    if (c == ']') fail("glob: set-close ']' with no preceding '['");
    Token t;
    if (c == '.') {
      t.chars = {{0, 0x10FFFF}};
      ++i;
    } else if (c == '[') {
      ++i;
      bool negate = i < glob.size() && glob[i] == '^';
      if (negate) ++i;
      Ranges r;
      while (i < glob.size() && glob[i] != ']') {
        if (glob[i] == '\\' && i + 1 < glob.size()) ++i;
        char32_t lo = decode_rune(glob, i);
        char32_t hi = lo;
        if (i + 1 < glob.size() && glob[i] == '-' && glob[i + 1] != ']') {
          ++i;
          if (glob[i] == '\\' && i + 1 < glob.size()) ++i;
          hi = decode_rune(glob, i);
        }
        if (hi < lo) fail("glob: invalid character range");
        r.emplace_back(lo, hi);
      }
      if (i >= glob.size()) fail("glob: unclosed '['");
      ++i;
      t.chars = normalize(r);
      if (negate) t.chars = complement(t.chars);
    } else {
      if (c == '\\') {
        ++i;
        if (i >= glob.size()) fail("glob: trailing backslash");
      }
      char32_t r = decode_rune(glob, i);
      t.chars = {{r, r}};
    }
    tokens.push_back(std::move(t));
  }
  return tokens;
}

// Search of the product automaton: states are positions in both token lists.
bool globs_intersect(const std::vector<Token>& a, const std::vector<Token>& b) {
  std::set<std::pair<size_t, size_t>> seen;
  std::vector<std::pair<size_t, size_t>> todo{{0, 0}};
  while (!todo.empty()) {
    auto [i, j] = todo.back();
    todo.pop_back();
    if (!seen.insert({i, j}).second) continue;
    if (i == a.size() && j == b.size()) return true;
    if (i < a.size() && a[i].star) todo.emplace_back(i + 1, j);
    if (j < b.size() && b[j].star) todo.emplace_back(i, j + 1);
    if (i < a.size() && j < b.size() && overlap(a[i].chars, b[j].chars)) {
      todo.emplace_back(a[i].star ? i : i + 1, b[j].star ? j : j + 1);
    }
  }
  return false;
}

std::optional<Value> globs_match(BuiltinContext&, Args args) {
  auto a = parse_simple_glob(string_operand(args, 1));
  auto b = parse_simple_glob(string_operand(args, 2));
  return Value::boolean(globs_intersect(a, b));
}

}  // namespace

void add_globs(std::vector<Builtin>& table) {
  using namespace decl;
  table.push_back(make_builtin(
      "glob.match", 3,
      function({string(), any_of({array_of(string()), null()}), string()}, boolean()), glob_match));
  table.push_back(
      make_builtin("glob.quote_meta", 1, function({string()}, string()), glob_quote_meta));
  table.push_back(
      make_builtin("regex.globs_match", 2, function({string(), string()}, boolean()), globs_match));
}

}  // namespace mg::rego::builtins
