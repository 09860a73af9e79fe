#include "builtin_call.h"

using namespace mg::rego;
using namespace mg::rego::testing;

namespace {
Value s(std::initializer_list<int64_t> items) {
  std::vector<Value> v;
  for (auto i : items) v.push_back(num(i));
  return Value::set(v);
}
}  // namespace

TEST_CASE("and and or are intersection and union of two sets") {
  auto r = call("and", {s({1, 2, 3}), s({2, 3, 4})});
  REQUIRE(r->is_set());
  CHECK(to_json(*r) == "[2,3]");
  CHECK(eval("or", {s({1, 2}), s({2, 3})}) == "[1,2,3]");
  CHECK(eval("and", {s({}), s({1})}) == "[]");
  CHECK(error("and", {json("[1]"), s({1})}) == "type: operand 1 must be set but got array");
  CHECK(error("or", {s({1}), json("[1]")}) == "type: operand 2 must be set but got array");
}

TEST_CASE("intersection and union of a set of sets") {
  CHECK(eval("intersection", {set_of({s({1, 2, 3}), s({2, 3}), s({3, 2, 9})})}) == "[2,3]");
  CHECK(eval("intersection", {set_of({})}) == "[]");
  CHECK(eval("union", {set_of({s({1}), s({2}), s({})})}) == "[1,2]");
  CHECK(call("union", {set_of({})})->is_set());
  CHECK(error("union", {set_of({num(1)})}) == "type: operand 1 must be set but got number");
  CHECK(error("intersection", {json("[]")}) == "type: operand 1 must be set but got array");
}

TEST_CASE("set_diff is the deprecated minus") {
  CHECK(eval("set_diff", {s({1, 2, 3}), s({2})}) == "[1,3]");
}
