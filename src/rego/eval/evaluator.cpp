#include "rego/eval/evaluator.h"

#include <algorithm>
#include <array>
#include <map>

#include "rego/eval/member_lookup.h"
#include "rego/eval/rule_index.h"
#include "rego/eval/single_values.h"
#include "rego/value/json.h"

namespace mg::rego {

namespace {

// Deep recursion in policies (e.g. walk over a huge document) must not crash the process.
constexpr int kMaxDepth = 4000;

// One step of reference `ref`: the member of `base` at `key`. OPA's storage keys are strings,
// so a number indexing base data reads the key spelled as that number (`data[1]` is
// `data["1"]`), while a number indexing a local value does not; tried only after the plain
// lookup missed, so other lookups pay nothing.
const Value* ref_step(const Value& base, const Value& key, const ir::Term& ref) {
  if (const Value* member = lookup(base, key)) return member;
  if (ref.items[0].kind != ir::TermKind::Data || !base.is_object() || !key.is_number()) {
    return nullptr;
  }
  return base.get(Value::string(key.number_text()));
}

// Calls k(key, value) for every member of a collection, as Rego iterates it.
template <typename F>
bool for_each_member(const Value& coll, F&& k) {
  switch (coll.kind()) {
    case Kind::Array: {
      auto items = coll.as_array();
      for (size_t i = 0; i < items.size(); ++i) {
        if (!k(Value::integer(static_cast<int64_t>(i)), items[i])) return false;
      }
      return true;
    }
    case Kind::Object:
      for (const auto& [key, value] : coll.as_object()) {
        if (!k(key, value)) return false;
      }
      return true;
    case Kind::Set:
      for (const auto& v : coll.as_set()) {
        if (!k(v, v)) return false;
      }
      return true;
    default:
      return true;
  }
}

// The value of an array, set or object term from its items' values (an object's alternate
// keys and values).
Value collection_value(ir::TermKind kind, std::vector<Value> values) {
  if (kind == ir::TermKind::Array) return Value::array(std::move(values));
  if (kind == ir::TermKind::Set) return Value::set(std::move(values));
  std::vector<ObjectEntry> entries;
  entries.reserve(values.size() / 2);
  for (size_t i = 0; i + 1 < values.size(); i += 2)
    entries.emplace_back(std::move(values[i]), std::move(values[i + 1]));
  return Value::object(std::move(entries));
}

// print() and template strings show strings bare and everything else as JSON.
std::string display(const Value& v) {
  if (v.is_string()) return std::string(v.as_string());
  return to_json(v);
}

// Returns `base` with `value` placed at `path` (creating objects on the way).
Value set_path(const Value& base, std::span<const std::string> path, const Value& value) {
  if (path.empty()) return value;
  std::vector<ObjectEntry> entries;
  if (base.is_object()) entries.assign(base.as_object().begin(), base.as_object().end());
  Value key = Value::string(path[0]);
  Value child;
  bool found = false;
  for (auto& e : entries) {
    if (e.first == key) {
      e.second = set_path(e.second, path.subspan(1), value);
      found = true;
      break;
    }
  }
  if (!found) entries.emplace_back(key, set_path(child, path.subspan(1), value));
  return Value::object(std::move(entries));
}

// How mocks name what they replace: the function, the builtin, or for an operation the
// evaluator runs itself, a distinct address per operation.
const void* target_key(const ir::RuleNode* function, const Builtin* builtin, ir::NativeOp native) {
  static const char kNativeOps[64] = {};
  static_assert(static_cast<size_t>(ir::NativeOp::OpaRuntime) < sizeof kNativeOps);
  if (function) return function;
  if (builtin) return builtin;
  return &kNativeOps[static_cast<size_t>(native)];
}

// What a `with` on a function or builtin replaces, as calls name it (see call_with_args).
const void* with_key(const ir::With& w) {
  return target_key(w.function, w.builtin, w.native);
}

}  // namespace

Frame FrameArena::take_from_next_block(size_t slots) {
  while (block_ < blocks_.size() && used_ + slots > blocks_[block_].size) {
    ++block_;
    used_ = 0;
  }
  if (block_ == blocks_.size()) {
    size_t size = std::max<size_t>(slots, 1024);
    blocks_.push_back(Block{std::make_unique<const Value*[]>(size), size});
    used_ = 0;
  }
  Frame frame(blocks_[block_].slots.get() + used_, slots);
  std::fill(frame.begin(), frame.end(), nullptr);
  used_ += slots;
  return frame;
}

FrameArena& FrameArena::for_this_thread() {
  thread_local FrameArena arena;
  return arena;
}

Evaluation::Evaluation(const Policy::Impl& policy, const Value* input, const EvalOptions& options)
    : policy_(policy),
      input_(input),
      options_(&options),
      observer_(options.observer),
      record_touched_(observer_ && observer_->wants_touched()),
      arena_(FrameArena::for_this_thread()),
      input_paths_(arena_, policy.input_path_count),
      memo_(static_cast<size_t>(policy.memo_count)),
      data_(&policy.data) {
  if (!options.data_overrides.empty()) {
    overridden_data_ = policy.data;
    data_ = &overridden_data_;
  }
  for (const auto& [path, value] : options.data_overrides) {
    overridden_data_ = set_path(overridden_data_, path, value);
    // Rules below the path are replaced too, as `with data...` does; masks cost a little on
    // every data reference, so only when some rule lives there.
    const ir::RuleNode* node = policy.root.get();
    for (size_t i = 0; node && i < path.size(); ++i) node = node->child(path[i]);
    if (node) data_masks_.push_back(path);
  }
  builtin_context_.now_ns = options.now_ns != 0
                                ? options.now_ns
                                : std::chrono::duration_cast<std::chrono::nanoseconds>(
                                      std::chrono::system_clock::now().time_since_epoch())
                                      .count();
  builtin_context_.strict_builtin_errors = options.strict_builtin_errors;
  builtin_context_.print = options.print;
}

void Evaluation::fail(const char* code, std::string message, const ast::Location& loc) const {
  throw EvalError(RegoError{code, std::move(message), loc});
}

std::optional<Value> Evaluation::first_value(const ir::Query& query) {
  std::optional<Value> out;
  FrameScope scope(arena_, query.frame_size);
  Frame& frame = scope.frame;
  eval_body(query.body, 0, frame, [&]() {
    const Value* v = frame[static_cast<size_t>(query.result_slots[0])];
    out = v ? *v : Value::boolean(true);
    return false;
  });
  return out;
}

std::vector<Solution> Evaluation::run(const ir::Query& query) {
  std::vector<Solution> solutions;
  FrameScope scope(arena_, query.frame_size);
  Frame& frame = scope.frame;
  eval_body(query.body, 0, frame, [&]() {
    Solution s;
    for (int slot : query.result_slots) {
      const Value* v = frame[static_cast<size_t>(slot)];
      s.expressions.push_back(v ? *v : Value::boolean(true));
    }
    for (const auto& [name, slot] : query.bindings) {
      const Value* v = frame[static_cast<size_t>(slot)];
      if (v) s.bindings.emplace_back(name, *v);
    }
    solutions.push_back(std::move(s));
    return true;
  });
  return solutions;
}

// --- bodies and expressions ---------------------------------------------------------

bool Evaluation::eval_body(const ir::Body& body, size_t index, Frame& frame, Cont k) {
  // Tests (expressions that bind nothing and have at most one solution) run in a loop; an
  // expression that binds or iterates takes the rest of the body as its continuation.
  const size_t mark = touched_.size();
  while (index < body.size() && is_test(body[index], frame)) {
    if (!test_holds(body[index], frame)) {
      if (record_touched_) forget_touched(mark);
      return true;
    }
    ++index;
  }
  bool result = index == body.size() ? k() : eval_expr(body[index], frame, [&]() {
    return eval_body(body, index + 1, frame, k);
  });
  if (record_touched_) forget_touched(mark);
  return result;
}

namespace {
bool is_unbound_var(const ir::Term& t, const Frame& frame) {
  return t.kind == ir::TermKind::Var && !frame[static_cast<size_t>(t.slot)];
}
bool is_pattern(const ir::Term& t) {
  return t.kind == ir::TermKind::Var || t.kind == ir::TermKind::Array ||
         t.kind == ir::TermKind::Object;
}
// Both sides of a unification have one value and neither binds: it compares them.
bool is_comparison(const ir::Expr& expr, const Frame& frame) {
  const ir::Term& a = expr.terms[0];
  const ir::Term& b = expr.terms[1];
  return a.single && b.single && !is_unbound_var(a, frame) && !is_unbound_var(b, frame) &&
         (!is_pattern(a) || a.kind == ir::TermKind::Var) &&
         (!is_pattern(b) || b.kind == ir::TermKind::Var);
}
}  // namespace

bool Evaluation::is_test(const ir::Expr& expr, const Frame& frame) {
  if (!expr.withs.empty() || expr.result_slot >= 0) return false;
  switch (expr.kind) {
    case ir::ExprKind::Nop:
      return true;
    case ir::ExprKind::Term:
      return expr.terms[0].single;
    case ir::ExprKind::Unify:
      return is_comparison(expr, frame);
    default:
      return false;
  }
}

// Whether a test (is_test) holds, as eval_expr would find it.
bool Evaluation::test_holds(const ir::Expr& expr, Frame& frame) {
  if (observer_) observer_->expression_evaluated(expr.loc);
  auto plain = [&]() {
    switch (expr.kind) {
      case ir::ExprKind::Term: {
        Value scratch;
        const Value* v = eval_one(expr.terms[0], frame, scratch);
        return v && !(v->is_false() && !expr.keep_false);
      }
      case ir::ExprKind::Unify: {
        Value scratch_a, scratch_b;
        const Value* a = eval_one(expr.terms[0], frame, scratch_a);
        if (!a) return false;
        const Value* b = eval_one(expr.terms[1], frame, scratch_b);
        return b && *a == *b;
      }
      default:
        return true;
    }
  };
  if (!expr.negated) return plain();
  // A negation keeps what it touched: it explains why the negation held.
  ++keep_touched_;
  bool found = plain();
  --keep_touched_;
  return !found;
}

bool Evaluation::eval_expr(const ir::Expr& expr, Frame& frame, Cont k) {
  if (observer_) observer_->expression_evaluated(expr.loc);
  if (!expr.withs.empty()) {
    Overrides outer{input_override_, data_, data_masks_, value_mocks_, fn_mocks_, memo_};
    return eval_with(expr, 0, frame, k, outer);
  }
  if (expr.negated) {
    size_t mark = touched_.size();
    ++keep_touched_;
    bool found = false;
    eval_expr_plain(expr, frame, [&]() {
      found = true;
      return false;
    });
    --keep_touched_;
    bool result = true;
    if (!found) {
      result = expr.result_slot >= 0 ? bind(expr.result_slot, Value::boolean(true), frame, k) : k();
    }
    forget_touched(mark);
    return result;
  }
  return eval_expr_plain(expr, frame, k);
}

void Evaluation::swap_overrides(Overrides& other) {
  std::swap(other.input_override, input_override_);
  std::swap(other.data, data_);
  std::swap(other.data_masks, data_masks_);
  std::swap(other.value_mocks, value_mocks_);
  std::swap(other.fn_mocks, fn_mocks_);
  std::swap(other.memo, memo_);
}

bool Evaluation::eval_with(const ir::Expr& expr, size_t index, Frame& frame, Cont k,
                           Overrides& outer) {
  if (index == expr.withs.size()) {
    // All modifiers applied: evaluate the expression itself (without re-applying them). The
    // rest of the body runs as it was before the modifiers: they apply to this expression only.
    auto resume = [&]() {
      swap_overrides(outer);
      bool result = k();
      swap_overrides(outer);
      return result;
    };
    if (expr.negated) {
      bool found = false;
      eval_expr_plain(expr, frame, [&]() {
        found = true;
        return false;
      });
      return found ? true : resume();
    }
    return eval_expr_plain(expr, frame, resume);
  }
  const ir::With& w = expr.withs[index];
  if (w.replacement || w.replacement_builtin) {
    // Replaced by another function or builtin: nothing to evaluate first.
    std::vector<Memo> saved_memo(memo_.size());
    std::swap(saved_memo, memo_);
    fn_mocks_.push_back(FunctionMock{with_key(w), w.replacement, w.replacement_builtin});
    bool result = eval_with(expr, index + 1, frame, k, outer);
    fn_mocks_.pop_back();
    std::swap(saved_memo, memo_);
    return result;
  }
  return eval_term(w.value, frame, [&](const Value& value) {
    // Overrides change what rules see: memoised values no longer hold.
    std::vector<Memo> saved_memo(memo_.size());
    std::swap(saved_memo, memo_);
    bool result = true;
    switch (w.target) {
      case ir::With::Target::Input: {
        const Value* saved = input_override_;
        Value base =
            input_override_ ? *input_override_ : (input_ ? *input_ : Value::empty_object());
        Value replaced = w.path.empty() ? value : set_path(base, w.path, value);
        input_override_ = &replaced;
        result = eval_with(expr, index + 1, frame, k, outer);
        input_override_ = saved;
        break;
      }
      case ir::With::Target::Data: {
        const Value* saved = data_;
        Value replaced = set_path(*data_, w.path, value);
        data_ = &replaced;
        data_masks_.push_back(w.path);
        result = eval_with(expr, index + 1, frame, k, outer);
        data_masks_.pop_back();
        data_ = saved;
        break;
      }
      case ir::With::Target::Function:
      case ir::With::Target::Builtin: {
        value_mocks_.emplace_back(with_key(w), value);
        result = eval_with(expr, index + 1, frame, k, outer);
        value_mocks_.pop_back();
        break;
      }
    }
    std::swap(saved_memo, memo_);
    return result;
  });
}

bool Evaluation::eval_expr_plain(const ir::Expr& expr, Frame& frame, Cont k) {
  switch (expr.kind) {
    case ir::ExprKind::Nop:
      return k();
    case ir::ExprKind::Term:
      if (expr.terms[0].single && expr.result_slot < 0) {
        const size_t mark = touched_.size();
        Value scratch;
        const Value* v = eval_one(expr.terms[0], frame, scratch);
        bool result = !v || (v->is_false() && !expr.keep_false) || k();
        if (record_touched_) forget_touched(mark);
        return result;
      }
      return eval_term(expr.terms[0], frame, [&](const Value& v) {
        if (v.is_false() && !expr.keep_false) return true;
        if (expr.result_slot >= 0) return bind(expr.result_slot, v, frame, k);
        return k();
      });
    case ir::ExprKind::Unify:
      if (expr.result_slot >= 0) {
        return unify(expr.terms[0], expr.terms[1], frame,
                     [&]() { return bind(expr.result_slot, Value::boolean(true), frame, k); });
      }
      return unify(expr.terms[0], expr.terms[1], frame, k);
    case ir::ExprKind::SomeIn:
      return eval_some_in(expr, frame, k);
    case ir::ExprKind::Every:
      return eval_every(expr, frame, k);
  }
  return true;
}

bool Evaluation::eval_some_in(const ir::Expr& expr, Frame& frame, Cont k) {
  auto then = [&]() {
    if (expr.result_slot >= 0) return bind(expr.result_slot, Value::boolean(true), frame, k);
    return k();
  };
  const ir::Term& target = expr.terms[1];
  auto members = [&](const Value& coll) {
    // `some x in xs` with x fresh, the usual form: x takes each member in turn.
    const bool fresh = !expr.has_key && is_unbound_var(target, frame);
    return for_each_member(coll, [&](const Value& key, const Value& value) {
      size_t mark = touched_.size();
      if (record_touched_) touch(value);
      bool result;
      if (fresh) {
        const Value*& cell = frame[static_cast<size_t>(target.slot)];
        cell = &value;
        result = then();
        cell = nullptr;
      } else if (expr.has_key) {
        result = unify_value(expr.terms[0], key, frame,
                             [&]() { return unify_value(target, value, frame, then); });
      } else {
        result = unify_value(target, value, frame, then);
      }
      if (record_touched_) forget_touched(mark);
      return result;
    });
  };
  const ir::Term& collection = expr.terms[2];
  if (!collection.single) return eval_term(collection, frame, members);
  const size_t mark = touched_.size();
  Value scratch;
  const Value* coll = eval_one(collection, frame, scratch);
  bool result = coll ? members(*coll) : true;
  if (record_touched_) forget_touched(mark);
  return result;
}

bool Evaluation::eval_every(const ir::Expr& expr, Frame& frame, Cont k) {
  bool domain_defined = false;
  bool all_hold = true;
  bool result = eval_term(expr.terms[0], frame, [&](const Value& coll) {
    if (!coll.is_collection()) return true;  // `every` over a scalar is undefined
    domain_defined = true;
    for_each_member(coll, [&](const Value& key, const Value& value) {
      if (expr.has_key) frame[static_cast<size_t>(expr.key_slot)] = &key;
      frame[static_cast<size_t>(expr.value_slot)] = &value;
      bool found = false;
      eval_body(expr.body, 0, frame, [&]() {
        found = true;
        return false;
      });
      if (expr.has_key) frame[static_cast<size_t>(expr.key_slot)] = nullptr;
      frame[static_cast<size_t>(expr.value_slot)] = nullptr;
      if (!found) all_hold = false;
      return found;
    });
    return all_hold;
  });
  (void)result;
  if (!domain_defined || !all_hold) return true;
  if (expr.result_slot >= 0) return bind(expr.result_slot, Value::boolean(true), frame, k);
  return k();
}

// --- terms --------------------------------------------------------------------------

bool Evaluation::bind(int slot, const Value& value, Frame& frame, Cont k) {
  const Value*& cell = frame[static_cast<size_t>(slot)];
  if (cell) return *cell == value ? k() : true;
  cell = &value;
  bool result = k();
  cell = nullptr;
  return result;
}

bool Evaluation::eval_term(const ir::Term& term, Frame& frame, ValueCont k) {
  switch (term.kind) {
    case ir::TermKind::Const:
      return k(term.value);
    case ir::TermKind::Var: {
      const Value* cell = frame[static_cast<size_t>(term.slot)];
      if (!cell) fail(kUnsafeVarError, "var is unsafe (unbound at evaluation)", term.loc);
      return k(*cell);
    }
    case ir::TermKind::Input:
      if (input_override_) return k(*input_override_);
      if (!input_) return true;
      return k(*input_);
    case ir::TermKind::Data: {
      auto v = node_value(policy_.root.get(), data_);
      return v ? k(*v) : true;
    }
    case ir::TermKind::Ref:
      return eval_ref(term, frame, k);
    case ir::TermKind::Array:
    case ir::TermKind::Set:
    case ir::TermKind::Object: {
      if (term.single) return single_then(term, frame, k);
      FrameScope out(arena_, static_cast<int>(term.items.size()));
      return eval_items(term.items, 0, out.frame, frame, [&](Operands operands) {
        std::vector<Value> values;
        values.reserve(operands.size());
        for (const Value* v : operands) values.push_back(*v);
        return k(collection_value(term.kind, std::move(values)));
      });
    }
    case ir::TermKind::ArrayCompr:
    case ir::TermKind::SetCompr:
    case ir::TermKind::ObjectCompr:
      return k(comprehension_value(term, frame));
    case ir::TermKind::Call:
      if (term.single) return single_then(term, frame, k);
      return eval_call(term, frame, k);
    case ir::TermKind::Template:
      return k(template_value(term, frame));
  }
  return true;
}

bool Evaluation::single_then(const ir::Term& term, Frame& frame, ValueCont k) {
  const size_t mark = touched_.size();
  Value scratch;
  const Value* v = eval_one(term, frame, scratch);
  bool result = v ? k(*v) : true;
  if (record_touched_) forget_touched(mark);
  return result;
}

const Value* Evaluation::eval_one(const ir::Term& term, Frame& frame, Value& scratch) {
  switch (term.kind) {
    case ir::TermKind::Const:
      return &term.value;
    case ir::TermKind::Var: {
      const Value* cell = frame[static_cast<size_t>(term.slot)];
      if (!cell) fail(kUnsafeVarError, "var is unsafe (unbound at evaluation)", term.loc);
      return cell;
    }
    case ir::TermKind::Input:
      return current_input();
    case ir::TermKind::Data: {
      auto v = node_value(policy_.root.get(), data_);
      if (!v) return nullptr;
      scratch = std::move(*v);
      return &scratch;
    }
    case ir::TermKind::Ref:
      return ref_one(term, frame, scratch);
    case ir::TermKind::Array:
    case ir::TermKind::Set:
    case ir::TermKind::Object: {
      std::vector<Value> values;
      values.reserve(term.items.size());
      for (const auto& item : term.items) {
        Value held;
        const Value* v = eval_one(item, frame, held);
        if (!v) return nullptr;
        values.push_back(v == &held ? std::move(held) : *v);
      }
      scratch = collection_value(term.kind, std::move(values));
      return &scratch;
    }
    case ir::TermKind::ArrayCompr:
    case ir::TermKind::SetCompr:
    case ir::TermKind::ObjectCompr:
      scratch = comprehension_value(term, frame);
      return &scratch;
    case ir::TermKind::Template:
      scratch = template_value(term, frame);
      return &scratch;
    case ir::TermKind::Call: {
      if (term.native == ir::NativeOp::Print) {
        eval_print(term, frame);
        scratch = Value::boolean(true);
        return &scratch;
      }
      std::array<Value, kMaxSingleOperands> held;
      std::array<const Value*, kMaxSingleOperands> operands{};
      const size_t n = term.items.size();
      for (size_t i = 0; i < n; ++i) {
        operands[i] = eval_one(term.items[i], frame, held[i]);
        if (!operands[i]) return nullptr;
      }
      auto v = call_value(term, Operands(operands.data(), n));
      if (!v) return nullptr;
      scratch = std::move(*v);
      return &scratch;
    }
  }
  return nullptr;
}

bool Evaluation::eval_items(const std::vector<ir::Term>& items, size_t index, Frame out,
                            Frame& frame, FunctionRef<bool(Operands)> k) {
  if (index == items.size()) return k(out);
  return eval_term(items[index], frame, [&](const Value& v) {
    out[index] = &v;
    return eval_items(items, index + 1, out, frame, k);
  });
}

Value Evaluation::comprehension_value(const ir::Term& term, Frame& frame) {
  std::vector<Value> values;
  std::vector<ObjectEntry> entries;
  eval_body(term.body, 0, frame, [&]() {
    if (term.kind == ir::TermKind::ObjectCompr) {
      return eval_term(term.items[0], frame, [&](const Value& key) {
        return eval_term(term.items[1], frame, [&](const Value& value) {
          for (const auto& e : entries) {
            if (e.first == key && !(e.second == value)) {
              fail(kConflictError, "object keys must be unique", term.loc);
            }
          }
          entries.emplace_back(key, value);
          return true;
        });
      });
    }
    return eval_term(term.items[0], frame, [&](const Value& v) {
      values.push_back(v);
      return true;
    });
  });
  switch (term.kind) {
    case ir::TermKind::ArrayCompr:
      return Value::array(std::move(values));
    case ir::TermKind::SetCompr:
      return Value::set(std::move(values));
    default:
      return Value::object(std::move(entries));
  }
}

Value Evaluation::template_value(const ir::Term& term, Frame& frame) {
  std::string out;
  for (const auto& item : term.items) {
    if (item.kind == ir::TermKind::Const && item.value.is_string()) {
      out += item.value.as_string();
      continue;
    }
    std::vector<Value> values;
    eval_term(item, frame, [&](const Value& v) {
      values.push_back(v);
      return true;
    });
    if (values.empty()) {
      out += "<undefined>";
    } else if (values.size() == 1) {
      out += display(values[0]);
    } else {
      out += display(Value::set(values));
    }
  }
  return Value::string(std::move(out));
}

// --- unification --------------------------------------------------------------------

bool Evaluation::unify(const ir::Term& a, const ir::Term& b, Frame& frame, Cont k) {
  // `x := <one value>`: bind it without a continuation for the value.
  for (auto [var, other] : {std::pair{&a, &b}, std::pair{&b, &a}}) {
    if (!other->single || !is_unbound_var(*var, frame) || is_unbound_var(*other, frame)) continue;
    const size_t mark = touched_.size();
    Value scratch;
    const Value* v = eval_one(*other, frame, scratch);
    bool result = v ? bind(var->slot, *v, frame, k) : true;
    if (record_touched_) forget_touched(mark);
    return result;
  }
  if (is_unbound_var(a, frame)) {
    return eval_term(b, frame, [&](const Value& v) { return unify_value(a, v, frame, k); });
  }
  if (is_unbound_var(b, frame)) {
    return eval_term(a, frame, [&](const Value& v) { return unify_value(b, v, frame, k); });
  }
  if (a.kind == ir::TermKind::Array && b.kind == ir::TermKind::Array) {
    if (a.items.size() != b.items.size()) return true;
    return unify_items(a.items, b.items, 0, frame, k);
  }
  if (a.kind == ir::TermKind::Object && b.kind == ir::TermKind::Object) {
    if (a.items.size() != b.items.size()) return true;
    std::vector<Value> keys;
    keys.reserve(a.items.size());
    return unify_objects(a, b, 0, keys, frame, k);
  }
  if (is_pattern(a) && a.kind != ir::TermKind::Var) {
    return eval_term(b, frame, [&](const Value& v) { return unify_value(a, v, frame, k); });
  }
  if (is_pattern(b) && b.kind != ir::TermKind::Var) {
    return eval_term(a, frame, [&](const Value& v) { return unify_value(b, v, frame, k); });
  }
  return eval_term(a, frame, [&](const Value& va) {
    return eval_term(b, frame, [&](const Value& vb) { return va == vb ? k() : true; });
  });
}

bool Evaluation::unify_items(const std::vector<ir::Term>& a, const std::vector<ir::Term>& b,
                             size_t index, Frame& frame, Cont k) {
  if (index == a.size()) return k();
  return unify(a[index], b[index], frame, [&]() { return unify_items(a, b, index + 1, frame, k); });
}

bool Evaluation::unify_objects(const ir::Term& a, const ir::Term& b, size_t index,
                               std::vector<Value>& keys, Frame& frame, Cont k) {
  const size_t n = a.items.size() / 2;
  if (index < 2 * n) {
    const ir::Term& key = index < n ? a.items[index * 2] : b.items[(index - n) * 2];
    return eval_term(key, frame, [&](const Value& v) {
      keys.push_back(v);
      bool more = unify_objects(a, b, index + 1, keys, frame, k);
      keys.pop_back();
      return more;
    });
  }
  // Both key sets known: pair each of a's values with b's value at the same key.
  std::vector<ir::Term> left, right;
  left.reserve(n);
  right.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    size_t j = 0;
    while (j < n && !(keys[n + j] == keys[i])) ++j;
    if (j == n) return true;  // different keys: no match
    left.push_back(a.items[i * 2 + 1]);
    right.push_back(b.items[j * 2 + 1]);
  }
  return unify_items(left, right, 0, frame, k);
}

