#include <algorithm>
#include <cctype>

#include "rego/builtins/decl.h"
#include "rego/builtins/families.h"
#include "rego/builtins/go_format.h"
#include "rego/builtins/operands.h"

namespace mg::rego::builtins {

namespace {

using Args = std::span<const Value>;

// MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD], as OPA's semver package reads it.
struct Version {
  std::string core[3];  // digits, leading zeros dropped
  std::vector<std::string> prerelease;
};

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Dot-separated identifiers of [0-9A-Za-z-]+.
bool split_identifiers(std::string_view s, std::vector<std::string>& out) {
  size_t start = 0;
  while (true) {
    size_t dot = s.find('.', start);
    std::string_view id =
        s.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (id.empty()) return false;
    for (char c : id) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') return false;
    }
    out.emplace_back(id);
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

std::optional<Version> parse_version(std::string_view s) {
  Version v;
  size_t plus = s.find('+');
  if (plus != std::string_view::npos) {
    std::vector<std::string> build;
    if (!split_identifiers(s.substr(plus + 1), build)) return std::nullopt;
    s = s.substr(0, plus);
  }
  size_t dash = s.find('-');
  if (dash != std::string_view::npos) {
    if (!split_identifiers(s.substr(dash + 1), v.prerelease)) return std::nullopt;
    s = s.substr(0, dash);
  }
  for (int i = 0; i < 3; ++i) {
    size_t dot = i < 2 ? s.find('.') : s.size();
    if (dot == std::string_view::npos) return std::nullopt;
    std::string_view part = s.substr(0, dot);
    if (!all_digits(part) || part.size() > 18) return std::nullopt;
    size_t nonzero = part.find_first_not_of('0');
    v.core[i] = nonzero == std::string_view::npos ? "0" : std::string(part.substr(nonzero));
    s = i < 2 ? s.substr(dot + 1) : std::string_view();
  }
  return v;
}

int compare_numeric(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  int c = a.compare(b);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

int compare_versions(const Version& a, const Version& b) {
  for (int i = 0; i < 3; ++i) {
    if (int c = compare_numeric(a.core[i], b.core[i])) return c;
  }
  // A version without a prerelease ranks above any prerelease of it.
  if (a.prerelease.empty() || b.prerelease.empty()) {
    if (a.prerelease.empty() && b.prerelease.empty()) return 0;
    return a.prerelease.empty() ? 1 : -1;
  }
  for (size_t i = 0; i < std::min(a.prerelease.size(), b.prerelease.size()); ++i) {
    const std::string& x = a.prerelease[i];
    const std::string& y = b.prerelease[i];
    bool xn = all_digits(x), yn = all_digits(y);
    int c = 0;
    if (xn && yn) {
      c = compare_numeric(x.substr(std::min(x.find_first_not_of('0'), x.size() - 1)),
                          y.substr(std::min(y.find_first_not_of('0'), y.size() - 1)));
    } else if (xn != yn) {
      c = xn ? -1 : 1;  // numeric identifiers rank below alphanumeric ones
    } else {
      c = x < y ? -1 : (x > y ? 1 : 0);
    }
    if (c != 0) return c;
  }
  if (a.prerelease.size() == b.prerelease.size()) return 0;
  return a.prerelease.size() < b.prerelease.size() ? -1 : 1;
}

std::optional<Value> semver_is_valid(BuiltinContext&, Args args) {
  if (!args[0].is_string()) return Value::boolean(false);
  return Value::boolean(parse_version(args[0].as_string()).has_value());
}

std::optional<Value> semver_compare(BuiltinContext&, Args args) {
  std::string_view a_text = string_operand(args, 1);
  std::string_view b_text = string_operand(args, 2);
  auto a = parse_version(a_text);
  if (!a) fail("operand 1: string " + go_quote(a_text) + " is not a valid SemVer");
  auto b = parse_version(b_text);
  if (!b) fail("operand 2: string " + go_quote(b_text) + " is not a valid SemVer");
  return Value::integer(compare_versions(*a, *b));
}

}  // namespace

void add_semver(std::vector<Builtin>& table) {
  using namespace decl;
  table.push_back(
      make_builtin("semver.is_valid", 1, function({any()}, boolean()), semver_is_valid));
  table.push_back(
      make_builtin("semver.compare", 2, function({string(), string()}, number()), semver_compare));
}

}  // namespace mg::rego::builtins
