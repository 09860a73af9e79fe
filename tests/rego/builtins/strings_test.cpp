#include "builtin_call.h"

using namespace mg::rego;
using namespace mg::rego::testing;

TEST_CASE("concat joins arrays and sets of strings") {
  CHECK(eval("concat", {str(", "), json(R"(["a","b","c"])")}) == R"("a, b, c")");
  CHECK(eval("concat", {str("-"), set_of({str("b"), str("a")})}) == R"("a-b")");
  CHECK(eval("concat", {str("-"), json("[]")}) == R"("")");
  CHECK(error("concat", {str(","), json(R"(["a",1])")}) ==
        "type: operand 2 must be array of strings but got array containing number");
  CHECK(error("concat", {str(","), str("a")}) ==
        "type: operand 2 must be one of {set, array} but got string");
  CHECK(error("concat", {num(1), json("[]")}) == "type: operand 1 must be string but got number");
}

TEST_CASE("contains, startswith and endswith") {
  CHECK(eval("contains", {str("héllo"), str("él")}) == "true");
  CHECK(eval("contains", {str("abc"), str("")}) == "true");
  CHECK(eval("startswith", {str("abc"), str("ab")}) == "true");
  CHECK(eval("startswith", {str("abc"), str("b")}) == "false");
  CHECK(eval("endswith", {str("abc"), str("bc")}) == "true");
  CHECK(error("endswith", {str("abc"), num(1)}) == "type: operand 2 must be string but got number");
}

TEST_CASE("format_int truncates and formats in bases 2, 8, 10, 16") {
  CHECK(eval("format_int", {num(255), num(16)}) == R"("ff")");
  CHECK(eval("format_int", {num(-5), num(2)}) == R"("-101")");
  CHECK(eval("format_int", {json("12.9"), num(10)}) == R"("12")");
  CHECK(eval("format_int", {json("-12.9"), num(8)}) == R"("-14")");
  CHECK(eval("format_int", {num(INT64_MIN), num(16)}) == R"("-8000000000000000")");
  CHECK(error("format_int", {num(1), num(3)}) == "type: operand 2 must be one of {2, 8, 10, 16}");
}

TEST_CASE("indexof and indexof_n count runes") {
  CHECK(eval("indexof", {str("héllo"), str("l")}) == "2");
  CHECK(eval("indexof", {str("abc"), str("z")}) == "-1");
  CHECK(eval("indexof_n", {str("aaa"), str("aa")}) == "[0,1]");
  CHECK(eval("indexof_n", {str("日本日本"), str("本")}) == "[1,3]");
  CHECK(eval("indexof_n", {str("abc"), str("z")}) == "[]");
  CHECK(error("indexof", {str("abc"), str("")}) == "builtin: empty search character");
  CHECK(error("indexof_n", {str("abc"), str("")}) == "builtin: empty search character");
}

TEST_CASE("lower and upper map non-ASCII letters") {
  CHECK(eval("upper", {str("héllo wörld")}) == R"("HÉLLO WÖRLD")");
  CHECK(eval("lower", {str("ÀÉÎ ΑΒΓ")}) == R"("àéî αβγ")");
  CHECK(eval("lower", {str("MiXeD 123")}) == R"("mixed 123")");
  // Go maps rune by rune: a final capital sigma becomes σ, never the word-final ς.
  CHECK(eval("lower", {str("ὈΔΥΣΣΕΎΣ")}) == R"("ὀδυσσεύσ")");
  CHECK(eval("upper", {str("ǆemal ſ")}) == R"("ǄEMAL S")");
  CHECK(eval("upper", {str("ß")}) == R"("ß")");  // no single-rune upper case
}

