// Terms and expressions, parsed as queries and printed (see ast::to_string), plus direct
// checks of the encodings the compiler relies on.

#include <catch2/catch.hpp>

#include "rego/value/json.h"
#include "syntax_test_util.h"

using namespace mg::rego::ast;
using mg::rego::ast::testing::query_errors;
using mg::rego::ast::testing::query_text;

namespace {

Body query(std::string_view text) {
  QueryParse parsed = parse_query(text);
  INFO(mg::rego::ast::testing::errors_text(parsed.errors));
  REQUIRE(parsed.errors.empty());
  return std::move(parsed.body);
}

}  // namespace

TEST_CASE("terms: scalars") {
  CHECK(query_text("null") == "null");
  CHECK(query_text("true; false") == "true; false");
  CHECK(query_text(R"("a\tb")") == R"("a\tb")");
  CHECK(query_text("`raw\\n`") == R"("raw\\n")");
  CHECK(query_text("x := 1.5e3") == "assign(x, 1500)");  // integral: the value model says 1500
  CHECK(query_text("x := .5") == "assign(x, 0.5)");
}

TEST_CASE("terms: negative numbers are scalars, binary minus is a call") {
  Body body = query("-1");
  REQUIRE(body[0].terms[0].kind == TermKind::Scalar);
  CHECK(body[0].terms[0].value == mg::rego::Value::integer(-1));
  CHECK(query_text("x := [1, -2.5]") == "assign(x, [1, -2.5])");
  CHECK(query_text("x := a - 1") == "assign(x, minus(a, 1))");
  CHECK(query_text("x := a -1") == "assign(x, minus(a, 1))");
  CHECK(query_text("x := 1 - -1") == "assign(x, minus(1, -1))");
}

TEST_CASE("terms: numbers keep their JSON text exactly") {
  Body body = query("x := 123456789012345678901234567890");
  const Term& n = body[0].terms[2];
  REQUIRE(n.kind == TermKind::Scalar);
  CHECK(n.value.number_text() == "123456789012345678901234567890");
}

TEST_CASE("terms: refs with dots and brackets") {
  CHECK(query_text(R"(a.b[x]["c"][_])") == "a.b[x].c[_]");
  CHECK(query_text(R"(a["c d"])") == R"(a["c d"])");
  CHECK(query_text("input.package.if.in") == "input.package.if.in");
  Body body = query("a.b[x]");
  const Term& ref = body[0].terms[0];
  REQUIRE(ref.kind == TermKind::Ref);
  REQUIRE(ref.items.size() == 3);
  CHECK(ref.items[0].kind == TermKind::Var);
  CHECK(ref.items[0].name == "a");
  CHECK(ref.items[1].kind == TermKind::Scalar);
  CHECK(ref.items[1].value == mg::rego::Value::string("b"));
  CHECK(ref.items[2].kind == TermKind::Var);
}

TEST_CASE("terms: refs on calls and collections") {
  CHECK(query_text("f(x).y") == "f(x).y");
  CHECK(query_text("[1, 2][0]") == "[1, 2][0]");
  CHECK(query_text(R"({"a": 1}.a)") == R"({"a": 1}.a)");
  CHECK(query_text("{1}[1]") == "{1}[1]");
  Body body = query("f(x)[0]");
  const Term& ref = body[0].terms[0];
  REQUIRE(ref.kind == TermKind::Ref);
  CHECK(ref.items[0].kind == TermKind::Call);
}

TEST_CASE("terms: a space ends a ref") {
  // `a [1]` is two expressions in OPA's grammar, so it is an error without a separator.
  CHECK(query_errors("x := [a [1]]") == ":1:9: unexpected [ token: expected \",\" or \"]\"\n");
  CHECK(query_text("x := [a[1]]") == "assign(x, [a[1]])");
}

TEST_CASE("terms: calls with dotted names are refs to the function") {
  Body body = query(R"(strings.replace_n({"a": "b"}, s))");
  REQUIRE(body[0].kind == ExprKind::Call);
  const Term& op = body[0].terms[0];
  REQUIRE(op.kind == TermKind::Ref);
  CHECK(ref_name(op) == "strings.replace_n");
  CHECK(body[0].terms.size() == 3);
  CHECK(query_text("x := count(y)") == "assign(x, count(y))");
  CHECK(query_text("f()") == "f()");
  CHECK(query_text("f(1,)") == "f(1)");
}