bool Evaluation::unify_value(const ir::Term& pattern, const Value& value, Frame& frame, Cont k) {
  switch (pattern.kind) {
    case ir::TermKind::Var:
      return bind(pattern.slot, value, frame, k);
    case ir::TermKind::Const:
      return pattern.value == value ? k() : true;
    case ir::TermKind::Array:
      if (!value.is_array() || value.as_array().size() != pattern.items.size()) return true;
      return unify_array(pattern, value.as_array(), 0, frame, k);
    case ir::TermKind::Object:
      if (!value.is_object() || value.as_object().size() != pattern.items.size() / 2) return true;
      return unify_object(pattern, value, 0, frame, k);
    default:
      return eval_term(pattern, frame, [&](const Value& v) { return v == value ? k() : true; });
  }
}

bool Evaluation::unify_array(const ir::Term& pattern, std::span<const Value> values, size_t index,
                             Frame& frame, Cont k) {
  if (index == values.size()) return k();
  return unify_value(pattern.items[index], values[index], frame,
                     [&]() { return unify_array(pattern, values, index + 1, frame, k); });
}

bool Evaluation::unify_object(const ir::Term& pattern, const Value& value, size_t index,
                              Frame& frame, Cont k) {
  if (index * 2 >= pattern.items.size()) return k();
  return eval_term(pattern.items[index * 2], frame, [&](const Value& key) {
    const Value* member = value.get(key);
    if (!member) return true;
    return unify_value(pattern.items[index * 2 + 1], *member, frame,
                       [&]() { return unify_object(pattern, value, index + 1, frame, k); });
  });
}

