#include "builtin_call.h"

using namespace mg::rego;
using namespace mg::rego::testing;

TEST_CASE("regex.match searches anywhere unless anchored") {
  CHECK(eval("regex.match", {str("^[a-z]+$"), str("hello")}) == "true");
  CHECK(eval("regex.match", {str("ell"), str("hello")}) == "true");
  CHECK(eval("regex.match", {str("^ell"), str("hello")}) == "false");
  CHECK(eval("regex.match", {str("^h.llo$"), str("héllo")}) == "true");
  CHECK(eval("regex.match", {str("^h.llo$"), str("hällo")}) == "true");
  CHECK(eval("re_match", {str("\\d+"), str("a1")}) == "true");
  CHECK(error("regex.match", {str("("), str("x")}) ==
        "builtin: error parsing regexp: missing closing ): `(`");
  CHECK(error("regex.match", {str("a**"), str("x")}) ==
        "builtin: error parsing regexp: invalid nested repetition operator: `**`");
  CHECK(error("regex.match", {num(1), str("x")}) ==
        "type: operand 1 must be string but got number");
}

TEST_CASE("regex.is_valid") {
  CHECK(eval("regex.is_valid", {str("^a(b|c)$")}) == "true");
  CHECK(eval("regex.is_valid", {str("[a")}) == "false");
  CHECK(eval("regex.is_valid", {num(1)}) == "false");
}

TEST_CASE("regex.find_n and find_all_string_submatch_n") {
  CHECK(eval("regex.find_n", {str("[0-9]+"), str("a1b22c333"), num(-1)}) == R"(["1","22","333"])");
  CHECK(eval("regex.find_n", {str("[0-9]+"), str("a1b22c333"), num(2)}) == R"(["1","22"])");
  CHECK(eval("regex.find_n", {str("[0-9]+"), str("abc"), num(-1)}) == "[]");
  CHECK(eval("regex.find_n", {str("a*"), str("baaab"), num(-1)}) == R"(["","aaa",""])");
  CHECK(eval("regex.find_all_string_submatch_n", {str("([a-z])([0-9])?"), str("a1 b"), num(-1)}) ==
        R"([["a1","a","1"],["b","b",""]])");
}

TEST_CASE("regex.split") {
  CHECK(eval("regex.split", {str(",\\s*"), str("a, b,c")}) == R"(["a","b","c"])");
  CHECK(eval("regex.split", {str("x"), str("")}) == R"([""])");
  CHECK(eval("regex.split", {str(","), str("a,")}) == R"(["a",""])");
}

