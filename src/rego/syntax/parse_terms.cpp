// Terms: scalars, vars, refs, calls, collections, comprehensions and infix operators, with
// OPA's precedence (loosest first): `in`; == != < <= > >=; |; &; + -; * / %.

#include <optional>

#include "rego/syntax/rego_parser.h"

namespace mg::rego::syntax {

using ast::Location;
using ast::Term;
using ast::TermKind;

namespace {

Term make_term(TermKind kind, Location loc, std::vector<Term> items = {}) {
  Term term;
  term.kind = kind;
  term.loc = std::move(loc);
  term.items = std::move(items);
  return term;
}

Term make_call(Term op, std::vector<Term> args, Location loc) {
  std::vector<Term> items;
  items.reserve(args.size() + 1);
  items.push_back(std::move(op));
  for (auto& arg : args) items.push_back(std::move(arg));
  return make_term(TermKind::Call, std::move(loc), std::move(items));
}

std::optional<std::string_view> relation_name(TokenKind kind) {
  switch (kind) {
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
    default:
      return std::nullopt;
  }
}

bool is_set_constructor(const Term& op) {
  return op.kind == TermKind::Ref && op.items.size() == 1 && op.items[0].kind == TermKind::Var &&
         op.items[0].name == "set";
}

}  // namespace

std::string_view term_type_name(const Term& term) {
  switch (term.kind) {
    case TermKind::Scalar:
      switch (term.value.kind()) {
        case Kind::Null:
          return "null";
        case Kind::Boolean:
          return "boolean";
        case Kind::Number:
          return "number";
        default:
          return "string";
      }
    case TermKind::Var:
      return "var";
    case TermKind::Ref:
      return "ref";
    case TermKind::Array:
      return "array";
    case TermKind::Set:
      return "set";
    case TermKind::Object:
      return "object";
    case TermKind::ArrayCompr:
      return "arraycomprehension";
    case TermKind::SetCompr:
      return "setcomprehension";
    case TermKind::ObjectCompr:
      return "objectcomprehension";
    case TermKind::Call:
      return "call";
    case TermKind::TemplateString:
      return "templatestring";
  }
  return "term";
}

Term RegoParser::op_term(std::string_view name, const Location& at) const {
  return Term::ref({Term::var(std::string(name), at)}, at);
}

Term RegoParser::member_op(int arity, const Location& at) const {
  return Term::ref({Term::var("internal", at),
                    Term::scalar(Value::string(arity == 2 ? "member_2" : "member_3"), at)},
                   at);
}

Term RegoParser::parse_term_infix(bool key_value) {
  DepthGuard guard(*this);
  return parse_term_in(key_value);
}

Term RegoParser::parse_term_in(bool key_value) {
  Term lhs = parse_relation();
  for (;;) {
    if (key_value && at(TokenKind::Comma)) {
      // `k, v in xs`: only when an `in` follows the second operand.
      size_t saved = pos_;
      advance();
      std::optional<Term> middle;
      try {
        middle = parse_relation();
      } catch (const SyntaxError&) {
        middle.reset();
      }
      if (middle && is_keyword(cur(), "in")) {
        Location op_loc = loc();
        advance();
        Term rhs = parse_relation();
        Location call_loc = lhs.loc;
        lhs = make_call(member_op(3, op_loc), {std::move(lhs), std::move(*middle), std::move(rhs)},
                        std::move(call_loc));
        continue;
      }
      pos_ = saved;
    }
    if (is_keyword(cur(), "in")) {
      Location op_loc = loc();
      advance();
      Term rhs = parse_relation();
      Location call_loc = lhs.loc;
      lhs = make_call(member_op(2, op_loc), {std::move(lhs), std::move(rhs)}, std::move(call_loc));
      continue;
    }
    return lhs;
  }
}

Term RegoParser::parse_relation() {
  Term lhs = parse_or();
  while (auto name = relation_name(cur().kind)) {
    Location op_loc = loc();
    advance();
    Term rhs = parse_or();
    Location call_loc = lhs.loc;
    lhs = make_call(op_term(*name, op_loc), {std::move(lhs), std::move(rhs)}, std::move(call_loc));
  }
  return lhs;
}

Term RegoParser::parse_or() {
  Term lhs = parse_and();
  while (at(TokenKind::Or)) {
    Location op_loc = loc();
    advance();
    Term rhs = parse_and();
    Location call_loc = lhs.loc;
    lhs = make_call(op_term("or", op_loc), {std::move(lhs), std::move(rhs)}, std::move(call_loc));
  }
  return lhs;
}

Term RegoParser::parse_and() {
  Term lhs = parse_arith();
  while (at(TokenKind::And)) {
    Location op_loc = loc();
    advance();
    Term rhs = parse_arith();
    Location call_loc = lhs.loc;
    lhs = make_call(op_term("and", op_loc), {std::move(lhs), std::move(rhs)}, std::move(call_loc));
  }
  return lhs;
}

Term RegoParser::parse_arith() {
  Term lhs = parse_factor();
  while (at(TokenKind::Add) || at(TokenKind::Sub)) {
    Location op_loc = loc();
    std::string_view name = at(TokenKind::Add) ? "plus" : "minus";
    advance();
    Term rhs = parse_factor();
    Location call_loc = lhs.loc;
    lhs = make_call(op_term(name, op_loc), {std::move(lhs), std::move(rhs)}, std::move(call_loc));
  }
  return lhs;
}

Term RegoParser::parse_factor() {
  Term lhs = parse_term();
  while (at(TokenKind::Mul) || at(TokenKind::Quo) || at(TokenKind::Rem)) {
    Location op_loc = loc();
    std::string_view name = at(TokenKind::Mul) ? "mul" : at(TokenKind::Quo) ? "div" : "rem";
    advance();
    Term rhs = parse_term();
    Location call_loc = lhs.loc;
    lhs = make_call(op_term(name, op_loc), {std::move(lhs), std::move(rhs)}, std::move(call_loc));
  }
  return lhs;
}

Term RegoParser::parse_term() {
  DepthGuard guard(*this);
  const size_t start = pos_;
  // Only collections and parentheses are worth caching: they are what backtracking re-reads.
  const bool cacheable = at(TokenKind::LBrace) || at(TokenKind::LBrack) || at(TokenKind::LParen);
  if (cacheable) {
    if (auto hit = term_cache_.find(start); hit != term_cache_.end()) {
      pos_ = hit->second.second;
      return hit->second.first;
    }
  }
  Term head = parse_primary();
  Term term = parse_ref_suffixes(std::move(head), false);
  if (cacheable) term_cache_.emplace(start, std::make_pair(term, pos_));
  return term;
}

Term RegoParser::parse_primary() {
  const Token& token = cur();
  Location at_loc = loc();
  switch (token.kind) {
    case TokenKind::Ident: {
      if (token.text == "true" || token.text == "false") {
        Term term = Term::scalar(Value::boolean(token.text == "true"), at_loc);
        advance();
        return term;
      }
      if (token.text == "null") {
        advance();
        return Term::scalar(Value::null(), at_loc);
      }
      // `contains` outside a rule head is an ordinary name, as in OPA.
      if (is_any_keyword(token) && token.text != "contains") illegal();
      Term term = Term::var(token.text, at_loc);
      advance();
      return term;
    }
    case TokenKind::Number:
      return parse_number(false, at_loc);
    case TokenKind::Sub:
      advance();
      if (!at(TokenKind::Number) && !at(TokenKind::Dot)) illegal("expected number");
      return parse_number(true, at_loc);
    case TokenKind::Dot:
      return parse_number(false, at_loc);
    case TokenKind::String: {
      Term term = Term::scalar(Value::string(token.text), at_loc);
      advance();
      return term;
    }
    case TokenKind::TemplateStart:
      return parse_template_string();
    case TokenKind::LBrack:
      return parse_array();
    case TokenKind::LBrace:
      return parse_set_or_object();
    case TokenKind::LParen: {
      advance();
      Term inner = parse_term_infix(true);
      if (!at(TokenKind::RParen)) fail(loc(), "non-terminated expression");
      advance();
      return inner;
    }
    default:
      illegal();
  }
}

Term RegoParser::parse_number(bool negative, const Location& at_loc) {
  std::string text = negative ? "-" : "";
  bool fraction_only = false;
  if (at(TokenKind::Dot)) {
    // `.5` is accepted, as OPA does; JSON needs the leading zero.
    advance();
    if (!at(TokenKind::Number) || cur().space_before) illegal("expected number");
    text += "0.";
    fraction_only = true;
  }
  const std::string& literal = cur().text;
  if (!fraction_only && literal.size() > 1 && literal[0] == '0' && literal[1] != '.' &&
      literal[1] != 'e' && literal[1] != 'E') {
    illegal("expected number without leading zero");
  }
  text += literal;
  auto value = Value::number(text);
  if (!value) illegal("invalid float");
  advance();
  return Term::scalar(std::move(*value), at_loc);
}

Term RegoParser::parse_ref_suffixes(Term head, bool first_may_follow_space) {
  auto is_suffix = [&](bool allow_space) {
    if (cur().space_before && !allow_space) return false;
    return at(TokenKind::Dot) || at(TokenKind::LBrack) || at(TokenKind::LParen);
  };
  if (!is_suffix(first_may_follow_space)) return head;

  switch (head.kind) {
    case TermKind::Var:
    case TermKind::Array:
    case TermKind::Object:
    case TermKind::Set:
    case TermKind::ArrayCompr:
    case TermKind::SetCompr:
    case TermKind::ObjectCompr:
    case TermKind::Call:
      break;
    default:
      fail(head.loc, "illegal ref (head cannot be " + std::string(term_type_name(head)) + ")");
  }

  Location ref_loc = head.loc;
  std::vector<Term> items;
  items.push_back(std::move(head));
  bool first = true;
  while (is_suffix(first && first_may_follow_space)) {
    first = false;
    if (at(TokenKind::Dot)) {
      advance();
      // Any word may follow a dot, keywords included (input.package, future.keywords.in).
      if (!at(TokenKind::Ident) || cur().space_before) illegal("expected ident");
      items.push_back(Term::scalar(Value::string(cur().text), loc()));
      advance();
    } else if (at(TokenKind::LBrack)) {
      advance();
      Term index = parse_term_infix(true);
      if (!at(TokenKind::RBrack)) illegal("expected ]");
      advance();
      items.push_back(std::move(index));
    } else {
      Term op = items.size() == 1 && items[0].kind != TermKind::Var
                    ? std::move(items[0])
                    : Term::ref(std::move(items), ref_loc);
      if (op.kind != TermKind::Ref) fail(op.loc, "illegal call (operator must be a name)");
      Term call = parse_call(std::move(op));
      // f(x).y and f(x)[0] continue as a ref on the call's result.
      return parse_ref_suffixes(std::move(call), false);
    }
  }
  return Term::ref(std::move(items), ref_loc);
}

Term RegoParser::parse_call(Term op) {
  Location call_loc = op.loc;
  advance();  // (
  if (at(TokenKind::RParen)) {
    advance();
    if (is_set_constructor(op)) return make_term(TermKind::Set, call_loc);
    return make_call(std::move(op), {}, call_loc);
  }
  std::vector<Term> args = parse_term_list(TokenKind::RParen, {});
  return make_call(std::move(op), std::move(args), call_loc);
}

std::vector<Term> RegoParser::parse_term_list(TokenKind end, std::vector<Term> items) {
  const std::string note =
      std::string("expected \",\" or \"") + std::string(token_kind_name(end)) + "\"";
  if (at(end)) {
    advance();
    return items;
  }
  for (;;) {
    items.push_back(parse_term_infix(false));
    if (at(end)) {
      advance();
      return items;
    }
    if (!at(TokenKind::Comma)) illegal(note);
    advance();
    if (at(end)) {
      advance();
      return items;
    }
  }
}

Term RegoParser::parse_array() {
  Location array_loc = loc();
  advance();  // [
  if (at(TokenKind::RBrack)) {
    advance();
    return make_term(TermKind::Array, array_loc);
  }
  bool maybe_comprehension = true;
  if (at(TokenKind::Comma)) {  // a leading comma is tolerated, as in OPA
    maybe_comprehension = false;
    advance();
  }
  const size_t list_start = pos_;
  // A plain term first: `[x | body]` is a comprehension, not an array holding `x | body`.
  Term head = parse_term();
  if (at(TokenKind::RBrack)) {
    advance();
    return make_term(TermKind::Array, array_loc, {std::move(head)});
  }
  if (at(TokenKind::Comma)) {
    advance();
    std::vector<Term> items;
    items.push_back(std::move(head));
    return make_term(TermKind::Array, array_loc,
                     parse_term_list(TokenKind::RBrack, std::move(items)));
  }
  if (at(TokenKind::Or) && maybe_comprehension) {
    advance();
    try {
      ast::Body body = parse_body(TokenKind::RBrack);
      advance();  // ]
      Term term = make_term(TermKind::ArrayCompr, array_loc, {std::move(head)});
      term.body = std::move(body);
      return term;
    } catch (const SyntaxError&) {
      if (!at(TokenKind::Comma)) throw;
    }
  }
  pos_ = list_start;
  return make_term(TermKind::Array, array_loc, parse_term_list(TokenKind::RBrack, {}));
}

Term RegoParser::parse_set_or_object() {
  Location brace_loc = loc();
  advance();  // {
  if (at(TokenKind::RBrace)) {
    advance();
    return make_term(TermKind::Object, brace_loc);
  }
  bool maybe_comprehension = true;
  if (at(TokenKind::Comma)) {
    maybe_comprehension = false;
    advance();
  }
  const size_t list_start = pos_;
  // As for arrays, try a plain term first so that `{x | body}` is a comprehension.
  Term head = parse_term();
  if ((at(TokenKind::Or) && maybe_comprehension) || at(TokenKind::RBrace) || at(TokenKind::Comma)) {
    return finish_set(list_start, std::move(head), maybe_comprehension, brace_loc);
  }
  if (at(TokenKind::Colon)) return parse_object(std::move(head), maybe_comprehension, brace_loc);

  pos_ = list_start;
  head = parse_term_infix(false);
  if (at(TokenKind::RBrace) || at(TokenKind::Comma)) {
    return finish_set(list_start, std::move(head), false, brace_loc);
  }
  if (at(TokenKind::Colon)) return parse_object(std::move(head), maybe_comprehension, brace_loc);
  illegal("non-terminated set");
}

Term RegoParser::finish_set(size_t list_start, Term head, bool maybe_comprehension,
                            const Location& at_loc) {
  if (at(TokenKind::RBrace)) {
    advance();
    return make_term(TermKind::Set, at_loc, {std::move(head)});
  }
  if (at(TokenKind::Comma)) {
    advance();
    std::vector<Term> items;
    items.push_back(std::move(head));
    return make_term(TermKind::Set, at_loc, parse_term_list(TokenKind::RBrace, std::move(items)));
  }
  // `|`
  if (maybe_comprehension) {
    advance();
    try {
      ast::Body body = parse_body(TokenKind::RBrace);
      advance();  // }
      Term term = make_term(TermKind::SetCompr, at_loc, {std::move(head)});
      term.body = std::move(body);
      return term;
    } catch (const SyntaxError&) {
      if (!at(TokenKind::Comma)) throw;
    }
  }
  pos_ = list_start;
  return make_term(TermKind::Set, at_loc, parse_term_list(TokenKind::RBrace, {}));
}

Term RegoParser::parse_object(Term key, bool maybe_comprehension, const Location& at_loc) {
  advance();  // :
  const size_t value_start = pos_;
  Term value = parse_term();
  bool maybe_relation = true;
  if (maybe_comprehension && (at(TokenKind::RBrace) || at(TokenKind::Comma) || at(TokenKind::Or))) {
    maybe_relation = at(TokenKind::Or);
    try {
      return finish_object(key, std::move(value), true, at_loc);  // key copied: may retry
    } catch (const SyntaxError&) {
      if (!maybe_relation) throw;
    }
  }
  if (!maybe_relation) illegal("non-terminated object");
  pos_ = value_start;
  value = parse_term_infix(false);
  if (at(TokenKind::RBrace) || at(TokenKind::Comma)) {
    return finish_object(std::move(key), std::move(value), false, at_loc);
  }
  illegal("non-terminated object");
}

Term RegoParser::finish_object(Term key, Term value, bool maybe_comprehension,
                               const Location& at_loc) {
  if (at(TokenKind::RBrace)) {
    advance();
    return make_term(TermKind::Object, at_loc, {std::move(key), std::move(value)});
  }
  if (at(TokenKind::Or)) {
    if (!maybe_comprehension) illegal("non-terminated object");
    advance();
    ast::Body body = parse_body(TokenKind::RBrace);
    advance();  // }
    Term term = make_term(TermKind::ObjectCompr, at_loc, {std::move(key), std::move(value)});
    term.body = std::move(body);
    return term;
  }
  // `,`: the remaining key: value pairs.
  advance();
  std::vector<Term> items;
  items.push_back(std::move(key));
  items.push_back(std::move(value));
  while (!at(TokenKind::RBrace)) {
    items.push_back(parse_term_infix(false));
    if (!at(TokenKind::Colon)) illegal("expected \":\"");
    advance();
    items.push_back(parse_term_infix(false));
    if (at(TokenKind::RBrace)) break;
    if (!at(TokenKind::Comma)) illegal("expected \",\" or \"}\"");
    advance();
  }
  advance();  // }
  return make_term(TermKind::Object, at_loc, std::move(items));
}

// `{x with input as y}` in a template string: the values of x under the modifiers, read as
// the members of `[v | v := x with input as y]` (a template part iterates what it is given).
Term RegoParser::template_with(Term part) {
  Location at_loc = part.loc;
  Term var = Term::var("$template" + std::to_string(++template_vars_), at_loc);
  ast::Expr assign;
  assign.kind = ast::ExprKind::Call;
  assign.loc = at_loc;
  assign.terms.push_back(op_term("assign", at_loc));
  assign.terms.push_back(var);
  assign.terms.push_back(std::move(part));
  assign.withs = parse_withs();
  Term compr = make_term(TermKind::ArrayCompr, at_loc, {var});
  compr.body.push_back(std::move(assign));
  return Term::ref({std::move(compr), Term::var("_", at_loc)}, at_loc);
}

Term RegoParser::parse_template_string() {
  Location template_loc = loc();
  Term term = make_term(TermKind::TemplateString, template_loc);
  auto add_part = [&](const Token& token) {
    if (!token.text.empty()) {
      term.items.push_back(Term::scalar(Value::string(token.text), loc_of(token)));
    }
  };
  add_part(cur());
  advance();
  for (;;) {
    if (at(TokenKind::TemplateEnd)) {
      add_part(cur());
      advance();
      return term;
    }
    if (at(TokenKind::TemplateMiddle)) fail(loc(), "invalid template-string expression");
    Term part = parse_term_infix(true);
    if (is_keyword(cur(), "with")) part = template_with(std::move(part));
    term.items.push_back(std::move(part));
    if (at(TokenKind::TemplateMiddle)) {
      add_part(cur());
      advance();
      continue;
    }
    if (!at(TokenKind::TemplateEnd)) fail(loc(), "expected } to end template string expression");
  }
}

}  // namespace mg::rego::syntax