// --- references ---------------------------------------------------------------------

bool Evaluation::eval_ref(const ir::Term& ref, Frame& frame, ValueCont k) {
  const ir::Term& head = ref.items[0];
  switch (head.kind) {
    case ir::TermKind::Input:
      if (input_override_) return walk_path(*input_override_, ref, 1, frame, k);
      if (!input_) return true;
      // Tracking fields needs every collection on the way (a path ending in a number has no
      // identity of its own), so a tracked evaluation walks the path itself.
      if (ref.input_path >= 0 && !record_touched_) {
        const Value* shared = shared_input_path(ref);
        return shared ? walk_path(*shared, ref, ref.input_path_length + 1, frame, k) : true;
      }
      return walk_path(*input_, ref, 1, frame, k);
    case ir::TermKind::Data: {
      if (ref.plain_data && data_masks_.empty()) return walk_path(*data_, ref, 1, frame, k);
      if (!ref.node) return eval_data(policy_.root.get(), data_, ref, 1, frame, k);
      // Start at the node the constant prefix reaches; find the base data beside it.
      const Value* base = data_;
      for (size_t i = 1; i <= ref.node_depth && base; ++i)
        base = base->get(ref.items[i].value.as_string());
      return eval_data(ref.node, base, ref, ref.node_depth + 1, frame, k);
    }
    case ir::TermKind::Var: {
      const Value* cell = frame[static_cast<size_t>(head.slot)];
      if (!cell) fail(kUnsafeVarError, "var is unsafe (unbound at evaluation)", head.loc);
      return walk_path(*cell, ref, 1, frame, k);
    }
    default:
      return eval_term(head, frame, [&](const Value& v) { return walk_path(v, ref, 1, frame, k); });
  }
}

