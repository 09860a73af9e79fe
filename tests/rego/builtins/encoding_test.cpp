#include "builtin_call.h"

using namespace mg::rego;
using namespace mg::rego::testing;

namespace {
std::string text(std::string_view name, std::vector<Value> args) {
  auto r = call(name, std::move(args));
  REQUIRE(r);
  REQUIRE(r->is_string());
  return std::string(r->as_string());
}
}  // namespace

TEST_CASE("base64 encodes and decodes as Go's StdEncoding") {
  CHECK(text("base64.encode", {str("hello")}) == "aGVsbG8=");
  CHECK(text("base64.encode", {str("héllo")}) == "aMOpbGxv");
  CHECK(text("base64.encode", {str("")}) == "");
  CHECK(text("base64.decode", {str("aGVsbG8=")}) == "hello");
  CHECK(text("base64.decode", {str("aMOp\nbGxv")}) == "héllo");
  CHECK(error("base64.decode", {str("aGVsbG8")}) == "builtin: illegal base64 data at input byte 4");
  CHECK(error("base64.decode", {str("a$==")}) == "builtin: illegal base64 data at input byte 1");
  CHECK(error("base64.decode", {str("aGVsbG8=x")}) ==
        "builtin: illegal base64 data at input byte 8");
  CHECK(error("base64.encode", {num(1)}) == "type: operand 1 must be string but got number");
}

TEST_CASE("base64.is_valid answers false for bad text and non-strings") {
  CHECK(eval("base64.is_valid", {str("aGVsbG8=")}) == "true");
  CHECK(eval("base64.is_valid", {str("aGVsbG8")}) == "false");
  CHECK(eval("base64.is_valid", {num(1)}) == "false");
}

TEST_CASE("base64url pads missing padding and has a no-pad encoder") {
  CHECK(text("base64url.encode", {str("\xff\xfe")}) == "__4=");
  CHECK(text("base64url.encode_no_pad", {str("\xff\xfe")}) == "__4");
  CHECK(text("base64url.decode", {str("__4")}) == "\xff\xfe");
  CHECK(text("base64url.decode", {str("aGVsbG8")}) == "hello");
  CHECK(error("base64url.decode", {str("aGVsb")}) == "builtin: illegal base64url string: aGVsb");
}

TEST_CASE("hex encodes bytes and reports Go's decode errors") {
  CHECK(text("hex.encode", {str("hé")}) == "68c3a9");
  CHECK(text("hex.decode", {str("68C3A9")}) == "hé");
  CHECK(error("hex.decode", {str("6g")}) == "builtin: encoding/hex: invalid byte: U+0067 'g'");
  CHECK(error("hex.decode", {str("686")}) == "builtin: encoding/hex: odd length hex string");
}

TEST_CASE("urlquery escapes as Go's QueryEscape") {
  CHECK(text("urlquery.encode", {str("a b&c=d/é~")}) == "a+b%26c%3Dd%2F%C3%A9~");
  CHECK(text("urlquery.decode", {str("a+b%26c%3Dd%2F%C3%A9~")}) == "a b&c=d/é~");
  CHECK(error("urlquery.decode", {str("a%zzb")}) == "builtin: invalid URL escape \"%zz\"");
  CHECK(error("urlquery.decode", {str("a%2")}) == "builtin: invalid URL escape \"%2\"");
}

TEST_CASE("urlquery objects") {
  CHECK(text("urlquery.encode_object", {json(R"({"b":"x y","a":["1","2"],"c":[]})")}) ==
        "a=1&a=2&b=x+y");
  CHECK(text("urlquery.encode_object",
             {Value::object({{str("s"), set_of({str("q"), str("p")})}})}) == "s=p&s=q");
  CHECK(error("urlquery.encode_object", {json(R"({"a":1})")}) ==
        "type: operand 1 values must be string, array[string], or set[string]");
  CHECK(eval("urlquery.decode_object", {str("a=1&b=x+y&a=2&c")}) ==
        R"({"a":["1","2"],"b":["x y"],"c":[""]})");
  CHECK(error("urlquery.decode_object", {str("a=1;b=2")}) ==
        "builtin: invalid semicolon separator in query");
}

