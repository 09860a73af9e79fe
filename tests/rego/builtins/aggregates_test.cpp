#include "builtin_call.h"

using namespace mg::rego;
using namespace mg::rego::testing;

TEST_CASE("count counts runes, items, entries and elements") {
  CHECK(eval("count", {str("héllo")}) == "5");
  CHECK(eval("count", {str("日本語")}) == "3");
  CHECK(eval("count", {str("")}) == "0");
  CHECK(eval("count", {json("[1,2,3]")}) == "3");
  CHECK(eval("count", {json(R"({"a":1,"b":2})")}) == "2");
  CHECK(eval("count", {set_of({num(1), num(2), num(2)})}) == "2");
  CHECK(eval("count", {Value::string(std::string("a\xff\xfe"))}) == "3");
  CHECK(error("count", {num(1)}) ==
        "type: operand 1 must be one of {array, object, set, string} but got number");
}

TEST_CASE("sum and product over arrays and sets") {
  CHECK(eval("sum", {json("[1,2,3]")}) == "6");
  CHECK(eval("sum", {json("[]")}) == "0");
  CHECK(eval("sum", {json("[1.5,2.5]")}) == "4");
  CHECK(eval("sum", {json("[0.5,1]")}) == "1.5");
  CHECK(eval("sum", {set_of({num(1), num(2)})}) == "3");
  CHECK(eval("sum", {json("[9223372036854775807,1]")}) == "9223372036854775808");
  CHECK(eval("product", {json("[2,3,4]")}) == "24");
  CHECK(eval("product", {json("[]")}) == "1");
  CHECK(eval("product", {set_of({json("0.5"), num(4)})}) == "2");
  CHECK(error("sum", {json(R"([1,"a"])")}) ==
        "type: operand 1 must be array of numbers but got array containing string");
  CHECK(error("product", {set_of({str("a")})}) ==
        "type: operand 1 must be set of numbers but got set containing string");
  CHECK(error("sum", {str("a")}) == "type: operand 1 must be one of {set, array} but got string");
}

TEST_CASE("max and min use Rego's order and are undefined when empty") {
  CHECK(eval("max", {json("[1,3,2]")}) == "3");
  CHECK(eval("min", {json("[1,3,2]")}) == "1");
  CHECK(eval("max", {json(R"([1,"a",null])")}) == "\"a\"");
  CHECK(eval("min", {set_of({num(5), num(4)})}) == "4");
  CHECK(eval("max", {json("[]")}) == "undefined");
  CHECK(eval("min", {set_of({})}) == "undefined");
  CHECK(error("max", {num(1)}) == "type: operand 1 must be one of {set, array} but got number");
}

TEST_CASE("sort returns a sorted array") {
  CHECK(eval("sort", {json(R"([3,1,"b",null,2,"a"])")}) == R"([null,1,2,3,"a","b"])");
  auto r = call("sort", {set_of({num(2), num(1)})});
  REQUIRE(r->is_array());
  CHECK(to_json(*r) == "[1,2]");
  CHECK(error("sort", {json("{}")}) ==
        "type: operand 1 must be one of {set, array} but got object");
}

TEST_CASE("all and any look for true") {
  CHECK(eval("all", {json("[true,true]")}) == "true");
  CHECK(eval("all", {json("[true,1]")}) == "false");
  CHECK(eval("all", {json("[]")}) == "true");
  CHECK(eval("any", {json("[false,true]")}) == "true");
  CHECK(eval("any", {set_of({})}) == "false");
  CHECK(eval("any", {set_of({Value::boolean(true)})}) == "true");
  CHECK(error("all", {str("x")}) == "type: operand 1 must be one of {array, set} but got string");
}

TEST_CASE("internal.member_2 and member_3 implement the in operator") {
  CHECK(eval("internal.member_2", {num(2), json("[1,2]")}) == "true");
  CHECK(eval("internal.member_2", {num(2), json(R"({"a":2})")}) == "true");
  CHECK(eval("internal.member_2", {str("a"), json(R"({"a":2})")}) == "false");
  CHECK(eval("internal.member_2", {num(1), set_of({num(1)})}) == "true");
  CHECK(eval("internal.member_2", {num(1), str("1")}) == "false");
  CHECK(eval("internal.member_3", {num(1), str("b"), json(R"(["a","b"])")}) == "true");
  CHECK(eval("internal.member_3", {str("k"), num(1), json(R"({"k":1})")}) == "true");
  CHECK(eval("internal.member_3", {num(5), num(1), json("[1]")}) == "false");
}

TEST_CASE("count declaration lists its operand types in OPA's order") {
  CHECK(
      find_builtin("count")->decl_json ==
      R"({"args":[{"of":[{"type":"string"},{"dynamic":{"type":"any"},"type":"array"},)"
      R"({"dynamic":{"key":{"type":"any"},"value":{"type":"any"}},"type":"object"},)"
      R"({"of":{"type":"any"},"type":"set"}],"type":"any"}],"result":{"type":"number"},"type":"function"})");
}