const Value* Evaluation::shared_input_path(const ir::Term& ref) {
  static const Value kAbsent;
  const Value*& slot = input_paths_.frame[static_cast<size_t>(ref.input_path)];
  if (!slot) {
    const Value* at = input_;
    for (size_t i = 1; at && i <= ref.input_path_length; ++i) at = lookup(*at, ref.items[i].value);
    slot = at ? at : &kAbsent;
  }
  return slot == &kAbsent ? nullptr : slot;
}

const Value* Evaluation::ref_one(const ir::Term& ref, Frame& frame, Value& scratch) {
  const ir::Term& head = ref.items[0];
  switch (head.kind) {
    case ir::TermKind::Input:
      if (input_override_) return path_one(*input_override_, ref, 1);
      if (!input_) return nullptr;
      if (ref.input_path >= 0 && !record_touched_) {
        const Value* shared = shared_input_path(ref);
        return shared ? path_one(*shared, ref, ref.input_path_length + 1) : nullptr;
      }
      return path_one(*input_, ref, 1);
    case ir::TermKind::Data: {
      if (ref.plain_data && data_masks_.empty()) return path_one(*data_, ref, 1);
      if (!ref.node) return data_one(policy_.root.get(), data_, ref, 1, scratch);
      const Value* base = data_;
      for (size_t i = 1; i <= ref.node_depth && base; ++i)
        base = base->get(ref.items[i].value.as_string());
      return data_one(ref.node, base, ref, ref.node_depth + 1, scratch);
    }
    case ir::TermKind::Var: {
      const Value* cell = frame[static_cast<size_t>(head.slot)];
      if (!cell) fail(kUnsafeVarError, "var is unsafe (unbound at evaluation)", head.loc);
      return path_one(*cell, ref, 1);
    }
    default: {
      const Value* v = eval_one(head, frame, scratch);
      return v ? path_one(*v, ref, 1) : nullptr;
    }
  }
}

