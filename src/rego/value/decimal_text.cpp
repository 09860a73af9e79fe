#include "rego/value/decimal_text.h"

#include <cstdint>
#include <string>

namespace mg::rego {

namespace {

// A decimal as sign, significant digits (no leading or trailing zeros) and the power of ten
// of the first digit's place plus one: 0.d1d2... x 10^order.
struct Decimal {
  bool negative = false;
  std::string digits;
  int64_t order = 0;
};

Decimal read_decimal(std::string_view text) {
  Decimal d;
  size_t i = 0;
  if (i < text.size() && text[i] == '-') {
    d.negative = true;
    ++i;
  }
  int64_t point = 0;  // digits before the decimal point
  bool seen_point = false;
  for (; i < text.size() && text[i] != 'e' && text[i] != 'E'; ++i) {
    if (text[i] == '.') {
      seen_point = true;
      continue;
    }
    if (d.digits.empty() && text[i] == '0') {
      if (seen_point) --point;  // a leading zero after the point moves the order down
      continue;
    }
    d.digits.push_back(text[i]);
    if (!seen_point) ++point;
  }
  int64_t exponent = 0;
  if (i < text.size()) {
    ++i;
    bool negative_exponent = i < text.size() && text[i] == '-';
    if (i < text.size() && (text[i] == '-' || text[i] == '+')) ++i;
    for (; i < text.size(); ++i) {
      // Saturate: an exponent this large already decides any comparison.
      if (exponent < INT64_MAX / 100) exponent = exponent * 10 + (text[i] - '0');
    }
    if (negative_exponent) exponent = -exponent;
  }
  while (!d.digits.empty() && d.digits.back() == '0') d.digits.pop_back();
  if (d.digits.empty()) return Decimal{};  // zero, whatever its sign or exponent
  d.order = point + exponent;
  return d;
}

int compare_magnitudes(const Decimal& a, const Decimal& b) {
  if (a.order != b.order) return a.order < b.order ? -1 : 1;
  int c = a.digits.compare(b.digits);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

}  // namespace

int compare_decimal_texts(std::string_view a, std::string_view b) {
  Decimal x = read_decimal(a);
  Decimal y = read_decimal(b);
  bool x_zero = x.digits.empty(), y_zero = y.digits.empty();
  if (x_zero || y_zero) {
    int sx = x_zero ? 0 : (x.negative ? -1 : 1);
    int sy = y_zero ? 0 : (y.negative ? -1 : 1);
    return sx < sy ? -1 : (sx > sy ? 1 : 0);
  }
  if (x.negative != y.negative) return x.negative ? -1 : 1;
  int c = compare_magnitudes(x, y);
  return x.negative ? -c : c;
}

}  // namespace mg::rego
