#include "builtin_call.h"

using namespace mg::rego;
using namespace mg::rego::testing;

TEST_CASE("array.concat joins two arrays") {
  CHECK(eval("array.concat", {json("[1,2]"), json("[2,3]")}) == "[1,2,2,3]");
  CHECK(eval("array.concat", {json("[]"), json("[]")}) == "[]");
  CHECK(error("array.concat", {json("[]"), set_of({})}) ==
        "type: operand 2 must be array but got set");
}

TEST_CASE("array.slice clamps its indexes") {
  CHECK(eval("array.slice", {json("[1,2,3,4]"), num(1), num(3)}) == "[2,3]");
  CHECK(eval("array.slice", {json("[1,2,3,4]"), num(-5), num(2)}) == "[1,2]");
  CHECK(eval("array.slice", {json("[1,2,3,4]"), num(2), num(99)}) == "[3,4]");
  CHECK(eval("array.slice", {json("[1,2,3,4]"), num(3), num(1)}) == "[]");
  CHECK(eval("array.slice", {json("[1,2]"), num(0), num(-1)}) == "[]");
  CHECK(error("array.slice", {json("[1]"), json("1.5"), num(1)}) ==
        "type: operand 2 must be integer number but got floating-point number");
  CHECK(error("array.slice", {json("[1]"), num(0), str("1")}) ==
        "type: operand 3 must be number but got string");
}

TEST_CASE("array.reverse") {
  CHECK(eval("array.reverse", {json("[1,[2],3]")}) == "[3,[2],1]");
  CHECK(eval("array.reverse", {json("[]")}) == "[]");
  CHECK(error("array.reverse", {str("abc")}) == "type: operand 1 must be array but got string");
}