// A single-valued reference's keys are constants: walk_step's loop, without a continuation.
const Value* Evaluation::path_one(const Value& base, const ir::Term& ref, size_t index) {
  if (record_touched_) touch(base);
  const Value* at = &base;
  for (; index < ref.items.size(); ++index) {
    const Value* next = ref_step(*at, ref.items[index].value, ref);
    if (!next) return nullptr;
    at = next;
    if (record_touched_) touch(*at);
  }
  return at;
}

// eval_data for a single-valued reference.
const Value* Evaluation::data_one(const ir::RuleNode* node, const Value* base, const ir::Term& ref,
                                  size_t index, Value& scratch) {
  if (node && is_masked(node)) node = nullptr;
  if (!node) return base ? path_one(*base, ref, index) : nullptr;
  if (node->has_rules()) {
    std::optional<Value> v;
    if (!node->is_function()) {
      v = rule_value(node);
    } else if (node->arity == 0) {
      v = call_function(node, {}, ref.loc);
    }
    if (!v) return nullptr;
    scratch = std::move(*v);
    return path_one(scratch, ref, index);
  }
  if (index == ref.items.size()) {
    auto v = node_value(node, base);
    if (!v) return nullptr;
    scratch = std::move(*v);
    return &scratch;
  }
  const Value& key = ref.items[index].value;
  const ir::RuleNode* child = key.is_string() ? node->child(key.as_string()) : nullptr;
  const Value* child_base = base ? ref_step(*base, key, ref) : nullptr;
  if (!child && !child_base) return nullptr;
  return data_one(child, child_base, ref, index + 1, scratch);
}

bool Evaluation::walk_path(const Value& base, const ir::Term& ref, size_t index, Frame& frame,
                           ValueCont k) {
  if (record_touched_) {
    size_t mark = touched_.size();
    touch(base);
    bool result = walk_step(base, ref, index, frame, k);
    forget_touched(mark);
    return result;
  }
  return walk_step(base, ref, index, frame, k);
}

bool Evaluation::walk_step(const Value& base, const ir::Term& ref, size_t index, Frame& frame,
                           ValueCont k) {
  // A run of constant keys is a plain loop (walk_path forgets what it touched on return).
  const Value* at = &base;
  while (index < ref.items.size() && ref.items[index].kind == ir::TermKind::Const) {
    const Value* next = ref_step(*at, ref.items[index].value, ref);
    if (!next) return true;
    at = next;
    if (record_touched_) touch(*at);
    ++index;
  }
  if (index == ref.items.size()) return k(*at);
  const Value& here = *at;
  const ir::Term& item = ref.items[index];
  if (is_unbound_var(item, frame)) {
    const Value*& cell = frame[static_cast<size_t>(item.slot)];
    bool result = for_each_member(here, [&](const Value& key, const Value& value) {
      cell = &key;
      bool r = walk_path(value, ref, index + 1, frame, k);
      cell = nullptr;
      return r;
    });
    return result;
  }
  if (item.kind == ir::TermKind::Array || item.kind == ir::TermKind::Object) {
    // A pattern as a key: unify it with each key of the collection.
    return for_each_member(here, [&](const Value& key, const Value& value) {
      return unify_value(item, key, frame,
                         [&]() { return walk_path(value, ref, index + 1, frame, k); });
    });
  }
  return eval_term(item, frame, [&](const Value& key) {
    const Value* next = ref_step(here, key, ref);
    return next ? walk_path(*next, ref, index + 1, frame, k) : true;
  });
}

