#include "rego/eval/compiler.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <unordered_map>

#include "rego/eval/metadata.h"
#include "rego/value/json.h"

namespace mg::rego {

namespace {

using ast::Location;

std::string join_path(const std::vector<std::string>& parts) {
  std::string out = "data";
  for (const auto& p : parts) out += "." + p;
  return out;
}

// The evaluator's own operations, by the names the parser gives them.
const std::map<std::string, ir::NativeOp, std::less<>>& native_ops() {
  static const std::map<std::string, ir::NativeOp, std::less<>> ops = {
      {"equal", ir::NativeOp::Equal},
      {"neq", ir::NativeOp::NotEqual},
      {"lt", ir::NativeOp::Less},
      {"lte", ir::NativeOp::LessEq},
      {"gt", ir::NativeOp::Greater},
      {"gte", ir::NativeOp::GreaterEq},
      {"internal.member_2", ir::NativeOp::Member2},
      {"internal.member_3", ir::NativeOp::Member3},
      {"print", ir::NativeOp::Print},
      {"walk", ir::NativeOp::Walk},
      {"trace", ir::NativeOp::Trace},
      {"rego.metadata.rule", ir::NativeOp::MetadataRule},
      {"rego.metadata.chain", ir::NativeOp::MetadataChain},
      {"opa.runtime", ir::NativeOp::OpaRuntime},
  };
  return ops;
}

int native_arity(ir::NativeOp op) {
  switch (op) {
    case ir::NativeOp::Member3:
      return 3;
    case ir::NativeOp::Print:
      return -1;
    case ir::NativeOp::Walk:
    case ir::NativeOp::Trace:
      return 1;
    case ir::NativeOp::MetadataRule:
    case ir::NativeOp::MetadataChain:
    case ir::NativeOp::OpaRuntime:
      return 0;
    default:
      return 2;
  }
}

// Builtins that Rego v1 no longer has (OPA 1.0 removed them from v1 modules).
bool is_deprecated_builtin(std::string_view name) {
  static const std::set<std::string, std::less<>> names = {
      "any",      "all",         "re_match",     "net.cidr_overlap", "set_diff",   "cast_array",
      "cast_set", "cast_string", "cast_boolean", "cast_null",        "cast_object"};
  return names.count(name) > 0;
}

// The dotted name of a call's operator term: Var `count`, or Ref `strings.replace_n`.
std::optional<std::vector<std::string>> operator_path(const ast::Term& op) {
  if (op.kind == ast::TermKind::Var) return std::vector<std::string>{op.name};
  if (op.kind != ast::TermKind::Ref || op.items.empty() || op.items[0].kind != ast::TermKind::Var) {
    return std::nullopt;
  }
  std::vector<std::string> parts{op.items[0].name};
  for (size_t i = 1; i < op.items.size(); ++i) {
    const auto& t = op.items[i];
    if (t.kind != ast::TermKind::Scalar || !t.value.is_string()) return std::nullopt;
    parts.emplace_back(t.value.as_string());
  }
  return parts;
}

std::string dotted(const std::vector<std::string>& parts, size_t from = 0) {
  std::string out;
  for (size_t i = from; i < parts.size(); ++i) {
    if (!out.empty()) out += ".";
    out += parts[i];
  }
  return out;
}

bool is_ground(const ir::Term& t) {
  switch (t.kind) {
    case ir::TermKind::Const:
      return true;
    case ir::TermKind::Array:
    case ir::TermKind::Set:
    case ir::TermKind::Object:
      return std::all_of(t.items.begin(), t.items.end(),
                         [](const ir::Term& i) { return i.ground; });
    default:
      return false;
  }
}

// Folds a ground collection term into a constant, so evaluation need not rebuild it.
void fold_constant(ir::Term& t) {
  t.ground = is_ground(t);
  if (!t.ground || t.kind == ir::TermKind::Const) return;
  std::vector<Value> items;
  items.reserve(t.items.size());
  for (auto& i : t.items) items.push_back(i.value);
  if (t.kind == ir::TermKind::Array) {
    t.value = Value::array(std::move(items));
  } else if (t.kind == ir::TermKind::Set) {
    t.value = Value::set(std::move(items));
  } else {
    std::vector<ObjectEntry> entries;
    for (size_t i = 0; i + 1 < items.size(); i += 2) entries.emplace_back(items[i], items[i + 1]);
    t.value = Value::object(std::move(entries));
  }
  t.kind = ir::TermKind::Const;
  t.items.clear();
}

bool shape_is_collection(const ir::Term& t) {
  return t.kind == ir::TermKind::Array || t.kind == ir::TermKind::Object ||
         (t.kind == ir::TermKind::Const && t.value.is_collection());
}

// Where `name` first occurs as a variable in `t` (a pattern), or nullptr.
const Location* var_location(const ast::Term& t, const std::string& name) {
  if (t.kind == ast::TermKind::Var) return t.name == name ? &t.loc : nullptr;
  for (const auto& item : t.items) {
    if (const Location* at = var_location(item, name)) return at;
  }
  return nullptr;
}

ir::Term make_const(Value v, const Location& loc) {
  ir::Term t;
  t.kind = ir::TermKind::Const;
  t.value = std::move(v);
  t.loc = loc;
  t.ground = true;
  return t;
}

// Per-module naming context.
struct ModuleContext {
  const ast::Module* module = nullptr;
  std::vector<std::string> package;                         // without "data"
  std::map<std::string, std::vector<std::string>> imports;  // alias -> path incl. root var
  const ir::RuleNode* package_node = nullptr;
  bool v1 = true;  // Rego v1 rules apply (no shadowing of input/data, no deprecated builtins)
  std::map<std::string, Location> import_locs;
  std::map<std::string, std::string> import_texts;  // alias -> "import data.x as y"
};

class Compiler {
 public:
  Compiler(Policy::Impl& impl, RegoErrors& errors) : impl_(impl), errors_(errors) {}

  void compile(std::vector<ast::Module>& modules);
  RegoErrors& errors_ref() { return errors_; }
  void error(const char* code, std::string message, const Location& loc) {
    errors_.push_back(RegoError{code, std::move(message), loc});
  }
  Policy::Impl& impl() { return impl_; }

 private:
  friend class BodyCompiler;

  ir::RuleNode* ensure_node(const std::vector<std::string>& path) {
    ir::RuleNode* node = impl_.root.get();
    std::string full = "data";
    for (const auto& part : path) {
      full += "." + part;
      auto& child = node->children[part];
      if (!child) {
        child = std::make_unique<ir::RuleNode>();
        child->name = part;
        child->path = full;
        child->segments = node->segments;
        child->segments.push_back(part);
      }
      node = child.get();
    }
    return node;
  }

  ModuleContext module_context(const ast::Module& module);
  void declare_rules(const ast::Module& module, const ModuleContext& ctx);
  void check_recursion();
  void check_data_conflicts(const ir::RuleNode& node);
  void assign_memo(ir::RuleNode& node);

