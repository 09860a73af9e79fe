#pragma once

// Top-down evaluation of the compiled tree for one input. An Evaluation is cheap to make,
// used by one thread, and holds everything that changes while evaluating: variable frames,
// memoised rule values, `with` overrides. The compiled policy is only read.

#include <chrono>
#include <memory>
#include <optional>
#include <random>
#include <span>
#include <vector>

#include "rego/eval/compiler.h"
#include "rego/eval/engine.h"
#include "rego/eval/function_ref.h"
#include "rego/eval/ir.h"

namespace mg::rego {

// Variable frames: one slot per variable of a body, pointing at the value bound to it or
// null while unbound. Bindings borrow: evaluation is continuation-passing, so a bound value
// outlives every use of its binding, and binding costs no reference counting.
using Frame = std::span<const Value*>;

// Frames live in blocks that never move, taken and given back in stack order (a body's
// frame on entry, back on exit), so evaluating allocates no memory for them. One arena per
// thread serves every evaluation on it.
class FrameArena {
 public:
  struct Mark {
    size_t block = 0;
    size_t used = 0;
  };
  Mark mark() const { return {block_, used_}; }
  Frame take(size_t slots) {
    if (block_ < blocks_.size() && used_ + slots <= blocks_[block_].size) {
      Frame frame(blocks_[block_].slots.get() + used_, slots);
      used_ += slots;
      for (auto& slot : frame) slot = nullptr;
      return frame;
    }
    return take_from_next_block(slots);
  }
  void release(Mark mark) {
    block_ = mark.block;
    used_ = mark.used;
  }
  static FrameArena& for_this_thread();

 private:
  Frame take_from_next_block(size_t slots);
  struct Block {
    std::unique_ptr<const Value*[]> slots;
    size_t size = 0;
  };
  std::vector<Block> blocks_;
  size_t block_ = 0;
  size_t used_ = 0;
};

class Evaluation {
 public:
  Evaluation(const Policy::Impl& policy, const Value* input, const EvalOptions& options);

  std::vector<Solution> run(const ir::Query& query);
  // The value of the query's first expression in its first solution.
  std::optional<Value> first_value(const ir::Query& query);

 private:
  // A frame for the duration of a scope.
  struct FrameScope {
    FrameScope(FrameArena& arena, int slots)
        : arena(arena), mark(arena.mark()), frame(arena.take(static_cast<size_t>(slots))) {}
    ~FrameScope() { arena.release(mark); }
    FrameScope(const FrameScope&) = delete;
    FrameScope& operator=(const FrameScope&) = delete;
    FrameArena& arena;
    FrameArena::Mark mark;
    Frame frame;
  };
  // Operands being collected for a call or a collection: borrowed, like bindings.
  using Operands = std::span<const Value* const>;
  using Cont = FunctionRef<bool()>;
  using ValueCont = FunctionRef<bool(const Value&)>;

  bool eval_body(const ir::Body& body, size_t index, Frame& frame, Cont k);
  static bool is_test(const ir::Expr& expr, const Frame& frame);
  bool test_holds(const ir::Expr& expr, Frame& frame);
  bool eval_expr(const ir::Expr& expr, Frame& frame, Cont k);
  bool eval_expr_plain(const ir::Expr& expr, Frame& frame, Cont k);
  struct Overrides;
  bool eval_with(const ir::Expr& expr, size_t index, Frame& frame, Cont k, Overrides& outer);
  void swap_overrides(Overrides& other);
  bool eval_some_in(const ir::Expr& expr, Frame& frame, Cont k);
  bool eval_every(const ir::Expr& expr, Frame& frame, Cont k);

  bool eval_term(const ir::Term& term, Frame& frame, ValueCont k);
  // Terms marked single (single_values.h), evaluated directly: the value, or null when
  // undefined. It lives in the input, the data, the policy, a frame or `scratch`, which the
  // caller keeps while using it.
  const Value* eval_one(const ir::Term& term, Frame& frame, Value& scratch);
  const Value* ref_one(const ir::Term& ref, Frame& frame, Value& scratch);
  const Value* path_one(const Value& base, const ir::Term& ref, size_t index);
  const Value* data_one(const ir::RuleNode* node, const Value* base, const ir::Term& ref,
                        size_t index, Value& scratch);
  bool single_then(const ir::Term& term, Frame& frame, ValueCont k);
  bool eval_items(const std::vector<ir::Term>& items, size_t index, Frame out, Frame& frame,
                  FunctionRef<bool(Operands)> k);
  Value comprehension_value(const ir::Term& term, Frame& frame);
  Value template_value(const ir::Term& term, Frame& frame);

