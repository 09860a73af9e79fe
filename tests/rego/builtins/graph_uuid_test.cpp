#include "builtin_call.h"

using namespace mg::rego;
using namespace mg::rego::testing;

TEST_CASE("graph.reachable follows edges from the initial vertices") {
  Value graph = json(R"({"a":["b"],"b":["c"],"c":["a"],"d":[],"e":["x"]})");
  CHECK(eval("graph.reachable", {graph, json(R"(["a"])")}) == R"(["a","b","c"])");
  CHECK(eval("graph.reachable", {graph, set_of({str("d")})}) == R"(["d"])");
  CHECK(eval("graph.reachable", {graph, json(R"(["e"])")}) == R"(["e"])");
  CHECK(eval("graph.reachable", {graph, json(R"(["zz"])")}) == "[]");
  Value set_edges = Value::object({{str("a"), set_of({str("b")})}, {str("b"), set_of({})}});
  CHECK(eval("graph.reachable", {set_edges, json(R"(["a"])")}) == R"(["a","b"])");
  CHECK(error("graph.reachable", {graph, str("a")}) ==
        "type: operand 2 must be {array, set} but got string");
  CHECK(error("graph.reachable", {json("[]"), json("[]")}) ==
        "type: operand 1 must be object but got array");
}

TEST_CASE("graph.reachable_paths lists paths to leaves and cycles") {
  Value graph = json(R"({"a":["b","c"],"b":["d"],"c":[],"d":[],"x":["y"],"y":["x"]})");
  CHECK(eval("graph.reachable_paths", {graph, json(R"(["a"])")}) == R"([["a","b","d"],["a","c"]])");
  CHECK(eval("graph.reachable_paths", {graph, json(R"(["c"])")}) == R"([["c"]])");
  CHECK(eval("graph.reachable_paths", {graph, json(R"(["x"])")}) == R"([["x","y"]])");
  CHECK(eval("graph.reachable_paths", {json(R"({"a":["q"]})"), json(R"(["a"])")}) == R"([["a"]])");
}

TEST_CASE("graph.reachable_paths walks as OPA does") {
  // A vertex reached on one branch ends a later branch below the same first step.
  Value shared = json(R"({"r":["a"],"a":["b","c"],"b":["c"],"c":["q"]})");
  CHECK(eval("graph.reachable_paths", {shared, json(R"(["r"])")}) ==
        R"([["r","a"],["r","a","b","c"]])");
  // Each first step starts afresh.
  Value fresh = json(R"({"r":["x","y"],"x":["z"],"y":["z"],"z":[]})");
  CHECK(eval("graph.reachable_paths", {fresh, json(R"(["r"])")}) ==
        R"([["r","x","z"],["r","y","z"]])");
  // OPA commits the path once more for every further stop from the same vertex.
  Value twice = json(R"({"r":["a"],"a":["r","r"]})");
  CHECK(eval("graph.reachable_paths", {twice, json(R"(["r"])")}) ==
        R"([["r","a"],["r","a","r","a"]])");
  // Unicode vertices; a start outside the graph gives nothing.
  Value words = Value::object({{str("ß"), set_of({str("σ")})}, {str("σ"), set_of({})}});
  CHECK(eval("graph.reachable_paths", {words, set_of({str("ß"), str("zz")})}) == R"([["ß","σ"]])");
}

TEST_CASE("uuid.rfc4122 makes version 4 UUIDs") {
  std::mt19937_64 rng(7);
  BuiltinContext ctx;
  ctx.random = &rng;
  auto u = call("uuid.rfc4122", {str("k")}, &ctx);
  REQUIRE(u->is_string());
  std::string s(u->as_string());
  CHECK(s.size() == 36);
  CHECK(s[14] == '4');
  CHECK(std::string("89ab").find(s[19]) != std::string::npos);
  auto parsed = call("uuid.parse", {*u});
  CHECK(to_json(*parsed) == R"({"variant":"RFC4122","version":4})");
  CHECK(find_builtin("uuid.rfc4122")->nondeterministic);
}

TEST_CASE("uuid.rfc4122 gives one UUID per string within an evaluation") {
  std::mt19937_64 rng(7);
  BuiltinContext ctx;
  ctx.random = &rng;
  auto a = call("uuid.rfc4122", {str("a")}, &ctx);
  CHECK(*call("uuid.rfc4122", {str("a")}, &ctx) == *a);
  CHECK_FALSE(*call("uuid.rfc4122", {str("b")}, &ctx) == *a);
  CHECK(error("uuid.rfc4122", {num(42)}) == "type: operand 1 must be string but got number");
}

TEST_CASE("uuid.parse decodes versions 1 and 2") {
  CHECK(
      eval("uuid.parse", {str("c7f7b5c6-3b8e-11ee-be56-0242ac120002")}) ==
      R"({"clocksequence":15958,"macvariables":"local:unicast","nodeid":"02-42-ac-12-00-02","time":1692119492135879000,"variant":"RFC4122","version":1})");
  CHECK(
      eval("uuid.parse", {str("000003e8-3b8e-21ee-be00-0242ac120002")}) ==
      R"({"clocksequence":15872,"domain":"Person","id":1000,"macvariables":"local:unicast","nodeid":"02-42-ac-12-00-02","time":1692119156645988000,"variant":"RFC4122","version":2})");
  // The node id's first byte carries the multicast (bit 0) and local (bit 1) flags.
  CHECK(eval("uuid.parse", {str("6ba7b810-9dad-11d1-80b4-01c04fd430c8")})
            .find(R"("macvariables":"global:multicast","nodeid":"01-c0-4f-d4-30-c8")") !=
        std::string::npos);
  CHECK(eval("uuid.parse", {str("{C7F7B5C6-3B8E-41EE-BE56-0242AC120002}")}) ==
        R"({"variant":"RFC4122","version":4})");
  CHECK(eval("uuid.parse", {str("urn:uuid:c7f7b5c63b8e41eebe560242ac120002")}) == "undefined");
  CHECK(eval("uuid.parse", {str("c7f7b5c63b8e41eebe560242ac120002")}) ==
        R"({"variant":"RFC4122","version":4})");
  CHECK(eval("uuid.parse", {str("not-a-uuid")}) == "undefined");
  CHECK(error("uuid.parse", {num(1)}) == "type: operand 1 must be string but got number");
}
