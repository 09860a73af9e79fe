#pragma once

// The compiled form of a policy: what the compiler produces from the AST and the evaluator
// walks. Names are resolved (variables to frame slots, rule references to nodes of the data
// tree, calls to builtins or functions) and bodies are reordered for safety, so evaluation
// does no lookups by name. Everything here is immutable after compilation.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "rego/builtins/builtin.h"
#include "rego/syntax/ast.h"
#include "rego/value/value.h"

namespace mg::rego::ir {

struct Expr;
struct RuleNode;
using Body = std::vector<Expr>;

// Operations the evaluator implements itself rather than through the builtin table.
enum class NativeOp {
  None,
  Equal,      // ==
  NotEqual,   // !=
  Less,       // <
  LessEq,     // <=
  Greater,    // >
  GreaterEq,  // >=
  Member2,    // x in xs
  Member3,    // k, v in xs
  Print,      // print(...)
  Walk,       // walk(x) produces [path, value] pairs
  Trace,      // trace(msg)
  MetadataRule,
  MetadataChain,
  OpaRuntime,
};

enum class TermKind {
  Const,        // value
  Var,          // slot
  Input,        // the input document
  Data,         // the data document (root of the rule tree)
  Ref,          // items[0] is the head term, items[1..] the path
  Array,        // items
  Set,          // items
  Object,       // items: key, value, key, value, ...
  ArrayCompr,   // items[0] head, body
  SetCompr,     // items[0] head, body
  ObjectCompr,  // items[0] key, items[1] value, body
  Call,         // items are the operands; target in builtin / function / native
  Template,     // items alternate constant strings and terms
};

struct Term {
  TermKind kind = TermKind::Const;
  ast::Location loc;
  Value value;
  int slot = -1;
  std::vector<Term> items;
  std::vector<Expr> body;

  // Call targets (exactly one is set).
  std::string name;  // the function's name, for messages
  const Builtin* builtin = nullptr;
  const RuleNode* function = nullptr;
  NativeOp native = NativeOp::None;

  // Data refs: the node the leading constant path reaches, and how many path items
  // (after the head) that prefix covers; evaluation starts there.
  const RuleNode* node = nullptr;
  size_t node_depth = 0;
  // The constant prefix leaves the rule tree: what the ref reads is plain base data.
  bool plain_data = false;
  // Input refs: the number of their constant prefix (see input_paths.h), or -1, and how many
  // keys (after `input`) it covers.
  int input_path = -1;
  size_t input_path_length = 0;

  bool ground = false;  // contains no variables and no calls: constant
  bool single = false;  // has at most one value, found without iterating (single_values.h)

  // Comprehensions: the frame slots allocated for variables local to the body are exactly
  // those in [local_lo, local_hi); any other slot used inside is captured from outside.
  int local_lo = 0;
  int local_hi = 0;
};

enum class ExprKind {
  Term,    // terms[0] must be defined and not false
  Unify,   // terms[0] = terms[1] (also :=, and calls with an output operand)
  SomeIn,  // some [terms[0],] terms[1] in terms[2]  (terms[0] may be absent: has_key false)
  Every,   // every [key slot,] value slot in terms[0] { body }
  Nop,     // `some x` declarations: no run-time effect
};

struct With {
  enum class Target { Input, Data, Function, Builtin };
  Target target = Target::Input;
  std::vector<std::string> path;  // below input / data
  const RuleNode* function = nullptr;
  const Builtin* builtin = nullptr;
  NativeOp native = NativeOp::None;
  std::string name;  // function or builtin name
  // Function and builtin targets replaced by another function or builtin (rather than by a
  // value): the replacement, known at compile time.
  const RuleNode* replacement = nullptr;
  const Builtin* replacement_builtin = nullptr;
  Term value;
  ast::Location loc;
};

struct Expr {
  ExprKind kind = ExprKind::Term;
  ast::Location loc;
  bool negated = false;
  bool has_key = false;  // SomeIn / Every with a key
  std::vector<Term> terms;
  int key_slot = -1;    // Every
  int value_slot = -1;  // Every
  Body body;            // Every
  int local_lo = 0;     // Every: slots local to the body, as for comprehensions
  int local_hi = 0;
  std::vector<With> withs;
  int result_slot = -1;     // top-level query expressions: where their value is recorded
  bool keep_false = false;  // a lone query term whose false value is a result (as OPA captures it)
};

struct ElseClause {
  ast::Location loc;
  Term value;
  Body body;
};

enum class RuleKind { Complete, MultiValue, Object, Function };

// `input.<path> == value`, found in a rule body (see rule_index.h).
struct Guard {
  std::vector<Value> path;
  Value value;
};

struct Rule {
  RuleKind kind = RuleKind::Complete;
  ast::Location loc;
  std::vector<Term> args;    // Function: parameter patterns
  std::optional<Term> key;   // MultiValue: the element
  std::vector<Term> suffix;  // Object: the dynamic part of the head ref (keys)
  Term value;                // Complete, Object, Function
  Body body;
  std::vector<ElseClause> elses;
  int frame_size = 0;
  bool is_default = false;
  std::string annotations;  // METADATA text
  // When set, body[0] is `input.<path> == value`: the evaluator may check it up front.
  std::optional<Guard> guard;
};

// A node of the data tree: a package, a rule, or a level of a dotted rule name.
struct RuleNode {
  std::string name;                   // last path segment
  std::string path;                   // "data.a.b"
  std::vector<std::string> segments;  // {"a", "b"}: the path below data
  std::map<std::string, std::unique_ptr<RuleNode>> children;
  std::vector<Rule> rules;
  std::optional<Rule> default_rule;
  std::vector<Rule> object_defaults;   // `default p[<constant>] := v`: one key each
  RuleKind kind = RuleKind::Complete;  // of `rules`, when there are any
  int arity = 0;                       // functions
  int memo_index = -1;                 // slot in an evaluation's memo table
  bool declared = false;               // some rule defines this node (set before bodies compile)
  bool has_rules() const { return declared; }
  bool is_function() const { return has_rules() && kind == RuleKind::Function; }
  const RuleNode* child(std::string_view key) const {
    auto it = children.find(std::string(key));
    return it == children.end() ? nullptr : it->second.get();
  }
};

// A compiled query (the body given to `eval`, or a generated one).
struct Query {
  Body body;
  int frame_size = 0;
  std::vector<std::pair<std::string, int>> bindings;  // user-visible variables and their slots
  std::vector<int> result_slots;                      // per top-level expression, in source order
  std::vector<std::string> expression_texts;          // source text of each top-level expression
  std::vector<ast::Location> expression_locs;
};

}  // namespace mg::rego::ir