  bool unify(const ir::Term& a, const ir::Term& b, Frame& frame, Cont k);
  bool unify_items(const std::vector<ir::Term>& a, const std::vector<ir::Term>& b, size_t index,
                   Frame& frame, Cont k);
  bool unify_value(const ir::Term& pattern, const Value& value, Frame& frame, Cont k);
  // Two object patterns with computed keys: `keys` collects a's keys, then b's.
  bool unify_objects(const ir::Term& a, const ir::Term& b, size_t index, std::vector<Value>& keys,
                     Frame& frame, Cont k);
  bool unify_array(const ir::Term& pattern, std::span<const Value> values, size_t index,
                   Frame& frame, Cont k);
  bool unify_object(const ir::Term& pattern, const Value& value, size_t index, Frame& frame,
                    Cont k);
  bool bind(int slot, const Value& value, Frame& frame, Cont k);

  bool eval_ref(const ir::Term& ref, Frame& frame, ValueCont k);
  bool walk_path(const Value& base, const ir::Term& ref, size_t index, Frame& frame, ValueCont k);
  bool walk_step(const Value& base, const ir::Term& ref, size_t index, Frame& frame, ValueCont k);
  bool eval_data(const ir::RuleNode* node, const Value* base, const ir::Term& ref, size_t index,
                 Frame& frame, ValueCont k);
  std::optional<Value> node_value(const ir::RuleNode* node, const Value* base);
  std::optional<Value> rule_value(const ir::RuleNode* node);
  std::optional<Value> complete_value(const ir::RuleNode* node);
  Value multi_value(const ir::RuleNode* node);
  Value object_value(const ir::RuleNode* node);
  bool is_masked(const ir::RuleNode* node) const;

  bool eval_call(const ir::Term& call, Frame& frame, ValueCont k);
  bool call_with_args(const ir::Term& call, Operands args, ValueCont k);
  std::optional<Value> call_value(const ir::Term& call, Operands args);
  bool is_mocked(const ir::Term& call) const;
  bool bind_params(const std::vector<ir::Term>& params, Operands args, size_t index, Frame& frame,
                   Cont k);
  std::optional<Value> call_function(const ir::RuleNode* function, Operands args,
                                     const ast::Location& loc);
  std::optional<Value> call_builtin(const Builtin& builtin, Operands operands,
                                    const ast::Location& loc);
  std::optional<Value> native_value(const ir::Term& call, Operands operands);
  bool eval_print(const ir::Term& call, Frame& frame);

  const Value* current_input() const { return input_override_ ? input_override_ : input_; }
  [[noreturn]] void fail(const char* code, std::string message, const ast::Location& loc) const;

  // What the observer's member_derived sees: identities of the values reached on the way to
  // the current derivation. Backtracking forgets them, except inside `not`, whose reads
  // explain why the negation held.
  void touch(const Value& v) {
    if (const void* id = v.identity()) touched_.push_back(id);
  }
  void forget_touched(size_t mark) {
    if (keep_touched_ == 0) touched_.resize(mark);
  }

  const Policy::Impl& policy_;
  const Value* input_;
  const EvalOptions* options_;  // outlives the evaluation
  EvalObserver* observer_;      // options_->observer, may be null
  bool record_touched_;         // the observer wants touched_
  std::vector<const void*> touched_;
  int keep_touched_ = 0;  // inside `not`: keep what was touched
  FrameArena& arena_;
  // The values of the policy's shared input paths (input_paths.h), found on first use: null
  // until then, &kAbsent when the input has nothing there.
  FrameScope input_paths_;
  const Value* shared_input_path(const ir::Term& ref);
  BuiltinContext builtin_context_;
  std::optional<std::mt19937_64> random_;

  // Memoised rule values: 0 not computed, 1 computing, 2 done.
  struct Memo {
    uint8_t state = 0;
    std::optional<Value> value;
  };
  std::vector<Memo> memo_;

  // `with` overrides in force.
  // The input and data documents as `with` has them. They point at values that stay where
  // they are while in force (bindings may borrow from them): the policy's, or locals of the
  // `with` that replaced them.
  const Value* data_;
  Value overridden_data_;  // data with EvalOptions::data_overrides applied
  std::vector<std::vector<std::string>> data_masks_;        // paths replaced by `with data...`
  std::vector<std::pair<const void*, Value>> value_mocks_;  // function/builtin -> value
  struct FunctionMock {
    const void* target;  // the function or builtin replaced
    const ir::RuleNode* function;
    const Builtin* builtin;  // when not a function
  };
  std::vector<FunctionMock> fn_mocks_;
  const Value* input_override_ = nullptr;
  int depth_ = 0;

  // Everything `with` changes, saved so that the rest of a body runs without the modifiers.
  struct Overrides {
    const Value* input_override;
    const Value* data;
    std::vector<std::vector<std::string>> data_masks;
    std::vector<std::pair<const void*, Value>> value_mocks;
    std::vector<FunctionMock> fn_mocks;
    std::vector<Memo> memo;
  };
};

}  // namespace mg::rego
