#include "builtin_call.h"

using namespace mg::rego;
using namespace mg::rego::testing;

TEST_CASE("units.parse handles Kubernetes quantities") {
  auto parse = [](const char* s) { return eval("units.parse", {str(s)}); };
  CHECK(parse("512Mi") == "536870912");
  CHECK(parse("1G") == "1000000000");
  CHECK(parse("1g") == "1000000000");
  CHECK(parse("100m") == "0.1");
  CHECK(parse("1500m") == "1.5");
  CHECK(parse("1m") == "0.001");
  CHECK(parse("0.5") == "0.5");
  CHECK(parse("1e3") == "1000");
  CHECK(parse("1e-3K") == "1");
  CHECK(parse("2.5e6M") == "2500000000000");
  CHECK(parse("1E") == "1000000000000000000");
  CHECK(parse("2Ei") == "2305843009213693952");
  CHECK(parse("16Ei") == "18446744073709551616");
  CHECK(parse("1KI") == "1024");
  CHECK(parse("\"10\"") == "10");
  CHECK(parse("-2k") == "-2000");
  CHECK(parse("1.23456789012345m") == "0.0012345679");
  CHECK(parse("1M") == "1000000");
}

TEST_CASE("units.parse errors") {
  CHECK(error("units.parse", {str("1 G")}) ==
        "builtin: units.parse: spaces not allowed in resource strings");
  CHECK(error("units.parse", {str("G")}) == "builtin: units.parse: no amount provided");
  CHECK(error("units.parse", {str("10X")}) == "builtin: units.parse: unit X not recognized");
  CHECK(error("units.parse", {str("1.2.3")}) ==
        "builtin: units.parse: could not parse amount to a number");
  CHECK(error("units.parse", {str("1e1234567")}) == "builtin: units.parse: exponent too large");
  CHECK(error("units.parse", {num(1)}) == "type: operand 1 must be string but got number");
}

TEST_CASE("units.parse_bytes truncates to whole bytes, any case") {
  auto parse = [](const char* s) { return eval("units.parse_bytes", {str(s)}); };
  CHECK(parse("1KB") == "1000");
  CHECK(parse("1KiB") == "1024");
  CHECK(parse("1kib") == "1024");
  CHECK(parse("10") == "10");
  CHECK(parse("1.5Mi") == "1572864");
  CHECK(parse("1.1kb") == "1100");
  CHECK(parse("0.5") == "0");
  CHECK(parse("2e3") == "2000");
  CHECK(parse("1M") == "1000000");
  CHECK(error("units.parse_bytes", {str("1 KB")}) ==
        "builtin: units.parse_bytes: spaces not allowed in resource strings");
  CHECK(error("units.parse_bytes", {str("KB")}) ==
        "builtin: units.parse_bytes: no byte amount provided");
  CHECK(error("units.parse_bytes", {str("1xb")}) ==
        "builtin: units.parse_bytes: byte unit xb not recognized");
  CHECK(error("units.parse_bytes", {str("1..0kb")}) ==
        "builtin: units.parse_bytes: could not parse byte amount to a number");
}