TEST_CASE("replace and strings.replace_n") {
  CHECK(eval("replace", {str("a.b.c"), str("."), str("::")}) == R"("a::b::c")");
  CHECK(eval("replace", {str("ab"), str(""), str("-")}) == R"("-a-b-")");
  CHECK(eval("strings.replace_n", {json(R"({"a":"1","b":"2"})"), str("abcab")}) == R"("12c12")");
  // Matches never overlap and earlier keys win at the same position.
  CHECK(eval("strings.replace_n", {json(R"({"ab":"X","a":"Y"})"), str("aab")}) == R"("YYb")");
  CHECK(eval("strings.replace_n", {json(R"({"ab":"X","b":"Y"})"), str("abbab")}) == R"("XYX")");
  CHECK(error("strings.replace_n", {json(R"({"a":1})"), str("a")}) ==
        "type: operand 1 non-string value found in pattern object");
}

TEST_CASE("split") {
  CHECK(eval("split", {str("a,b,,c"), str(",")}) == R"(["a","b","","c"])");
  CHECK(eval("split", {str("abc"), str(";")}) == R"(["abc"])");
  CHECK(eval("split", {str("héj"), str("")}) == R"(["h","é","j"])");
  CHECK(eval("split", {str(""), str(",")}) == R"([""])");
}

TEST_CASE("substring counts runes") {
  CHECK(eval("substring", {str("héllo"), num(1), num(3)}) == R"("éll")");
  CHECK(eval("substring", {str("abc"), num(1), num(-1)}) == R"("bc")");
  CHECK(eval("substring", {str("abc"), num(5), num(1)}) == R"("")");
  CHECK(eval("substring", {str("abc"), num(0), num(99)}) == R"("abc")");
  CHECK(error("substring", {str("abc"), num(-1), num(1)}) == "builtin: negative offset");
  CHECK(error("substring", {str("abc"), json("1.5"), num(1)}) ==
        "type: operand 2 must be integer number but got floating-point number");
}

TEST_CASE("trim family") {
  CHECK(eval("trim", {str("  xx  "), str(" ")}) == R"("xx")");
  CHECK(eval("trim", {str("¡¡hola!!"), str("!¡")}) == R"("hola")");
  CHECK(eval("trim_left", {str("aabca"), str("a")}) == R"("bca")");
  CHECK(eval("trim_right", {str("aabca"), str("a")}) == R"("aabc")");
  CHECK(eval("trim_prefix", {str("prefix-x"), str("prefix-")}) == R"("x")");
  CHECK(eval("trim_prefix", {str("x"), str("y")}) == R"("x")");
  CHECK(eval("trim_suffix", {str("x.yaml"), str(".yaml")}) == R"("x")");
  CHECK(eval("trim_space", {str("\t\n héllo \u00a0\u3000")}) == R"("héllo")");
  CHECK(eval("trim", {str("abc"), str("")}) == R"("abc")");
}

TEST_CASE("strings.any_prefix_match and any_suffix_match") {
  CHECK(eval("strings.any_prefix_match", {str("foobar"), str("foo")}) == "true");
  CHECK(eval("strings.any_prefix_match",
             {json(R"(["a","foobar"])"), set_of({str("x"), str("fo")})}) == "true");
  CHECK(eval("strings.any_prefix_match", {json("[]"), str("fo")}) == "false");
  CHECK(eval("strings.any_suffix_match", {str("foobar"), json(R"(["x","bar"])")}) == "true");
  CHECK(eval("strings.any_suffix_match", {str("foobar"), str("foo")}) == "false");
  CHECK(error("strings.any_prefix_match", {num(1), str("a")}) ==
        "type: operand 1 must be one of {string, set, array} but got number");
  CHECK(error("strings.any_suffix_match", {str("a"), json("[1]")}) ==
        "type: operand 2 must be array of strings but got array containing number");
}

TEST_CASE("strings.count and strings.reverse") {
  CHECK(eval("strings.count", {str("cheese"), str("e")}) == "3");
  CHECK(eval("strings.count", {str("five"), str("")}) == "5");
  CHECK(eval("strings.count", {str("aaaa"), str("aa")}) == "2");
  CHECK(eval("strings.reverse", {str("héllo")}) == R"("olléh")");
  CHECK(eval("strings.reverse", {str("")}) == R"("")");
}

