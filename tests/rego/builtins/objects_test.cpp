#include "builtin_call.h"

using namespace mg::rego;
using namespace mg::rego::testing;

TEST_CASE("object.get by key and by path, with a default") {
  Value doc = json(R"({"a":{"b":[10,{"c":"deep"}]},"k":null})");
  CHECK(eval("object.get", {doc, str("k"), str("dflt")}) == "null");
  CHECK(eval("object.get", {doc, str("missing"), str("dflt")}) == R"("dflt")");
  CHECK(eval("object.get", {doc, json(R"(["a","b",1,"c"])"), num(0)}) == R"("deep")");
  CHECK(eval("object.get", {doc, json(R"(["a","b",5])"), num(0)}) == "0");
  CHECK(eval("object.get", {doc, json(R"(["a","b","1"])"), num(0)}) == "0");
  CHECK(eval("object.get", {doc, json("[]"), num(0)}) == to_json(doc));
  CHECK(eval("object.get", {json(R"({"s":1})"), str("s"), num(0)}) == "1");
  CHECK(error("object.get", {json("[]"), str("a"), num(0)}) ==
        "type: operand 1 must be object but got array");
}

TEST_CASE("object.get walks into sets by member") {
  Value doc = Value::object({{str("s"), set_of({str("x")})}});
  CHECK(eval("object.get", {doc, json(R"(["s","x"])"), num(0)}) == R"("x")");
  CHECK(eval("object.get", {doc, json(R"(["s","y"])"), num(0)}) == "0");
}

TEST_CASE("object.keys, object.remove and object.filter") {
  Value doc = json(R"({"a":1,"b":2,"c":3})");
  auto keys = call("object.keys", {doc});
  REQUIRE(keys->is_set());
  CHECK(to_json(*keys) == R"(["a","b","c"])");
  CHECK(eval("object.remove", {doc, json(R"(["a","z"])")}) == R"({"b":2,"c":3})");
  CHECK(eval("object.remove", {doc, set_of({str("b")})}) == R"({"a":1,"c":3})");
  CHECK(eval("object.remove", {doc, json(R"({"c":0})")}) == R"({"a":1,"b":2})");
  CHECK(eval("object.filter", {doc, json(R"(["a","c","z"])")}) == R"({"a":1,"c":3})");
  CHECK(error("object.filter", {doc, str("a")}) ==
        "type: operand 2 must be one of {object, set, array} but got string");
}

TEST_CASE("object.union merges nested objects, right side wins") {
  CHECK(eval("object.union",
             {json(R"({"a":{"x":1,"y":1},"b":1})"), json(R"({"a":{"y":2},"c":3})")}) ==
        R"({"a":{"x":1,"y":2},"b":1,"c":3})");
  CHECK(eval("object.union", {json(R"({"a":{"x":1}})"), json(R"({"a":5})")}) == R"({"a":5})");
  CHECK(eval("object.union_n", {json(R"([{"a":{"b":2}},{"a":4},{"a":{"c":3}}])")}) ==
        R"({"a":{"c":3}})");
  CHECK(eval("object.union_n", {json("[]")}) == "{}");
  CHECK(error("object.union_n", {json(R"([{},1])")}) ==
        "type: operand 1 must be array of objects but got array containing number");
}

TEST_CASE("object.subset") {
  CHECK(eval("object.subset", {json(R"({"a":{"b":1,"c":2},"d":[1,2,3]})"),
                               json(R"({"a":{"b":1},"d":[2,3]})")}) == "true");
  CHECK(eval("object.subset", {json(R"({"a":1})"), json(R"({"a":2})")}) == "false");
  CHECK(eval("object.subset", {json("[1,2,3,4]"), json("[2,3]")}) == "true");
  CHECK(eval("object.subset", {json("[1,2,3,4]"), json("[2,4]")}) == "false");
  CHECK(eval("object.subset", {set_of({num(1), num(2)}), set_of({num(1)})}) == "true");
  CHECK(eval("object.subset", {json("[1,2]"), set_of({num(2)})}) == "true");
  CHECK(eval("object.subset", {json("[1]"), set_of({num(3)})}) == "false");
  CHECK(error("object.subset", {json("{}"), json("[]")}) ==
        "type: both arguments object.subset must be of the same type or array and set");
}