  Policy::Impl& impl_;
  RegoErrors& errors_;
  // Rules awaiting compilation of their bodies, with where they go.
  struct Pending {
    const ast::Rule* rule;
    const ModuleContext* ctx;
    ir::RuleNode* node;
    size_t static_len;  // how many head ref parts (after the package) are static
  };
  std::vector<Pending> pending_;
  std::vector<std::unique_ptr<ModuleContext>> contexts_;
  // Dependencies between rule nodes, for recursion checks.
  std::map<const ir::RuleNode*, std::set<const ir::RuleNode*>> deps_;
  // Import aliases that some rule refers to, per module (strict mode reports the others).
  std::set<std::pair<const ModuleContext*, std::string>> used_imports_;
  void check_unused_imports();
};

// Compiles the terms and bodies of one rule (or query), owning its frame layout.
class BodyCompiler {
 public:
  BodyCompiler(Compiler& c, const ModuleContext* ctx, const ir::RuleNode* owner)
      : c_(c), ctx_(ctx), owner_(owner) {
    push_scope();
  }

  int frame_size() const { return next_slot_; }

  // Declares the variables that appear at this level of `body` (and in `extra` terms,
  // such as a rule head) in the innermost scope.
  void declare(const ast::Body& body, const std::vector<const ast::Term*>& extra);

  ir::Term term(const ast::Term& t);
  ir::Body body(const ast::Body& b);
  ir::Term pattern_or_term(const ast::Term& t) { return term(t); }

  void push_scope() {
    scopes_.emplace_back();
    assigned_.emplace_back();
  }
  void pop_scope() {
    scopes_.pop_back();
    assigned_.pop_back();
  }
  int fresh_slot() {
    names_.emplace_back();
    uses_.push_back(0);
    return next_slot_++;
  }
  int named_slot(const std::string& name) {
    int slot = fresh_slot();
    names_[static_cast<size_t>(slot)] = name;
    scopes_.back()[name] = slot;
    order_.emplace_back(name, slot);
    return slot;
  }
  const std::vector<std::string>& names() const { return names_; }
  // Brings the variables of a `:=` left-hand side or a `some` into the innermost scope.
  // Returns the slots declared, by name.
  std::vector<std::pair<std::string, int>> declare_vars(const ast::Term& pattern,
                                                        const Location& loc, bool assignment) {
    std::vector<std::pair<std::string, int>> declared;
    std::vector<std::string> vars;
    collect_names(pattern, vars);
    for (const auto& n : vars) {
      if (n == "_") continue;
      if ((n == "input" || n == "data") && (!ctx_ || ctx_->v1 || c_.impl_.options.strict)) {
        c_.error(kCompileError,
                 "variables must not shadow " + n + " (use a different variable name)", loc);
        continue;
      }
      // As OPA: a name declared (by :=, `some` or a parameter) or used earlier at this
      // level cannot be declared again.
      if (scopes_.back().count(n)) {
        auto how = assigned_.back().find(n);
        std::string message =
            how == assigned_.back().end() ? "var %s referenced above" : how->second;
        message.replace(message.find("%s"), 2, n);
        c_.error(kCompileError, message, loc);
        continue;
      }
      assigned_.back()[n] = assignment ? "var %s assigned above" : "var %s declared above";
      declared.emplace_back(n, named_slot(n));
    }
    return declared;
  }
  std::optional<int> lookup(const std::string& name) const {
    for (auto it = scopes_.rbegin(); it != scopes_.rend(); ++it) {
      auto f = it->find(name);
      if (f != it->end()) return f->second;
    }
    return std::nullopt;
  }
  // Function parameters are local variables of the rule, even when they share a rule's name,
  // and count as assigned: `:=` cannot redeclare them.
  void declare_params(const std::vector<ast::Term>& params) {
    std::vector<std::string> vars;
    for (const auto& p : params) collect_names(p, vars);
    for (const auto& n : vars) {
      if (n == "_" || scopes_.back().count(n)) continue;
      assigned_.back()[n] = "arg %s redeclared";
      named_slot(n);
    }
  }
  // Query variables, in order of first appearance.
  const std::vector<std::pair<std::string, int>>& declared_order() const { return order_; }

  // Variables a rule declares (`:=`, `some`, parameters), for the checks of unused ones.
  struct Declaration {
    enum class How { Assigned, Declared, Argument };
    How how;
    std::string name;
    int slot;
    int uses;  // occurrences counted when it was declared
    Location loc;
  };
  void record_declaration(Declaration::How how, const std::string& name, int slot,
                          const Location& loc) {
    declarations_.push_back(Declaration{how, name, slot, uses_[static_cast<size_t>(slot)], loc});
  }
  bool used_since_declared(const Declaration& d) const {
    return uses_[static_cast<size_t>(d.slot)] > d.uses;
  }
  const std::vector<Declaration>& declarations() const { return declarations_; }

 private:
  ir::Term resolve_var(const ast::Term& t);
  ir::Term ref(const ast::Term& t);
  ir::Term call(const ast::Term& op, std::span<const ast::Term> args, const Location& loc,
                size_t* arity_out);
  ir::Expr expr(const ast::Expr& e);
  ir::With with(const ast::With& w);
  ir::With with_target(const ast::With& w);
  ir::Term metadata_call(ir::NativeOp op, const Location& loc);

 public:
  void set_rule(const ast::Rule* rule) { rule_ = rule; }

 private:
  const ast::Rule* rule_ = nullptr;
  const Builtin* builtin_named(const ast::Term& t) const;
  void resolve_data_node(ir::Term& t);
  void add_deps(const ir::Term& t);
  bool names_rule_or_import(const std::string& name) const;
  void collect_names(const ast::Term& t, std::vector<std::string>& names) const;
  void collect_expr_names(const ast::Expr& e, std::vector<std::string>& names,
                          std::set<std::string>& declared) const;

  Compiler& c_;
  const ModuleContext* ctx_;
  const ir::RuleNode* owner_;
  std::vector<std::unordered_map<std::string, int>> scopes_;
  // Per scope: names declared by :=, `some` or as parameters, with OPA's message for a
  // second declaration.
  std::vector<std::map<std::string, std::string>> assigned_;
  std::vector<std::pair<std::string, int>> order_;
  std::vector<std::string> names_;
  std::vector<int> uses_;  // per slot: how often a name resolved to it
  std::vector<Declaration> declarations_;
  int next_slot_ = 0;

