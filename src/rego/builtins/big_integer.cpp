#include "rego/builtins/big_integer.h"

#include <algorithm>

namespace mg::rego::builtins {

namespace {

using Magnitude = std::vector<uint32_t>;

void trim(Magnitude& m) {
  while (!m.empty() && m.back() == 0) m.pop_back();
}

int compare_magnitudes(const Magnitude& a, const Magnitude& b) {
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  for (size_t i = a.size(); i-- > 0;) {
    if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return 0;
}

Magnitude add_magnitudes(const Magnitude& a, const Magnitude& b) {
  const Magnitude& longer = a.size() >= b.size() ? a : b;
  const Magnitude& shorter = a.size() >= b.size() ? b : a;
  Magnitude out(longer.size() + 1, 0);
  uint64_t carry = 0;
  for (size_t i = 0; i < longer.size(); ++i) {
    uint64_t sum = carry + longer[i] + (i < shorter.size() ? shorter[i] : 0);
    out[i] = static_cast<uint32_t>(sum);
    carry = sum >> 32;
  }
  out[longer.size()] = static_cast<uint32_t>(carry);
  trim(out);
  return out;
}

// a - b where |a| >= |b|.
Magnitude subtract_magnitudes(const Magnitude& a, const Magnitude& b) {
  Magnitude out(a.size(), 0);
  int64_t borrow = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    int64_t diff = static_cast<int64_t>(a[i]) - borrow - (i < b.size() ? b[i] : 0);
    borrow = diff < 0 ? 1 : 0;
    out[i] = static_cast<uint32_t>(diff + (borrow << 32));
  }
  trim(out);
  return out;
}

Magnitude multiply_magnitudes(const Magnitude& a, const Magnitude& b) {
  if (a.empty() || b.empty()) return {};
  Magnitude out(a.size() + b.size(), 0);
  for (size_t i = 0; i < a.size(); ++i) {
    uint64_t carry = 0;
    for (size_t j = 0; j < b.size(); ++j) {
      uint64_t cur = out[i + j] + static_cast<uint64_t>(a[i]) * b[j] + carry;
      out[i + j] = static_cast<uint32_t>(cur);
      carry = cur >> 32;
    }
    out[i + b.size()] = static_cast<uint32_t>(carry);
  }
  trim(out);
  return out;
}

// Divides in place by a small divisor and returns the remainder (for decimal output).
uint32_t divide_small(Magnitude& m, uint32_t divisor) {
  uint64_t rest = 0;
  for (size_t i = m.size(); i-- > 0;) {
    uint64_t cur = (rest << 32) | m[i];
    m[i] = static_cast<uint32_t>(cur / divisor);
    rest = cur % divisor;
  }
  trim(m);
  return static_cast<uint32_t>(rest);
}

void multiply_add_small(Magnitude& m, uint32_t factor, uint32_t addend) {
  uint64_t carry = addend;
  for (auto& word : m) {
    uint64_t cur = static_cast<uint64_t>(word) * factor + carry;
    word = static_cast<uint32_t>(cur);
    carry = cur >> 32;
  }
  if (carry != 0) m.push_back(static_cast<uint32_t>(carry));
}

size_t bit_length(const Magnitude& m) {
  if (m.empty()) return 0;
  size_t bits = (m.size() - 1) * 32;
  for (uint32_t top = m.back(); top != 0; top >>= 1) ++bits;
  return bits;
}

void shift_left_one(Magnitude& m) {
  uint32_t carry = 0;
  for (auto& word : m) {
    uint32_t next = word >> 31;
    word = (word << 1) | carry;
    carry = next;
  }
  if (carry != 0) m.push_back(carry);
}

}  // namespace

BigInt::BigInt(int64_t value) : negative_(value < 0) {
  uint64_t abs = value < 0 ? 0 - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
  while (abs != 0) {
    magnitude_.push_back(static_cast<uint32_t>(abs));
    abs >>= 32;
  }
}

BigInt::BigInt(bool negative, Magnitude magnitude)
    : negative_(negative && !magnitude.empty()), magnitude_(std::move(magnitude)) {}

std::optional<BigInt> BigInt::parse(std::string_view decimal) {
  bool negative = !decimal.empty() && decimal[0] == '-';
  if (negative) decimal.remove_prefix(1);
  if (decimal.empty()) return std::nullopt;
  Magnitude m;
  for (char c : decimal) {
    if (c < '0' || c > '9') return std::nullopt;
    multiply_add_small(m, 10, static_cast<uint32_t>(c - '0'));
  }
  trim(m);
  return BigInt(negative, std::move(m));
}

std::string BigInt::to_string() const {
  if (magnitude_.empty()) return "0";
  Magnitude m = magnitude_;
  std::string digits;
  while (!m.empty()) {
    uint32_t chunk = divide_small(m, 1'000'000'000);
    for (int i = 0; i < 9 && (chunk != 0 || !m.empty()); ++i) {
      digits.push_back(static_cast<char>('0' + chunk % 10));
      chunk /= 10;
    }
  }
  if (negative_) digits.push_back('-');
  std::reverse(digits.begin(), digits.end());
  return digits;
}

std::optional<int64_t> BigInt::to_int64() const {
  if (magnitude_.size() > 2) return std::nullopt;
  uint64_t abs = 0;
  for (size_t i = magnitude_.size(); i-- > 0;) abs = (abs << 32) | magnitude_[i];
  constexpr uint64_t kMaxPositive = static_cast<uint64_t>(INT64_MAX);
  if (!negative_) {
    if (abs > kMaxPositive) return std::nullopt;
    return static_cast<int64_t>(abs);
  }
  if (abs > kMaxPositive + 1) return std::nullopt;
  return abs == kMaxPositive + 1 ? INT64_MIN : -static_cast<int64_t>(abs);
}

BigInt operator+(const BigInt& a, const BigInt& b) {
  if (a.negative_ == b.negative_)
    return BigInt(a.negative_, add_magnitudes(a.magnitude_, b.magnitude_));
  int c = compare_magnitudes(a.magnitude_, b.magnitude_);
  if (c == 0) return BigInt();
  if (c > 0) return BigInt(a.negative_, subtract_magnitudes(a.magnitude_, b.magnitude_));
  return BigInt(b.negative_, subtract_magnitudes(b.magnitude_, a.magnitude_));
}

BigInt operator-(const BigInt& a, const BigInt& b) {
  return a + (-b);
}

BigInt operator*(const BigInt& a, const BigInt& b) {
  return BigInt(a.negative_ != b.negative_, multiply_magnitudes(a.magnitude_, b.magnitude_));
}

BigInt BigInt::operator-() const {
  return BigInt(!negative_, magnitude_);
}

BigInt BigInt::abs() const {
  return BigInt(false, magnitude_);
}

std::pair<BigInt, BigInt> BigInt::divide(const BigInt& dividend, const BigInt& divisor) {
  // Binary long division: the operands policies produce are a few hundred bits at most.
  Magnitude quotient(dividend.magnitude_.size(), 0);
  Magnitude rest;
  for (size_t bit = bit_length(dividend.magnitude_); bit-- > 0;) {
    shift_left_one(rest);
    if ((dividend.magnitude_[bit / 32] >> (bit % 32)) & 1) {
      if (rest.empty()) rest.push_back(0);
      rest[0] |= 1;
    }
    if (compare_magnitudes(rest, divisor.magnitude_) >= 0) {
      rest = subtract_magnitudes(rest, divisor.magnitude_);
      quotient[bit / 32] |= uint32_t{1} << (bit % 32);
    }
  }
  trim(quotient);
  return {BigInt(dividend.negative_ != divisor.negative_, std::move(quotient)),
          BigInt(dividend.negative_, std::move(rest))};
}

int compare(const BigInt& a, const BigInt& b) {
  if (a.negative_ != b.negative_) return a.negative_ ? -1 : 1;
  int c = compare_magnitudes(a.magnitude_, b.magnitude_);
  return a.negative_ ? -c : c;
}

}  // namespace mg::rego::builtins
