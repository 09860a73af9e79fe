#include "rego/value/value.h"

#include <catch2/catch.hpp>
#include <optional>

#include "rego/value/json.h"

using mg::rego::compare;
using mg::rego::Kind;
using mg::rego::ObjectEntry;
using mg::rego::parse_json;
using mg::rego::to_json;
using mg::rego::Value;

namespace {
Value json(std::string_view text) {
  auto parsed = parse_json(text);
  REQUIRE(std::holds_alternative<Value>(parsed));
  return std::get<Value>(parsed);
}
}  // namespace

TEST_CASE("kinds follow Rego's total order") {
  std::vector<Value> ordered = {Value::null(),
                                Value::boolean(false),
                                Value::boolean(true),
                                Value::integer(-5),
                                Value::floating(0.5),
                                Value::integer(1),
                                Value::string(""),
                                Value::string("a"),
                                Value::string("b"),
                                Value::array({}),
                                Value::array({Value::integer(1)}),
                                Value::empty_object(),
                                Value::empty_set()};
  for (size_t i = 0; i + 1 < ordered.size(); ++i) {
    INFO(to_json(ordered[i]) << " < " << to_json(ordered[i + 1]));
    CHECK(compare(ordered[i], ordered[i + 1]) < 0);
    CHECK(compare(ordered[i + 1], ordered[i]) > 0);
  }
}

TEST_CASE("integers are exact across the whole int64 range") {
  auto big = json("9223372036854775807");
  REQUIRE(big.is_integer());
  CHECK(big.as_int() == INT64_MAX);
  CHECK(to_json(json("-9223372036854775808")) == "-9223372036854775808");
  CHECK(json("9223372036854775806") != json("9223372036854775807"));
}

TEST_CASE("numbers keep their JSON text") {
  CHECK(to_json(json("0.1")) == "0.1");
  CHECK(to_json(json("1.5")) == "1.5");
  CHECK(to_json(json("18446744073709551616")) == "18446744073709551616");
  CHECK(to_json(Value::number("1e400").value()) == "1e400");
  // Integral decimals are the integer, as in Rego: 1.0 == 1.
  CHECK(json("1.0") == Value::integer(1));
  CHECK(json("1e3") == Value::integer(1000));
  CHECK(Value::floating(3.0).is_integer());
  CHECK(json("2.5") == Value::floating(2.5));
  CHECK(compare(json("18446744073709551616"), json("18446744073709551617")) < 0);
}

TEST_CASE("objects sort keys and look them up") {
  auto obj = json(R"({"b": 1, "a": 2, "c": {"x": [true, null]}})");
  REQUIRE(obj.is_object());
  CHECK(to_json(obj) == R"({"a":2,"b":1,"c":{"x":[true,null]}})");
  REQUIRE(obj.get("a") != nullptr);
  CHECK(*obj.get("a") == Value::integer(2));
  CHECK(obj.get("zz") == nullptr);
  CHECK(obj.get(Value::integer(1)) == nullptr);
}

TEST_CASE("object lookups tell apart keys that agree in length and leading bytes") {
  // Keys of every length around the lookup fingerprint's bytes, each with near twins.
  std::vector<std::string> keys = {"",
                                   "a",
                                   "abcdefg",
                                   "abcdefgh",
                                   "abcdefgX",
                                   "abcdefghijklmn",
                                   "abcdefghijklmno",
                                   "abcdefghijklmnX",
                                   "abcdefghijklmnop",
                                   "abcdefghijklmnoX",
                                   std::string(300, 'k'),
                                   std::string(300, 'k') + "z"};
  std::vector<ObjectEntry> entries;
  for (size_t i = 0; i < keys.size(); ++i)
    entries.emplace_back(Value::string(keys[i]), Value::integer(static_cast<int64_t>(i)));
  entries.emplace_back(Value::integer(7), Value::string("number key"));
  Value obj = Value::object(entries);
  for (size_t i = 0; i < keys.size(); ++i) {
    INFO(keys[i]);
    REQUIRE(obj.get(keys[i]) != nullptr);
    CHECK(*obj.get(keys[i]) == Value::integer(static_cast<int64_t>(i)));
    CHECK(*obj.get(Value::string(keys[i])) == Value::integer(static_cast<int64_t>(i)));
  }
  CHECK(obj.get("abcdefghijklmnY") == nullptr);
  CHECK(obj.get("abcdefghijklmnoY") == nullptr);
  CHECK(obj.get(std::string(300, 'k') + "y") == nullptr);
  CHECK(obj.get(std::string(299, 'k')) == nullptr);
  // A number key is never found by a string, not even the empty one.
  Value numbers = Value::object({{Value::integer(1), Value::string("one")}});
  CHECK(numbers.get("") == nullptr);
  CHECK(numbers.get(Value::string("")) == nullptr);
  REQUIRE(obj.get(Value::integer(7)) != nullptr);
  CHECK(*obj.get(Value::integer(7)) == Value::string("number key"));
}

TEST_CASE("non-string object keys sort by type and print as JSON text") {
  auto obj = Value::object(
      {{Value::string("s"), Value::integer(1)}, {Value::integer(2), Value::integer(3)}});
  CHECK(to_json(obj) == R"({"2":3,"s":1})");
  REQUIRE(obj.get(Value::integer(2)) != nullptr);
  CHECK(obj.get("s") != nullptr);
}

