#pragma once

// The Rego lexer: turns source text into tokens with exact positions. Keywords are not
// decided here: whether `if`, `in`, `contains` or `every` is a keyword depends on the Rego
// version and on the module's imports, so every word is an Ident and the parser decides.

#include <string>
#include <string_view>
#include <vector>

namespace mg::rego::syntax {

enum class TokenKind {
  Eof,
  Illegal,  // a lexical error; `text` holds the message
  Ident,
  Number,  // `text` is the literal as written (no sign)
  String,  // `text` is the decoded value (escapes resolved, or raw text for `...`)
  // Template strings $"a{x}b": TemplateStart("a"), tokens of x, TemplateEnd("b"); with
  // several expressions the literal parts between them are TemplateMiddle tokens.
  TemplateStart,
  TemplateMiddle,
  TemplateEnd,
  LBrack,
  RBrack,
  LBrace,
  RBrace,
  LParen,
  RParen,
  Comma,
  Colon,
  Semicolon,
  Dot,
  Assign,  // :=
  Unify,   // =
  Equal,   // ==
  Neq,     // !=
  Lt,
  Lte,
  Gt,
  Gte,
  Add,
  Sub,
  Mul,
  Quo,
  Rem,
  And,  // &
  Or,   // |
};

struct Token {
  TokenKind kind = TokenKind::Eof;
  std::string text;
  int row = 1;  // 1-based
  int col = 1;  // 1-based, in bytes
  size_t offset = 0;
  size_t end = 0;               // one past the last byte
  bool space_before = false;    // whitespace or a comment separates it from the previous token
  bool newline_before = false;  // a line break separates it from the previous token
};

struct Comment {
  int row = 1;
  int col = 1;
  std::string text;  // after the '#'
};

struct LexResult {
  std::vector<Token> tokens;  // always ends with an Eof token
  std::vector<Comment> comments;
};

LexResult lex(std::string_view source);

// OPA's name for a token kind in error messages: "ident", "string", "assign", "}", "eof"...
std::string_view token_kind_name(TokenKind kind);

}  // namespace mg::rego::syntax