TEST_CASE("regex.replace expands groups as Go does") {
  CHECK(eval("regex.replace", {str("abc-123"), str("[0-9]"), str("#")}) == R"("abc-###")");
  CHECK(eval("regex.replace", {str("john smith"), str("(\\w+) (\\w+)"), str("$2, $1")}) ==
        R"("smith, john")");
  CHECK(eval("regex.replace", {str("ab"), str("(?P<x>a)"), str("${x}${x}$$")}) == R"("aa$b")");
  CHECK(eval("regex.replace", {str("abc"), str("x*"), str("-")}) == R"("-a-b-c-")");
  CHECK(eval("regex.replace", {str("héllo"), str(""), str(".")}) == R"(".h.é.l.l.o.")");
}

TEST_CASE("regex.template_match") {
  CHECK(eval("regex.template_match",
             {str("urn:foo:{.*}"), str("urn:foo:bar:baz"), str("{"), str("}")}) == "true");
  CHECK(eval("regex.template_match",
             {str("urn:foo.bar:{[a-z]+}"), str("urn:fooxbar:abc"), str("{"), str("}")}) == "false");
  CHECK(eval("regex.template_match", {str("a<[0-9]+>b"), str("a12b"), str("<"), str(">")}) ==
        "true");
  CHECK(error("regex.template_match", {str("{a"), str("x"), str("{"), str("}")}) ==
        R"(builtin: unbalanced braces in "{a")");
  CHECK(error("regex.template_match", {str("a"), str("x"), str("{{"), str("}")}) ==
        "builtin: start delimiter has to be exactly one character long but is 2 long");
}

TEST_CASE("glob.match with separators") {
  CHECK(eval("glob.match", {str("*.github.com"), json("[]"), str("api.github.com")}) == "true");
  CHECK(eval("glob.match", {str("*.github.com"), json("[]"), str("api.cdn.github.com")}) ==
        "false");
  CHECK(eval("glob.match", {str("*.github.com"), json("null"), str("api.cdn.github.com")}) ==
        "true");
  CHECK(eval("glob.match", {str("**.github.com"), json(R"(["."])"), str("api.cdn.github.com")}) ==
        "true");
  CHECK(eval("glob.match", {str("*:github:com"), json(R"([":"])"), str("api:github:com")}) ==
        "true");
  CHECK(eval("glob.match", {str("?at"), json("[]"), str("cat")}) == "true");
  CHECK(eval("glob.match", {str("?at"), json("[]"), str("at")}) == "false");
  CHECK(eval("glob.match", {str("[a-c]at"), json("[]"), str("bat")}) == "true");
  CHECK(eval("glob.match", {str("[!a-c]at"), json("[]"), str("bat")}) == "false");
  CHECK(eval("glob.match", {str("{cat,bat,[fr]at}"), json("[]"), str("rat")}) == "true");
  CHECK(eval("glob.match", {str("{a,b{c,d}}e"), json("[]"), str("bde")}) == "true");
  CHECK(eval("glob.match", {str("\\*x"), json("[]"), str("*x")}) == "true");
  CHECK(eval("glob.match", {str("h?llo"), json("[]"), str("héllo")}) == "true");
  CHECK(error("glob.match", {str("a"), str("."), str("a")}) ==
        "type: operand 2 must be one of {array, null} but got string");
  CHECK(error("glob.match", {str("a"), json(R"(["ab"])"), str("a")}) ==
        "type: operand 2 must be array of runes but got array containing string");
  CHECK(error("glob.match", {str("[a"), json("[]"), str("a")}).starts_with("builtin: glob: "));
}

TEST_CASE("glob.quote_meta escapes glob syntax") {
  CHECK(eval("glob.quote_meta", {str("*.github.com")}) == R"("\\*.github.com")");
  CHECK(eval("glob.quote_meta", {str("[a]{b}?\\")}) == R"("\\[a\\]\\{b\\}\\?\\\\")");
}

TEST_CASE("regex.globs_match decides whether two globs share a string") {
  CHECK(eval("regex.globs_match", {str("a.a."), str(".b.b")}) == "true");
  CHECK(eval("regex.globs_match", {str("[a-z]+"), str("[0-9]*")}) == "false");
  CHECK(eval("regex.globs_match", {str("[a-z]*"), str("[0-9]*")}) == "true");
  CHECK(eval("regex.globs_match", {str("ab*c"), str("a.+")}) == "true");
  CHECK(eval("regex.globs_match", {str("abc"), str("abd")}) == "false");
  CHECK(eval("regex.globs_match", {str("[^a]"), str("a")}) == "false");
  CHECK(error("regex.globs_match", {str("*a"), str("a")}).starts_with("builtin: glob: "));
  // A ']' without its '[' is an error, as glob-intersection reports it, not "no match".
  CHECK(error("regex.globs_match", {str("]"), str("a")}) ==
        "builtin: glob: set-close ']' with no preceding '['");
}

TEST_CASE("the regex cache serves many threads") {
  std::vector<std::thread> threads;
  std::atomic<int> matches{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 500; ++i) {
        auto r = call("regex.match", {str("^p" + std::to_string(i % 50) + "$"),
                                      str("p" + std::to_string(i % 50))});
        if (r && r->is_true()) ++matches;
      }
    });
  }
  for (auto& t : threads) t.join();
  CHECK(matches == 2000);
}