bool Evaluation::is_masked(const ir::RuleNode* node) const {
  if (data_masks_.empty()) return false;
  const auto& parts = node->segments;
  for (const auto& mask : data_masks_) {
    if (mask.size() > parts.size()) continue;
    if (std::equal(mask.begin(), mask.end(), parts.begin())) return true;
  }
  return false;
}

bool Evaluation::eval_data(const ir::RuleNode* node, const Value* base, const ir::Term& ref,
                           size_t index, Frame& frame, ValueCont k) {
  if (node && is_masked(node)) node = nullptr;  // replaced by `with data...`: plain data from here
  if (!node) {
    return base ? walk_path(*base, ref, index, frame, k) : true;
  }
  if (node->has_rules()) {
    if (node->is_function()) {
      // Functions are not values, except that a function without parameters may be read
      // like a rule.
      if (node->arity != 0) return true;
      auto v = call_function(node, {}, ref.loc);
      return v ? walk_path(*v, ref, index, frame, k) : true;
    }
    auto v = rule_value(node);
    if (!v) return true;
    return walk_path(*v, ref, index, frame, k);
  }
  if (index == ref.items.size()) {
    auto v = node_value(node, base);
    return v ? k(*v) : true;
  }
  auto descend = [&](const Value& key) {
    const ir::RuleNode* child = key.is_string() ? node->child(key.as_string()) : nullptr;
    const Value* child_base = base ? ref_step(*base, key, ref) : nullptr;
    if (!child && !child_base) return true;
    return eval_data(child, child_base, ref, index + 1, frame, k);
  };
  const ir::Term& item = ref.items[index];
  if (item.kind == ir::TermKind::Const) return descend(item.value);
  if (is_unbound_var(item, frame)) {
    // Iterate over the union of rule children and base data keys.
    std::vector<Value> keys;
    for (const auto& [name, child] : node->children) keys.push_back(Value::string(name));
    if (base && base->is_object()) {
      for (const auto& [key, _] : base->as_object()) keys.push_back(key);
    }
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    const Value*& cell = frame[static_cast<size_t>(item.slot)];
    for (const auto& key : keys) {
      cell = &key;
      bool r = descend(key);
      cell = nullptr;
      if (!r) return false;
    }
    return true;
  }
  return eval_term(item, frame, [&](const Value& key) { return descend(key); });
}

std::optional<Value> Evaluation::node_value(const ir::RuleNode* node, const Value* base) {
  if (node && is_masked(node)) node = nullptr;
  if (!node) return base ? std::optional<Value>(*base) : std::nullopt;
  if (node->has_rules()) {
    if (node->is_function()) return std::nullopt;
    return rule_value(node);
  }
  std::vector<ObjectEntry> entries;
  if (base && base->is_object()) entries.assign(base->as_object().begin(), base->as_object().end());
  for (const auto& [name, child] : node->children) {
    Value key = Value::string(name);
    const Value* child_base = base ? base->get(key) : nullptr;
    auto v = node_value(child.get(), child_base);
    entries.erase(std::remove_if(entries.begin(), entries.end(),
                                 [&](const ObjectEntry& e) { return e.first == key; }),
                  entries.end());
    if (v) entries.emplace_back(key, *v);
  }
  return Value::object(std::move(entries));
}

// --- rules --------------------------------------------------------------------------

std::optional<Value> Evaluation::rule_value(const ir::RuleNode* node) {
  Memo& memo = memo_[static_cast<size_t>(node->memo_index)];
  if (memo.state == 2) return memo.value;
  if (memo.state == 1) {
    fail(kRecursionError, "rule " + node->path + " is recursive",
         node->rules.empty() ? ast::Location{} : node->rules[0].loc);
  }
  memo.state = 1;
  std::optional<Value> value;
  if (++depth_ > kMaxDepth) fail(kBuiltinError, "evaluation too deep", ast::Location{});
  switch (node->kind) {
    case ir::RuleKind::Complete:
      value = complete_value(node);
      break;
    case ir::RuleKind::MultiValue:
      value = multi_value(node);
      break;
    case ir::RuleKind::Object:
      value = object_value(node);
      break;
    case ir::RuleKind::Function:
      break;
  }
  --depth_;
  // memo_ may have been swapped by `with` inside; index again.
  Memo& done = memo_[static_cast<size_t>(node->memo_index)];
  done.state = 2;
  done.value = value;
  return value;
}

std::optional<Value> Evaluation::complete_value(const ir::RuleNode* node) {
  std::optional<Value> result;
  const ir::Rule* result_rule = nullptr;
  for (const auto& rule : node->rules) {
    if (rule.guard && !guard_holds(*rule.guard, current_input())) continue;
    // The guard held: the body goes on after it (unless observed, for coverage).
    const size_t start = rule.guard && !observer_ ? 1 : 0;
    FrameScope scope(arena_, rule.frame_size);
    Frame& frame = scope.frame;
    bool found = false;
    eval_body(rule.body, start, frame, [&]() {
      return eval_term(rule.value, frame, [&](const Value& v) {
        found = true;  // an undefined value falls through to `else`, as in OPA
        if (observer_) observer_->rule_succeeded(rule.loc);
        if (result && !(*result == v)) {
          fail(kConflictError, "complete rules must not produce multiple outputs", rule.loc);
        }
        result = v;
        result_rule = &rule;
        return !rule.value.ground;  // a constant value cannot conflict with itself
      });
    });
    if (found) continue;
    for (const auto& clause : rule.elses) {
      bool matched = false;
      eval_body(clause.body, 0, frame, [&]() {
        return eval_term(clause.value, frame, [&](const Value& v) {
          matched = true;
          if (observer_) observer_->rule_succeeded(clause.loc);
          if (result && !(*result == v)) {
            fail(kConflictError, "complete rules must not produce multiple outputs", rule.loc);
          }
          result = v;
          return !clause.value.ground;  // an iterated value may still conflict
        });
      });
      if (matched) break;
    }
  }
  (void)result_rule;
  if (!result && node->default_rule) {
    FrameScope scope(arena_, node->default_rule->frame_size);
    Frame& frame = scope.frame;
    eval_term(node->default_rule->value, frame, [&](const Value& v) {
      result = v;
      return false;
    });
  }
  return result;
}