TEST_CASE("json.filter keeps the named paths") {
  Value doc = json(R"({"a":{"b":{"c":7,"d":8},"e":9},"f":[{"g":1},{"g":2,"h":3}]})");
  CHECK(eval("json.filter", {doc, json(R"(["a/b/c","f/1/h"])")}) ==
        R"({"a":{"b":{"c":7}},"f":[{"h":3}]})");
  CHECK(eval("json.filter", {doc, json(R"([["a","e"]])")}) == R"({"a":{"e":9}})");
  CHECK(eval("json.filter", {doc, set_of({str("a/b"), str("a/b/c")})}) ==
        R"({"a":{"b":{"c":7,"d":8}}})");
  CHECK(eval("json.filter", {json(R"({"a/b":1,"c":2})"), json(R"(["a~1b"])")}) == R"({"a/b":1})");
  CHECK(error("json.filter", {doc, str("a")}) ==
        "type: operand 2 must be one of {set, array} but got string");
  CHECK(error("json.filter", {doc, json("[1]")}) ==
        "type: operand 2 must be one of {set, array} containing string paths or array of path "
        "segments but got number");
}

TEST_CASE("json.remove drops the named paths and closes arrays") {
  Value doc = json(R"({"a":{"b":1,"c":2},"l":[0,1,2]})");
  CHECK(eval("json.remove", {doc, json(R"(["a/b","l/1"])")}) == R"({"a":{"c":2},"l":[0,2]})");
  CHECK(eval("json.remove", {doc, json(R"([["a"]])")}) == R"({"l":[0,1,2]})");
  CHECK(eval("json.remove", {doc, json(R"(["x/y"])")}) == to_json(doc));
}

TEST_CASE("json.patch applies RFC 6902 operations") {
  Value doc = json(R"({"a":{"b":[1,2]},"c":"x"})");
  auto patch = [&](const char* ops) { return eval("json.patch", {doc, json(ops)}); };
  CHECK(patch(R"([{"op":"add","path":"/a/b/-","value":3}])") == R"({"a":{"b":[1,2,3]},"c":"x"})");
  CHECK(patch(R"([{"op":"add","path":"/a/b/0","value":0}])") == R"({"a":{"b":[0,1,2]},"c":"x"})");
  CHECK(patch(R"([{"op":"add","path":"/d","value":{}}])") == R"({"a":{"b":[1,2]},"c":"x","d":{}})");
  CHECK(patch(R"([{"op":"remove","path":"/c"}])") == R"({"a":{"b":[1,2]}})");
  CHECK(patch(R"([{"op":"replace","path":"/c","value":5}])") == R"({"a":{"b":[1,2]},"c":5})");
  CHECK(patch(R"([{"op":"move","from":"/c","path":"/a/c"}])") == R"({"a":{"b":[1,2],"c":"x"}})");
  CHECK(patch(R"([{"op":"copy","from":"/a/b","path":"/z"}])") ==
        R"({"a":{"b":[1,2]},"c":"x","z":[1,2]})");
  CHECK(patch(R"([{"op":"test","path":"/c","value":"x"},{"op":"add","path":"","value":1}])") ==
        "1");
  CHECK(patch(R"([{"op":"add","path":["a","b","1"],"value":9}])") ==
        R"({"a":{"b":[1,9,2]},"c":"x"})");
}