TEST_CASE("terms: collections") {
  CHECK(query_text("x := []") == "assign(x, [])");
  CHECK(query_text("x := {}") == "assign(x, {})");
  CHECK(query_text("x := set()") == "assign(x, set())");
  CHECK(query_text("x := {1, 2,}") == "assign(x, {1, 2})");
  CHECK(query_text(R"(x := {"a": 1, "b": [true, null]})") ==
        R"(assign(x, {"a": 1, "b": [true, null]}))");
  CHECK(query_text("x := {a + 1: b * 2}") == "assign(x, {plus(a, 1): mul(b, 2)})");
  CHECK(query_text("x := [1 + 2, 3]") == "assign(x, [plus(1, 2), 3])");
  CHECK(query_text("x := {1 + 2}") == "assign(x, {plus(1, 2)})");
  Body body = query("x := set()");
  CHECK(body[0].terms[2].kind == TermKind::Set);
  CHECK(body[0].terms[2].items.empty());
  Body empty_object = query("x := {}");
  CHECK(empty_object[0].terms[2].kind == TermKind::Object);
}

TEST_CASE("terms: comprehensions") {
  CHECK(query_text("[x | x := xs[_]]") == "[x | assign(x, xs[_])]");
  CHECK(query_text("{x | some x in xs; x > 1}") == "{x | some x in xs; gt(x, 1)}");
  CHECK(query_text("{k: v | some k, v in obj}") == "{k: v | some k, v in obj}");
  CHECK(query_text("[x |\n  x := 1\n  x > 0\n]") == "[x | assign(x, 1); gt(x, 0)]");
  CHECK(query_text("{x | x}") == "{x | x}");  // a comprehension, not a set holding x | x
  Body body = query("{k: v | k := 1; v := 2}");
  const Term& compr = body[0].terms[0];
  REQUIRE(compr.kind == TermKind::ObjectCompr);
  CHECK(compr.items.size() == 2);
  CHECK(compr.body.size() == 2);
}

TEST_CASE("terms: operator precedence follows OPA") {
  CHECK(query_text("x := 1 + 2 * 3") == "assign(x, plus(1, mul(2, 3)))");
  CHECK(query_text("x := (1 + 2) * 3") == "assign(x, mul(plus(1, 2), 3))");
  CHECK(query_text("x := 1 - 2 - 3") == "assign(x, minus(minus(1, 2), 3))");
  CHECK(query_text("x := 6 / 2 % 4") == "assign(x, rem(div(6, 2), 4))");
  CHECK(query_text("x := a | b & c") == "assign(x, or(a, and(b, c)))");
  CHECK(query_text("x := a & b + c") == "assign(x, and(a, plus(b, c)))");
  // Comparisons bind looser than | and &, as in OPA's parser.
  CHECK(query_text("a | b == c") == "equal(or(a, b), c)");
  CHECK(query_text("a + 1 < b * 2") == "lt(plus(a, 1), mul(b, 2))");
  CHECK(query_text("a != b; a <= b; a >= b; a > b") == "neq(a, b); lte(a, b); gte(a, b); gt(a, b)");
  CHECK(query_text("x = y") == "eq(x, y)");
  CHECK(query_text("x == 1 == true") == "equal(equal(x, 1), true)");
}

TEST_CASE("terms: operators are refs named like OPA's builtins") {
  Body body = query("x := a + b");
  REQUIRE(body[0].kind == ExprKind::Call);
  REQUIRE(body[0].terms.size() == 3);
  CHECK(ref_name(body[0].terms[0]) == "assign");
  const Term& plus = body[0].terms[2];
  REQUIRE(plus.kind == TermKind::Call);
  CHECK(ref_name(plus.items[0]) == "plus");
  CHECK((plus.items[0].loc.row == 1 && plus.items[0].loc.col == 8));
  CHECK((plus.loc.row == 1 && plus.loc.col == 6));  // a binary call sits where its lhs does
}

TEST_CASE("terms: membership with in") {
  CHECK(query_text("x in xs") == "internal.member_2(x, xs)");
  CHECK(query_text("k, v in xs") == "internal.member_3(k, v, xs)");
  CHECK(query_text("not x in xs") == "not internal.member_2(x, xs)");
  CHECK(query_text("y := x in xs") == "assign(y, internal.member_2(x, xs))");
  CHECK(query_text("x in xs == true") == "internal.member_2(x, equal(xs, true))");
  CHECK(query_text("f(x, y in ys)") == "f(x, internal.member_2(y, ys))");
  CHECK(query_text("[k, v in xs]") == "[k, internal.member_2(v, xs)]");
  Body body = query("1 in [1]");
  REQUIRE(body[0].kind == ExprKind::Call);
  CHECK(ref_name(body[0].terms[0]) == "internal.member_2");
}

