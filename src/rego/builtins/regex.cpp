#include <algorithm>
#include <vector>

#include "rego/builtins/decl.h"
#include "rego/builtins/families.h"
#include "rego/builtins/glob.h"
#include "rego/builtins/go_format.h"
#include "rego/builtins/operands.h"
#include "rego/builtins/regex_cache.h"

namespace mg::rego::builtins {

namespace {

using Args = std::span<const Value>;
using re2::RE2;

// A match: byte offsets of the whole match and of each group (npos when a group is unset).
struct Match {
  std::vector<re2::StringPiece> groups;
  size_t begin(std::string_view text) const {
    return static_cast<size_t>(groups[0].data() - text.data());
  }
  size_t end(std::string_view text) const { return begin(text) + groups[0].size(); }
};

// The leftmost match at or after `pos`, with the whole text as context for ^ and \b.
std::optional<Match> find_at(const RE2& re, std::string_view text, size_t pos) {
  Match m;
  m.groups.resize(static_cast<size_t>(re.NumberOfCapturingGroups()) + 1);
  if (!re.Match(text, pos, text.size(), RE2::UNANCHORED, m.groups.data(),
                static_cast<int>(m.groups.size()))) {
    return std::nullopt;
  }
  return m;
}

size_t rune_width_at(std::string_view text, size_t pos) {
  if (pos >= text.size()) return 1;
  size_t next = pos;
  decode_rune(text, next);
  return next - pos;
}

// Go's allMatches: successive non-overlapping matches, where an empty match right after a
// previous match does not count. n < 0 means all.
std::vector<Match> find_all(const RE2& re, std::string_view text, int64_t n) {
  std::vector<Match> out;
  size_t pos = 0;
  std::optional<size_t> previous_end;
  while ((n < 0 || static_cast<int64_t>(out.size()) < n) && pos <= text.size()) {
    auto m = find_at(re, text, pos);
    if (!m) break;
    bool accept = true;
    size_t begin = m->begin(text), end = m->end(text);
    if (end == pos) {
      if (previous_end && begin == *previous_end) accept = false;
      pos += rune_width_at(text, pos);
    } else {
      pos = end;
    }
    previous_end = end;
    if (accept) out.push_back(std::move(*m));
  }
  return out;
}

std::string group_text(const re2::StringPiece& group) {
  return group.data() == nullptr ? std::string() : std::string(group.data(), group.size());
}

std::optional<Value> regex_match(BuiltinContext&, Args args) {
  std::string_view pattern = string_operand(args, 1);
  std::string_view text = string_operand(args, 2);
  return Value::boolean(RE2::PartialMatch(text, *cached_regex(pattern)));
}

std::optional<Value> regex_is_valid(BuiltinContext&, Args args) {
  if (!args[0].is_string()) return Value::boolean(false);
  return Value::boolean(regex_error(args[0].as_string()).empty());
}

std::optional<Value> regex_find_n(BuiltinContext&, Args args) {
  std::string_view pattern = string_operand(args, 1);
  std::string_view text = string_operand(args, 2);
  int64_t n = integer_operand(args, 3);
  auto re = cached_regex(pattern);
  std::vector<Value> out;
  for (const auto& m : find_all(*re, text, n))
    out.push_back(Value::string(group_text(m.groups[0])));
  return Value::array(std::move(out));
}

std::optional<Value> regex_find_all_submatch(BuiltinContext&, Args args) {
  std::string_view pattern = string_operand(args, 1);
  std::string_view text = string_operand(args, 2);
  int64_t n = integer_operand(args, 3);
  auto re = cached_regex(pattern);
  std::vector<Value> out;
  for (const auto& m : find_all(*re, text, n)) {
    std::vector<Value> groups;
    for (const auto& g : m.groups) groups.push_back(Value::string(group_text(g)));
    out.push_back(Value::array(std::move(groups)));
  }
  return Value::array(std::move(out));
}

// Go's Regexp.Split(s, -1).
std::optional<Value> regex_split(BuiltinContext&, Args args) {
  std::string_view pattern = string_operand(args, 1);
  std::string_view text = string_operand(args, 2);
  auto re = cached_regex(pattern);
  std::vector<Value> parts;
  if (!pattern.empty() && text.empty()) return Value::array({Value::string("")});
  size_t begin = 0, end = 0;
  for (const auto& m : find_all(*re, text, -1)) {
    end = m.begin(text);
    if (m.end(text) != 0) parts.push_back(Value::string(text.substr(begin, end - begin)));
    begin = m.end(text);
  }
  if (end != text.size()) parts.push_back(Value::string(text.substr(begin)));
  return Value::array(std::move(parts));
}

// Go's Regexp.Expand: $1, ${1}, $name, ${name} and $$ in the replacement.
void expand(std::string& out, std::string_view replacement, const RE2& re, const Match& m) {
  const auto& names = re.NamedCapturingGroups();
  auto group = [&](std::string_view name) -> std::string {
    bool numeric = !name.empty() && std::all_of(name.begin(), name.end(),
                                                [](char c) { return c >= '0' && c <= '9'; });
    if (numeric) {
      if (name.size() > 6) return "";
      size_t index = std::stoul(std::string(name));
      return index < m.groups.size() ? group_text(m.groups[index]) : "";
    }
    auto it = names.find(std::string(name));
    return it == names.end() ? "" : group_text(m.groups[static_cast<size_t>(it->second)]);
  };
  auto is_name_char = [](char c) {
    return c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  };
  for (size_t i = 0; i < replacement.size();) {
    char c = replacement[i];
    if (c != '$' || i + 1 >= replacement.size()) {
      out += c;
      ++i;
      continue;
    }
    if (replacement[i + 1] == '$') {
      out += '$';
      i += 2;
      continue;
    }
    if (replacement[i + 1] == '{') {
      size_t close = replacement.find('}', i + 2);
      std::string_view name = close == std::string_view::npos
                                  ? std::string_view()
                                  : replacement.substr(i + 2, close - i - 2);
      if (!name.empty() && std::all_of(name.begin(), name.end(), is_name_char)) {
        out += group(name);
        i = close + 1;
        continue;
      }
      out += c;  // malformed: the '$' is copied as it is
      ++i;
      continue;
    }
    size_t j = i + 1;
    while (j < replacement.size() && is_name_char(replacement[j])) ++j;
    if (j == i + 1) {
      out += c;
      ++i;
      continue;
    }
    out += group(replacement.substr(i + 1, j - i - 1));
    i = j;
  }
}

// Go's Regexp.ReplaceAllString.
std::optional<Value> regex_replace(BuiltinContext&, Args args) {
  std::string_view text = string_operand(args, 1);
  std::string_view pattern = string_operand(args, 2);
  std::string_view replacement = string_operand(args, 3);
  auto re = cached_regex(pattern);
  std::string out;
  size_t last_end = 0, search = 0;
  while (search <= text.size()) {
    auto m = find_at(*re, text, search);
    if (!m) break;
    size_t begin = m->begin(text), end = m->end(text);
    out += text.substr(last_end, begin - last_end);
    if (end > last_end || begin == 0) expand(out, replacement, *re, *m);
    last_end = end;
    size_t width = rune_width_at(text, search);
    if (search + width > end) {
      search += width;
    } else if (search + 1 > end) {
      ++search;
    } else {
      search = end;
    }
  }
  out += text.substr(std::min(last_end, text.size()));
  return Value::string(std::move(out));
}

// regex.template_match: literal text with regular expressions between the delimiters,
// matched against the whole string.
std::optional<Value> regex_template_match(BuiltinContext&, Args args) {
  std::string_view tpl = string_operand(args, 1);
  std::string_view text = string_operand(args, 2);
  std::string_view start = string_operand(args, 3);
  std::string_view end = string_operand(args, 4);
  if (start.size() != 1) {
    fail("start delimiter has to be exactly one character long but is " +
         std::to_string(start.size()) + " long");
  }
  if (end.size() != 1) {
    // OPA reports the start delimiter's length here too.
    fail("end delimiter has to be exactly one character long but is " +
         std::to_string(start.size()) + " long");
  }
  std::string pattern = "^";
  int level = 0;
  size_t open = 0, literal_from = 0;
  for (size_t i = 0; i < tpl.size(); ++i) {
    if (tpl[i] == start[0]) {
      if (++level == 1) open = i;
    } else if (tpl[i] == end[0]) {
      if (--level == 0) {
        pattern += RE2::QuoteMeta(tpl.substr(literal_from, open - literal_from));
        std::string_view inner = tpl.substr(open + 1, i - open - 1);
        std::string error = regex_error("^" + std::string(inner) + "$");
        if (!error.empty()) fail(error);
        pattern += "(" + std::string(inner) + ")";
        literal_from = i + 1;
      } else if (level < 0) {
        fail("unbalanced braces in " + go_quote(tpl));
      }
    }
  }
  if (level != 0) fail("unbalanced braces in " + go_quote(tpl));
  pattern += RE2::QuoteMeta(tpl.substr(literal_from)) + "$";
  return Value::boolean(RE2::PartialMatch(text, *cached_regex(pattern)));
}

}  // namespace

void add_regex(std::vector<Builtin>& table) {
  using namespace decl;
  auto str = string();
  table.push_back(make_builtin("regex.match", 2, function({str, str}, boolean()), regex_match));
  table.push_back(make_builtin("re_match", 2, function({str, str}, boolean()), regex_match));
  table.push_back(make_builtin("regex.is_valid", 1, function({str}, boolean()), regex_is_valid));
  table.push_back(
      make_builtin("regex.find_n", 3, function({str, str, number()}, array_of(str)), regex_find_n));
  table.push_back(make_builtin("regex.find_all_string_submatch_n", 3,
                               function({str, str, number()}, array_of(array_of(str))),
                               regex_find_all_submatch));
  table.push_back(make_builtin("regex.split", 2, function({str, str}, array_of(str)), regex_split));
  table.push_back(make_builtin("regex.replace", 3, function({str, str, str}, str), regex_replace));
  table.push_back(make_builtin("regex.template_match", 4, function({str, str, str, str}, boolean()),
                               regex_template_match));
  add_globs(table);
}

}  // namespace mg::rego::builtins