TEST_CASE("json.patch is undefined, not an error, when a patch cannot apply") {
  Value doc = json(R"({"a":{"b":[1,2]},"c":"x"})");
  auto patch = [&](const char* ops) { return eval("json.patch", {doc, json(ops)}); };
  CHECK(patch(R"([{"op":"test","path":"/c","value":"y"}])") == "undefined");
  CHECK(patch(R"([{"op":"remove","path":"/nope"}])") == "undefined");
  CHECK(patch(R"([{"path":"/c"}])") == "undefined");
  CHECK(patch(R"([{"op":"jump","path":"/c"}])") == "undefined");
  CHECK(patch(R"([{"op":1,"path":"/c"}])") == "undefined");
  CHECK(patch(R"([{"op":"add","value":1}])") == "undefined");
  CHECK(patch(R"([{"op":"add","path":"/d"}])") == "undefined");
  CHECK(patch(R"([{"op":"copy","path":"/d"}])") == "undefined");
  CHECK(patch(R"([{"op":"add","path":{},"value":1}])") == "undefined");
  CHECK(patch("[1]") == "undefined");
  // Array indexes: no negatives, no leading zeros, "-" only to append, nothing past the end.
  CHECK(patch(R"([{"op":"remove","path":["a","b",-1]}])") == "undefined");
  CHECK(patch(R"([{"op":"remove","path":"/a/b/01"}])") == "undefined");
  CHECK(patch(R"([{"op":"remove","path":"/a/b/-"}])") == "undefined");
  CHECK(patch(R"([{"op":"add","path":"/a/b/3","value":0}])") == "undefined");
  CHECK(patch(R"([{"op":"remove","path":["a","b",99999999999999999999999]}])") == "undefined");
  // A node cannot move into its own child: it is gone before the insertion.
  CHECK(patch(R"([{"op":"move","from":"/a","path":"/a/c"}])") == "undefined");
  // A later failure drops the earlier, successful operations too.
  CHECK(patch(R"([{"op":"remove","path":"/c"},{"op":"remove","path":"/c"}])") == "undefined");
  // Only a second operand that is not an array is an error.
  CHECK(error("json.patch", {doc, json(R"({"op":"add"})")}) ==
        "type: operand 2 must be array but got object");
}

TEST_CASE("json.patch removing the root leaves no document until one is added") {
  Value doc = json(R"({"a":1})");
  auto patch = [&](const char* ops) { return eval("json.patch", {doc, json(ops)}); };
  CHECK(patch(R"([{"op":"remove","path":""}])") == "undefined");
  CHECK(patch(R"([{"op":"remove","path":""},{"op":"add","path":"","value":{"b":"ü"}}])") ==
        R"({"b":"ü"})");
  CHECK(patch(R"([{"op":"remove","path":""},{"op":"remove","path":""}])") == "undefined");
  CHECK(patch(R"([{"op":"remove","path":""},{"op":"add","path":"/a","value":1}])") == "undefined");
  CHECK(patch(R"([{"op":"replace","path":"","value":[]}])") == "[]");
  CHECK(patch(R"([{"op":"move","from":"","path":""}])") == R"({"a":1})");
}

TEST_CASE("json.patch on sets treats members as paths") {
  Value doc = Value::object({{str("s"), set_of({str("a")})}});
  CHECK(eval("json.patch", {doc, json(R"([{"op":"add","path":"/s/b","value":"b"}])")}) ==
        R"({"s":["a","b"]})");
  CHECK(eval("json.patch", {doc, json(R"([{"op":"remove","path":"/s/a"}])")}) == R"({"s":[]})");
  CHECK(eval("json.patch", {doc, json(R"([{"op":"add","path":"/s/b","value":"c"}])")}) ==
        "undefined");
  CHECK(eval("json.patch", {doc, json(R"([{"op":"replace","path":"/s/a","value":"c"}])")}) ==
        "undefined");
  Value nested = set_of({json("[1]")});
  CHECK(eval("json.patch", {nested, json(R"([{"op":"add","path":[[1],1],"value":2}])")}) ==
        "[[1,2]]");
}