  void use_import(const std::string& alias) {
    if (ctx_) c_.used_imports_.emplace(ctx_, alias);
  }
};

// --- names ------------------------------------------------------------------------

bool BodyCompiler::names_rule_or_import(const std::string& name) const {
  if (!ctx_) return false;
  if (ctx_->imports.count(name)) return true;
  return ctx_->package_node && ctx_->package_node->child(name) != nullptr;
}

void BodyCompiler::collect_names(const ast::Term& t, std::vector<std::string>& names) const {
  switch (t.kind) {
    case ast::TermKind::Var:
      names.push_back(t.name);
      return;
    case ast::TermKind::Ref:
      for (const auto& i : t.items) collect_names(i, names);
      return;
    case ast::TermKind::Call:
      // items[0] is the operator: a name, not a variable.
      for (size_t i = 1; i < t.items.size(); ++i) collect_names(t.items[i], names);
      return;
    case ast::TermKind::ArrayCompr:
    case ast::TermKind::SetCompr:
    case ast::TermKind::ObjectCompr:
      return;  // their own level
    default:
      for (const auto& i : t.items) collect_names(i, names);
  }
}

void BodyCompiler::collect_expr_names(const ast::Expr& e, std::vector<std::string>& names,
                                      std::set<std::string>& declared) const {
  switch (e.kind) {
    case ast::ExprKind::Term:
      collect_names(e.terms[0], names);
      break;
    case ast::ExprKind::Call: {
      auto op = operator_path(e.terms[0]);
      if (op && op->size() == 1 && (*op)[0] == "assign" && e.terms.size() == 3) {
        std::vector<std::string> lhs;
        collect_names(e.terms[1], lhs);
        for (auto& n : lhs) declared.insert(n);
      }
      for (size_t i = 1; i < e.terms.size(); ++i) collect_names(e.terms[i], names);
      break;
    }
    case ast::ExprKind::Some:
      if (e.some_in) {
        const auto& call = e.terms[0];
        // Everything but the collection (last operand) is declared.
        for (size_t i = 1; i + 1 < call.items.size(); ++i) {
          std::vector<std::string> vs;
          collect_names(call.items[i], vs);
          for (auto& n : vs) declared.insert(n);
        }
        collect_names(call.items.back(), names);
      } else {
        for (const auto& t : e.terms) {
          if (t.kind == ast::TermKind::Var) declared.insert(t.name);
        }
      }
      break;
    case ast::ExprKind::Every:
      collect_names(e.terms[2], names);  // the domain; key and value belong to the body
      break;
  }
  for (const auto& w : e.withs) {
    // `with f as count` names a builtin, not a variable.
    auto path = operator_path(w.value);
    bool builtin = path && find_builtin(dotted(*path)) && !names_rule_or_import((*path)[0]);
    if (!builtin) collect_names(w.value, names);
  }
}

void BodyCompiler::declare(const ast::Body& body, const std::vector<const ast::Term*>& extra) {
  std::vector<std::string> names;
  std::set<std::string> declared;
  for (const auto* t : extra) collect_names(*t, names);
  for (const auto& e : body) collect_expr_names(e, names, declared);
  // Variables introduced by `:=` and `some` come into scope where they are declared (see
  // expr()); every other variable of this level is local to it unless an outer level has it.
  auto& scope = scopes_.back();
  auto add = [&](const std::string& n) { named_slot(n); };
  for (const auto& n : names) {
    if (n == "_" || n == "input" || n == "data" || scope.count(n) || declared.count(n)) continue;
    if (lookup(n)) continue;
    if (names_rule_or_import(n)) continue;
    add(n);
  }
}

ir::Term BodyCompiler::resolve_var(const ast::Term& t) {
  ir::Term out;
  out.loc = t.loc;
  if (t.name == "_") {
    out.kind = ir::TermKind::Var;
    out.slot = fresh_slot();
    return out;
  }
  if (auto slot = lookup(t.name)) {
    out.kind = ir::TermKind::Var;
    out.slot = *slot;
    ++uses_[static_cast<size_t>(*slot)];
    return out;
  }
  if (t.name == "input") {
    out.kind = ir::TermKind::Input;
    return out;
  }
  if (t.name == "data") {
    out.kind = ir::TermKind::Data;
    return out;
  }
  std::vector<std::string> path;
  if (ctx_) {
    if (auto it = ctx_->imports.find(t.name); it != ctx_->imports.end()) {
      path = it->second;
      use_import(t.name);
    } else if (ctx_->package_node && ctx_->package_node->child(t.name)) {
      path = {"data"};
      path.insert(path.end(), ctx_->package.begin(), ctx_->package.end());
      path.push_back(t.name);
    }
  }
  if (path.empty()) {
    // Not declared anywhere: a fresh variable (its safety is checked later).
    out.kind = ir::TermKind::Var;
    out.slot = named_slot(t.name);
    return out;
  }
  ir::Term head;
  head.kind = path[0] == "input" ? ir::TermKind::Input : ir::TermKind::Data;
  head.loc = t.loc;
  if (path.size() == 1) return head;
  out.kind = ir::TermKind::Ref;
  out.items.push_back(std::move(head));
  for (size_t i = 1; i < path.size(); ++i)
    out.items.push_back(make_const(Value::string(path[i]), t.loc));
  resolve_data_node(out);
  return out;
}

void BodyCompiler::resolve_data_node(ir::Term& t) {
  if (t.kind != ir::TermKind::Ref || t.items[0].kind != ir::TermKind::Data) return;
  const ir::RuleNode* node = c_.impl_.root.get();
  size_t depth = 0;
  bool reaches_rules = true;  // false when the path leaves the rule tree for plain data
  for (size_t i = 1; i < t.items.size(); ++i) {
    const auto& item = t.items[i];
    if (item.kind != ir::TermKind::Const) break;  // a variable: any rule below may be read
    const ir::RuleNode* child =
        item.value.is_string() ? node->child(item.value.as_string()) : nullptr;
    if (!child) {
      reaches_rules = false;
      break;
    }
    node = child;
    depth = i;
    if (node->has_rules()) break;  // evaluation takes over at a rule
  }
  t.node = node;
  t.node_depth = depth;
  t.plain_data = !reaches_rules;
}

// Records which rules a data reference can read, for the recursion check: a constant part
// selects one child, any other part (a variable, a call) every child, and the walk stops at
// the first rule. A reference that ends above the rules reads everything below it.
void BodyCompiler::add_deps(const ir::Term& t) {
  if (!owner_ || t.kind != ir::TermKind::Ref || t.items[0].kind != ir::TermKind::Data) return;
  auto& deps = c_.deps_[owner_];
  std::function<void(const ir::RuleNode*, size_t)> reach = [&](const ir::RuleNode* node, size_t i) {
    if (node->has_rules() || i == t.items.size()) {
      deps.insert(node);
      return;
    }
    const auto& item = t.items[i];
    if (item.kind == ir::TermKind::Const) {
      if (!item.value.is_string()) return;
      if (const ir::RuleNode* child = node->child(item.value.as_string())) reach(child, i + 1);
      return;
    }
    for (const auto& [_, child] : node->children) reach(child.get(), i + 1);
  };
  reach(c_.impl_.root.get(), 1);
}

// --- terms ------------------------------------------------------------------------

ir::Term BodyCompiler::ref(const ast::Term& t) {
  ir::Term out;
  const ast::Term& head = t.items[0];
  if (head.kind == ast::TermKind::Var) {
    ir::Term resolved = resolve_var(head);
    if (resolved.kind == ir::TermKind::Ref) {
      out = std::move(resolved);
      out.node = nullptr;
    } else {
      out.kind = ir::TermKind::Ref;
      out.items.push_back(std::move(resolved));
    }
  } else {
    out.kind = ir::TermKind::Ref;
    out.items.push_back(term(head));
  }
  out.loc = t.loc;
  for (size_t i = 1; i < t.items.size(); ++i) out.items.push_back(term(t.items[i]));
  if (out.items.size() == 1) {
    add_deps(out.items[0]);
    return std::move(out.items[0]);
  }
  resolve_data_node(out);
  add_deps(out);
  return out;
}

ir::Term BodyCompiler::call(const ast::Term& op, std::span<const ast::Term> args,
                            const Location& loc, size_t* arity_out) {
  ir::Term out;
  out.kind = ir::TermKind::Call;
  out.loc = loc;
  auto path = operator_path(op);
  if (!path) {
    c_.error(kTypeError, "invalid function call", loc);
    return make_const(Value::null(), loc);
  }
  std::string name = dotted(*path);
  out.name = name;
  // Functions defined in policy: by import alias, by data path, or in the same package.
  std::vector<std::string> fn_path;
  if (ctx_ && ctx_->imports.count((*path)[0])) {
    const auto& imp = ctx_->imports.at((*path)[0]);
    use_import((*path)[0]);
    fn_path.assign(imp.begin() + 1, imp.end());
    fn_path.insert(fn_path.end(), path->begin() + 1, path->end());
  } else if ((*path)[0] == "data") {
    fn_path.assign(path->begin() + 1, path->end());
  } else if (ctx_ && ctx_->package_node && ctx_->package_node->child((*path)[0]) &&
             (path->size() > 1 || ctx_->package_node->child((*path)[0])->is_function() ||
              (!find_builtin(name) && !native_ops().count(name)))) {
    // A function of this package; a non-function rule never hides a builtin of that name.
    fn_path = ctx_->package;
    fn_path.insert(fn_path.end(), path->begin(), path->end());
  }
  int arity = 0;
  if (!fn_path.empty()) {
    const ir::RuleNode* node = c_.impl_.root.get();
    for (const auto& p : fn_path) {
      node = node ? node->child(p) : nullptr;
    }
    if (!node || !node->is_function()) {
      c_.error(kTypeError, "undefined function " + join_path(fn_path), loc);
      return make_const(Value::null(), loc);
    }
    out.function = node;
    out.name = node->path;
    arity = node->arity;
    if (owner_) c_.deps_[owner_].insert(node);
  } else if (auto it = native_ops().find(name); it != native_ops().end()) {
    out.native = it->second;
    arity = native_arity(it->second);
    if ((out.native == ir::NativeOp::MetadataRule || out.native == ir::NativeOp::MetadataChain) &&
        args.empty()) {
      return metadata_call(out.native, loc);
    }
  } else if (const Builtin* b = find_builtin(name)) {
    const auto& allowed = c_.impl_.options.allowed_builtins;
    if ((allowed && !allowed->count(name)) || (ctx_ && ctx_->v1 && is_deprecated_builtin(name))) {
      c_.error(kTypeError, "undefined function " + name, loc);
      return make_const(Value::null(), loc);
    }
    if (ctx_ && c_.impl_.options.strict && is_deprecated_builtin(name)) {
      c_.error(kTypeError, "deprecated built-in function calls in expression: " + name, loc);
    }
    out.builtin = b;
    arity = b->arity;
  } else if (name == "http.send" || name == "net.lookup_ip_addr" || name == "opa.runtime") {
    c_.error(kTypeError, name + ": not supported by manifestgate (no network access from policies)",
             loc);
    return make_const(Value::null(), loc);
  } else {
    c_.error(kTypeError, "undefined function " + name, loc);
    return make_const(Value::null(), loc);
  }
  if (arity_out) {
    *arity_out = arity < 0 ? args.size() : static_cast<size_t>(arity);
  } else if (arity >= 0 && args.size() != static_cast<size_t>(arity)) {
    c_.error(kTypeError,
             name + ": arity mismatch: have " + std::to_string(args.size()) + " operands, want " +
                 std::to_string(arity),
             loc);
  }
  for (const auto& a : args) out.items.push_back(term(a));
  return out;
}

ir::Term BodyCompiler::metadata_call(ir::NativeOp op, const Location& loc) {
  std::string rule_yaml = rule_ ? rule_->annotations : std::string();
  if (op == ir::NativeOp::MetadataRule) {
    return make_const(annotations_value(rule_yaml, "rule").value_or(Value::empty_object()), loc);
  }
  std::vector<std::string> rule_path;
  if (owner_) {
    std::string path = owner_->path.size() > 5 ? owner_->path.substr(5) : std::string();
    size_t start = 0;
    while (start <= path.size() && !path.empty()) {
      size_t dot = path.find('.', start);
      if (dot == std::string::npos) dot = path.size();
      rule_path.push_back(path.substr(start, dot - start));
      start = dot + 1;
    }
  }
  std::vector<std::string> package = ctx_ ? ctx_->package : std::vector<std::string>{};
  std::string package_yaml = ctx_ && ctx_->module ? ctx_->module->package_annotations : "";
  return make_const(metadata_chain(rule_path, rule_yaml, package, package_yaml), loc);
}

ir::Term BodyCompiler::term(const ast::Term& t) {
  ir::Term out;
  out.loc = t.loc;
  switch (t.kind) {
    case ast::TermKind::Scalar:
      return make_const(t.value, t.loc);
    case ast::TermKind::Var:
      out = resolve_var(t);
      add_deps(out);
      return out;
    case ast::TermKind::Ref:
      return ref(t);
    case ast::TermKind::Array:
    case ast::TermKind::Set:
    case ast::TermKind::Object:
      out.kind = t.kind == ast::TermKind::Array ? ir::TermKind::Array
                 : t.kind == ast::TermKind::Set ? ir::TermKind::Set
                                                : ir::TermKind::Object;
      for (const auto& i : t.items) out.items.push_back(term(i));
      fold_constant(out);
      return out;
    case ast::TermKind::ArrayCompr:
    case ast::TermKind::SetCompr:
    case ast::TermKind::ObjectCompr: {
      out.kind = t.kind == ast::TermKind::ArrayCompr ? ir::TermKind::ArrayCompr
                 : t.kind == ast::TermKind::SetCompr ? ir::TermKind::SetCompr
                                                     : ir::TermKind::ObjectCompr;
      push_scope();
      out.local_lo = next_slot_;
      std::vector<const ast::Term*> heads;
      for (const auto& i : t.items) heads.push_back(&i);
      declare(t.body, heads);
      out.body = body(t.body);
      for (const auto& i : t.items) out.items.push_back(term(i));
      out.local_hi = next_slot_;
      pop_scope();
      return out;
    }
    case ast::TermKind::Call:
      return call(t.items[0], std::span<const ast::Term>(t.items).subspan(1), t.loc, nullptr);
    case ast::TermKind::TemplateString:
      out.kind = ir::TermKind::Template;
      for (const auto& i : t.items) out.items.push_back(term(i));
      return out;
  }
  return out;
}

// The builtin a `with` value names, when it names one rather than a variable or a rule.
const Builtin* BodyCompiler::builtin_named(const ast::Term& t) const {
  auto path = operator_path(t);
  if (!path || lookup((*path)[0]) || names_rule_or_import((*path)[0])) return nullptr;
  if ((*path)[0] == "input" || (*path)[0] == "data") return nullptr;
  return find_builtin(dotted(*path));
}

ir::With BodyCompiler::with(const ast::With& w) {
  ir::With out = with_target(w);
  if (out.target == ir::With::Target::Function || out.target == ir::With::Target::Builtin) {
    if (const Builtin* b = builtin_named(w.value)) {
      out.replacement_builtin = b;
      out.value = make_const(Value::null(), w.value.loc);
      return out;
    }
    out.value = term(w.value);
    const ir::Term& vt = out.value;
    if (vt.kind == ir::TermKind::Ref && vt.node && vt.node->is_function() &&
        vt.node_depth + 1 == vt.items.size()) {
      out.replacement = vt.node;
    }
    return out;
  }
  out.value = term(w.value);
  return out;
}

ir::With BodyCompiler::with_target(const ast::With& w) {
  ir::With out;
  out.loc = w.loc;
  std::vector<std::string> path;
  if (w.target.kind == ast::TermKind::Var) {
    path.push_back(w.target.name);
  } else if (auto p = operator_path(w.target)) {
    path = *p;
  } else {
    c_.error(kTypeError, "with keyword target must reference existing input, data, or a function",
             w.loc);
    return out;
  }
  if (path[0] == "input") {
    out.target = ir::With::Target::Input;
    out.path.assign(path.begin() + 1, path.end());
    return out;
  }
  // Import aliases and same-package rule names stand for their data path.
  if (ctx_ && ctx_->imports.count(path[0])) {
    use_import(path[0]);
    auto imp = ctx_->imports.at(path[0]);
    imp.insert(imp.end(), path.begin() + 1, path.end());
    path = imp;
    if (path[0] == "input") {
      out.target = ir::With::Target::Input;
      out.path.assign(path.begin() + 1, path.end());
      return out;
    }
  } else if (path[0] != "data" && ctx_ && ctx_->package_node &&
             ctx_->package_node->child(path[0])) {
    std::vector<std::string> full{"data"};
    full.insert(full.end(), ctx_->package.begin(), ctx_->package.end());
    full.insert(full.end(), path.begin(), path.end());
    path = full;
  }
  if (path[0] == "data") {
    out.path.assign(path.begin() + 1, path.end());
    const ir::RuleNode* node = c_.impl_.root.get();
    for (const auto& p : out.path) node = node ? node->child(p) : nullptr;
    if (node && node->is_function()) {
      out.target = ir::With::Target::Function;
      out.function = node;
    } else {
      out.target = ir::With::Target::Data;
    }
    return out;
  }
  std::string name = dotted(path);
  out.name = name;
  if (auto it = native_ops().find(name); it != native_ops().end()) {
    out.target = ir::With::Target::Builtin;
    out.native = it->second;
  } else if (const Builtin* b = find_builtin(name)) {
    out.target = ir::With::Target::Builtin;
    out.builtin = b;
  } else {
    c_.error(kCompileError,
             "with keyword target must reference existing input, data, or a function", w.loc);
  }
  return out;
}

ir::Expr BodyCompiler::expr(const ast::Expr& e) {
  ir::Expr out;
  out.loc = e.loc;
  out.negated = e.negated;
  switch (e.kind) {
    case ast::ExprKind::Term:
      out.kind = ir::ExprKind::Term;
      out.terms.push_back(term(e.terms[0]));
      break;
    case ast::ExprKind::Call: {
      auto op = operator_path(e.terms[0]);
      std::string name = op ? dotted(*op) : "";
      auto operands = std::span<const ast::Term>(e.terms).subspan(1);
      if (name == "assign" && operands.size() == 2) {
        const auto& lhs = operands[0];
        if (lhs.kind == ast::TermKind::Ref) {
          c_.error(kCompileError, "cannot assign to ref", e.loc);
        } else if (lhs.kind != ast::TermKind::Var && lhs.kind != ast::TermKind::Array &&
                   lhs.kind != ast::TermKind::Object) {
          c_.error(kCompileError,
                   "cannot assign to " + std::string(lhs.kind == ast::TermKind::Scalar
                                                         ? kind_name(lhs.value.kind())
                                                         : std::string_view("term")),
                   e.loc);
        }
      }
      if (name == "assign" && operands.size() == 2) {
        // The right-hand side cannot see the variables this assignment declares.
        ir::Term rhs = term(operands[1]);
        auto declared = declare_vars(operands[0], e.loc, true);
        out.kind = ir::ExprKind::Unify;
        out.terms.push_back(term(operands[0]));
        out.terms.push_back(std::move(rhs));
        for (const auto& [var, slot] : declared) {
          const Location* at = var_location(operands[0], var);
          record_declaration(Declaration::How::Assigned, var, slot, at ? *at : e.loc);
        }
        break;
      }
      if (name == "eq" && operands.size() == 2) {
        out.kind = ir::ExprKind::Unify;
        out.terms.push_back(term(operands[0]));
        out.terms.push_back(term(operands[1]));
        break;
      }
      size_t arity = 0;
      ir::Term c = call(e.terms[0], operands, e.loc, &arity);
      if (c.kind != ir::TermKind::Call) {  // already reported; keep the expression well-formed
        out.terms.push_back(std::move(c));
        break;
      }
      if (operands.size() == arity + 1) {
        // The last operand receives the result: f(x, out).
        ir::Term output = std::move(c.items.back());
        c.items.pop_back();
        out.kind = ir::ExprKind::Unify;
        out.terms.push_back(std::move(c));
        out.terms.push_back(std::move(output));
      } else {
        if (operands.size() != arity) {
          c_.error(kTypeError,
                   name + ": arity mismatch: have " + std::to_string(operands.size()) +
                       " operands, want " + std::to_string(arity),
                   e.loc);
        }
        out.kind = ir::ExprKind::Term;
        out.terms.push_back(std::move(c));
      }
      break;
    }
    case ast::ExprKind::Some:
      if (!e.some_in) {
        out.kind = ir::ExprKind::Nop;
        for (const auto& t : e.terms) {
          for (const auto& [var, slot] : declare_vars(t, e.loc, false)) {
            record_declaration(Declaration::How::Declared, var, slot, e.loc);
          }
        }
        break;
      } else {
        const auto& c = e.terms[0];
        out.kind = ir::ExprKind::SomeIn;
        out.has_key = c.items.size() == 4;
        ir::Term domain = term(c.items.back());
        for (size_t i = 1; i + 1 < c.items.size(); ++i) declare_vars(c.items[i], e.loc, false);
        if (out.has_key) {
          out.terms.push_back(term(c.items[1]));
          out.terms.push_back(term(c.items[2]));
        } else {
          out.terms.push_back(make_const(Value::null(), e.loc));
          out.terms.push_back(term(c.items[1]));
        }
        out.terms.push_back(std::move(domain));
      }
      break;
    case ast::ExprKind::Every: {
      out.kind = ir::ExprKind::Every;
      out.terms.push_back(term(e.terms[2]));
      push_scope();
      out.local_lo = next_slot_;
      out.has_key = !(e.terms[0].kind == ast::TermKind::Var && e.terms[0].name.empty());
      if (out.has_key) out.key_slot = named_slot(e.terms[0].name);
      out.value_slot = named_slot(e.terms[1].name);
      declare(e.body, {});
      out.body = body(e.body);
      out.local_hi = next_slot_;
      pop_scope();
      break;
    }
  }
  if (out.kind == ir::ExprKind::Unify && unification_mismatch(out.terms[0], out.terms[1])) {
    c_.error(kTypeError, "match error: the two sides of this unification can never match", e.loc);
  } else if (out.kind == ir::ExprKind::Unify) {
    align_object_unification(out.terms[0], out.terms[1]);
  } else if (out.kind == ir::ExprKind::SomeIn && out.terms[2].kind == ir::TermKind::Const &&
             !out.terms[2].value.is_collection()) {
    c_.error(kTypeError,
             "`some ... in` needs an array, object or set, not a " +
                 std::string(kind_name(out.terms[2].value.kind())),
             e.loc);
  } else if (out.kind == ir::ExprKind::SomeIn &&
             (iteration_mismatch(out.terms[1], out.terms[2]) ||
              (out.has_key && out.terms[2].kind == ir::TermKind::Const &&
               out.terms[2].value.is_array() && shape_is_collection(out.terms[0])))) {
    c_.error(kTypeError, "match error: no member of the collection can match this pattern", e.loc);
  }
  for (const auto& w : e.withs) out.withs.push_back(with(w));
  return out;
}

ir::Body BodyCompiler::body(const ast::Body& b) {
  ir::Body out;
  out.reserve(b.size());
  for (const auto& e : b) out.push_back(expr(e));
  return out;
}

// --- modules and rules ------------------------------------------------------------

ModuleContext Compiler::module_context(const ast::Module& module) {
  ModuleContext ctx;
  ctx.module = &module;
  for (size_t i = 1; i < module.package.items.size(); ++i) {
    const auto& p = module.package.items[i];
    if (p.kind == ast::TermKind::Scalar && p.value.is_string())
      ctx.package.emplace_back(p.value.as_string());
  }
  // Auto mode accepts older policies that happen to parse as v1; the v1-only restrictions
  // apply when the module opts in with `import rego.v1` or v1 is forced.
  ctx.v1 = module.version == ast::RegoVersion::V1 &&
           (impl_.options.version == ast::VersionMode::V1 ||
            std::any_of(module.imports.begin(), module.imports.end(),
                        [](const ast::Import& i) { return ast::ref_name(i.path) == "rego.v1"; }));
  bool rego_v1 = false;
  bool future_keywords = false;
  for (const auto& imp : module.imports) {
    auto path = operator_path(imp.path);
    if (!path) {
      error(kParseError, "invalid import path", imp.loc);
      continue;
    }
    const std::string& root = (*path)[0];
    if (root == "rego") {
      if (rego_v1) error(kCompileError, "import must not shadow import rego.v1", imp.loc);
      if (future_keywords) {
        error(kParseError,
              "the `rego.v1` import implies `future.keywords`, these are therefore mutually "
              "exclusive",
              imp.loc);
      }
      rego_v1 = true;
      continue;
    }
    if (root == "future") {
      if (rego_v1) {
        error(kParseError,
              "the `rego.v1` import implies `future.keywords`, these are therefore mutually "
              "exclusive",
              imp.loc);
      }
      future_keywords = true;
      continue;
    }
    if (root != "data" && root != "input") {
      error(kCompileError, "invalid import: path must begin with input or data", imp.loc);
      continue;
    }
    std::string alias = imp.alias.empty() ? path->back() : imp.alias;
    if (path->size() == 1 && imp.alias.empty()) continue;  // `import data` / `import input`
    if (impl_.options.strict && ctx.imports.count(alias)) {
      error(kCompileError, "import must not shadow import " + dotted(ctx.imports[alias]), imp.loc);
    }
    ctx.imports[alias] = *path;
    ctx.import_locs[alias] = imp.loc;
    ctx.import_texts[alias] =
        "import " + dotted(*path) + (imp.alias.empty() ? std::string() : " as " + imp.alias);
  }
  return ctx;
}

void Compiler::declare_rules(const ast::Module& module, const ModuleContext& ctx) {
  for (const auto& rule : module.rules) {
    const auto& head = rule.head;
    std::vector<std::string> path = ctx.package;
    size_t static_len = 0;
    // The first part names the rule; following constant strings extend the path, up to the
    // first dynamic part (which becomes an object key).
    path.push_back(head.ref[0].name);
    static_len = 1;
    for (size_t i = 1; i < head.ref.size(); ++i) {
      const auto& part = head.ref[i];
      if (part.kind != ast::TermKind::Scalar || !part.value.is_string()) break;
      // `p[x] := v` in v1 and `p["a"] := v`: a constant key in brackets is still a path part
      // when it is not the last part of a partial-object head.
      if (i == head.ref.size() - 1 && !head.value && !head.key) break;
      path.emplace_back(part.value.as_string());
      static_len = i + 1;
    }
    ir::RuleKind kind = ir::RuleKind::Complete;
    if (head.has_args) {
      kind = ir::RuleKind::Function;
    } else if (static_len < head.ref.size()) {
      kind = ir::RuleKind::Object;  // `p[k] := v`, or `p[k] contains v` (sets as leaves)
    } else if (head.key) {
      kind = ir::RuleKind::MultiValue;
    }
    const std::string& rule_name = head.ref[0].name;
    if ((ctx.v1 || impl_.options.strict) && (rule_name == "input" || rule_name == "data")) {
      error(kCompileError, "rules must not shadow " + rule_name + " (use a different rule name)",
            rule.loc);
      continue;
    }
    ir::RuleNode* node = ensure_node(path);
    if (node->has_rules() && node->kind != kind &&
        !(rule.is_default && kind == ir::RuleKind::Complete)) {
      error(kTypeError, "conflicting rules " + node->path + " found", rule.loc);
      continue;
    }
    if (rule.is_default) {
      if (node->default_rule) {
        error(kTypeError, "multiple default rules " + node->path + " found", rule.loc);
        continue;
      }
      // `default p[true] := v` (v0 style) defaults one constant key of an object rule.
      bool constant_key =
          kind == ir::RuleKind::Object && !head.key &&
          std::all_of(head.ref.begin() + static_cast<long>(static_len), head.ref.end(),
                      [](const ast::Term& part) { return part.kind == ast::TermKind::Scalar; });
      if (kind == ir::RuleKind::MultiValue || (kind == ir::RuleKind::Object && !constant_key)) {
        error(kTypeError, "default rules must not have a variable key", rule.loc);
        continue;
      }
    }
    if (!node->has_rules()) {
      node->declared = true;
      node->kind = kind;
      node->arity = static_cast<int>(head.args.size());
    } else if (kind == ir::RuleKind::Function &&
               node->arity != static_cast<int>(head.args.size())) {
      error(kTypeError, "conflicting rules " + node->path + " found", rule.loc);
      continue;
    }
    if (rule.is_default && kind != ir::RuleKind::Object) {
      node->default_rule.emplace();  // placeholder, compiled below
      if (kind == ir::RuleKind::Function) node->kind = kind;
    }
    pending_.push_back(Pending{&rule, &ctx, node, static_len});
  }
}

void compile_rule(Compiler& c, BodyCompiler& bc, const ast::Rule& rule, size_t static_len,
                  ir::Rule& out);

void Compiler::compile(std::vector<ast::Module>& modules) {
  impl_.root = std::make_unique<ir::RuleNode>();
  impl_.root->path = "data";
  for (const auto& m : modules) {
    contexts_.push_back(std::make_unique<ModuleContext>(module_context(m)));
  }
  for (size_t i = 0; i < modules.size(); ++i) declare_rules(modules[i], *contexts_[i]);
  for (auto& ctx : contexts_) {
    ir::RuleNode* node = ensure_node(ctx->package);
    ctx->package_node = node;
  }
  for (const auto& p : pending_) {
    BodyCompiler bc(*this, p.ctx, p.node);
    ir::Rule r;
    compile_rule(*this, bc, *p.rule, p.static_len, r);
    r.frame_size = bc.frame_size();
    r.kind = p.node->kind;
    if (r.is_default && r.kind == ir::RuleKind::Object) {
      p.node->object_defaults.push_back(std::move(r));
    } else if (r.is_default) {
      p.node->default_rule = std::move(r);
    } else {
      p.node->rules.push_back(std::move(r));
    }
  }
  if (impl_.options.strict) check_unused_imports();
  check_recursion();
  check_data_conflicts(*impl_.root);
  assign_memo(*impl_.root);
}

namespace {
// As OPA's storage sees it: a path is taken when base data has a value there, or a prefix of
// it holds something other than an object.
bool data_path_taken(const Value& data, const std::vector<std::string>& path) {
  const Value* at = &data;
  for (const auto& part : path) {
    if (!at->is_object()) return true;
    at = at->get(Value::string(part));
    if (!at) return false;
  }
  return true;
}
}  // namespace

// `opa eval` (and conftest, and OPA's server) refuse a rule where base data already has a
// value: which one a reference should see would be ambiguous.
void Compiler::check_data_conflicts(const ir::RuleNode& node) {
  if (node.has_rules() && data_path_taken(impl_.data, node.segments)) {
    std::string joined;
    for (const auto& part : node.segments) joined += (joined.empty() ? "" : "/") + part;
    const ir::Rule* first = !node.rules.empty() ? &node.rules[0]
                            : node.default_rule ? &*node.default_rule
                                                : nullptr;
    error(kCompileError, "conflicting rule for data path " + joined + " found",
          first ? first->loc : Location{});
    return;
  }
  for (const auto& [name, child] : node.children) check_data_conflicts(*child);
}

bool iterates(const ir::Term& ref) {
  return std::any_of(ref.items.begin() + 1, ref.items.end(),
                     [](const ir::Term& item) { return item.kind == ir::TermKind::Var; });
}

// As OPA does, a reference with variables in a rule head (`p := xs[_]`, `p[k] := input.x[k]`)
// is evaluated as part of the body: it moves into a generated variable bound by `body`, which
// also binds the reference's variables for the rest of the head.
void hoist_head_refs(ir::Term& t, ir::Body& body, BodyCompiler& bc) {
  if (t.kind == ir::TermKind::Ref && iterates(t)) {
    ir::Term var;
    var.kind = ir::TermKind::Var;
    var.loc = t.loc;
    var.slot = bc.fresh_slot();
    ir::Expr bind;
    bind.kind = ir::ExprKind::Unify;
    bind.loc = t.loc;
    bind.terms.push_back(var);
    bind.terms.push_back(std::move(t));
    body.push_back(std::move(bind));
    t = std::move(var);
    return;
  }
  if (t.kind == ir::TermKind::ArrayCompr || t.kind == ir::TermKind::SetCompr ||
      t.kind == ir::TermKind::ObjectCompr) {
    return;  // their own scope
  }
  for (auto& item : t.items) hoist_head_refs(item, body, bc);
}

// OPA rejects a `some` declaration that nothing uses and, in strict mode, unused assignments
// and function arguments; only for a rule without other errors, as OPA.
void check_unused_vars(Compiler& c, const BodyCompiler& bc, size_t errors_before) {
  if (c.errors_ref().size() > errors_before) return;
  const bool strict = c.impl().options.strict;
  using How = BodyCompiler::Declaration::How;
  for (const auto& d : bc.declarations()) {
    if (bc.used_since_declared(d)) continue;
    if (d.how == How::Declared) {
      c.error(kCompileError, "declared var " + d.name + " unused", d.loc);
    } else if (strict && d.how == How::Assigned) {
      c.error(kCompileError, "assigned var " + d.name + " unused", d.loc);
    } else if (strict && d.how == How::Argument) {
      c.error(kCompileError,
              "unused argument " + d.name + ". (hint: use _ (wildcard variable) instead)", d.loc);
    }
  }
}

void compile_rule(Compiler& c, BodyCompiler& bc, const ast::Rule& rule, size_t static_len,
                  ir::Rule& out) {
  const size_t errors_before = c.errors_ref().size();
  const auto& head = rule.head;
  out.loc = rule.loc;
  out.is_default = rule.is_default;
  out.annotations = rule.annotations;
  std::vector<const ast::Term*> head_terms;
  for (const auto& a : head.args) head_terms.push_back(&a);
  if (head.key) head_terms.push_back(&*head.key);
  if (head.value) head_terms.push_back(&*head.value);
  for (size_t i = static_len; i < head.ref.size(); ++i) head_terms.push_back(&head.ref[i]);
  bc.set_rule(&rule);
  bc.declare_params(head.args);
  bc.declare(rule.body, head_terms);
  for (const auto& a : head.args) {
    out.args.push_back(bc.term(a));
    if (a.kind == ast::TermKind::Var && a.name != "_") {
      bc.record_declaration(BodyCompiler::Declaration::How::Argument, a.name, out.args.back().slot,
                            a.loc);
    }
  }
  out.body = bc.body(rule.body);
  if (head.key) out.key = bc.term(*head.key);
  for (size_t i = static_len; i < head.ref.size(); ++i) out.suffix.push_back(bc.term(head.ref[i]));
  out.value = head.value ? bc.term(*head.value) : make_const(Value::boolean(true), head.loc);
  if (out.key) hoist_head_refs(*out.key, out.body, bc);
  for (auto& s : out.suffix) hoist_head_refs(s, out.body, bc);
  hoist_head_refs(out.value, out.body, bc);
  for (const auto& e : rule.elses) {
    ir::ElseClause ec;
    ec.loc = e.loc;
    bc.push_scope();
    std::vector<const ast::Term*> else_terms;
    if (e.value) else_terms.push_back(&*e.value);
    bc.declare(e.body, else_terms);
    ec.body = bc.body(e.body);
    ec.value = e.value ? bc.term(*e.value) : make_const(Value::boolean(true), e.loc);
    hoist_head_refs(ec.value, ec.body, bc);
    bc.pop_scope();
    out.elses.push_back(std::move(ec));
  }
  check_unused_vars(c, bc, errors_before);
  // Safety: arguments are bound on entry; the body must bind everything the head uses.
  std::vector<bool> bound(static_cast<size_t>(bc.frame_size()), false);
  std::function<void(const ir::Term&)> bind_pattern = [&](const ir::Term& t) {
    if (t.kind == ir::TermKind::Var) bound[static_cast<size_t>(t.slot)] = true;
    if (t.kind == ir::TermKind::Array || t.kind == ir::TermKind::Object ||
        t.kind == ir::TermKind::Set) {
      for (const auto& i : t.items) bind_pattern(i);
    }
  };
  for (const auto& a : out.args) bind_pattern(a);
  auto entry = bound;
  order_body_for_safety(out.body, bound, bc.names(), c.errors_ref());
  std::function<void(ir::Term&)> check_head = [&](ir::Term& t) {
    if (t.kind == ir::TermKind::ArrayCompr || t.kind == ir::TermKind::SetCompr ||
        t.kind == ir::TermKind::ObjectCompr) {
      order_term_for_safety(t, bound, bc.names(), c.errors_ref());
      return;
    }
    if (t.kind == ir::TermKind::Var && !bound[static_cast<size_t>(t.slot)]) {
      const std::string& name = bc.names()[static_cast<size_t>(t.slot)];
      c.error(kUnsafeVarError, "var " + (name.empty() ? std::string("_") : name) + " is unsafe",
              t.loc);
    }
    for (auto& i : t.items) check_head(i);
  };
  if (out.key) check_head(*out.key);
  for (auto& s : out.suffix) check_head(s);
  check_head(out.value);
  for (auto& ec : out.elses) {
    auto else_bound = entry;
    order_body_for_safety(ec.body, else_bound, bc.names(), c.errors_ref());
    bound = else_bound;
    check_head(ec.value);
  }
}

void Compiler::check_unused_imports() {
  for (const auto& ctx : contexts_) {
    std::vector<std::pair<Location, std::string>> unused;
    for (const auto& [alias, text] : ctx->import_texts) {
      if (!used_imports_.count({ctx.get(), alias}))
        unused.emplace_back(ctx->import_locs.at(alias), text);
    }
    std::sort(unused.begin(), unused.end(),
              [](const auto& a, const auto& b) { return a.first.row < b.first.row; });
    for (const auto& [loc, text] : unused) error(kCompileError, text + " unused", loc);
  }
}

void Compiler::check_recursion() {
  // Depth-first search for cycles; a package-level reference depends on everything below.
  std::map<const ir::RuleNode*, int> state;  // 0 new, 1 on stack, 2 done
  std::vector<const ir::RuleNode*> stack;
  std::set<const ir::RuleNode*> reported;
  std::function<void(const ir::RuleNode*)> visit_below;
  std::function<void(const ir::RuleNode*)> visit = [&](const ir::RuleNode* n) {
    if (state[n] == 2) return;
    if (state[n] == 1) {
      auto it = std::find(stack.begin(), stack.end(), n);
      std::string chain;
      for (auto i = it; i != stack.end(); ++i) chain += (*i)->path + " -> ";
      chain += n->path;
      if (!reported.count(n)) {
        reported.insert(n);
        ast::Location loc = n->rules.empty() ? ast::Location{} : n->rules[0].loc;
        error(kRecursionError, "rule " + n->path + " is recursive: " + chain, loc);
      }
      return;
    }
    state[n] = 1;
    stack.push_back(n);
    if (auto it = deps_.find(n); it != deps_.end()) {
      for (const auto* d : it->second) visit_below(d);
    }
    stack.pop_back();
    state[n] = 2;
  };
  visit_below = [&](const ir::RuleNode* n) {
    if (n->has_rules()) {
      visit(n);
      return;
    }
    for (const auto& [_, child] : n->children) visit_below(child.get());
  };
  std::function<void(const ir::RuleNode*)> all = [&](const ir::RuleNode* n) {
    if (n->has_rules()) visit(n);
    for (const auto& [_, child] : n->children) all(child.get());
  };
  all(impl_.root.get());
}

void Compiler::assign_memo(ir::RuleNode& node) {
  if (node.has_rules()) node.memo_index = impl_.memo_count++;
  for (auto& [_, child] : node.children) assign_memo(*child);
}

}  // namespace

void compile_modules(std::vector<ast::Module> modules, Policy::Impl& impl, RegoErrors& errors) {
  impl.modules = std::move(modules);
  Compiler compiler(impl, errors);
  compiler.compile(impl.modules);
}

std::unique_ptr<ir::Query> compile_query(const ast::Body& body, std::string_view text,
                                         const Policy::Impl& impl, RegoErrors& errors) {
  // The compiler only reads the policy here; it needs a mutable reference for its tables.
  Compiler compiler(const_cast<Policy::Impl&>(impl), errors);
  BodyCompiler bc(compiler, nullptr, nullptr);
  bc.declare(body, {});
  auto query = std::make_unique<ir::Query>();
  query->body = bc.body(body);
  // Each top-level expression records its value, for `opa eval`'s "expressions".
  for (size_t i = 0; i < query->body.size(); ++i) {
    query->body[i].result_slot = bc.fresh_slot();
    query->result_slots.push_back(query->body[i].result_slot);
    query->expression_locs.push_back(query->body[i].loc);
  }
  // The text of each expression: from its start to the next one's, trimmed of separators.
  std::vector<size_t> starts;
  {
    std::vector<size_t> line_starts{0};
    for (size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\n') line_starts.push_back(i + 1);
    }
    for (const auto& loc : query->expression_locs) {
      size_t row = static_cast<size_t>(std::max(loc.row, 1)) - 1;
      size_t off = row < line_starts.size()
                       ? line_starts[row] + static_cast<size_t>(std::max(loc.col, 1)) - 1
                       : 0;
      starts.push_back(std::min(off, text.size()));
    }
  }
  for (size_t i = 0; i < starts.size(); ++i) {
    size_t end = i + 1 < starts.size() ? starts[i + 1] : text.size();
    std::string_view piece = text.substr(starts[i], end > starts[i] ? end - starts[i] : 0);
    while (!piece.empty() && (piece.back() == ';' || piece.back() == ' ' || piece.back() == '\n' ||
                              piece.back() == '\t' || piece.back() == '\r')) {
      piece.remove_suffix(1);
    }
    query->expression_texts.emplace_back(piece);
  }
  // As OPA does, a query of one expression without iteration reports the expression's value
  // even when it is false; otherwise false fails the query.
  std::function<bool(const ir::Term&)> iterates = [&](const ir::Term& t) {
    if (t.kind == ir::TermKind::Ref) {
      for (size_t i = 1; i < t.items.size(); ++i) {
        if (t.items[i].kind == ir::TermKind::Var) return true;
      }
    }
    return std::any_of(t.items.begin(), t.items.end(), iterates);
  };
  if (query->body.size() == 1 && query->body[0].kind == ir::ExprKind::Term &&
      !query->body[0].negated && !iterates(query->body[0].terms[0])) {
    query->body[0].keep_false = true;
  }
  std::vector<bool> bound(static_cast<size_t>(bc.frame_size()), false);
  order_body_for_safety(query->body, bound, bc.names(), errors);
  query->frame_size = bc.frame_size();
  for (const auto& [name, slot] : bc.declared_order()) {
    if (!name.empty() && name[0] != '$') query->bindings.emplace_back(name, slot);
  }
  return query;
}

}  // namespace mg::rego
