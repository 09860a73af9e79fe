#include "builtin_call.h"

using namespace mg::rego;
using namespace mg::rego::testing;

TEST_CASE("is_* predicates are true or false, never undefined") {
  CHECK(eval("is_number", {json("1.5")}) == "true");
  CHECK(eval("is_number", {str("1")}) == "false");
  CHECK(eval("is_string", {str("")}) == "true");
  CHECK(eval("is_boolean", {json("false")}) == "true");
  CHECK(eval("is_array", {json("[]")}) == "true");
  CHECK(eval("is_array", {set_of({})}) == "false");
  CHECK(eval("is_set", {set_of({})}) == "true");
  CHECK(eval("is_object", {json("{}")}) == "true");
  CHECK(eval("is_null", {json("null")}) == "true");
  CHECK(eval("is_null", {json("0")}) == "false");
}

TEST_CASE("type_name uses OPA's names") {
  CHECK(eval("type_name", {json("null")}) == R"("null")");
  CHECK(eval("type_name", {json("true")}) == R"("boolean")");
  CHECK(eval("type_name", {json("1")}) == R"("number")");
  CHECK(eval("type_name", {str("x")}) == R"("string")");
  CHECK(eval("type_name", {json("[]")}) == R"("array")");
  CHECK(eval("type_name", {json("{}")}) == R"("object")");
  CHECK(eval("type_name", {set_of({})}) == R"("set")");
}

TEST_CASE("to_number converts null, booleans and decimal strings") {
  CHECK(eval("to_number", {json("null")}) == "0");
  CHECK(eval("to_number", {json("true")}) == "1");
  CHECK(eval("to_number", {json("false")}) == "0");
  CHECK(eval("to_number", {json("-2.5")}) == "-2.5");
  CHECK(eval("to_number", {str("42")}) == "42");
  CHECK(eval("to_number", {str("-0.5")}) == "-0.5");
  CHECK(eval("to_number", {str("1e3")}) == "1000");
  CHECK(eval("to_number", {str("+.5")}) == "0.5");
  CHECK(eval("to_number", {str("12345678901234567890")}) == "12345678901234567890");
  CHECK(error("to_number", {str("abc")}) ==
        R"(builtin: strconv.ParseFloat: parsing "abc": invalid syntax)");
  CHECK(error("to_number", {str(" 1")}) ==
        R"(builtin: strconv.ParseFloat: parsing " 1": invalid syntax)");
  CHECK(error("to_number", {str("1e999")}) ==
        R"(builtin: strconv.ParseFloat: parsing "1e999": value out of range)");
  CHECK(error("to_number", {json("[]")}) ==
        "type: operand 1 must be one of {null, boolean, number, string} but got array");
}

TEST_CASE("deprecated casts") {
  CHECK(eval("cast_array", {set_of({num(2), num(1)})}) == "[1,2]");
  CHECK(call("cast_set", {json("[2,1,2]")})->is_set());
  CHECK(eval("cast_string", {str("x")}) == R"("x")");
  CHECK(error("cast_string", {num(1)}) == "type: operand 1 must be string but got number");
  CHECK(error("cast_array", {num(1)}) ==
        "type: operand 1 must be one of {array, set} but got number");
}
