#include "rego/builtins/regex_cache.h"

#include <mutex>
#include <shared_mutex>
#include <unordered_map>

#include "rego/builtins/operands.h"

namespace mg::rego::builtins {

namespace {

constexpr size_t kMaxCached = 1000;

std::string_view go_error_code(re2::RE2::ErrorCode code) {
  switch (code) {
    case re2::RE2::ErrorBadEscape:
      return "invalid escape sequence";
    case re2::RE2::ErrorBadCharClass:
      return "invalid character class";
    case re2::RE2::ErrorBadCharRange:
      return "invalid character class range";
    case re2::RE2::ErrorMissingBracket:
      return "missing closing ]";
    case re2::RE2::ErrorMissingParen:
      return "missing closing )";
    case re2::RE2::ErrorUnexpectedParen:
      return "unexpected )";
    case re2::RE2::ErrorTrailingBackslash:
      return "trailing backslash at end of expression";
    case re2::RE2::ErrorRepeatArgument:
      return "missing argument to repetition operator";
    case re2::RE2::ErrorRepeatSize:
      return "invalid repeat count";
    case re2::RE2::ErrorRepeatOp:
      return "invalid nested repetition operator";
    case re2::RE2::ErrorBadPerlOp:
      return "invalid or unsupported Perl syntax";
    case re2::RE2::ErrorBadUTF8:
      return "invalid UTF-8";
    case re2::RE2::ErrorBadNamedCapture:
      return "invalid named capture";
    case re2::RE2::ErrorPatternTooLarge:
      return "expression too large";
    default:
      return "regexp/syntax: internal error";
  }
}

re2::RE2::Options go_options() {
  re2::RE2::Options options;
  options.set_log_errors(false);
  return options;
}

std::string error_text(const re2::RE2& re) {
  return "error parsing regexp: " + std::string(go_error_code(re.error_code())) + ": `" +
         re.error_arg() + "`";
}

struct Cache {
  std::shared_mutex mutex;
  std::unordered_map<std::string, std::shared_ptr<const re2::RE2>> compiled;
};

Cache& cache() {
  static Cache instance;
  return instance;
}

}  // namespace

std::shared_ptr<const re2::RE2> cached_regex(std::string_view key,
                                             const std::function<std::string()>& make_pattern) {
  Cache& c = cache();
  std::string k(key);
  {
    std::shared_lock lock(c.mutex);
    auto it = c.compiled.find(k);
    if (it != c.compiled.end()) return it->second;
  }
  auto re = std::make_shared<const re2::RE2>(make_pattern(), go_options());
  if (!re->ok()) fail(error_text(*re));
  std::unique_lock lock(c.mutex);
  // Beyond the bound, start over: policies use a handful of patterns, so a full cache
  // means patterns built from input data, which would not repeat anyway.
  if (c.compiled.size() >= kMaxCached) c.compiled.clear();
  c.compiled.emplace(std::move(k), re);
  return re;
}

std::shared_ptr<const re2::RE2> cached_regex(std::string_view pattern) {
  return cached_regex(pattern, [&] { return std::string(pattern); });
}

std::string regex_error(std::string_view pattern) {
  re2::RE2 re(pattern, go_options());
  return re.ok() ? "" : error_text(re);
}

}  // namespace mg::rego::builtins