Value Evaluation::multi_value(const ir::RuleNode* node) {
  std::vector<Value> items;
  for (const auto& rule : node->rules) {
    if (rule.guard && !guard_holds(*rule.guard, current_input())) continue;
    // The guard held: the body goes on after it (unless observed, for coverage).
    const size_t start = rule.guard && !observer_ ? 1 : 0;
    FrameScope scope(arena_, rule.frame_size);
    Frame& frame = scope.frame;
    size_t mark = touched_.size();
    eval_body(rule.body, start, frame, [&]() {
      return eval_term(*rule.key, frame, [&](const Value& v) {
        items.push_back(v);
        if (observer_) {
          observer_->rule_succeeded(rule.loc);
          observer_->member_derived(node->path, rule.loc, v,
                                    std::span<const void* const>(touched_).subspan(mark));
        }
        return !rule.key->ground;  // a constant member is in the set once: stop, as OPA does
      });
    });
  }
  return Value::set(std::move(items));
}

namespace {

// The value of an object rule under construction: keys may nest (p[a][b] := v), leaves are
// values or, for `p[k] contains v`, sets.
struct ObjectTree {
  std::optional<Value> leaf;
  bool is_set = false;
  std::vector<Value> members;
  std::map<Value, ObjectTree> children;

  bool empty() const { return !leaf && !is_set && children.empty(); }
  Value to_value() const {
    if (is_set) return Value::set(members);
    if (leaf) return *leaf;
    std::vector<ObjectEntry> entries;
    for (const auto& [k, child] : children) entries.emplace_back(k, child.to_value());
    return Value::object_sorted(std::move(entries));
  }
  // Adds a value defined elsewhere (a rule below this node); false on conflict.
  bool merge(const Value& v) {
    if (empty()) {
      if (v.is_set()) {
        is_set = true;
        members.assign(v.as_set().begin(), v.as_set().end());
      } else if (v.is_object()) {
        for (const auto& [k, child] : v.as_object()) {
          if (!children[k].merge(child)) return false;
        }
        if (v.as_object().empty()) leaf = v;
      } else {
        leaf = v;
      }
      return true;
    }
    if (is_set && v.is_set()) {
      members.insert(members.end(), v.as_set().begin(), v.as_set().end());
      return true;
    }
    if (!leaf && !is_set && v.is_object()) {
      for (const auto& [k, child] : v.as_object()) {
        if (!children[k].merge(child)) return false;
      }
      return true;
    }
    return leaf && *leaf == v;
  }
};

}  // namespace

Value Evaluation::object_value(const ir::RuleNode* node) {
  ObjectTree root;
  for (const auto& rule : node->rules) {
    if (rule.guard && !guard_holds(*rule.guard, current_input())) continue;
    // The guard held: the body goes on after it (unless observed, for coverage).
    const size_t start = rule.guard && !observer_ ? 1 : 0;
    // A rule whose keys and value are constants has one entry: stop at the first solution,
    // as OPA's early exit does.
    bool constant_entry = !rule.key && rule.value.ground &&
                          std::all_of(rule.suffix.begin(), rule.suffix.end(),
                                      [](const ir::Term& t) { return t.ground; });
    FrameScope scope(arena_, rule.frame_size);
    Frame& frame = scope.frame;
    eval_body(rule.body, start, frame, [&]() {
      FrameScope keys(arena_, static_cast<int>(rule.suffix.size()));
      return eval_items(rule.suffix, 0, keys.frame, frame, [&](Operands ks) {
        const ir::Term& value_term = rule.key ? *rule.key : rule.value;
        return eval_term(value_term, frame, [&](const Value& v) {
          if (observer_) observer_->rule_succeeded(rule.loc);
          ObjectTree* t = &root;
          for (size_t i = 0; i < ks.size(); ++i) {
            if (t->leaf || t->is_set) fail(kConflictError, "object keys must be unique", rule.loc);
            t = &t->children[*ks[i]];
          }
          if (rule.key) {
            if (t->leaf || !t->children.empty()) {
              fail(kConflictError, "object keys must be unique", rule.loc);
            }
            t->is_set = true;
            t->members.push_back(v);
            return true;
          }
          if ((t->leaf && !(*t->leaf == v)) || t->is_set || !t->children.empty()) {
            fail(kConflictError, "object keys must be unique", rule.loc);
          }
          t->leaf = v;
          return !constant_entry;
        });
      });
    });
  }
  // Rules defined below this one (`p[k].r := ...` beside `p.a.r := ...`) share its value.
  for (const auto& [name, child] : node->children) {
    auto v = node_value(child.get(), nullptr);
    if (!v) continue;
    if (!v->is_object() || !v->as_object().empty() || child->has_rules()) {
      if (!root.children[Value::string(name)].merge(*v)) {
        fail(kConflictError, "object keys must be unique",
             child->rules.empty() ? ast::Location{} : child->rules[0].loc);
      }
    }
  }
  // A default fills its constant key when no rule defined it.
  for (const auto& fallback : node->object_defaults) {
    const ObjectTree* at = &root;
    for (const auto& key : fallback.suffix) {
      auto it = at->children.find(key.value);
      at = it == at->children.end() ? nullptr : &it->second;
      if (!at) break;
    }
    if (at) continue;
    ObjectTree* t = &root;
    for (const auto& key : fallback.suffix) t = &t->children[key.value];
    FrameScope scope(arena_, fallback.frame_size);
    eval_term(fallback.value, scope.frame, [&](const Value& v) {
      t->leaf = v;
      return false;
    });
  }
  return root.to_value();
}

// --- calls --------------------------------------------------------------------------

bool Evaluation::eval_call(const ir::Term& call, Frame& frame, ValueCont k) {
  if (call.native == ir::NativeOp::Print) {
    eval_print(call, frame);
    return k(Value::boolean(true));
  }
  FrameScope args(arena_, static_cast<int>(call.items.size()));
  return eval_items(call.items, 0, args.frame, frame,
                    [&](Operands values) { return call_with_args(call, values, k); });
}

bool Evaluation::call_with_args(const ir::Term& call, Operands args, ValueCont k) {
  if (call.native == ir::NativeOp::Walk && !is_mocked(call)) {
    // Every [path, value] pair below the value, the value itself first.
    std::vector<Value> path;
    std::function<bool(const Value&)> walk = [&](const Value& v) -> bool {
      if (!k(Value::array({Value::array(path), v}))) return false;
      return for_each_member(v, [&](const Value& key, const Value& child) {
        path.push_back(key);
        bool r = walk(child);
        path.pop_back();
        return r;
      });
    };
    return walk(*args[0]);
  }
  auto v = call_value(call, args);
  return v ? k(*v) : true;
}

bool Evaluation::is_mocked(const ir::Term& call) const {
  const void* target = target_key(call.function, call.builtin, call.native);
  return std::any_of(value_mocks_.begin(), value_mocks_.end(),
                     [&](const auto& mock) { return mock.first == target; }) ||
         std::any_of(fn_mocks_.begin(), fn_mocks_.end(),
                     [&](const FunctionMock& mock) { return mock.target == target; });
}

