#include "rego/syntax/rego_parser.h"

namespace mg::rego::syntax {

namespace {
// Deep enough for any real policy, shallow enough for the default stack under ASan.
constexpr int kMaxDepth = 1000;
}  // namespace

RegoParser::RegoParser(std::shared_ptr<const std::string> file, std::string_view source,
                       Dialect dialect)
    : file_(std::move(file)), dialect_(dialect) {
  LexResult lexed = lex(source);
  tokens_ = std::move(lexed.tokens);
  comments_ = std::move(lexed.comments);
  if (dialect == Dialect::V1) {
    kw_in_ = kw_every_ = kw_contains_ = kw_if_ = true;
    v1_checks_ = true;
  }
}

RegoParser::DepthGuard::DepthGuard(RegoParser& parser) : parser_(parser) {
  if (++parser_.depth_ > kMaxDepth) {
    --parser_.depth_;
    parser_.fail(parser_.loc(), "max parsing recursion depth exceeded");
  }
}

const Token& RegoParser::peek(size_t ahead) const {
  size_t index = pos_ + ahead;
  return index < tokens_.size() ? tokens_[index] : tokens_.back();
}

void RegoParser::advance() {
  if (pos_ + 1 < tokens_.size()) ++pos_;
}

ast::Location RegoParser::loc_of(const Token& token) const {
  return ast::Location{file_, token.row, token.col};
}

bool RegoParser::keyword_active(std::string_view word) const {
  if (word == "package" || word == "import" || word == "as" || word == "default" ||
      word == "else" || word == "not" || word == "some" || word == "with" || word == "null" ||
      word == "true" || word == "false") {
    return true;
  }
  if (word == "in") return kw_in_;
  if (word == "every") return kw_every_;
  if (word == "contains") return kw_contains_;
  if (word == "if") return kw_if_;
  return false;
}

bool RegoParser::is_keyword(const Token& token, std::string_view word) const {
  return token.kind == TokenKind::Ident && token.text == word && keyword_active(word);
}

bool RegoParser::is_any_keyword(const Token& token) const {
  return token.kind == TokenKind::Ident && keyword_active(token.text);
}

void RegoParser::fail(const ast::Location& at, std::string message) const {
  throw SyntaxError{ast::ParseError{at, std::move(message)}};
}

void RegoParser::illegal(std::string_view note) const {
  const Token& token = cur();
  if (token.kind == TokenKind::Illegal) fail(loc(), token.text);
  std::string message = "unexpected ";
  if (is_any_keyword(token)) {
    message += token.text;
    message += " keyword";
  } else {
    message += token_kind_name(token.kind);
    message += " token";
  }
  if (!note.empty()) {
    message += ": ";
    message += note;
  }
  fail(loc(), std::move(message));
}

void RegoParser::expect(TokenKind kind, std::string_view note) {
  if (!at(kind)) illegal(note);
  advance();
}

}  // namespace mg::rego::syntax
