// Literals (expressions with `not`, `some`, `every`, `with`) and bodies.

#include <optional>

#include "rego/syntax/rego_parser.h"

namespace mg::rego::syntax {

using ast::Expr;
using ast::ExprKind;
using ast::Location;
using ast::Term;
using ast::TermKind;

namespace {

bool is_member_call(const Term& term, std::string_view which) {
  if (term.kind != TermKind::Call || term.items.empty()) return false;
  const Term& op = term.items[0];
  return op.kind == TermKind::Ref && op.items.size() == 2 && op.items[0].kind == TermKind::Var &&
         op.items[0].name == "internal" && op.items[1].kind == TermKind::Scalar &&
         op.items[1].value.is_string() && op.items[1].value.as_string() == which;
}

}  // namespace

ast::Body RegoParser::parse_body(TokenKind end) {
  DepthGuard guard(*this);
  if (at(end)) fail(loc(), "found empty body");
  const std::string note = std::string("expected \\n or ; or ") + std::string(token_kind_name(end));
  ast::Body body;
  for (;;) {
    body.push_back(parse_literal());
    if (at(TokenKind::Semicolon)) {
      advance();
      continue;
    }
    if (at(end)) return body;
    if (!cur().newline_before) illegal(note);
  }
}

Expr RegoParser::parse_literal() {
  Location at_loc = loc();
  bool negated = false;
  if (is_keyword(cur(), "not")) {
    const Token& next = peek();
    // `not.x` or `not[0]` would be a ref on a var named "not"; OPA never reads it as negation.
    bool ref_follows =
        !next.space_before && (next.kind == TokenKind::Dot || next.kind == TokenKind::LBrack);
    if (!ref_follows) {
      advance();
      negated = true;
    }
  }
  if (is_keyword(cur(), "some")) {
    if (negated) illegal("illegal negation of 'some'");
    return parse_some(at_loc);
  }
  if (is_keyword(cur(), "every")) {
    if (negated) illegal("illegal negation of 'every'");
    return parse_every(at_loc);
  }
  return parse_literal_expr(negated, at_loc);
}

Expr RegoParser::parse_literal_expr(bool negated, const Location& at_loc) {
  Expr expr = parse_expr(at_loc);
  expr.negated = negated;
  if (is_keyword(cur(), "with")) expr.withs = parse_withs();
  return expr;
}

Expr RegoParser::parse_expr(const Location& at_loc) {
  Term lhs = parse_term_infix(true);
  Expr expr;
  expr.loc = at_loc;
  if (at(TokenKind::Assign) || at(TokenKind::Unify)) {
    Term op = op_term(at(TokenKind::Assign) ? "assign" : "eq", loc());
    advance();
    Term rhs = parse_term_infix(true);
    expr.kind = ExprKind::Call;
    expr.terms.push_back(std::move(op));
    expr.terms.push_back(std::move(lhs));
    expr.terms.push_back(std::move(rhs));
    return expr;
  }
  if (lhs.kind == TermKind::Call) {
    // A call statement is an expression whose terms are the operator and operands.
    expr.kind = ExprKind::Call;
    expr.terms = std::move(lhs.items);
    return expr;
  }
  expr.kind = ExprKind::Term;
  expr.terms.push_back(std::move(lhs));
  return expr;
}

std::vector<ast::With> RegoParser::parse_withs() {
  std::vector<ast::With> withs;
  while (is_keyword(cur(), "with")) {
    ast::With with;
    with.loc = loc();
    advance();
    if (!at(TokenKind::Ident)) illegal("expected ident");
    with.target = parse_term();
    if (with.target.kind != TermKind::Ref && with.target.kind != TermKind::Var) {
      illegal("expected with target path");
    }
    if (!is_keyword(cur(), "as")) illegal("expected as keyword");
    advance();
    with.value = parse_term_infix(true);
    withs.push_back(std::move(with));
  }
  return withs;
}

Expr RegoParser::parse_some(const Location& at_loc) {
  Expr expr;
  expr.kind = ExprKind::Some;
  expr.loc = at_loc;
  const size_t saved = pos_;
  advance();  // some
  // `some x in xs` / `some k, v in xs` parse as a membership call.
  std::optional<Term> term;
  try {
    term = parse_term_infix(true);
  } catch (const SyntaxError&) {
    term.reset();
  }
  if (term && term->kind == TermKind::Call) {
    if (!is_member_call(*term, "member_2") && !is_member_call(*term, "member_3")) {
      illegal("expected `x in xs` or `x, y in xs` expression");
    }
    expr.some_in = true;
    expr.terms.push_back(std::move(*term));
    if (is_keyword(cur(), "with")) expr.withs = parse_withs();
    return expr;
  }
  pos_ = saved;
  for (;;) {
    advance();  // `some` or `,`
    if (!at(TokenKind::Ident) || is_any_keyword(cur())) illegal("expected var");
    expr.terms.push_back(Term::var(cur().text, loc()));
    advance();
    if (!at(TokenKind::Comma)) break;
  }
  return expr;
}

Expr RegoParser::parse_every(const Location& at_loc) {
  advance();  // every
  Term term = parse_term_infix(true);
  Expr expr;
  expr.kind = ExprKind::Every;
  expr.loc = at_loc;
  if (is_member_call(term, "member_2")) {
    expr.terms.push_back(Term::var("", at_loc));
    expr.terms.push_back(std::move(term.items[1]));
    expr.terms.push_back(std::move(term.items[2]));
  } else if (is_member_call(term, "member_3")) {
    if (term.items[1].kind != TermKind::Var) illegal("expected key to be a variable");
    expr.terms.push_back(std::move(term.items[1]));
    expr.terms.push_back(std::move(term.items[2]));
    expr.terms.push_back(std::move(term.items[3]));
  } else {
    illegal("expected `x[, y] in xs { ... }` expression");
  }
  if (expr.terms[1].kind != TermKind::Var) illegal("expected value to be a variable");
  if (!at(TokenKind::LBrace)) illegal("missing body");
  advance();
  expr.body = parse_body(TokenKind::RBrace);
  advance();  // }
  if (is_keyword(cur(), "with")) expr.withs = parse_withs();
  return expr;
}

ast::QueryParse RegoParser::parse_query() {
  ast::QueryParse result;
  if (at(TokenKind::Eof)) {
    result.errors.push_back({loc(), "empty query"});
    return result;
  }
  try {
    // As in OPA, expressions may be separated by `;`, newlines or nothing at all.
    while (!at(TokenKind::Eof)) {
      result.body.push_back(parse_literal());
      if (at(TokenKind::Semicolon)) advance();
    }
  } catch (const SyntaxError& error) {
    result.body.clear();
    result.errors.push_back(error.error);
  }
  return result;
}

}  // namespace mg::rego::syntax