TEST_CASE("json.marshal writes compact JSON with Go's HTML escaping") {
  CHECK(text("json.marshal", {json(R"({"b":[1,2.5],"a":"<&>"})")}) ==
        R"({"a":"\u003c\u0026\u003e","b":[1,2.5]})");
  CHECK(text("json.marshal", {set_of({num(2), num(1)})}) == "[1,2]");
  CHECK(text("json.marshal", {str("héllo")}) == "\"héllo\"");
}

TEST_CASE("json.marshal_with_options indents like MarshalIndent") {
  Value v = json(R"({"foo":"bar","bar":[1]})");
  CHECK(text("json.marshal_with_options", {v, json(R"({"indent":"  "})")}) ==
        "{\n  \"bar\": [\n    1\n  ],\n  \"foo\": \"bar\"\n}");
  CHECK(text("json.marshal_with_options", {v, json(R"({"prefix":"> "})")}) ==
        "> {\n> \t\"bar\": [\n> \t\t1\n> \t],\n> \t\"foo\": \"bar\"\n> }");
  CHECK(text("json.marshal_with_options", {v, json(R"({"pretty":false,"indent":"x"})")}) ==
        R"({"bar":[1],"foo":"bar"})");
  CHECK(text("json.marshal_with_options", {json("[]"), json(R"({"prefix":"--"})")}) == "--[]");
  CHECK(error("json.marshal_with_options", {v, json(R"({"colour":true})")}) ==
        "type: operand 2 object contained unknown key \"colour\"");
  CHECK(error("json.marshal_with_options", {v, num(1)}) ==
        "type: operand 2 must be object but got number");
}

TEST_CASE("json.unmarshal and json.is_valid") {
  CHECK(eval("json.unmarshal", {str(R"({"a":[1,"é",null,true]})")}) ==
        R"({"a":[1,"é",null,true]})");
  CHECK(error("json.unmarshal", {str("{")}).rfind("builtin: ", 0) == 0);
  CHECK(eval("json.is_valid", {str("[1,2]")}) == "true");
  CHECK(eval("json.is_valid", {str("[1,2")}) == "false");
  CHECK(eval("json.is_valid", {num(1)}) == "false");
  // Go's encoding/json keeps the last of repeated keys, at every depth.
  CHECK(eval("json.unmarshal", {str(R"({"k":1,"j":{"x":1,"x":[2]},"k":"ß"})")}) ==
        R"({"j":{"x":[2]},"k":"ß"})");
  CHECK(eval("json.is_valid", {str(R"({"a":1,"a":2})")}) == "true");
}

TEST_CASE("yaml.unmarshal resolves scalars as go-yaml v2 does") {
  CHECK(
      eval("yaml.unmarshal", {str("a: yes\nb: off\nc: ~\nd: 0x1F\ne: 0777\nf: 1_000\ng: 1.5\n"
                                  "h: '123'\ni: 2001-12-14\nj: .5\nk: -12\n")}) ==
      R"({"a":true,"b":false,"c":null,"d":31,"e":511,"f":1000,"g":1.5,"h":"123","i":"2001-12-14","j":0.5,"k":-12})");
  CHECK(eval("yaml.unmarshal", {str("1: a\ntrue: b\n")}) == R"({"1":"a","true":"b"})");
  CHECK(eval("yaml.unmarshal", {str("- héllo\n- [1, 2]\n- {x: z}\n")}) ==
        R"(["héllo",[1,2],{"x":"z"}])");
  // YAML 1.1: a bare y is a boolean, also as a key (a known Kubernetes surprise).
  CHECK(eval("yaml.unmarshal", {str("y: n")}) == R"({"true":false})");
  CHECK(eval("yaml.unmarshal", {str("")}) == "null");
  CHECK(eval("yaml.unmarshal", {str("18446744073709551615")}) == "18446744073709551615");
}

