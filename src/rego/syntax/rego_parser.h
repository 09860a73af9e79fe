#pragma once

// Internal to the syntax library: the recursive-descent parser shared by parse_terms.cpp
// (terms, refs, operators, collections), parse_exprs.cpp (literals and bodies) and
// parse_rules.cpp (packages, imports, rules). Callers use parser.h.

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "rego/syntax/ast.h"
#include "rego/syntax/lexer.h"
#include "rego/syntax/parser.h"

namespace mg::rego::syntax {

// Thrown on the first error inside a statement; the module parser catches it, records the
// error and resumes at the next statement. Backtracking catches it too and discards it.
struct SyntaxError {
  ast::ParseError error;
};

enum class Dialect { V0, V1 };

// OPA's name for what a term is, used in messages: "var", "ref", "number", "call"...
std::string_view term_type_name(const ast::Term& term);

class RegoParser {
 public:
  RegoParser(std::shared_ptr<const std::string> file, std::string_view source, Dialect dialect);

  ast::ModuleParse parse_module();
  ast::QueryParse parse_query();

 private:
  // --- tokens and errors (rego_parser.cpp) ---
  const Token& cur() const { return tokens_[pos_]; }
  const Token& peek(size_t ahead = 1) const;
  bool at(TokenKind kind) const { return cur().kind == kind; }
  void advance();
  ast::Location loc_of(const Token& token) const;
  ast::Location loc() const { return loc_of(cur()); }
  // Whether `word` is a keyword right now (v1, or imported from future.keywords in v0).
  bool keyword_active(std::string_view word) const;
  bool is_keyword(const Token& token, std::string_view word) const;
  bool is_any_keyword(const Token& token) const;
  [[noreturn]] void fail(const ast::Location& at, std::string message) const;
  // "unexpected <token> token[: note]", as OPA words it.
  [[noreturn]] void illegal(std::string_view note = {}) const;
  void expect(TokenKind kind, std::string_view note);

  // Guards recursion so that deeply nested input is an error, not a stack overflow.
  class DepthGuard {
   public:
    explicit DepthGuard(RegoParser& parser);
    ~DepthGuard() { --parser_.depth_; }
    DepthGuard(const DepthGuard&) = delete;
    DepthGuard& operator=(const DepthGuard&) = delete;

   private:
    RegoParser& parser_;
  };

  // --- terms (parse_terms.cpp) ---
  // A full term with infix operators; `key_value` allows the `k, v in xs` form.
  ast::Term parse_term_infix(bool key_value = true);
  ast::Term parse_term_in(bool key_value);
  ast::Term parse_relation();
  ast::Term parse_or();
  ast::Term parse_and();
  ast::Term parse_arith();
  ast::Term parse_factor();
  // A single operand: scalar, var, collection, parenthesised term, with ref/call suffixes.
  ast::Term parse_term();
  ast::Term parse_primary();
  ast::Term parse_number(bool negative, const ast::Location& at);
  // Continues `head` with .name, [term] and (args) suffixes. In rule heads the first
  // suffix may follow whitespace (`f (x)`), elsewhere they must be adjacent.
  ast::Term parse_ref_suffixes(ast::Term head, bool first_may_follow_space);
  ast::Term parse_call(ast::Term op);
  std::vector<ast::Term> parse_term_list(TokenKind end, std::vector<ast::Term> items);
  ast::Term parse_array();
  ast::Term parse_set_or_object();
  ast::Term finish_set(size_t list_start, ast::Term head, bool maybe_comprehension,
                       const ast::Location& at);
  ast::Term parse_object(ast::Term key, bool maybe_comprehension, const ast::Location& at);
  ast::Term finish_object(ast::Term key, ast::Term value, bool maybe_comprehension,
                          const ast::Location& at);
  ast::Term parse_template_string();
  ast::Term template_with(ast::Term part);
  ast::Term op_term(std::string_view name, const ast::Location& at) const;
  ast::Term member_op(int arity, const ast::Location& at) const;

  // --- expressions and bodies (parse_exprs.cpp) ---
  ast::Body parse_body(TokenKind end);
  ast::Expr parse_literal();
  ast::Expr parse_literal_expr(bool negated, const ast::Location& at);
  ast::Expr parse_expr(const ast::Location& at);
  ast::Expr parse_some(const ast::Location& at);
  ast::Expr parse_every(const ast::Location& at);
  std::vector<ast::With> parse_withs();

  // --- statements (parse_rules.cpp) ---
  void parse_statement(ast::Module& module, bool first);
  void parse_package(ast::Module& module);
  void parse_import(ast::Module& module);
  void apply_import(const ast::Import& import);
  void parse_rules(ast::Module& module);
  ast::Head parse_head(bool& used_contains);
  void parse_else_chain(ast::Rule& rule);
  void bad_statement();
  void recover(size_t statement_start);
  void attach_annotations(ast::Module& module,
                          const std::vector<std::pair<int, size_t>>& statement_rows);
  void record(ast::ParseError error) { errors_.push_back(std::move(error)); }

  std::shared_ptr<const std::string> file_;
  std::vector<Token> tokens_;
  std::vector<Comment> comments_;
  size_t pos_ = 0;
  int depth_ = 0;
  Dialect dialect_;
  bool kw_in_ = false, kw_every_ = false, kw_contains_ = false, kw_if_ = false;
  bool v1_checks_ = false;  // v1 or `import rego.v1`: enforce `if` and `contains`
  bool imports_rego_v1_ = false;
  std::vector<ast::ParseError> errors_;
  int template_vars_ = 0;  // names the variables of `with` inside template strings
  // parse_term results by start token, so backtracking stays linear.
  std::unordered_map<size_t, std::pair<ast::Term, size_t>> term_cache_;

  friend class DepthGuard;

 public:
  // Whether the module imported rego.v1 (Auto mode never falls back to v0 then).
  bool imports_rego_v1() const { return imports_rego_v1_; }
};

}  // namespace mg::rego::syntax