TEST_CASE("sprintf formats like Go's fmt") {
  auto fmt = [](std::string f, std::string args) { return eval("sprintf", {str(f), json(args)}); };
  CHECK(fmt("%s is %d years", R"(["bob", 42])") == R"("bob is 42 years")");
  CHECK(fmt("%v", R"([["a", 1, {"k": null}]])") == R"("[\"a\", 1, {\"k\": null}]")");
  CHECK(fmt("%v", R"([{"b": [true], "a": 1.5}])") == R"("{\"a\": 1.5, \"b\": [true]}")");
  CHECK(fmt("%v %v", "[true, null]") == R"("true null")");
  CHECK(fmt("%d", "[-7]") == R"("-7")");
  CHECK(fmt("%5d|%-5d|%05d", "[42, 42, -42]") == R"("   42|42   |-0042")");
  CHECK(fmt("%x %X %o %b %#x", "[255, 255, 8, 5, 255]") == R"("ff FF 10 101 0xff")");
  CHECK(fmt("%+d % d", "[3, 3]") == R"("+3  3")");
  CHECK(fmt("%.2f", "[3.14159]") == R"("3.14")");
  CHECK(fmt("%f", "[1.5]") == R"("1.500000")");
  CHECK(fmt("%e", "[123456.789]") == R"("1.234568e+05")");
  CHECK(fmt("%g %v", "[0.000012, 1.5]") == R"("1.2e-05 1.5")");
  CHECK(fmt("%v", "[1234567.5]") == R"("1.2345675e+06")");
  CHECK(fmt("%8.3f|", "[-3.5]") == R"("  -3.500|")");
  CHECK(fmt("%q", R"(["a\"b"])") == R"("\"a\\\"b\"")");
  // %q escapes what unicode.IsPrint rejects (a zero-width space, controls), not other runes.
  CHECK(fmt("%q", R"(["é\u200b\u0001"])") == R"("\"é\\u200b\\x01\"")");
  // Go's own answers to what is not a verb for it: '*' takes its width from the operand.
  CHECK(fmt("%*d", "[42]") == "\"%!d(MISSING)\"");
  CHECK(fmt("%*d", "[4, 2]") == R"("   2")");
  CHECK(fmt("%n", "[42]") == "\"%!n(int=42)\"");
  CHECK(fmt("%O", "[64]") == R"("0o100")");
  CHECK(fmt("%10s|%-4s|", R"(["héllo", "x"])") == R"("     héllo|x   |")");
  CHECK(fmt("%.2s", R"(["héllo"])") == R"("hé")");
  CHECK(fmt("%c", "[233]") == R"("é")");
  CHECK(fmt("%x", R"(["hi"])") == R"("6869")");
  CHECK(fmt("%T %T %T", R"([1, 1.5, "s"])") == R"("int float64 string")");
  CHECK(fmt("100%%", "[]") == R"("100%")");
}

TEST_CASE("sprintf's plain verbs: quoting, percent signs and what needs the general formatter") {
  auto fmt = [](std::string f, std::string args) { return eval("sprintf", {str(f), json(args)}); };
  CHECK(fmt("%q uses %q", R"(["main", "a:b/c"])") == R"("\"main\" uses \"a:b/c\"")");
  CHECK(fmt("%q", R"(["say \"hi\""])") == R"("\"say \\\"hi\\\"\"")");
  CHECK(fmt("%q", R"(["tab\there"])") == R"("\"tab\\there\"")");
  CHECK(fmt("%q", R"(["é"])") == R"("\"é\"")");
  CHECK(fmt("100%% of %v is %v", R"(["x", -3])") == R"("100% of x is -3")");
  CHECK(fmt("%d%%", "[7]") == R"("7%")");
  CHECK(fmt("%v", "[1.5]") == R"("1.5")");
  CHECK(fmt("%s", "[]") == R"~("%!s(MISSING)")~");
  CHECK(fmt("", R"(["a"])") == R"~("%!(EXTRA string=a)")~");
}

TEST_CASE("sprintf reports mistakes inline as Go does") {
  auto fmt = [](std::string f, std::string args) { return eval("sprintf", {str(f), json(args)}); };
  CHECK(fmt("%d", R"(["x"])") == R"~("%!d(string=x)")~");
  CHECK(fmt("%s", "[1]") == R"~("%!s(int=1)")~");
  CHECK(fmt("%d", "[1.5]") == R"~("%!d(float64=1.5)")~");
  CHECK(fmt("%t", "[true]") == R"~("%!t(string=true)")~");
  CHECK(fmt("%s %s", R"(["a"])") == R"~("a %!s(MISSING)")~");
  CHECK(fmt("%s", R"(["a", 1, "b"])") == R"~("a%!(EXTRA int=1, string=b)")~");
  CHECK(fmt("x%", "[]") == R"~("x%!(NOVERB)")~");
  CHECK(fmt("%[2]s %[1]s", R"(["a", "b"])") == R"~("b a")~");
  CHECK(fmt("%*d", "[4, 7]") == R"~("   7")~");
}

TEST_CASE("sprintf prints big integers exactly and sets in Rego syntax") {
  CHECK(eval("sprintf", {str("%d"), json("[123456789012345678901234567890]")}) ==
        R"~("123456789012345678901234567890")~");
  CHECK(eval("sprintf", {str("%x"), json("[18446744073709551616]")}) == R"~("10000000000000000")~");
  CHECK(eval("sprintf", {str("%v %v"), Value::array({set_of({num(2), num(1)}), set_of({})})}) ==
        R"~("{1, 2} set()")~");
  CHECK(error("sprintf", {str("%v"), str("x")}) == "type: operand 2 must be array but got string");
}

TEST_CASE("strings.render_template renders a Go text/template subset") {
  auto render = [](std::string t, std::string vars) {
    return eval("strings.render_template", {str(t), json(vars)});
  };
  CHECK(render("Hello {{.name}}!", R"({"name":"wörld"})") == R"("Hello wörld!")");
  CHECK(render("{{ .a.b }}-{{.n}}", R"({"a":{"b":"x"},"n":1.5})") == R"("x-1.5")");
  CHECK(render("{{range .xs}}[{{.}}]{{end}}", R"({"xs":[1,"a",true]})") == R"("[1][a][true]")");
  CHECK(render("{{range $i, $v := .xs}}{{$i}}={{$v}} {{end}}", R"({"xs":["a","b"]})") ==
        R"("0=a 1=b ")");
  CHECK(render("{{if .on}}yes{{else}}no{{end}}", R"({"on":false})") == R"("no")");
  CHECK(render("{{if .a}}A{{else if .b}}B{{else}}C{{end}}", R"({"a":"","b":[1]})") == R"("B")");
  CHECK(render("{{with .m}}{{.k}}{{end}}", R"({"m":{"k":"v"}})") == R"("v")");
  CHECK(render("a  {{- .x -}}  b", R"({"x":"X"})") == R"("aXb")");
  CHECK(render("{{.m}} {{.l}}", R"({"m":{"b":2,"a":[1,2]},"l":[]})") == R"("map[a:[1 2] b:2] []")");
  CHECK(render("{{/* note */}}ok", "{}") == R"("ok")");
  CHECK(
      error("strings.render_template", {str("Hi {{.missing}}"), json("{}")}) ==
      R"(builtin: template: template:1:5: executing "template" at <.missing>: map has no entry for key "missing")");
  CHECK(error("strings.render_template", {str("{{if .a}}x"), json(R"({"a":1})")}) ==
        "builtin: template: template:1: unexpected EOF");
}