TEST_CASE("terms: template strings") {
  CHECK(query_text(R"(x := $"hello {input.name}!")") == R"(assign(x, $"hello {input.name}!"))");
  Body body = query(R"(x := $"a{1 + 2}b{y}")");
  const Term& t = body[0].terms[2];
  REQUIRE(t.kind == TermKind::TemplateString);
  REQUIRE(t.items.size() == 4);
  CHECK(t.items[0].value == mg::rego::Value::string("a"));
  CHECK(t.items[1].kind == TermKind::Call);
  CHECK(t.items[3].kind == TermKind::Var);
}

TEST_CASE("terms: `with` inside a template string part iterates a comprehension") {
  Body body = query(R"(x := $"v={input.a with input as {"a": 1}}")");
  const Term& t = body[0].terms[2];
  REQUIRE(t.kind == TermKind::TemplateString);
  REQUIRE(t.items.size() == 2);
  const Term& part = t.items[1];
  REQUIRE(part.kind == TermKind::Ref);
  REQUIRE(part.items.size() == 2);
  CHECK(part.items[1].name == "_");
  const Term& compr = part.items[0];
  REQUIRE(compr.kind == TermKind::ArrayCompr);
  REQUIRE(compr.body.size() == 1);
  CHECK(compr.body[0].withs.size() == 1);
  CHECK(compr.body[0].terms[1].name == compr.items[0].name);
  CHECK(query_errors(R"(x := $"{input.a with}")") != "");
}

TEST_CASE("expressions: some declarations") {
  Body body = query("some x, y");
  REQUIRE(body[0].kind == ExprKind::Some);
  CHECK_FALSE(body[0].some_in);
  REQUIRE(body[0].terms.size() == 2);
  CHECK(body[0].terms[1].name == "y");

  Body in = query("some k, v in xs");
  REQUIRE(in[0].kind == ExprKind::Some);
  CHECK(in[0].some_in);
  REQUIRE(in[0].terms.size() == 1);
  CHECK(ref_name(in[0].terms[0].items[0]) == "internal.member_3");
  CHECK(query_text("some x in xs") == "some x in xs");
  CHECK(query_text("some [a, b] in xs") == "some [a, b] in xs");
}

TEST_CASE("expressions: every") {
  Body body = query("every k, v in xs { v > k }");
  REQUIRE(body[0].kind == ExprKind::Every);
  REQUIRE(body[0].terms.size() == 3);
  CHECK(body[0].terms[0].name == "k");
  CHECK(body[0].terms[1].name == "v");
  CHECK(body[0].body.size() == 1);
  Body single = query("every x in xs {\n  x > 0\n  x < 9\n}");
  CHECK(single[0].terms[0].kind == TermKind::Var);
  CHECK(single[0].terms[0].name.empty());
  CHECK(single[0].body.size() == 2);
}

TEST_CASE("expressions: with modifiers, several, in order") {
  Body body = query("allow with input as {\"a\": 1} with data.x.y as f with time.now_ns as g");
  REQUIRE(body[0].withs.size() == 3);
  CHECK(to_string(body[0].withs[0].target) == "input");
  CHECK(to_string(body[0].withs[1].target) == "data.x.y");
  CHECK(to_string(body[0].withs[2].target) == "time.now_ns");
  CHECK((body[0].withs[1].loc.row == 1 && body[0].withs[1].loc.col == 30));
  CHECK(query_text("not p with input as 1") == "not p with input as 1");
}

TEST_CASE("expressions: separators") {
  CHECK(query_text("a; b\nc") == "a; b; c");
  CHECK(query_text("x := 1\n\n# comment\ny := 2") == "assign(x, 1); assign(y, 2)");
}

TEST_CASE("expressions: locations") {
  Body body = query("x := 1\n  not y[0]\n  some z in zs");
  REQUIRE(body.size() == 3);
  CHECK((body[0].loc.row == 1 && body[0].loc.col == 1));
  CHECK((body[1].loc.row == 2 && body[1].loc.col == 3));
  CHECK((body[1].terms[0].loc.row == 2 && body[1].terms[0].loc.col == 7));
  CHECK((body[2].loc.row == 3 && body[2].loc.col == 3));
  CHECK(body[0].loc.file == nullptr);
}

TEST_CASE("expressions: v0 queries do not know in/every without imports") {
  // Like OPA, a query needs no separators, so `in` is just another expression here.
  CHECK(query_text("x in xs", VersionMode::V0) == "x; in; xs");
  CHECK(query_text("x := in", VersionMode::V0) == "assign(x, in)");
}
