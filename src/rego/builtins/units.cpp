#include <algorithm>
#include <cctype>

#include "rego/builtins/decl.h"
#include "rego/builtins/families.h"
#include "rego/builtins/operands.h"

namespace mg::rego::builtins {

namespace {

using Args = std::span<const Value>;

constexpr size_t kMaxDigits = 10'000;  // an exponent beyond this is not a resource quantity

// A decimal number held exactly: (-1)^negative * digits * 10^exponent.
struct Decimal {
  bool negative = false;
  std::string digits;  // no leading zeros except "0"
  int64_t exponent = 0;
};

// Reads [sign] (digits [. digits] | . digits) [(e|E) [sign] digits], as big.Rat reads it.
std::optional<Decimal> parse_decimal(std::string_view s) {
  Decimal d;
  size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) d.negative = s[i++] == '-';
  std::string digits;
  size_t whole = 0, fraction = 0;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) digits += s[i++], ++whole;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])))
      digits += s[i++], ++fraction;
  }
  if (whole + fraction == 0) return std::nullopt;
  int64_t exponent = 0;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    bool negative_exponent = false;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) negative_exponent = s[i++] == '-';
    size_t start = i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) {
      if (i - start >= 7) return std::nullopt;
      exponent = exponent * 10 + (s[i++] - '0');
    }
    if (i == start) return std::nullopt;
    if (negative_exponent) exponent = -exponent;
  }
  if (i != s.size()) return std::nullopt;
  size_t nonzero = digits.find_first_not_of('0');
  d.digits = nonzero == std::string::npos ? "0" : digits.substr(nonzero);
  d.exponent = exponent - static_cast<int64_t>(fraction);
  return d;
}

void multiply(Decimal& d, uint64_t factor) {
  if (d.digits == "0") return;
  std::string out;
  unsigned __int128 carry = 0;
  for (auto it = d.digits.rbegin(); it != d.digits.rend(); ++it) {
    unsigned __int128 v = static_cast<unsigned __int128>(*it - '0') * factor + carry;
    out += static_cast<char>('0' + static_cast<int>(v % 10));
    carry = v / 10;
  }
  while (carry > 0) {
    out += static_cast<char>('0' + static_cast<int>(carry % 10));
    carry /= 10;
  }
  std::reverse(out.begin(), out.end());
  d.digits = out;
}

// Integers exactly (as big as they come); other values rounded to `places` decimals,
// halves away from zero, as big.Rat.FloatString does. `truncate` drops the fraction instead.
Value to_number(Decimal d, int places, bool truncate) {
  if (d.exponent >= 0) {
    if (d.digits.size() + static_cast<size_t>(d.exponent) > kMaxDigits) fail("exponent too large");
    if (d.digits != "0") d.digits.append(static_cast<size_t>(d.exponent), '0');
    d.exponent = 0;
  }
  size_t scale = static_cast<size_t>(-d.exponent);
  if (scale > kMaxDigits) fail("exponent too large");
  std::string digits = d.digits;
  if (digits.size() <= scale) digits.insert(0, scale - digits.size() + 1, '0');
  std::string whole = digits.substr(0, digits.size() - scale);
  std::string fraction = digits.substr(digits.size() - scale);
  bool integral = fraction.find_first_not_of('0') == std::string::npos;
  std::string sign =
      d.negative && (!integral || whole.find_first_not_of('0') != std::string::npos) ? "-" : "";
  if (integral || truncate) {
    if (truncate && whole.find_first_not_of('0') == std::string::npos) sign.clear();
    return *Value::number(sign + whole);
  }
  // Round the fraction to `places` digits.
  fraction.resize(std::max(fraction.size(), static_cast<size_t>(places) + 1), '0');
  bool round_up = fraction[static_cast<size_t>(places)] >= '5';
  std::string kept = whole + fraction.substr(0, static_cast<size_t>(places));
  if (round_up) {
    int i = static_cast<int>(kept.size()) - 1;
    while (i >= 0 && kept[static_cast<size_t>(i)] == '9') kept[static_cast<size_t>(i--)] = '0';
    if (i < 0) {
      kept.insert(0, "1");
    } else {
      ++kept[static_cast<size_t>(i)];
    }
  }
  std::string text = kept.substr(0, kept.size() - static_cast<size_t>(places)) + "." +
                     kept.substr(kept.size() - static_cast<size_t>(places));
  size_t first = text.find_first_not_of('0');
  if (first == std::string::npos || text[first] == '.')
    first = first == std::string::npos ? 0 : first - 1;
  text = text.substr(first);
  return *Value::number(sign + text);
}

