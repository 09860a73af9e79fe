#include "builtin_call.h"

using namespace mg::rego;
using namespace mg::rego::testing;

TEST_CASE("net.cidr_contains with addresses and networks") {
  CHECK(eval("net.cidr_contains", {str("10.0.0.0/8"), str("10.1.2.3")}) == "true");
  CHECK(eval("net.cidr_contains", {str("10.0.0.0/8"), str("11.0.0.1")}) == "false");
  CHECK(eval("net.cidr_contains", {str("10.0.0.0/8"), str("10.20.0.0/16")}) == "true");
  CHECK(eval("net.cidr_contains", {str("10.0.0.0/16"), str("10.0.0.0/8")}) == "false");
  CHECK(eval("net.cidr_contains", {str("2001:db8::/32"), str("2001:db8:1::1")}) == "true");
  CHECK(eval("net.cidr_contains", {str("2001:db8::/32"), str("2001:db9::1")}) == "false");
  CHECK(eval("net.cidr_contains", {str("2001:db8::/32"), str("10.0.0.1")}) == "false");
  CHECK(eval("net.cidr_contains", {str("10.0.0.0/8"), str("::ffff:10.0.0.1")}) == "true");
  CHECK(eval("net.cidr_overlap", {str("192.168.0.0/24"), str("192.168.0.7")}) == "true");
  CHECK(error("net.cidr_contains", {str("10.0.0.0"), str("10.0.0.1")}) ==
        "builtin: invalid CIDR address: 10.0.0.0");
  CHECK(error("net.cidr_contains", {str("10.0.0.0/8"), str("nope")}) ==
        "builtin: not a valid textual representation of an IP address or CIDR: nope");
  CHECK(error("net.cidr_contains", {str("10.0.0.0/8"), num(1)}) ==
        "type: operand 1 must be string but got number");
  CHECK(error("net.cidr_contains", {str("010.0.0.0/8"), str("10.0.0.1")}) ==
        "builtin: invalid CIDR address: 010.0.0.0/8");
}

TEST_CASE("net.cidr_intersects and net.cidr_is_valid") {
  CHECK(eval("net.cidr_intersects", {str("10.0.0.0/8"), str("10.255.0.0/16")}) == "true");
  CHECK(eval("net.cidr_intersects", {str("10.0.0.0/16"), str("10.1.0.0/16")}) == "false");
  CHECK(eval("net.cidr_intersects", {str("fd00::/8"), str("fd12::/16")}) == "true");
  CHECK(eval("net.cidr_is_valid", {str("10.0.0.0/33")}) == "false");
  CHECK(eval("net.cidr_is_valid", {str("::/0")}) == "true");
  CHECK(eval("net.cidr_is_valid", {str("1:2:3:4:5:6:7:8/128")}) == "true");
  CHECK(eval("net.cidr_is_valid", {str("1::2::3/64")}) == "false");
  CHECK(eval("net.cidr_is_valid", {str("10.0.0.1")}) == "false");
  CHECK(eval("net.cidr_is_valid", {num(1)}) == "false");
}

TEST_CASE("net.cidr_expand lists every address") {
  CHECK(eval("net.cidr_expand", {str("192.168.0.1/30")}) ==
        R"(["192.168.0.0","192.168.0.1","192.168.0.2","192.168.0.3"])");
  CHECK(eval("net.cidr_expand", {str("2001:db8::/127")}) == R"(["2001:db8::","2001:db8::1"])");
  CHECK(call("net.cidr_expand", {str("10.0.0.0/16")})->size() == 65536);
  CHECK(error("net.cidr_expand", {str("10.0.0.0/4")}).rfind("builtin: CIDR is too large", 0) == 0);
}

TEST_CASE("net.cidr_merge merges adjacent and contained networks") {
  CHECK(eval("net.cidr_merge", {json(R"(["192.0.128.0/24","192.0.129.0/24"])")}) ==
        R"(["192.0.128.0/23"])");
  CHECK(eval("net.cidr_merge", {json(R"(["10.0.0.0/8","10.1.0.0/16","11.0.0.0/8"])")}) ==
        R"(["10.0.0.0/7"])");
  CHECK(eval("net.cidr_merge", {json(R"(["10.0.0.0/24","10.0.2.0/24"])")}) ==
        R"(["10.0.0.0/24","10.0.2.0/24"])");
  CHECK(eval("net.cidr_merge", {set_of({str("2001:db8::/33"), str("2001:db8:8000::/33")})}) ==
        R"(["2001:db8::/32"])");
  CHECK(eval("net.cidr_merge", {json(R"(["10.0.0.1/32","10.0.0.2/32","10.0.0.3/32"])")}) ==
        R"(["10.0.0.1/32","10.0.0.2/31"])");
  CHECK(eval("net.cidr_merge", {json(R"(["192.168.1.7"])")}) == R"(["192.168.1.7/24"])");
  CHECK(eval("net.cidr_merge", {json("[]")}) == "[]");
  CHECK(error("net.cidr_merge", {json(R"(["::1"])")}) ==
        "builtin: IPv6 invalid: needs prefix length");
  CHECK(error("net.cidr_merge", {json("[1]")}) == "builtin: element must be string");
  CHECK(error("net.cidr_merge", {str("x")}) == "builtin: operand must be an array");
}

TEST_CASE("net.cidr_contains_matches pairs keys of matching entries") {
  CHECK(eval("net.cidr_contains_matches", {str("10.0.0.0/8"), str("10.1.1.1")}) ==
        R"([["10.0.0.0/8","10.1.1.1"]])");
  CHECK(eval("net.cidr_contains_matches",
             {json(R"(["10.0.0.0/8",["192.168.0.0/16","extra"]])"),
              json(R"({"a":"10.1.1.1","b":["192.168.1.1"],"c":"8.8.8.8"})")}) ==
        R"([[0,"a"],[1,"b"]])");
  CHECK(eval("net.cidr_contains_matches",
             {set_of({str("10.0.0.0/8")}), json(R"(["10.0.0.1","1.1.1.1"])")}) ==
        R"([["10.0.0.0/8",0]])");
  CHECK(error("net.cidr_contains_matches", {json("[1]"), str("10.0.0.1")}) ==
        "builtin: operand 1: element must be string or non-empty array");
}

TEST_CASE("network lookups are not builtins here") {
  CHECK(find_builtin("net.lookup_ip_addr") == nullptr);
  CHECK(find_builtin("http.send") == nullptr);
}
