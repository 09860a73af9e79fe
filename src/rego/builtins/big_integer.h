#pragma once

// Arbitrary-precision integers for the arithmetic builtins. OPA computes with Go's big
// numbers, so `1000000000000000000000 + 1` is exact there; int64 covers almost every
// policy, and this type takes over when an operand or a result does not fit.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mg::rego::builtins {

class BigInt {
 public:
  BigInt() = default;
  explicit BigInt(int64_t value);
  // Decimal digits with an optional leading '-'; nothing else (no '+', no exponent).
  static std::optional<BigInt> parse(std::string_view decimal);

  std::string to_string() const;
  std::optional<int64_t> to_int64() const;
  bool is_zero() const { return magnitude_.empty(); }
  bool negative() const { return negative_; }

  friend BigInt operator+(const BigInt& a, const BigInt& b);
  friend BigInt operator-(const BigInt& a, const BigInt& b);
  friend BigInt operator*(const BigInt& a, const BigInt& b);
  BigInt operator-() const;
  BigInt abs() const;
  // Quotient truncated toward zero and the remainder with the dividend's sign, as Go's
  // big.Int QuoRem. The divisor must not be zero.
  static std::pair<BigInt, BigInt> divide(const BigInt& dividend, const BigInt& divisor);

  friend int compare(const BigInt& a, const BigInt& b);
  friend bool operator==(const BigInt& a, const BigInt& b) { return compare(a, b) == 0; }

 private:
  using Magnitude = std::vector<uint32_t>;  // base 2^32, least significant first, no top zeros
  BigInt(bool negative, Magnitude magnitude);

  bool negative_ = false;
  Magnitude magnitude_;
};

}  // namespace mg::rego::builtins
