#include "builtin_call.h"

using namespace mg::rego;
using namespace mg::rego::testing;

TEST_CASE("plus, minus and mul keep integers exact") {
  CHECK(eval("plus", {num(1), num(2)}) == "3");
  CHECK(eval("plus", {json("1.5"), json("2.25")}) == "3.75");
  CHECK(eval("minus", {num(1), num(3)}) == "-2");
  CHECK(eval("mul", {num(6), num(7)}) == "42");
  CHECK(eval("mul", {json("0.5"), num(4)}) == "2");
  CHECK(eval("plus", {num(9007199254740993), num(0)}) == "9007199254740993");
}

TEST_CASE("int64 overflow continues in big integers instead of wrapping or rounding") {
  CHECK(eval("plus", {num(INT64_MAX), num(1)}) == "9223372036854775808");
  CHECK(eval("mul", {num(INT64_MAX), num(2)}) == "18446744073709551614");
  CHECK(eval("minus", {num(INT64_MIN), num(1)}) == "-9223372036854775809");
  CHECK(eval("div", {num(INT64_MIN), num(-1)}) == "9223372036854775808");
}

TEST_CASE("minus is set difference on sets") {
  auto r = call("minus", {set_of({num(1), num(2), num(3)}), set_of({num(2)})});
  REQUIRE(r->is_set());
  CHECK(to_json(*r) == "[1,3]");
  CHECK(error("minus", {str("a"), num(1)}) ==
        "type: operand 1 must be one of {number, set} but got string");
  CHECK(error("minus", {num(1), set_of({})}) == "type: operand 2 must be number but got set");
  CHECK(error("minus", {set_of({}), num(1)}) == "type: operand 2 must be set but got number");
}

TEST_CASE("arithmetic operands must be numbers") {
  CHECK(error("plus", {str("1"), num(1)}) == "type: operand 1 must be number but got string");
  CHECK(error("mul", {num(1), json("null")}) == "type: operand 2 must be number but got null");
}

TEST_CASE("div returns integers when exact and errors on zero") {
  CHECK(eval("div", {num(6), num(3)}) == "2");
  CHECK(eval("div", {num(1), num(4)}) == "0.25");
  CHECK(eval("div", {num(7), num(2)}) == "3.5");
  CHECK(error("div", {num(1), num(0)}) == "builtin: divide by zero");
  CHECK(error("div", {num(1), json("0.0")}) == "builtin: divide by zero");
  CHECK(eval("div", {num(INT64_MIN), num(-1)}) == "9223372036854775808");
}

TEST_CASE("rem works on integers only") {
  CHECK(eval("rem", {num(7), num(3)}) == "1");
  CHECK(eval("rem", {num(-7), num(3)}) == "-1");
  CHECK(eval("rem", {num(INT64_MIN), num(-1)}) == "0");
  CHECK(error("rem", {num(1), num(0)}) == "builtin: modulo by zero");
  CHECK(error("rem", {json("1.5"), num(1)}) == "builtin: modulo on floating-point number");
}

TEST_CASE("abs, round, ceil and floor") {
  CHECK(eval("abs", {num(-3)}) == "3");
  CHECK(eval("abs", {json("-3.5")}) == "3.5");
  CHECK(eval("round", {json("2.5")}) == "3");
  CHECK(eval("round", {json("-2.5")}) == "-3");
  CHECK(eval("round", {json("2.4")}) == "2");
  CHECK(eval("ceil", {json("1.2")}) == "2");
  CHECK(eval("ceil", {json("-1.2")}) == "-1");
  CHECK(eval("floor", {json("-1.2")}) == "-2");
  CHECK(eval("floor", {num(5)}) == "5");
  CHECK(error("abs", {str("x")}) == "type: operand 1 must be number but got string");
}

TEST_CASE("numbers.range and numbers.range_step include both ends") {
  CHECK(eval("numbers.range", {num(1), num(4)}) == "[1,2,3,4]");
  CHECK(eval("numbers.range", {num(2), num(-1)}) == "[2,1,0,-1]");
  CHECK(eval("numbers.range", {num(3), num(3)}) == "[3]");
  CHECK(eval("numbers.range_step", {num(0), num(10), num(4)}) == "[0,4,8]");
  CHECK(eval("numbers.range_step", {num(0), num(-10), num(5)}) == "[0,-5,-10]");
  CHECK(error("numbers.range", {num(3), json("3.14")}) ==
        "type: operand 2 must be integer number but got floating-point number");
  CHECK(error("numbers.range", {str("1"), num(3)}) ==
        "type: operand 1 must be integer but got string");
  CHECK(error("numbers.range_step", {num(0), num(10), num(-2)}) ==
        "builtin: numbers.range_step: step must be a positive number above zero");
}

TEST_CASE("rand.intn draws below n from the context's generator") {
  std::mt19937_64 rng(42);
  BuiltinContext ctx;
  ctx.random = &rng;
  for (int i = 0; i < 50; ++i) {
    auto r = call("rand.intn", {str("k"), num(-10)}, &ctx);
    REQUIRE(r->is_integer());
    CHECK(r->as_int() >= 0);
    CHECK(r->as_int() < 10);
  }
  CHECK(eval("rand.intn", {str("k"), num(0)}) == "0");
  CHECK(find_builtin("rand.intn")->nondeterministic);
  CHECK(error("rand.intn", {str("k"), json("1.5")}) ==
        "type: operand 2 must be integer number but got floating-point number");
}

TEST_CASE("rand.intn repeats its answer for the same string and |n| within an evaluation") {
  std::mt19937_64 rng(1);
  BuiltinContext ctx;
  ctx.random = &rng;
  auto first = call("rand.intn", {str("k"), num(1000000)}, &ctx);
  CHECK(*call("rand.intn", {str("k"), num(1000000)}, &ctx) == *first);
  CHECK(*call("rand.intn", {str("k"), num(-1000000)}, &ctx) == *first);
  // Another string or bound draws anew: with a million values a repeat of all three is
  // practically impossible.
  auto other = call("rand.intn", {str("j"), num(1000000)}, &ctx);
  auto smaller = call("rand.intn", {str("k"), num(999999)}, &ctx);
  CHECK_FALSE((*other == *first && *smaller == *first));
  BuiltinContext next_evaluation;
  next_evaluation.random = &rng;
  CHECK(call("rand.intn", {str("k"), num(1000000)}, &next_evaluation)->is_integer());
}

TEST_CASE("declarations are capabilities JSON") {
  // Without operands there is no "args" member, as in OPA's capabilities.
  CHECK(find_builtin("time.now_ns")->decl_json ==
        R"({"result":{"type":"number"},"type":"function"})");
  CHECK(
      find_builtin("plus")->decl_json ==
      R"({"args":[{"type":"number"},{"type":"number"}],"result":{"type":"number"},"type":"function"})");
  CHECK(
      find_builtin("numbers.range")->decl_json ==
      R"({"args":[{"type":"number"},{"type":"number"}],"result":{"dynamic":{"type":"number"},"type":"array"},"type":"function"})");
}
