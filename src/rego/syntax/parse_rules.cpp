// Module statements: package, imports and rules (heads, bodies, else chains), with the
// Rego v1 checks and error recovery at statement boundaries.

#include <algorithm>
#include <optional>
#include <set>

#include "rego/syntax/rego_parser.h"

namespace mg::rego::syntax {

using ast::Expr;
using ast::ExprKind;
using ast::Location;
using ast::Term;
using ast::TermKind;

namespace {

bool is_ground(const Term& term) {
  if (term.kind == TermKind::Var) return false;
  if (term.kind == TermKind::Ref || term.kind == TermKind::Call) return false;
  if (term.kind == TermKind::ArrayCompr || term.kind == TermKind::SetCompr ||
      term.kind == TermKind::ObjectCompr || term.kind == TermKind::TemplateString) {
    return false;
  }
  return std::all_of(term.items.begin(), term.items.end(), is_ground);
}

// Default rule values must be constants: vars, refs and calls are only allowed inside
// comprehensions. Returns the offending kind's name, if any.
std::optional<std::string_view> non_constant_part(const Term& term) {
  switch (term.kind) {
    case TermKind::Var:
    case TermKind::Ref:
    case TermKind::Call:
    case TermKind::TemplateString:
      return term_type_name(term);
    case TermKind::ArrayCompr:
    case TermKind::SetCompr:
    case TermKind::ObjectCompr:
      return std::nullopt;
    default:
      for (const auto& item : term.items) {
        if (auto bad = non_constant_part(item)) return bad;
      }
      return std::nullopt;
  }
}

bool is_operator_token(TokenKind kind) {
  switch (kind) {
    case TokenKind::Add:
    case TokenKind::Sub:
    case TokenKind::Mul:
    case TokenKind::Quo:
    case TokenKind::Rem:
    case TokenKind::And:
    case TokenKind::Or:
    case TokenKind::Equal:
    case TokenKind::Neq:
    case TokenKind::Gt:
    case TokenKind::Gte:
    case TokenKind::Lt:
    case TokenKind::Lte:
      return true;
    default:
      return false;
  }
}

std::string head_ref_text(const std::vector<Term>& ref) {
  if (ref.empty()) return {};
  return ast::to_string(Term::ref(ref, ref[0].loc));
}

std::string body_keyword_message(bool is_function) {
  return std::string("`if` keyword is required before ") + (is_function ? "function" : "rule") +
         " body";
}

}  // namespace

ast::ModuleParse RegoParser::parse_module() {
  ast::Module module;
  module.file = file_;
  module.version = dialect_ == Dialect::V0 ? ast::RegoVersion::V0 : ast::RegoVersion::V1;

  if (at(TokenKind::Eof)) {
    record({ast::Location{file_, 1, 1}, "empty module"});
    return ast::ModuleParse{std::nullopt, std::move(errors_), false};
  }

  // Where each statement starts, to attach METADATA comment blocks: (row, rule index or -1
  // for the package).
  std::vector<std::pair<int, size_t>> statement_rows;
  bool first = true;
  while (!at(TokenKind::Eof)) {
    const size_t start = pos_;
    const int row = cur().row;
    const size_t rules_before = module.rules.size();
    const bool is_package = is_keyword(cur(), "package");
    try {
      parse_statement(module, first);
    } catch (const SyntaxError& error) {
      record(error.error);
      recover(start);
    }
    term_cache_.clear();  // statements never re-read earlier tokens, so keep memory flat
    if (is_package) {
      statement_rows.emplace_back(row, static_cast<size_t>(-1));
    } else if (module.rules.size() > rules_before) {
      statement_rows.emplace_back(row, rules_before);
    }
    first = false;
  }
  attach_annotations(module, statement_rows);
  if (imports_rego_v1_) module.version = ast::RegoVersion::V1;

  ast::ModuleParse result;
  if (errors_.empty()) {
    result.module = std::move(module);
  } else {
    std::stable_sort(errors_.begin(), errors_.end(), [](const auto& a, const auto& b) {
      return std::tie(a.loc.row, a.loc.col) < std::tie(b.loc.row, b.loc.col);
    });
  }
  result.errors = std::move(errors_);
  return result;
}

void RegoParser::parse_statement(ast::Module& module, bool first) {
  auto starts_ref = [&] {
    const Token& next = peek();
    return !next.space_before && (next.kind == TokenKind::Dot || next.kind == TokenKind::LBrack);
  };
  if (is_keyword(cur(), "package") && !starts_ref()) {
    Location at_loc = loc();
    parse_package(module);
    if (!first) record({at_loc, "unexpected package"});
    return;
  }
  if (first) record({loc(), "package expected"});
  if (is_keyword(cur(), "import") && !starts_ref()) {
    parse_import(module);
    return;
  }
  parse_rules(module);
}

void RegoParser::parse_package(ast::Module& module) {
  Location package_loc = loc();
  advance();
  if (!at(TokenKind::Ident)) illegal();
  Term path = parse_term();
  std::vector<Term> parts;
  parts.push_back(Term::var("data", path.loc));
  if (path.kind == TermKind::Var) {
    parts.push_back(Term::scalar(Value::string(path.name), path.loc));
  } else if (path.kind == TermKind::Ref && path.items[0].kind == TermKind::Var) {
    parts.push_back(Term::scalar(Value::string(path.items[0].name), path.items[0].loc));
    for (size_t i = 1; i < path.items.size(); ++i) {
      const Term& part = path.items[i];
      if (part.kind != TermKind::Scalar || !part.value.is_string()) {
        fail(part.loc,
             "unexpected " + std::string(term_type_name(part)) + " token: expecting string");
      }
      parts.push_back(part);
    }
  } else {
    fail(path.loc, "unexpected " + std::string(term_type_name(path)) + " token: expecting var");
  }
  module.loc = package_loc;
  module.package = Term::ref(std::move(parts), path.loc);
}

void RegoParser::parse_import(ast::Module& module) {
  ast::Import import;
  import.loc = loc();
  advance();
  if (!at(TokenKind::Ident)) illegal();
  Term path = parse_term();
  if (path.kind == TermKind::Var) {
    Location path_loc = path.loc;
    path = Term::ref({std::move(path)}, path_loc);
  } else if (path.kind == TermKind::Ref && path.items[0].kind == TermKind::Var) {
    for (size_t i = 1; i < path.items.size(); ++i) {
      const Term& part = path.items[i];
      if (part.kind != TermKind::Scalar || !part.value.is_string()) {
        fail(part.loc,
             "unexpected " + std::string(term_type_name(part)) + " token: expecting string");
      }
    }
  } else {
    fail(path.loc, "expected path");
  }
  const std::string& root = path.items[0].name;
  if (root != "data" && root != "input" && root != "future" && root != "rego") {
    fail(path.loc,
         "unexpected import path, must begin with one of: {data, future, input, rego}, got: " +
             root);
  }
  import.path = std::move(path);
  if (is_keyword(cur(), "as")) {
    advance();
    if (!at(TokenKind::Ident) || is_any_keyword(cur())) illegal("expected var");
    import.alias = cur().text;
    advance();
  } else {
    const Term& last = import.path.items.back();
    std::string name = last.kind == TermKind::Var ? last.name : std::string(last.value.as_string());
    bool keyword_tail = root != "future" || import.path.items.size() == 1;
    if (keyword_tail && keyword_active(name) && name != "contains") {
      record({last.loc, "unexpected import path, must not end with a keyword, got: " + name});
    }
  }
  apply_import(import);
  module.imports.push_back(std::move(import));
}

void RegoParser::apply_import(const ast::Import& import) {
  const auto& path = import.path.items;
  auto part = [&](size_t i) -> std::string {
    if (i >= path.size()) return {};
    return path[i].kind == TermKind::Var ? path[i].name : std::string(path[i].value.as_string());
  };
  if (part(0) == "future") {
    if (path.size() == 1 || part(1) != "keywords") {
      record({import.path.loc, "invalid import, must be `future.keywords`"});
      return;
    }
    if (!import.alias.empty()) {
      record({import.path.loc, "`future` imports cannot be aliased"});
      return;
    }
    if (path.size() == 3) {
      std::string keyword = part(2);
      if (keyword != "in" && keyword != "every" && keyword != "contains" && keyword != "if") {
        record({import.path.loc, "unexpected keyword, must be one of [contains every if in]"});
        return;
      }
      if (keyword == "in") kw_in_ = true;
      // `every x in xs` cannot be written without `in`, so importing every brings it along.
      if (keyword == "every") kw_every_ = kw_in_ = true;
      if (keyword == "contains") kw_contains_ = true;
      if (keyword == "if") kw_if_ = true;
      return;
    }
    kw_in_ = kw_every_ = kw_contains_ = kw_if_ = true;
    return;
  }
  if (part(0) == "rego") {
    if (path.size() != 2 || part(1) != "v1") {
      record({import.path.loc,
              "invalid import `" + ast::to_string(import.path) + "`, must be `rego.v1`"});
      return;
    }
    imports_rego_v1_ = true;
    if (dialect_ == Dialect::V1) return;  // a no-op in v1
    if (!import.alias.empty()) {
      record({import.path.loc, "`rego` imports cannot be aliased"});
      return;
    }
    kw_in_ = kw_every_ = kw_contains_ = kw_if_ = true;
    v1_checks_ = true;
  }
}

ast::Head RegoParser::parse_head(bool& used_contains) {
  ast::Head head;
  head.loc = loc();
  Term name = Term::var(cur().text, loc());
  advance();
  if (is_operator_token(cur().kind)) illegal();
  Term ref = parse_ref_suffixes(std::move(name), true);
  switch (ref.kind) {
    case TermKind::Var:
      head.ref.push_back(std::move(ref));
      break;
    case TermKind::Ref:
      if (ref.items[0].kind != TermKind::Var) {
        fail(head.loc, "invalid rule head: " + ast::to_string(ref));
      }
      head.ref = std::move(ref.items);
      break;
    case TermKind::Call: {
      Term& op = ref.items[0];
      if (op.kind != TermKind::Ref || op.items[0].kind != TermKind::Var) {
        fail(head.loc, "invalid rule head: " + ast::to_string(op));
      }
      head.ref = std::move(op.items);
      head.args.assign(std::make_move_iterator(ref.items.begin() + 1),
                       std::make_move_iterator(ref.items.end()));
      head.has_args = true;
      break;
    }
    default:
      fail(head.loc, "invalid rule head: " + ast::to_string(ref));
  }

  const std::string name_text = head_ref_text(head.ref);
  if (is_keyword(cur(), "contains")) {
    if (head.has_args) {
      illegal("the contains keyword can only be used with multi-value rule definitions (e.g., " +
              name_text + " contains <VALUE> { ... })");
    }
    advance();
    head.key = parse_term_infix(true);
    used_contains = true;
  } else if (at(TokenKind::Unify) || at(TokenKind::Assign)) {
    head.assign = at(TokenKind::Assign);
    advance();
    head.value = parse_term_infix(true);
  }
  return head;
}

void RegoParser::bad_statement() {
  // Not a rule head: parse what is there so that a syntax error is reported as such, then
  // say why it cannot define a rule, in OPA's words.
  Location at_loc = loc();
  Expr expr = parse_literal();
  if (expr.negated) fail(at_loc, "negated expressions cannot be used for rule head");
  if (!expr.withs.empty()) {
    fail(at_loc, "expressions using with keyword cannot be used for rule head");
  }
  if (expr.kind == ExprKind::Some) fail(at_loc, "'some' declarations cannot be used for rule head");
  if (expr.kind == ExprKind::Term) {
    const Term& term = expr.terms[0];
    if (term.kind == TermKind::Ref) fail(at_loc, "invalid rule head: " + ast::to_string(term));
    fail(at_loc, std::string(term_type_name(term)) + " cannot be used for rule name");
  }
  if (expr.kind == ExprKind::Call) {
    const std::string op = ast::ref_name(expr.terms[0]);
    if ((op == "assign" || op == "eq") && expr.terms.size() == 3) {
      fail(at_loc, std::string(term_type_name(expr.terms[1])) + " cannot be used for rule name");
    }
    fail(at_loc, "rule name conflicts with built-in function");
  }
  fail(at_loc, "expression cannot be used for rule head");
}

void RegoParser::parse_rules(ast::Module& module) {
  ast::Rule rule;
  rule.loc = loc();
  if (is_keyword(cur(), "default")) {
    advance();
    rule.is_default = true;
  }
  if (!at(TokenKind::Ident) || (is_any_keyword(cur()) && cur().text != "contains")) {
    if (rule.is_default) illegal("expected rule head name");
    bad_statement();
  }

  bool used_contains = false;
  rule.head = parse_head(used_contains);
  ast::Head& head = rule.head;
  const bool is_function = head.has_args;

  if (rule.is_default) {
    if (!head.value) fail(rule.loc, "illegal default rule (must have a value)");
    if (auto bad = non_constant_part(*head.value)) {
      fail(rule.loc, "illegal default rule (value cannot contain " + std::string(*bad) + ")");
    }
    std::set<std::string> seen;
    for (const auto& arg : head.args) {
      if (arg.kind != TermKind::Var) {
        fail(rule.loc, "illegal default rule (arguments cannot contain " +
                           std::string(term_type_name(arg)) + ")");
      }
      if (arg.name != "_" && !seen.insert(arg.name).second) {
        fail(rule.loc, "illegal default rule (arguments cannot be repeated " + arg.name + ")");
      }
    }
    module.rules.push_back(std::move(rule));
    return;
  }

  const bool has_if = is_keyword(cur(), "if");
  // v0's `p[x] { ... }` declares a partial set; with `if` it is an object entry p[x] = true.
  if (!used_contains && !head.value && !head.has_args && head.ref.size() == 2 && !has_if) {
    head.key = std::move(head.ref[1]);
    head.ref.pop_back();
  }

  bool has_body = false;
  if (has_if) {
    advance();
    const size_t after_if = pos_;
    // `p if expr`: a single literal; `{ ... }` that reads as a set literal is a body instead.
    std::optional<Expr> literal;
    std::optional<SyntaxError> literal_error;
    try {
      literal = parse_literal();
      if (literal->kind == ExprKind::Term && literal->terms[0].kind == TermKind::Set) {
        literal.reset();
      }
    } catch (const SyntaxError& error) {
      literal_error = error;
    }
    if (literal) {
      rule.body.push_back(std::move(*literal));
    } else {
      pos_ = after_if;
      if (!at(TokenKind::LBrace) && literal_error) throw *literal_error;
      if (!at(TokenKind::LBrace)) illegal("expected rule body");
      advance();
      rule.body = parse_body(TokenKind::RBrace);
      advance();
    }
    has_body = true;
  } else if (at(TokenKind::LBrace)) {
    advance();
    rule.body = parse_body(TokenKind::RBrace);
    advance();
    has_body = true;
  } else if (!used_contains && !head.value && !head.key && head.ref.size() == 1 && !is_function) {
    fail(rule.loc, "var cannot be used for rule name");
  }

  if (v1_checks_) {
    if (has_body && !has_if) record({rule.loc, body_keyword_message(is_function)});
    if (head.key && !used_contains) {
      record({rule.loc, "`contains` keyword is required for partial set rules"});
    }
    // A bare `f(x)` means f(x) = true in OPA, but a bare `a.b.c` says nothing.
    if (!has_body && !head.value && !head.key && !is_function) {
      record({rule.loc, "rule must have value assignment and/or body declaration"});
    }
  }

  if (has_body && is_keyword(cur(), "else")) {
    if (head.ref.size() > 1 && !std::all_of(head.ref.begin() + 1, head.ref.end(),
                                            [](const Term& t) { return is_ground(t); })) {
      fail(loc(), "else keyword cannot be used on rules with variables in head");
    }
    if (head.key) fail(loc(), "else keyword cannot be used on multi-value rules");
    parse_else_chain(rule);
  }

  // v0 lets one head carry several bodies: `p { a } { b }` defines p twice.
  std::vector<ast::Rule> chained;
  while (has_body && at(TokenKind::LBrace)) {
    if (!rule.elses.empty()) fail(loc(), "expected else keyword");
    ast::Rule next;
    next.loc = loc();
    next.head = rule.head;
    advance();
    next.body = parse_body(TokenKind::RBrace);
    advance();
    if (v1_checks_ && !has_if) record({next.loc, body_keyword_message(is_function)});
    chained.push_back(std::move(next));
  }
  module.rules.push_back(std::move(rule));
  for (auto& next : chained) module.rules.push_back(std::move(next));
}

void RegoParser::parse_else_chain(ast::Rule& rule) {
  while (is_keyword(cur(), "else")) {
    ast::ElseClause clause;
    clause.loc = loc();
    advance();
    if (at(TokenKind::Assign) || at(TokenKind::Unify)) {
      advance();
      clause.value = parse_term_infix(true);
    } else if (!at(TokenKind::LBrace) && !is_keyword(cur(), "if")) {
      illegal("expected else value term or rule body");
    }
    const bool has_if = is_keyword(cur(), "if");
    if (!has_if && !at(TokenKind::LBrace)) {
      rule.elses.push_back(std::move(clause));
      return;  // `else := v` without a body ends the chain
    }
    if (has_if) advance();
    if (at(TokenKind::LBrace)) {
      advance();
      clause.body = parse_body(TokenKind::RBrace);
      advance();
    } else if (!at(TokenKind::Eof)) {
      clause.body.push_back(parse_literal());
    } else {
      illegal("rule body expected");
    }
    if (v1_checks_ && !has_if) {
      record({clause.loc, body_keyword_message(rule.head.has_args)});
    }
    rule.elses.push_back(std::move(clause));
  }
}

void RegoParser::recover(size_t statement_start) {
  // Skip to the next line that can start a statement: one at column 1, or one no more
  // indented than the failed statement once its brackets are closed. Linear: each token is
  // looked at once.
  const int start_col = tokens_[statement_start].col;
  int depth = 0;
  size_t i = statement_start;
  for (; i + 1 < tokens_.size(); ++i) {
    const Token& token = tokens_[i];
    const bool closes = token.kind == TokenKind::RBrace || token.kind == TokenKind::RBrack ||
                        token.kind == TokenKind::RParen;
    // A closing bracket on its own line ends the broken statement rather than starting one.
    if (i > statement_start && i > pos_ && token.newline_before && !closes &&
        (token.col == 1 || (depth <= 0 && token.col <= start_col))) {
      break;
    }
    switch (token.kind) {
      case TokenKind::LBrace:
      case TokenKind::LBrack:
      case TokenKind::LParen:
        ++depth;
        break;
      case TokenKind::RBrace:
      case TokenKind::RBrack:
      case TokenKind::RParen:
        --depth;
        break;
      default:
        break;
    }
  }
  pos_ = i;
}

void RegoParser::attach_annotations(ast::Module& module,
                                    const std::vector<std::pair<int, size_t>>& statement_rows) {
  size_t i = 0;
  while (i < comments_.size()) {
    const Comment& head = comments_[i];
    std::string_view trimmed = head.text;
    while (!trimmed.empty() && (trimmed.front() == ' ' || trimmed.front() == '\t')) {
      trimmed.remove_prefix(1);
    }
    if (trimmed.substr(0, 8) != "METADATA") {
      ++i;
      continue;
    }
    // The block is the run of comments on the following lines, starting at column 1.
    std::string yaml;
    int last_row = head.row;
    size_t j = i + 1;
    for (; j < comments_.size() && comments_[j].row == last_row + 1 && comments_[j].col == 1; ++j) {
      std::string_view line = comments_[j].text;
      if (!line.empty() && line.front() == ' ') line.remove_prefix(1);
      yaml.append(line);
      yaml.push_back('\n');
      last_row = comments_[j].row;
    }
    i = j;
    auto target = std::find_if(statement_rows.begin(), statement_rows.end(),
                               [&](const auto& entry) { return entry.first > last_row; });
    if (target == statement_rows.end()) continue;
    std::string& slot = target->second == static_cast<size_t>(-1)
                            ? module.package_annotations
                            : module.rules[target->second].annotations;
    if (!slot.empty()) slot += "---\n";  // several blocks: separate YAML documents
    slot += yaml;
  }
}

}  // namespace mg::rego::syntax
