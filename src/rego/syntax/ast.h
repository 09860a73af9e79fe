#pragma once

// The Rego abstract syntax tree, as the parser produces it and the compiler consumes it.
// It mirrors OPA's ast package in shape (Module, Rule, Head, Body, Expr, Term) so that OPA's
// documentation of semantics maps onto it directly. Every node has a location.
//
// Operators are normalised to OPA's builtin names when parsed:
//   =  eq        :=  assign     ==  equal     !=  neq
//   <  lt        <=  lte        >   gt        >=  gte
//   +  plus      -   minus      *   mul       /   div     %  rem
//   &  and       |   or         x in xs  internal.member_2   k, v in xs  internal.member_3
// A negative number literal such as `-1` is the Scalar -1.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "rego/value/value.h"

namespace mg::rego::ast {

struct Location {
  std::shared_ptr<const std::string> file;  // may be null for queries typed on a command line
  int row = 0;                              // 1-based
  int col = 0;                              // 1-based, in bytes
  std::string file_name() const { return file ? *file : std::string(); }
};

struct Expr;
using Body = std::vector<Expr>;

enum class TermKind {
  Scalar,       // null, boolean, number or string: `value` holds it
  Var,          // a variable (including `_`, `input`, `data`): `name`
  Ref,          // `items[0]` is the head (Var, or a call/collection term), the rest the path
                // elements; dotted `a.b` gives the path element as a String scalar "b"
  Array,        // `items` are the elements
  Set,          // `items` are the elements (`set()` is an empty Set term)
  Object,       // `items` holds key, value, key, value, ...
  ArrayCompr,   // [head | body]: items[0] = head
  SetCompr,     // {head | body}: items[0] = head
  ObjectCompr,  // {key: value | body}: items[0] = key, items[1] = value
  Call,         // f(args): items[0] = the operator as a Ref term (e.g. Ref[Var count]) or a
                // Var for builtins with dotted names written as a single Ref; items[1..] = args
  TemplateString,  // $"...{expr}..." (OPA 1.x): items alternate String scalars and exprs
};

struct Term {
  TermKind kind = TermKind::Scalar;
  Location loc;
  Value value;              // Scalar
  std::string name;         // Var
  std::vector<Term> items;  // see TermKind
  Body body;                // comprehensions

  static Term scalar(Value v, Location loc);
  static Term var(std::string name, Location loc);
  static Term ref(std::vector<Term> items, Location loc);
};

// `with target as value`; target is a Ref (input..., data..., or a function name).
struct With {
  Term target;
  Term value;
  Location loc;
};

enum class ExprKind {
  Term,   // a single term that must be defined and not false: terms[0]
  Call,   // an operator or function call statement: terms[0] = operator, terms[1..] = operands
  Some,   // `some x, y` (terms are Vars) or `some k, v in xs`: terms[0] is then a Call term to
          // internal.member_2 / internal.member_3 (see `some_in`)
  Every,  // every [key,] value in domain { body }: see below
};

struct Expr {
  ExprKind kind = ExprKind::Term;
  Location loc;
  bool negated = false;      // `not ...`
  bool some_in = false;      // Some: the `some ... in ...` form
  std::vector<Term> terms;   // see ExprKind
  std::vector<With> withs;   // modifiers, in source order

  // Every: terms = [key (or a Var "" when absent), value, domain]; body = the block.
  Body body;
};

// A rule head. Rego forms and how they land here:
//   p := 1                      ref=[p]           value=1           assign=true
//   p = 1 / p if {...}          ref=[p]           value=1 / absent (true)
//   p contains x if {...}       ref=[p]           key=x             (multi-value / partial set)
//   p[x] { ... }  (v0)          ref=[p]           key=x             (partial set)
//   p[k] := v if {...}          ref=[p, k]        value=v           (partial object / ref head)
//   a.b.c := 1                  ref=[a, "b", "c"] value=1
//   f(x) := y if {...}          ref=[f]           args=[x] value=y  (function)
//   default p := false          is_default=true
struct Head {
  Location loc;
  std::vector<Term> ref;           // ref[0] is a Var naming the rule; the rest String scalars
                                   // for dotted parts or arbitrary terms for [..] parts
  std::vector<Term> args;          // function parameters (may be patterns, e.g. [x, _])
  std::optional<Term> key;         // multi-value rules: the element
  std::optional<Term> value;       // absent means `true`
  bool assign = false;             // written with :=
  bool has_args = false;           // distinguishes f() from p
};

struct ElseClause {
  Location loc;
  std::optional<Term> value;  // absent means `true`
  Body body;                  // empty when written without a body
};

struct Rule {
  Location loc;
  bool is_default = false;
  Head head;
  Body body;  // empty when the rule has no body (e.g. `p := 1`)
  std::vector<ElseClause> elses;
  // METADATA annotations attached to the rule (YAML text after `# METADATA`), if any.
  std::string annotations;
};

struct Import {
  Location loc;
  Term path;          // a Ref: data.x.y, input.z, rego.v1, future.keywords.in
  std::string alias;  // `as alias`, empty when none
};

enum class RegoVersion { V0, V1 };

struct Module {
  std::shared_ptr<const std::string> file;
  Location loc;
  Term package;  // a Ref rooted at data: data.a.b (the parser adds the `data` head)
  std::vector<Import> imports;
  std::vector<Rule> rules;
  RegoVersion version = RegoVersion::V1;
  std::string package_annotations;  // METADATA on the package, if any
};

// --- helpers (ast.cpp) ---------------------------------------------------------------

// The dotted name of a call operator or rule reference: Ref[Var strings, "replace_n"] gives
// "strings.replace_n", Var x gives "x". Empty when a part is not a plain name (e.g. p[x]).
std::string ref_name(const Term& term);

// Rego-like text for tests and debugging. Operators print as OPA's calls do, so the tree
// shape is visible: `x := a + 1` prints `assign(x, plus(a, 1))`; a dotted ref part prints
// `.b` when it is a plain name and `["b c"]` otherwise; rules print as
// `p[x] := v if { body } else = w if { ... }`; bodies join expressions with "; ".
std::string to_string(const Term& term);
std::string to_string(const Expr& expr);
std::string to_string(const Body& body);
std::string to_string(const Rule& rule);
std::string to_string(const Module& module);

}  // namespace mg::rego::ast