TEST_CASE("yaml.unmarshal supports anchors and merge keys") {
  CHECK(eval("yaml.unmarshal", {str("base: &b {x: 1, z: 2}\nderived:\n  <<: *b\n  z: 3\n")}) ==
        R"({"base":{"x":1,"z":2},"derived":{"x":1,"z":3}})");
}

TEST_CASE("yaml.unmarshal errors and yaml.is_valid") {
  CHECK(error("yaml.unmarshal", {str("a: [1, 2")})
            .rfind("builtin: error converting YAML to JSON: yaml: line", 0) == 0);
  CHECK(error("yaml.unmarshal", {str("a: .inf")}) == "builtin: json: unsupported value: +Inf");
  CHECK(eval("yaml.is_valid", {str("a: [1, 2")}) == "false");
  CHECK(eval("yaml.is_valid", {str("a: 1")}) == "true");
  CHECK(eval("yaml.is_valid", {num(1)}) == "false");
}

TEST_CASE("yaml.marshal writes go-yaml v2's block style") {
  CHECK(text("yaml.marshal", {json(R"({"b":[1,{"c":"d","e":[]}],"a":{"x":null,"y":true}})")}) ==
        "a:\n  x: null\n  \"y\": true\nb:\n- 1\n- c: d\n  e: []\n");
  CHECK(text("yaml.marshal",
             {json(R"({"s":"true","n":"12","e":"","q":"a: b","h":"#x","m":"l1\nl2"})")}) ==
        "e: \"\"\nh: '#x'\nm: |-\n  l1\n  l2\n\"n\": \"12\"\nq: 'a: b'\ns: \"true\"\n");
  CHECK(text("yaml.marshal", {json("[[1,2],\"héllo\"]")}) == "- - 1\n  - 2\n- héllo\n");
  CHECK(text("yaml.marshal", {json("{}")}) == "{}\n");
  CHECK(text("yaml.marshal", {json("1.5")}) == "1.5\n");
  CHECK(text("yaml.marshal", {json("1234567.5")}) == "1.2345675e+06\n");
}

TEST_CASE("yaml.marshal sorts keys in go-yaml's natural order") {
  CHECK(text("yaml.marshal", {json(R"({"a10":1,"a2":2,"B":3,"_":4})")}) ==
        "_: 4\nB: 3\na2: 2\na10: 1\n");
}

TEST_CASE("json.match_schema validates documents") {
  Value schema = json(
      R"({"properties":{"id":{"type":"integer"},"tags":{"type":"array","items":{"type":"string"}}},"required":["id","name"],"additionalProperties":{"type":["integer","array"]}})");
  CHECK(eval("json.match_schema", {json(R"({"id":5,"name":1})"), schema}) == "[true,[]]");
  CHECK(
      eval("json.match_schema", {str(R"({"id":"x","name":1})"), schema}) ==
      R"([false,[{"desc":"Invalid type. Expected: integer, given: string","error":"id: Invalid type. Expected: integer, given: string","field":"id","type":"invalid_type"}]])");
  CHECK(
      eval("json.match_schema", {json(R"({"id":1,"tags":["a",2]})"), schema}) ==
      R"([false,[{"desc":"name is required","error":"name: name is required","field":"name","type":"required"},{"desc":"Invalid type. Expected: string, given: integer","error":"tags.1: Invalid type. Expected: string, given: integer","field":"tags.1","type":"invalid_type"}]])");
}

TEST_CASE("json.match_schema keywords") {
  auto valid = [](const char* doc, const char* schema) {
    auto r = call("json.match_schema", {json(doc), json(schema)});
    return r->as_array()[0].as_bool();
  };
  CHECK(valid(R"({"a":"abc"})",
              R"({"properties":{"a":{"minLength":3,"maxLength":3,"pattern":"^a"}}})"));
  CHECK_FALSE(valid(R"({"a":"ab"})", R"({"properties":{"a":{"minLength":3}}})"));
  CHECK(valid(R"({"a":"héé"})", R"({"properties":{"a":{"maxLength":3}}})"));
  CHECK_FALSE(valid(R"({"a":"xbc"})", R"({"properties":{"a":{"pattern":"^a"}}})"));
  CHECK(valid(R"({"n":5})", R"({"properties":{"n":{"minimum":5,"maximum":5}}})"));
  CHECK_FALSE(valid(R"({"n":5})", R"({"properties":{"n":{"exclusiveMaximum":5}}})"));
  CHECK_FALSE(valid(R"({"n":5})", R"({"properties":{"n":{"maximum":5,"exclusiveMaximum":true}}})"));
  CHECK(valid(R"({"k":"b"})", R"({"properties":{"k":{"enum":["a","b"]}}})"));
  CHECK_FALSE(valid(R"({"k":"c"})", R"({"properties":{"k":{"enum":["a","b"]}}})"));
  CHECK_FALSE(valid(R"({"k":"c"})", R"({"properties":{"k":{"const":"a"}}})"));
  CHECK(valid(R"({"x":1})", R"({"anyOf":[{"required":["y"]},{"required":["x"]}]})"));
  CHECK_FALSE(valid(R"({"x":1,"y":1})", R"({"oneOf":[{"required":["y"]},{"required":["x"]}]})"));
  CHECK_FALSE(valid(R"({"x":1})", R"({"not":{"required":["x"]}})"));
  CHECK_FALSE(valid(R"({"x":1})", R"({"allOf":[{"required":["x"]},{"required":["z"]}]})"));
  CHECK_FALSE(valid(R"({"x":1})", R"({"additionalProperties":false})"));
  CHECK(valid(
      R"({"a":{"b":1}})",
      R"({"definitions":{"n":{"type":"integer"}},"properties":{"a":{"properties":{"b":{"$ref":"#/definitions/n"}}}}})"));
  CHECK_FALSE(valid(
      R"({"a":{"b":"s"}})",
      R"({"definitions":{"n":{"type":"integer"}},"properties":{"a":{"properties":{"b":{"$ref":"#/definitions/n"}}}}})"));
  CHECK_FALSE(valid(R"([1,1])", R"({"uniqueItems":true,"minItems":1})"));
  CHECK_FALSE(valid(R"([1])", R"({"minItems":2})"));
  CHECK(valid(R"({"n":1.0})", R"({"properties":{"n":{"type":"integer"}}})"));
}

TEST_CASE("json.verify_schema and invalid schemas") {
  CHECK(eval("json.verify_schema", {str(R"({"type":"boolean"})")}) == "[true,null]");
  CHECK(
      eval("json.verify_schema", {json(R"({"type":"unknown"})")}) ==
      R"([false,"jsonschema: has a primitive type that is NOT VALID -- given: /unknown/ Expected valid values are:[array boolean integer number null object string]"])");
  CHECK(eval("json.verify_schema", {str("{")}) == R"([false,"jsonschema: invalid JSON string"])");
  CHECK(error("json.match_schema", {json("{}"), json(R"({"type":"unknown"})")}) ==
        "builtin: has a primitive type that is NOT VALID -- given: /unknown/ Expected valid values "
        "are:[array boolean integer number null object string]");
  CHECK(error("json.match_schema", {num(1), json("{}")}) ==
        "builtin: wrong type, expected string or object");
}

TEST_CASE("encoding builtins have declarations") {
  for (auto name :
       {"base64.encode", "yaml.marshal", "json.match_schema", "urlquery.encode_object"}) {
    const Builtin* b = find_builtin(name);
    REQUIRE(b);
    CHECK(std::holds_alternative<Value>(parse_json(b->decl_json)));
  }
}
