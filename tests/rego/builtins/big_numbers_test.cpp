#include <cmath>

#include "builtin_call.h"
#include "rego/builtins/arithmetic.h"
#include "rego/builtins/big_integer.h"
#include "rego/builtins/capabilities.h"

using namespace mg::rego;
using namespace mg::rego::builtins;
using namespace mg::rego::testing;

namespace {
BigInt big(std::string_view text) {
  auto n = BigInt::parse(text);
  REQUIRE(n.has_value());
  return *n;
}
}  // namespace

TEST_CASE("BigInt reads and writes decimal digits") {
  CHECK(big("0").to_string() == "0");
  CHECK(big("-0").to_string() == "0");
  CHECK(big("000123").to_string() == "123");
  CHECK(big("-1208925819614629174706175").to_string() == "-1208925819614629174706175");
  CHECK(big("1000000000").to_string() == "1000000000");
  CHECK_FALSE(BigInt::parse("").has_value());
  CHECK_FALSE(BigInt::parse("-").has_value());
  CHECK_FALSE(BigInt::parse("1e3").has_value());
  CHECK_FALSE(BigInt::parse("1.0").has_value());
  CHECK_FALSE(BigInt::parse("+1").has_value());
  CHECK(BigInt(INT64_MIN).to_string() == "-9223372036854775808");
}

TEST_CASE("BigInt converts back to int64 only when it fits") {
  CHECK(big("9223372036854775807").to_int64() == INT64_MAX);
  CHECK(big("-9223372036854775808").to_int64() == INT64_MIN);
  CHECK_FALSE(big("9223372036854775808").to_int64().has_value());
  CHECK_FALSE(big("-9223372036854775809").to_int64().has_value());
  CHECK(big("-42").to_int64() == -42);
}

TEST_CASE("BigInt arithmetic is exact across signs") {
  CHECK((big("99999999999999999999") + big("1")).to_string() == "100000000000000000000");
  CHECK((big("-5") + big("3")).to_string() == "-2");
  CHECK((big("5") - big("5")).to_string() == "0");
  CHECK((big("3") - big("100000000000000000000")).to_string() == "-99999999999999999997");
  CHECK((big("-123456789123456789") * big("987654321987654321")).to_string() ==
        "-121932631356500531347203169112635269");
  CHECK((big("0") * big("-7")).to_string() == "0");
  CHECK((-big("0")).to_string() == "0");
  CHECK(big("-12").abs().to_string() == "12");
}

TEST_CASE("BigInt division truncates toward zero like Go's QuoRem") {
  auto [q, r] = BigInt::divide(big("100000000000000000007"), big("10"));
  CHECK(q.to_string() == "10000000000000000000");
  CHECK(r.to_string() == "7");
  auto [nq, nr] = BigInt::divide(big("-7"), big("2"));
  CHECK(nq.to_string() == "-3");
  CHECK(nr.to_string() == "-1");
  auto [pq, pr] = BigInt::divide(big("7"), big("-2"));
  CHECK(pq.to_string() == "-3");
  CHECK(pr.to_string() == "1");
  auto [bq, br] =
      BigInt::divide(big("121932631356500531347203169112635269"), big("987654321987654321"));
  CHECK(bq.to_string() == "123456789123456789");
  CHECK(br.is_zero());
  auto [sq, sr] = BigInt::divide(big("3"), big("100000000000000000000"));
  CHECK(sq.is_zero());
  CHECK(sr.to_string() == "3");
}

TEST_CASE("BigInt ordering") {
  CHECK(compare(big("-100000000000000000000"), big("-99999999999999999999")) < 0);
  CHECK(compare(big("100000000000000000000"), big("99999999999999999999")) > 0);
  CHECK(compare(big("-1"), big("1")) < 0);
  CHECK(big("0") == big("-0"));
}

TEST_CASE("arithmetic on integers beyond int64 stays exact") {
  CHECK(eval("plus", {json("1000000000000000000000"), num(1)}) == "1000000000000000000001");
  CHECK(eval("mul", {num(2), json("1000000000000000000000")}) == "2000000000000000000000");
  CHECK(eval("minus", {json("28857836529306024611913"), json("28857836529306024611912")}) == "1");
  CHECK(eval("div", {json("2000000000000000000000"), num(2)}) == "1000000000000000000000");
  CHECK(eval("rem", {json("1000000000000000000007"), num(10)}) == "7");
  CHECK(eval("rem", {json("-1000000000000000000007"), num(10)}) == "-7");
  CHECK(error("rem", {json("1000000000000000000007"), num(0)}) == "builtin: modulo by zero");
  CHECK(eval("abs", {json("-1000000000000000000007")}) == "1000000000000000000007");
  CHECK(eval("round", {json("1000000000000000000007")}) == "1000000000000000000007");
  CHECK(eval("sum", {json("[1000000000000000000000, 1, -1000000000000000000000]")}) == "1");
  // Results that fit int64 again are ordinary integers.
  REQUIRE(call("minus", {json("9223372036854775808"), num(1)})->is_integer());
}

