// Plain scalars resolve as go-yaml v2 resolves them, and come out as sigs.k8s.io/yaml's JSON.

#include "manifest/scalar.h"

#include "manifest_test_support.h"

using mg::manifest::testing::first_error;
using mg::manifest::testing::scalar_json;

TEST_CASE("YAML 1.1 booleans", "[scalar]") {
  for (auto word : {"y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"}) {
    INFO(word);
    CHECK(scalar_json(word) == "true");
  }
  for (auto word : {"n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"}) {
    INFO(word);
    CHECK(scalar_json(word) == "false");
  }
  // Other spellings stay strings.
  CHECK(scalar_json("tRUE") == "\"tRUE\"");
  CHECK(scalar_json("yES") == "\"yES\"");
  CHECK(scalar_json("t") == "\"t\"");
}

TEST_CASE("nulls", "[scalar]") {
  for (auto word : {"~", "null", "Null", "NULL", ""}) {
    INFO(word);
    CHECK(scalar_json(word) == "null");
  }
  CHECK(scalar_json("nULL") == "\"nULL\"");
  CHECK(scalar_json("!!null ''") == "null");
}

TEST_CASE("decimal integers", "[scalar]") {
  CHECK(scalar_json("0") == "0");
  CHECK(scalar_json("42") == "42");
  CHECK(scalar_json("+42") == "42");
  CHECK(scalar_json("-42") == "-42");
  CHECK(scalar_json("1_000_000") == "1000000");
  CHECK(scalar_json("9223372036854775807") == "9223372036854775807");
  CHECK(scalar_json("-9223372036854775808") == "-9223372036854775808");
  // Beyond int64 but within uint64: still exact.
  CHECK(scalar_json("18446744073709551615") == "18446744073709551615");
  // Beyond uint64, decimal: go-yaml falls back to a float.
  CHECK(scalar_json("123456789012345678901234567890") == "1.2345678901234568e+29");
  CHECK(scalar_json("-9223372036854775809") == "-9223372036854775808");
  CHECK(scalar_json("99999999999999999999") == "100000000000000000000");
}

TEST_CASE("hex, octal and binary integers", "[scalar]") {
  CHECK(scalar_json("0x1F") == "31");
  CHECK(scalar_json("0X1f") == "31");
  CHECK(scalar_json("-0x10") == "-16");
  CHECK(scalar_json("0x_ff") == "255");
  CHECK(scalar_json("0755") == "493");  // leading 0: octal
  CHECK(scalar_json("0o17") == "15");
  CHECK(scalar_json("0b1010") == "10");
  CHECK(scalar_json("-0b11") == "-3");
  // Not octal after all (8 and 9): the float syntax takes it, as go-yaml does.
  CHECK(scalar_json("0999") == "999");
  CHECK(scalar_json("08") == "8");
  // Prefixed integers beyond 64 bits stay exact (big integers).
  CHECK(scalar_json("0x10000000000000000") == "18446744073709551616");
  CHECK(scalar_json("0xFFFFFFFFFFFFFFFFFFFF") == "1208925819614629174706175");
  // ... but a sign stops that path: a string, as in go-yaml.
  CHECK(scalar_json("-0x10000000000000000") == "\"-0x10000000000000000\"");
  // Incomplete prefixes are strings.
  CHECK(scalar_json("0x") == "\"0x\"");
  CHECK(scalar_json("0b") == "\"0b\"");
  CHECK(scalar_json("0xG") == "\"0xG\"");
}

TEST_CASE("floats", "[scalar]") {
  CHECK(scalar_json("1.5") == "1.5");
  CHECK(scalar_json("-1.5") == "-1.5");
  CHECK(scalar_json(".5") == "0.5");
  CHECK(scalar_json("-.5") == "-0.5");
  CHECK(scalar_json("+.5") == "0.5");
  CHECK(scalar_json("1.") == "1");
  CHECK(scalar_json("1.0") == "1");
  CHECK(scalar_json("1.50") == "1.5");
  CHECK(scalar_json("1e3") == "1000");
  CHECK(scalar_json("1E3") == "1000");
  CHECK(scalar_json("1.5e-3") == "0.0015");
  CHECK(scalar_json("1_000.5") == "1000.5");
  CHECK(scalar_json("0.1") == "0.1");
  // Go's encoder switches to exponent form below 1e-6 and from 1e21.
  CHECK(scalar_json("1e-7") == "1e-7");
  CHECK(scalar_json("1.5e-10") == "1.5e-10");
  CHECK(scalar_json("1e20") == "100000000000000000000");
  CHECK(scalar_json("1e21") == "1e+21");
  CHECK(scalar_json("1e-400") == "0");
  // Out of range: not a float, so a string.
  CHECK(scalar_json("1e400") == "\"1e400\"");
  // Not YAML 1.1 floats.
  CHECK(scalar_json("1.2.3") == "\"1.2.3\"");
  CHECK(scalar_json(".") == "\".\"");
  CHECK(scalar_json("1e") == "\"1e\"");
  CHECK(scalar_json("0x1p3") == "\"0x1p3\"");
  CHECK(scalar_json("1:20") == "\"1:20\"");  // sexagesimal is deliberately unsupported
  CHECK(scalar_json("NaN") == "\"NaN\"");
  CHECK(scalar_json("Infinity") == "\"Infinity\"");
}

