#include "rego/syntax/lexer.h"

#include <cstdint>

namespace mg::rego::syntax {

namespace {

bool is_ident_start(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}

bool is_digit(unsigned char c) {
  return c >= '0' && c <= '9';
}

bool is_ident_char(unsigned char c) {
  return is_ident_start(c) || is_digit(c);
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

constexpr uint32_t kReplacementChar = 0xFFFD;

class Lexer {
 public:
  explicit Lexer(std::string_view source) : src_(source) {}

  LexResult run() {
    lex_tokens(false);
    skip_space();
    Token eof = start_token(TokenKind::Eof);
    eof.end = pos_;
    out_.tokens.push_back(std::move(eof));
    return std::move(out_);
  }

 private:
  bool at_end() const { return pos_ >= src_.size(); }
  char peek(size_t ahead = 0) const {
    return pos_ + ahead < src_.size() ? src_[pos_ + ahead] : '\0';
  }

  // Consumes one byte, keeping row and line start current.
  void advance() {
    if (src_[pos_] == '\n') {
      ++row_;
      line_start_ = pos_ + 1;
    }
    ++pos_;
  }

  // Skips whitespace and comments, remembering what was skipped for the next token.
  void skip_space() {
    while (!at_end()) {
      char c = src_[pos_];
      if (c == ' ' || c == '\t' || c == '\r') {
        space_ = true;
        advance();
      } else if (c == '\n') {
        space_ = true;
        newline_ = true;
        advance();
      } else if (c == '#') {
        Comment comment{row_, col(), {}};
        advance();
        size_t start = pos_;
        while (!at_end() && src_[pos_] != '\n') advance();
        std::string_view text = src_.substr(start, pos_ - start);
        if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
        comment.text = std::string(text);
        out_.comments.push_back(std::move(comment));
        space_ = true;
      } else {
        return;
      }
    }
  }

  int col() const { return static_cast<int>(pos_ - line_start_) + 1; }

  Token start_token(TokenKind kind) {
    Token token;
    token.kind = kind;
    token.row = row_;
    token.col = col();
    token.offset = pos_;
    token.space_before = space_;
    token.newline_before = newline_;
    space_ = false;
    newline_ = false;
    return token;
  }

  void push(Token token) {
    token.end = pos_;
    out_.tokens.push_back(std::move(token));
  }

  void push_illegal(Token token, std::string message) {
    token.kind = TokenKind::Illegal;
    token.text = std::move(message);
    push(std::move(token));
  }

  // Lexes tokens until the end of input or, inside a template-string expression, until
  // the `}` that closes it (consumed, not emitted). Returns whether that `}` was found.
  bool lex_tokens(bool in_template) {
    int depth = 0;
    for (;;) {
      skip_space();
      if (at_end()) return false;
      char c = src_[pos_];
      if (in_template && c == '}' && depth == 0) {
        advance();
        return true;
      }
      if (c == '{') ++depth;
      if (c == '}') --depth;
      lex_one();
    }
  }

  void lex_one() {
    Token token = start_token(TokenKind::Illegal);
    unsigned char c = static_cast<unsigned char>(src_[pos_]);
    if (is_ident_start(c)) {
      size_t start = pos_;
      while (!at_end() && is_ident_char(static_cast<unsigned char>(src_[pos_]))) advance();
      token.kind = TokenKind::Ident;
      token.text = std::string(src_.substr(start, pos_ - start));
      push(std::move(token));
      return;
    }
    if (is_digit(c)) {
      lex_number(std::move(token));
      return;
    }
    if (c == '"') {
      lex_string(std::move(token));
      return;
    }
    if (c == '`') {
      lex_raw_string(std::move(token));
      return;
    }
    if (c == '$' && (peek(1) == '"' || peek(1) == '`')) {
      lex_template(std::move(token));
      return;
    }
    lex_operator(std::move(token));
  }

  void lex_number(Token token) {
    size_t start = pos_;
    while (is_digit(peek())) advance();
    if (peek() == '.' && is_digit(peek(1))) {
      advance();
      while (is_digit(peek())) advance();
    }
    if (peek() == 'e' || peek() == 'E') {
      size_t sign = (peek(1) == '+' || peek(1) == '-') ? 1 : 0;
      if (is_digit(peek(1 + sign))) {
        advance();
        if (sign) advance();
        while (is_digit(peek())) advance();
      }
    }
    token.kind = TokenKind::Number;
    token.text = std::string(src_.substr(start, pos_ - start));
    push(std::move(token));
  }

  // Reads the escape after a backslash into `out`; returns false on an illegal escape.
  // `extra` lists additional characters that may be escaped (template strings allow `{`).
  bool read_escape(std::string& out, std::string_view extra = {}) {
    char e = peek();
    switch (e) {
      case '"':
      case '\\':
      case '/':
        out += e;
        advance();
        return true;
      case 'b':
        out += '\b';
        advance();
        return true;
      case 'f':
        out += '\f';
        advance();
        return true;
      case 'n':
        out += '\n';
        advance();
        return true;
      case 'r':
        out += '\r';
        advance();
        return true;
      case 't':
        out += '\t';
        advance();
        return true;
      case 'u': {
        advance();
        int unit = read_hex4();
        if (unit < 0) return false;
        uint32_t cp = static_cast<uint32_t>(unit);
        if (cp >= 0xD800 && cp <= 0xDBFF) {
          // A high surrogate pairs with a following \uDC00-\uDFFF; alone it is replaced,
          // as Go's JSON decoder does.
          if (peek() == '\\' && peek(1) == 'u') {
            size_t save_pos = pos_;
            int save_row = row_;
            size_t save_line = line_start_;
            advance();
            advance();
            int low = read_hex4();
            if (low >= 0xDC00 && low <= 0xDFFF) {
              cp = 0x10000 + ((cp - 0xD800) << 10) + (static_cast<uint32_t>(low) - 0xDC00);
            } else {
              pos_ = save_pos;
              row_ = save_row;
              line_start_ = save_line;
              cp = kReplacementChar;
            }
          } else {
            cp = kReplacementChar;
          }
        } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
          cp = kReplacementChar;
        }
        append_utf8(out, cp);
        return true;
      }
      default:
        if (e != '\0' && extra.find(e) != std::string_view::npos) {
          out += e;
          advance();
          return true;
        }
        return false;
    }
  }

  int read_hex4() {
    int value = 0;
    for (int i = 0; i < 4; ++i) {
      int digit = hex_value(peek());
      if (digit < 0) return -1;
      value = value * 16 + digit;
      advance();
    }
    return value;
  }

  void skip_rest_of_line() {
    while (!at_end() && src_[pos_] != '\n') advance();
  }

  void lex_string(Token token) {
    advance();  // opening quote
    std::string value;
    for (;;) {
      if (at_end() || src_[pos_] == '\n') {
        push_illegal(std::move(token), "non-terminated string");
        return;
      }
      char c = src_[pos_];
      if (c == '"') {
        advance();
        break;
      }
      if (c == '\\') {
        advance();
        if (!read_escape(value)) {
          skip_to_string_end('"');
          push_illegal(std::move(token), "illegal escape sequence");
          return;
        }
        continue;
      }
      value += c;
      advance();
    }
    token.kind = TokenKind::String;
    token.text = std::move(value);
    push(std::move(token));
  }

  // After an error inside a string, skips to its closing quote on the same line so that
  // lexing resumes at a sensible place.
  void skip_to_string_end(char quote) {
    while (!at_end() && src_[pos_] != '\n') {
      if (src_[pos_] == '\\' && pos_ + 1 < src_.size() && src_[pos_ + 1] != '\n') {
        advance();
      } else if (src_[pos_] == quote) {
        advance();
        return;
      }
      advance();
    }
  }

  void lex_raw_string(Token token) {
    advance();  // opening backtick
    size_t start = pos_;
    while (!at_end() && src_[pos_] != '`') advance();
    if (at_end()) {
      push_illegal(std::move(token), "non-terminated raw string");
      return;
    }
    token.kind = TokenKind::String;
    token.text = std::string(src_.substr(start, pos_ - start));
    advance();  // closing backtick
    push(std::move(token));
  }

  // $"...{expr}..." and $`...{expr}...`: literal parts become template tokens and each
  // embedded expression is lexed as ordinary tokens between them.
  void lex_template(Token token) {
    advance();  // $
    const char quote = src_[pos_];
    const bool raw = quote == '`';
    advance();
    bool first = true;
    Token part = std::move(token);
    std::string text;
    for (;;) {
      if (at_end() || (!raw && src_[pos_] == '\n')) {
        push_illegal(std::move(part), "non-terminated template string");
        return;
      }
      char c = src_[pos_];
      if (c == quote || c == '{') {
        part.kind = first ? TokenKind::TemplateStart
                          : (c == quote ? TokenKind::TemplateEnd : TokenKind::TemplateMiddle);
        part.text = std::move(text);
        text.clear();
        advance();
        push(std::move(part));
        if (c == quote) {
          if (first) {
            Token end = start_token(TokenKind::TemplateEnd);
            push(std::move(end));
          }
          return;
        }
        first = false;
        if (!lex_tokens(true)) {
          Token bad = start_token(TokenKind::Illegal);
          push_illegal(std::move(bad), "non-terminated template string");
          return;
        }
        part = start_token(TokenKind::TemplateMiddle);
        continue;
      }
      if (!raw && c == '\\') {
        advance();
        if (!read_escape(text, "{}")) {
          skip_to_string_end(quote);
          push_illegal(std::move(part), "illegal escape sequence");
          return;
        }
        continue;
      }
      text += c;
      advance();
    }
  }

  void lex_operator(Token token) {
    char c = src_[pos_];
    char next = peek(1);
    auto emit = [&](TokenKind kind, int length) {
      for (int i = 0; i < length; ++i) advance();
      token.kind = kind;
      push(std::move(token));
    };
    switch (c) {
      case '[':
        return emit(TokenKind::LBrack, 1);
      case ']':
        return emit(TokenKind::RBrack, 1);
      case '{':
        return emit(TokenKind::LBrace, 1);
      case '}':
        return emit(TokenKind::RBrace, 1);
      case '(':
        return emit(TokenKind::LParen, 1);
      case ')':
        return emit(TokenKind::RParen, 1);
      case ',':
        return emit(TokenKind::Comma, 1);
      case ';':
        return emit(TokenKind::Semicolon, 1);
      case '.':
        return emit(TokenKind::Dot, 1);
      case ':':
        return next == '=' ? emit(TokenKind::Assign, 2) : emit(TokenKind::Colon, 1);
      case '=':
        return next == '=' ? emit(TokenKind::Equal, 2) : emit(TokenKind::Unify, 1);
      case '!':
        if (next == '=') return emit(TokenKind::Neq, 2);
        break;
      case '<':
        return next == '=' ? emit(TokenKind::Lte, 2) : emit(TokenKind::Lt, 1);
      case '>':
        return next == '=' ? emit(TokenKind::Gte, 2) : emit(TokenKind::Gt, 1);
      case '+':
        return emit(TokenKind::Add, 1);
      case '-':
        return emit(TokenKind::Sub, 1);
      case '*':
        return emit(TokenKind::Mul, 1);
      case '/':
        return emit(TokenKind::Quo, 1);
      case '%':
        return emit(TokenKind::Rem, 1);
      case '&':
        return emit(TokenKind::And, 1);
      case '|':
        return emit(TokenKind::Or, 1);
      default:
        break;
    }
    advance();
    push_illegal(std::move(token), "illegal token");
  }

  std::string_view src_;
  size_t pos_ = 0;
  int row_ = 1;
  size_t line_start_ = 0;
  bool space_ = false;
  bool newline_ = false;
  LexResult out_;
};

}  // namespace

LexResult lex(std::string_view source) {
  return Lexer(source).run();
}

std::string_view token_kind_name(TokenKind kind) {
  switch (kind) {
    case TokenKind::Eof:
      return "eof";
    case TokenKind::Illegal:
      return "illegal";
    case TokenKind::Ident:
      return "ident";
    case TokenKind::Number:
      return "number";
    case TokenKind::String:
      return "string";
    case TokenKind::TemplateStart:
    case TokenKind::TemplateMiddle:
    case TokenKind::TemplateEnd:
      return "template-string";
    case TokenKind::LBrack:
      return "[";
    case TokenKind::RBrack:
      return "]";
    case TokenKind::LBrace:
      return "{";
    case TokenKind::RBrace:
      return "}";
    case TokenKind::LParen:
      return "(";
    case TokenKind::RParen:
      return ")";
    case TokenKind::Comma:
      return ",";
    case TokenKind::Colon:
      return ":";
    case TokenKind::Semicolon:
      return ";";
    case TokenKind::Dot:
      return ".";
    case TokenKind::Assign:
      return "assign";
    case TokenKind::Unify:
      return "eq";
    case TokenKind::Equal:
      return "equal";
    case TokenKind::Neq:
      return "neq";
    case TokenKind::Lt:
      return "lt";
    case TokenKind::Lte:
      return "lte";
    case TokenKind::Gt:
      return "gt";
    case TokenKind::Gte:
      return "gte";
    case TokenKind::Add:
      return "plus";
    case TokenKind::Sub:
      return "minus";
    case TokenKind::Mul:
      return "mul";
    case TokenKind::Quo:
      return "div";
    case TokenKind::Rem:
      return "rem";
    case TokenKind::And:
      return "and";
    case TokenKind::Or:
      return "or";
  }
  return "illegal";
}

}  // namespace mg::rego::syntax