std::optional<Value> Evaluation::call_value(const ir::Term& call, Operands args) {
  const void* target = target_key(call.function, call.builtin, call.native);
  for (auto it = value_mocks_.rbegin(); it != value_mocks_.rend(); ++it) {
    if (it->first == target) return it->second;
  }
  for (auto it = fn_mocks_.rbegin(); it != fn_mocks_.rend(); ++it) {
    if (it->target == target) {
      FunctionMock mock = *it;
      if (mock.builtin) return call_builtin(*mock.builtin, args, call.loc);
      // As in OPA, a replacement function runs without the builtin and function mocks in
      // force: calling what it replaces reaches the original (mock_count(x) := count(x) must
      // not recurse), and it never calls another mock. Rule values memoised meanwhile are
      // dropped after.
      std::vector<FunctionMock> fn_mocks;
      std::vector<std::pair<const void*, Value>> value_mocks;
      std::swap(fn_mocks, fn_mocks_);
      std::swap(value_mocks, value_mocks_);
      std::vector<Memo> saved_memo(memo_.size());
      std::swap(saved_memo, memo_);
      auto restore = [&]() {
        std::swap(saved_memo, memo_);
        std::swap(fn_mocks, fn_mocks_);
        std::swap(value_mocks, value_mocks_);
      };
      std::optional<Value> v;
      try {
        v = call_function(mock.function, args, call.loc);
      } catch (...) {
        restore();
        throw;
      }
      restore();
      return v;
    }
  }
  if (call.function) return call_function(call.function, args, call.loc);
  if (call.builtin) return call_builtin(*call.builtin, args, call.loc);
  return native_value(call, args);
}

bool Evaluation::bind_params(const std::vector<ir::Term>& params, Operands args, size_t index,
                             Frame& frame, Cont k) {
  // Parameters that are fresh variables, the usual kind, are bound directly; the frame is the
  // rule's own, dropped after the call.
  while (index < params.size() && is_unbound_var(params[index], frame)) {
    frame[static_cast<size_t>(params[index].slot)] = args[index];
    ++index;
  }
  if (index == params.size()) return k();
  return unify_value(params[index], *args[index], frame,
                     [&]() { return bind_params(params, args, index + 1, frame, k); });
}

std::optional<Value> Evaluation::call_function(const ir::RuleNode* function, Operands args,
                                               const ast::Location& loc) {
  if (++depth_ > kMaxDepth) fail(kBuiltinError, "evaluation too deep", loc);
  std::optional<Value> result;
  auto take = [&](const ir::Rule& rule, const Value& v) {
    if (observer_) observer_->rule_succeeded(rule.loc);
    if (result && !(*result == v)) {
      fail(kConflictError, "functions must not produce multiple outputs for same inputs", rule.loc);
    }
    result = v;
  };
  for (const auto& rule : function->rules) {
    FrameScope scope(arena_, rule.frame_size);
    Frame& frame = scope.frame;
    bool found = false;
    // Parameters may be patterns or constants: unify them with the arguments.
    bind_params(rule.args, args, 0, frame, [&]() {
      return eval_body(rule.body, 0, frame, [&]() {
        return eval_term(rule.value, frame, [&](const Value& v) {
          found = true;
          take(rule, v);
          return !rule.value.ground;
        });
      });
    });
    if (found) continue;
    for (const auto& clause : rule.elses) {
      bool matched = false;
      bind_params(rule.args, args, 0, frame, [&]() {
        return eval_body(clause.body, 0, frame, [&]() {
          return eval_term(clause.value, frame, [&](const Value& v) {
            matched = true;
            take(rule, v);
            return !clause.value.ground;  // an iterated value may still conflict
          });
        });
      });
      if (matched) break;
    }
  }
  if (!result && function->default_rule) {
    FrameScope scope(arena_, function->default_rule->frame_size);
    Frame& frame = scope.frame;
    eval_term(function->default_rule->value, frame, [&](const Value& v) {
      result = v;
      return false;
    });
  }
  --depth_;
  return result;
}

std::optional<Value> Evaluation::call_builtin(const Builtin& builtin, Operands operands,
                                              const ast::Location& loc) {
  // Builtins take their operands side by side: borrowed, as bindings are.
  BorrowedValues borrowed(operands);
  std::span<const Value> args = borrowed.values();
  builtin_context_.builtin_name = builtin.name;
  if (builtin.nondeterministic && !random_)
    random_.emplace(static_cast<uint64_t>(builtin_context_.now_ns));
  builtin_context_.random = random_ ? &*random_ : nullptr;
  try {
    return builtin.function(builtin_context_, args);
  } catch (const BuiltinError& e) {
    std::string message = e.what();
    if (message.rfind(builtin.name + ":", 0) != 0) message = builtin.name + ": " + message;
    // Unless strict, a failing builtin makes its expression undefined, as in OPA.
    if (options_->strict_builtin_errors) {
      fail(e.code() == BuiltinError::Code::Type ? kEvalTypeError : kBuiltinError, message, loc);
    }
    return std::nullopt;
  }
}

std::optional<Value> Evaluation::native_value(const ir::Term& call, Operands operands) {
  auto arg = [&](size_t i) -> const Value& { return *operands[i]; };
  switch (call.native) {
    case ir::NativeOp::Equal:
      return Value::boolean(arg(0) == arg(1));
    case ir::NativeOp::NotEqual:
      return Value::boolean(!(arg(0) == arg(1)));
    case ir::NativeOp::Less:
      return Value::boolean(compare(arg(0), arg(1)) < 0);
    case ir::NativeOp::LessEq:
      return Value::boolean(compare(arg(0), arg(1)) <= 0);
    case ir::NativeOp::Greater:
      return Value::boolean(compare(arg(0), arg(1)) > 0);
    case ir::NativeOp::GreaterEq:
      return Value::boolean(compare(arg(0), arg(1)) >= 0);
    case ir::NativeOp::Member2: {
      bool found = false;
      for_each_member(arg(1), [&](const Value&, const Value& v) {
        found = v == arg(0);
        return !found;
      });
      return Value::boolean(found);
    }
    case ir::NativeOp::Member3: {
      const Value& coll = arg(2);
      bool found = false;
      if (coll.is_array() || coll.is_object()) {
        auto v = lookup(coll, arg(0));
        found = v && *v == arg(1);
      }
      return Value::boolean(found);
    }
    case ir::NativeOp::Trace:
      return Value::boolean(true);
    case ir::NativeOp::MetadataRule:
      return Value::empty_object();
    case ir::NativeOp::MetadataChain:
      return Value::empty_array();
    case ir::NativeOp::OpaRuntime:
      return Value::object({{Value::string("env"), Value::empty_object()},
                            {Value::string("version"), Value::string("manifestgate")}});
    default:
      return std::nullopt;  // Walk runs in call_with_args
  }
}

bool Evaluation::eval_print(const ir::Term& call, Frame& frame) {
  std::string line;
  for (size_t i = 0; i < call.items.size(); ++i) {
    std::vector<Value> values;
    eval_term(call.items[i], frame, [&](const Value& v) {
      values.push_back(v);
      return true;
    });
    if (i) line += " ";
    if (values.empty()) {
      line += "<undefined>";
    } else if (values.size() == 1) {
      line += display(values[0]);
    } else {
      line += display(Value::set(values));
    }
  }
  if (options_->print) options_->print(line);
  return true;
}

}  // namespace mg::rego