TEST_CASE("inexact division and decimal operands use doubles") {
  auto third = call("div", {json("1000000000000000000000"), num(3)});
  CHECK(std::abs(third->as_double() - 3.333333333333333e20) < 1e6);
  CHECK(eval("plus", {json("1000000000000000000000"), json("0.5")}) == "1e+21");
  CHECK(error("rem", {json("1000000000000000000000"), json("0.5")}) ==
        "builtin: modulo on floating-point number");
}

TEST_CASE("exact_big_integer accepts only integers written with digits") {
  CHECK(exact_big_integer(num(5)).has_value());
  CHECK(exact_big_integer(json("123456789012345678901234567890")).has_value());
  CHECK_FALSE(exact_big_integer(json("1.5")).has_value());
  CHECK_FALSE(exact_big_integer(json("1e30")).has_value());
  CHECK_FALSE(exact_big_integer(str("5")).has_value());
  CHECK(integer_value(big("-7")).is_integer());
  CHECK(to_json(integer_value(big("-12345678901234567890"))) == "-12345678901234567890");
}

TEST_CASE("numbers kept as text compare exactly") {
  CHECK(json("28857836529306024611913") != json("28857836529306024611912"));
  CHECK(json("28857836529306024611912") < json("28857836529306024611913"));
  CHECK(json("-28857836529306024611913") < json("-28857836529306024611912"));
  CHECK(json("100000000000000000000") == json("1e20"));
  CHECK(json("100000000000000000000") == json("100000000000000000000.000"));
  CHECK(json("100000000000000000000.5") > json("100000000000000000000"));
  CHECK(json("-9223372036854775809") < num(INT64_MIN));
  CHECK(json("9223372036854775808") > num(INT64_MAX));
  // Beyond double's range, only the text knows the value.
  CHECK(*Value::number("1e400") > *Value::number("1e399"));
  CHECK(*Value::number("-1e400") < *Value::number("-1e399"));
  CHECK(*Value::number("1e400") == *Value::number("10e399"));
  CHECK(json("0e10") == num(0));
  // Equal numbers hash alike, so sets and object keys treat them as one.
  CHECK(json("100000000000000000000").hash() == json("1e20").hash());
  CHECK(Value::set({json("100000000000000000000"), json("1e20")}).size() == 1);
}

TEST_CASE("capabilities list every builtin with its declaration, in OPA's shape") {
  auto parsed = parse_json(capabilities_json());
  REQUIRE(std::holds_alternative<Value>(parsed));
  const Value& doc = std::get<Value>(parsed);
  const Value* builtins = doc.get("builtins");
  REQUIRE(builtins != nullptr);
  auto find = [&](std::string_view name) -> const Value* {
    for (const auto& b : builtins->as_array()) {
      if (b.get("name")->as_string() == name) return &b;
    }
    return nullptr;
  };
  for (const Builtin& b : all_builtins()) CHECK(find(b.name) != nullptr);
  const Value* plus = find("plus");
  REQUIRE(plus != nullptr);
  CHECK(plus->get("infix")->as_string() == "+");
  CHECK(to_json(*plus->get("decl")) == find_builtin("plus")->decl_json);
  CHECK(find("rand.intn")->get("nondeterministic")->is_true());
  CHECK(find("concat")->get("nondeterministic") == nullptr);
  // Operations the evaluator carries out itself are builtins to OPA too.
  CHECK(find("equal")->get("infix")->as_string() == "==");
  CHECK(to_json(*find("print")->get("decl")) == R"({"type":"function","variadic":{"type":"any"}})");
  CHECK(find("walk") != nullptr);
  // Sorted by name, as OPA prints them.
  auto items = builtins->as_array();
  for (size_t i = 1; i < items.size(); ++i)
    CHECK(items[i - 1].get("name")->as_string() < items[i].get("name")->as_string());
  CHECK(to_json(*doc.get("future_keywords")) == R"(["contains","every","if","in"])");
}