TEST_CASE("infinity and NaN have no JSON form", "[scalar]") {
  for (auto word : {".inf", ".Inf", ".INF", "+.inf", "-.inf", "-.INF", ".nan", ".NaN", ".NAN"}) {
    INFO(word);
    std::string error = first_error("v: " + std::string(word) + "\n");
    CHECK(error.find("cannot be represented in JSON") != std::string::npos);
    CHECK(error.rfind("1:4: ", 0) == 0);
  }
  // Other spellings are strings.
  CHECK(scalar_json(".INf") == "\".INf\"");
  CHECK(scalar_json("inf") == "\"inf\"");
}

TEST_CASE("timestamps stay strings", "[scalar]") {
  CHECK(scalar_json("2001-12-14") == "\"2001-12-14\"");
  CHECK(scalar_json("2001-12-14T21:59:43.10Z") == "\"2001-12-14T21:59:43.10Z\"");
  CHECK(scalar_json("2001-12-14 21:59:43.10") == "\"2001-12-14 21:59:43.10\"");
  CHECK(scalar_json("!!timestamp 2001-12-14") == "\"2001-12-14\"");
  CHECK(first_error("v: !!timestamp 2001-13-14\n")
            .find("cannot decode !!str `2001-13-14` as a !!timestamp") != std::string::npos);
}

TEST_CASE("quoted scalars are always strings", "[scalar]") {
  CHECK(scalar_json("\"true\"") == "\"true\"");
  CHECK(scalar_json("'yes'") == "\"yes\"");
  CHECK(scalar_json("\"123\"") == "\"123\"");
  CHECK(scalar_json("'1.5'") == "\"1.5\"");
  CHECK(scalar_json("\"null\"") == "\"null\"");
  CHECK(scalar_json("''") == "\"\"");
  CHECK(scalar_json("\"~\"") == "\"~\"");
  CHECK(scalar_json("\"a\\tb\\u00e9\"") == "\"a\\tbé\"");
  CHECK(scalar_json("'it''s'") == "\"it's\"");
}

TEST_CASE("explicit tags", "[scalar]") {
  CHECK(scalar_json("!!str 123") == "\"123\"");
  CHECK(scalar_json("!!str true") == "\"true\"");
  CHECK(scalar_json("!!str") == "\"\"");
  CHECK(scalar_json("!!int \"5\"") == "5");
  CHECK(scalar_json("!!int 0x10") == "16");
  CHECK(scalar_json("!!float 5") == "5");
  CHECK(scalar_json("!!float '2.5'") == "2.5");
  CHECK(scalar_json("!!bool \"yes\"") == "true");
  CHECK(scalar_json("!!null null") == "null");
  CHECK(scalar_json("!custom value") == "\"value\"");
  CHECK(scalar_json("! 12") == "\"12\"");
  CHECK(scalar_json("!<tag:yaml.org,2002:str> 12") == "\"12\"");
  CHECK(first_error("v: !!int abc\n") == "1:4: cannot decode !!str `abc` as a !!int");
  CHECK(first_error("v: !!int 1.5\n") == "1:4: cannot decode !!float `1.5` as a !!int");
  CHECK(first_error("v: !!bool 1\n") == "1:4: cannot decode !!int `1` as a !!bool");
  CHECK(first_error("v: !!null x\n") == "1:4: cannot decode !!str `x` as a !!null");
}

TEST_CASE("!!binary is decoded", "[scalar]") {
  CHECK(scalar_json("!!binary aGVsbG8=") == "\"hello\"");
  CHECK(scalar_json("!!binary |\n  aGVs\n  bG8h\n") == "\"hello!\"");
  // Bytes that are not UTF-8 become U+FFFD, as Go's JSON encoder writes them.
  CHECK(scalar_json("!!binary /w==") == "\"\xEF\xBF\xBD\"");
  CHECK(first_error("v: !!binary not*base64\n") ==
        "1:4: !!binary value contains invalid base64 data");
}

TEST_CASE("Go's float formatting", "[scalar]") {
  using mg::manifest::go_float32_g;
  using mg::manifest::go_json_float;
  CHECK(go_json_float(0.000001) == "0.000001");
  CHECK(go_json_float(0.0000001) == "1e-7");
  CHECK(go_json_float(123456789.0) == "123456789");
  CHECK(go_json_float(1e21) == "1e+21");
  CHECK(go_json_float(-2.5e-300) == "-2.5e-300");
  CHECK(go_float32_g(1.5) == "1.5");
  CHECK(go_float32_g(0.1) == "0.1");
  CHECK(go_float32_g(1000) == "1000");
  CHECK(go_float32_g(123456) == "123456");
  CHECK(go_float32_g(1e6) == "1e+06");
  CHECK(go_float32_g(1234567) == "1.234567e+06");
  CHECK(go_float32_g(0.0001) == "0.0001");
  CHECK(go_float32_g(0.00001) == "1e-05");
  CHECK(go_float32_g(3.141592653589793) == "3.1415927");
  CHECK(go_float32_g(-2) == "-2");
  CHECK(go_float32_g(1e300) == ".inf");
}