TEST_CASE("object construction keeps the last value of a repeated key") {
  auto obj = Value::object(
      {{Value::string("k"), Value::integer(1)}, {Value::string("k"), Value::integer(2)}});
  CHECK(to_json(obj) == R"({"k":2})");
}

TEST_CASE("sets sort and deduplicate, and print as arrays") {
  auto s =
      Value::set({Value::integer(3), Value::string("a"), Value::integer(1), Value::integer(3)});
  CHECK(s.size() == 3);
  CHECK(to_json(s) == R"([1,3,"a"])");
  CHECK(s.contains(Value::integer(1)));
  CHECK_FALSE(s.contains(Value::integer(2)));
}

TEST_CASE("equal values hash equally") {
  auto a = json(R"({"x": [1, 2, {"y": "z"}]})");
  auto b = json(R"({"x": [1, 2, {"y": "z"}]})");
  CHECK(a == b);
  CHECK(a.hash() == b.hash());
}

TEST_CASE("string size counts code points") {
  CHECK(Value::string("héllo").size() == 5);
  CHECK(Value::string("").size() == 0);
}

TEST_CASE("copies share nodes and survive the original") {
  Value copy;
  {
    auto original = Value::array({Value::string("kept")});
    copy = original;
  }
  CHECK(to_json(copy) == R"(["kept"])");
}

TEST_CASE("JSON output escapes as Go does without HTML escaping") {
  CHECK(to_json(Value::string("a\"b\\c\n<&>\x01")) == R"("a\"b\\c\n<&>\u0001")");
  CHECK(to_json(Value::string("\xE2\x80\xA8")) == R"("\u2028")");
}

TEST_CASE("pretty JSON is indented like Go's MarshalIndent") {
  auto v = json(R"({"a":[1,{}],"b":[]})");
  CHECK(mg::rego::to_json_pretty(v) == "{\n  \"a\": [\n    1,\n    {}\n  ],\n  \"b\": []\n}");
}

TEST_CASE("malformed JSON reports line and column") {
  auto r = parse_json("{\n  \"a\": 1,\n  \"b\" 2\n}");
  REQUIRE(std::holds_alternative<mg::rego::JsonError>(r));
  auto err = std::get<mg::rego::JsonError>(r);
  CHECK(err.line == 3);
  CHECK(err.column >= 6);
}

TEST_CASE("duplicate JSON keys are an error at the second key") {
  auto r = parse_json("{\"a\": 1,\n \"a\": 2}");
  REQUIRE(std::holds_alternative<mg::rego::JsonError>(r));
  auto err = std::get<mg::rego::JsonError>(r);
  CHECK(err.message.find("duplicate key") != std::string::npos);
  CHECK(err.line == 2);
}

TEST_CASE("JSON read as Go reads it keeps the last of repeated keys") {
  mg::rego::JsonLimits go_json;
  go_json.last_duplicate_wins = true;
  auto r = parse_json(R"({"b":0,"a":1,"b":2,"a":{"c":3,"c":4},"a":5})", go_json);
  REQUIRE(std::holds_alternative<mg::rego::Value>(r));
  CHECK(mg::rego::to_json(std::get<mg::rego::Value>(r)) == R"({"a":5,"b":2})");
  auto nested = parse_json(R"([{"c":3,"c":4}])", go_json);
  CHECK(mg::rego::to_json(std::get<mg::rego::Value>(nested)) == R"([{"c":4}])");
}

TEST_CASE("deep JSON nesting is an error, not a crash") {
  std::string deep(10000, '[');
  deep += std::string(10000, ']');
  auto r = parse_json(deep);
  REQUIRE(std::holds_alternative<mg::rego::JsonError>(r));
  CHECK(std::get<mg::rego::JsonError>(r).message.find("nesting") != std::string::npos);
}

TEST_CASE("invalid UTF-8 in JSON is an error") {
  auto r = parse_json("\"abc\xff\"");
  REQUIRE(std::holds_alternative<mg::rego::JsonError>(r));
  CHECK(std::get<mg::rego::JsonError>(r).message == "invalid UTF-8");
  CHECK(std::get<mg::rego::JsonError>(r).column == 5);
}

TEST_CASE("trailing content after JSON is an error") {
  CHECK(std::holds_alternative<mg::rego::JsonError>(parse_json("{} x")));
  CHECK(std::holds_alternative<Value>(parse_json("{}  \n")));
}

TEST_CASE("borrowed values share the originals and leave their counts alone") {
  // Run under the sanitizers, a count changed by borrowing shows as a leak or a double free.
  std::optional<Value> kept;
  {
    Value name = Value::string("a string long enough to live on the heap");
    Value list = json(R"([1, {"k": "v"}])");
    Value number = Value::integer(7);
    std::vector<const Value*> few = {&name, &list, &number};
    {
      mg::rego::BorrowedValues borrowed(few);
      REQUIRE(borrowed.values().size() == 3);
      CHECK(borrowed.values()[0] == name);
      CHECK(borrowed.values()[1].identity() == list.identity());
      CHECK(borrowed.values()[2] == number);
      kept = borrowed.values()[1];  // a copy made from a borrowed value is counted
    }
    std::vector<const Value*> many(6, &name);
    mg::rego::BorrowedValues borrowed(many);
    REQUIRE(borrowed.values().size() == 6);
    CHECK(borrowed.values()[5].identity() == name.identity());
  }
  CHECK(to_json(*kept) == R"([1,{"k":"v"}])");
}