// Splits "10Mi" into "10" and "Mi", treating e/E as an exponent only when a digit or sign
// follows, exactly as OPA does (so "1E" is one exa, "1e3" is a thousand).
bool split_amount(std::string_view s, std::string_view& amount, std::string_view& unit) {
  size_t boundary = std::string_view::npos;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    bool numeric = std::isdigit(static_cast<unsigned char>(c)) || c == '.';
    if (!numeric && c != 'e' && c != 'E' && c != '+' && c != '-') {
      boundary = i;
      break;
    }
    if (c == 'e' || c == 'E') {
      bool follows = i + 1 < s.size() && (std::isdigit(static_cast<unsigned char>(s[i + 1])) ||
                                          s[i + 1] == '+' || s[i + 1] == '-');
      if (!follows) {
        boundary = i;
        break;
      }
      if (s[i + 1] == '+' || s[i + 1] == '-') ++i;
      size_t start = i + 1, end = start;
      while (end < s.size() && std::isdigit(static_cast<unsigned char>(s[end]))) ++end;
      if (end - start > 6) return false;
    }
  }
  if (boundary == std::string_view::npos) {
    amount = s;
    unit = {};
  } else {
    amount = s.substr(0, boundary);
    unit = s.substr(boundary);
  }
  return true;
}

std::string without_quotes(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c != '"') out += c;
  }
  return out;
}

constexpr uint64_t kKi = 1ULL << 10, kMi = 1ULL << 20, kGi = 1ULL << 30, kTi = 1ULL << 40,
                   kPi = 1ULL << 50, kEi = 1ULL << 60;
constexpr uint64_t kK = 1000, kM = kK * 1000, kG = kM * 1000, kT = kG * 1000, kP = kT * 1000,
                   kE = kP * 1000;

std::optional<Value> units_parse(BuiltinContext&, Args args) {
  std::string s = without_quotes(string_operand(args, 1));
  if (s.find(' ') != std::string::npos) fail("units.parse: spaces not allowed in resource strings");
  std::string_view amount, unit;
  if (!split_amount(s, amount, unit)) fail("units.parse: exponent too large");
  if (amount.empty()) fail("units.parse: no amount provided");
  // Only the first letter keeps its case, so that m (milli) and M (mega) differ.
  std::string u(unit);
  for (size_t i = 1; i < u.size(); ++i)
    u[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(u[i])));
  uint64_t factor = 1;
  bool milli = false;
  if (u == "m") {
    milli = true;
  } else if (u == "k" || u == "K") {
    factor = kK;
  } else if (u == "ki" || u == "Ki") {
    factor = kKi;
  } else if (u == "M") {
    factor = kM;
  } else if (u == "mi" || u == "Mi") {
    factor = kMi;
  } else if (u == "g" || u == "G") {
    factor = kG;
  } else if (u == "gi" || u == "Gi") {
    factor = kGi;
  } else if (u == "t" || u == "T") {
    factor = kT;
  } else if (u == "ti" || u == "Ti") {
    factor = kTi;
  } else if (u == "p" || u == "P") {
    factor = kP;
  } else if (u == "pi" || u == "Pi") {
    factor = kPi;
  } else if (u == "e" || u == "E") {
    factor = kE;
  } else if (u == "ei" || u == "Ei") {
    factor = kEi;
  } else if (!u.empty()) {
    fail("units.parse: unit " + u + " not recognized");
  }
  auto d = parse_decimal(amount);
  if (!d) fail("units.parse: could not parse amount to a number");
  multiply(*d, factor);
  if (milli) d->exponent -= 3;
  return to_number(*d, 10, false);
}

std::optional<Value> units_parse_bytes(BuiltinContext&, Args args) {
  std::string s = without_quotes(string_operand(args, 1));
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (s.find(' ') != std::string::npos)
    fail("units.parse_bytes: spaces not allowed in resource strings");
  std::string_view amount, unit;
  if (!split_amount(s, amount, unit)) fail("units.parse_bytes: exponent too large");
  if (amount.empty()) fail("units.parse_bytes: no byte amount provided");
  static const std::pair<std::string_view, uint64_t> units[] = {
      {"", 1},      {"kb", kK},   {"k", kK},    {"kib", kKi}, {"ki", kKi},
      {"mb", kM},   {"m", kM},    {"mib", kMi}, {"mi", kMi},  {"gb", kG},
      {"g", kG},    {"gib", kGi}, {"gi", kGi},  {"tb", kT},   {"t", kT},
      {"tib", kTi}, {"ti", kTi},  {"pb", kP},   {"p", kP},    {"pib", kPi},
      {"pi", kPi},  {"eb", kE},   {"e", kE},    {"eib", kEi}, {"ei", kEi}};
  auto it = std::find_if(std::begin(units), std::end(units),
                         [&](const auto& u) { return u.first == unit; });
  if (it == std::end(units))
    fail("units.parse_bytes: byte unit " + std::string(unit) + " not recognized");
  auto d = parse_decimal(amount);
  if (!d) fail("units.parse_bytes: could not parse byte amount to a number");
  multiply(*d, it->second);
  return to_number(*d, 0, true);
}

}  // namespace

void add_units(std::vector<Builtin>& table) {
  using namespace decl;
  table.push_back(make_builtin("units.parse", 1, function({string()}, number()), units_parse));
  table.push_back(
      make_builtin("units.parse_bytes", 1, function({string()}, number()), units_parse_bytes));
}

}  // namespace mg::rego::builtins
