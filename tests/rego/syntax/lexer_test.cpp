#include "rego/syntax/lexer.h"

#include <catch2/catch.hpp>

using mg::rego::syntax::lex;
using mg::rego::syntax::Token;
using mg::rego::syntax::TokenKind;

namespace {

std::vector<TokenKind> kinds(std::string_view source) {
  std::vector<TokenKind> out;
  for (const auto& token : lex(source).tokens) out.push_back(token.kind);
  return out;
}

const Token& only_token(const std::vector<Token>& tokens) {
  REQUIRE(tokens.size() == 2);  // the token and Eof
  return tokens[0];
}

std::string string_value(std::string_view source) {
  auto tokens = lex(source).tokens;
  const Token& token = only_token(tokens);
  INFO(token.text);
  REQUIRE(token.kind == TokenKind::String);
  return token.text;
}

}  // namespace

TEST_CASE("lexer: operators and punctuation") {
  using K = TokenKind;
  CHECK(kinds(":= = == != < <= > >= + - * / % & | . , ; : [ ] { } ( )") ==
        std::vector<K>{K::Assign, K::Unify,  K::Equal,  K::Neq,    K::Lt,     K::Lte,
                       K::Gt,     K::Gte,    K::Add,    K::Sub,    K::Mul,    K::Quo,
                       K::Rem,    K::And,    K::Or,     K::Dot,    K::Comma,  K::Semicolon,
                       K::Colon,  K::LBrack, K::RBrack, K::LBrace, K::RBrace, K::LParen,
                       K::RParen, K::Eof});
}

TEST_CASE("lexer: identifiers, including keywords, are Ident tokens") {
  auto tokens = lex("package foo_1 if _ in").tokens;
  REQUIRE(tokens.size() == 6);
  for (size_t i = 0; i < 5; ++i) CHECK(tokens[i].kind == TokenKind::Ident);
  CHECK(tokens[1].text == "foo_1");
  CHECK(tokens[3].text == "_");
}

TEST_CASE("lexer: rows and byte columns are 1-based and exact") {
  auto tokens = lex("p := 1\n  q[\"é\"] := x # comment\n\tr").tokens;
  REQUIRE(tokens.size() == 11);
  CHECK((tokens[0].row == 1 && tokens[0].col == 1));  // p
  CHECK((tokens[1].row == 1 && tokens[1].col == 3));  // :=
  CHECK((tokens[2].row == 1 && tokens[2].col == 6));  // 1
  CHECK((tokens[3].row == 2 && tokens[3].col == 3));  // q
  CHECK((tokens[5].row == 2 && tokens[5].col == 5));  // "é"
  CHECK((tokens[6].row == 2 && tokens[6].col == 9));  // ] (é is two bytes)
  CHECK((tokens[9].row == 3 && tokens[9].col == 2));  // r after a tab
  CHECK(tokens[9].text == "r");
}

TEST_CASE("lexer: newline and space flags separate statements and refs") {
  auto tokens = lex("a.b [c]\nd").tokens;
  REQUIRE(tokens.size() == 8);
  CHECK_FALSE(tokens[1].space_before);  // .
  CHECK(tokens[3].space_before);        // [
  CHECK_FALSE(tokens[3].newline_before);
  CHECK(tokens[6].newline_before);  // d
  auto commented = lex("a # x\n b").tokens;
  CHECK(commented[1].newline_before);
}

TEST_CASE("lexer: numbers in every JSON form") {
  for (std::string_view n : {"0", "1", "42", "1.5", "1e10", "1E10", "1.5E-3", "2e+7", "0.25"}) {
    INFO(n);
    auto tokens = lex(n).tokens;
    const Token& token = only_token(tokens);
    CHECK(token.kind == TokenKind::Number);
    CHECK(token.text == n);
  }
  // The sign is a separate token; the parser folds it into the literal.
  CHECK(kinds("-1") == std::vector<TokenKind>{TokenKind::Sub, TokenKind::Number, TokenKind::Eof});
}

TEST_CASE("lexer: string escapes") {
  CHECK(string_value(R"("plain")") == "plain");
  CHECK(string_value(R"("a\"b\\c\/d")") == "a\"b\\c/d");
  CHECK(string_value(R"("\b\f\n\r\t")") == "\b\f\n\r\t");
  CHECK(string_value(R"("\u0041\u00e9\u20AC")") == "A\xC3\xA9\xE2\x82\xAC");
  CHECK(string_value(R"("\ud83d\ude00")") == "\xF0\x9F\x98\x80");  // surrogate pair
  CHECK(string_value(R"("\ud83d")") == "\xEF\xBF\xBD");            // lone surrogate
  CHECK(string_value(R"("")").empty());
}

TEST_CASE("lexer: raw strings span lines and keep backslashes") {
  auto tokens = lex("`a\\n\nb` x").tokens;
  REQUIRE(tokens.size() == 3);
  CHECK(tokens[0].kind == TokenKind::String);
  CHECK(tokens[0].text == "a\\n\nb");
  CHECK((tokens[1].row == 2 && tokens[1].col == 4));
}

TEST_CASE("lexer: comments are collected with their positions") {
  auto result = lex("# one\np := 1  # two\n");
  REQUIRE(result.comments.size() == 2);
  CHECK(result.comments[0].text == " one");
  CHECK((result.comments[0].row == 1 && result.comments[0].col == 1));
  CHECK(result.comments[1].text == " two");
  CHECK((result.comments[1].row == 2 && result.comments[1].col == 9));
}

TEST_CASE("lexer: errors become Illegal tokens carrying the message") {
  auto check = [](std::string_view source, std::string_view message) {
    INFO(source);
    auto tokens = lex(source).tokens;
    REQUIRE_FALSE(tokens.empty());
    CHECK(tokens[0].kind == TokenKind::Illegal);
    CHECK(tokens[0].text == message);
  };
  check("\"abc", "non-terminated string");
  check("\"a\nb\"", "non-terminated string");
  check("`abc", "non-terminated raw string");
  check(R"("\x")", "illegal escape sequence");
  check(R"("\u12")", "illegal escape sequence");
  check("@", "illegal token");
  check("!", "illegal token");
}

TEST_CASE("lexer: template strings split into parts and expression tokens") {
  using K = TokenKind;
  auto tokens = lex(R"($"a{x}b{y.z}c")").tokens;
  std::vector<K> got;
  for (const auto& t : tokens) got.push_back(t.kind);
  CHECK(got == std::vector<K>{K::TemplateStart, K::Ident, K::TemplateMiddle, K::Ident, K::Dot,
                              K::Ident, K::TemplateEnd, K::Eof});
  CHECK(tokens[0].text == "a");
  CHECK(tokens[2].text == "b");
  CHECK(tokens[6].text == "c");
  auto plain = lex(R"($"no exprs \{ here")").tokens;
  REQUIRE(plain.size() == 3);
  CHECK(plain[0].text == "no exprs { here");
  CHECK(plain[1].kind == K::TemplateEnd);
  auto nested = lex(R"($"{ {"a": 1}["a"] }")").tokens;
  CHECK(nested[nested.size() - 2].kind == K::TemplateEnd);
}
