#pragma once

// The value model shared by the manifest loader and the Rego engine: null, boolean,
// number, string, array, object and set, with Rego's total order
// (null < boolean < number < string < array < object < set).
//
// A Value is a 16-byte handle. Scalars live inline; strings and collections live in
// immutable, reference-counted nodes, so copying a Value is cheap and values can be
// shared freely between threads (the count is atomic, the contents never change).

#include <atomic>
#include <compare>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mg::rego {

// Declared in Rego's type order, so comparing kinds compares types.
enum class Kind : uint8_t { Null, Boolean, Number, String, Array, Object, Set };

std::string_view kind_name(Kind kind);  // OPA's type names: "null", "boolean", "number", ...

class Value;
using ObjectEntry = std::pair<Value, Value>;

namespace detail {
// Every heap node starts with the reference count; the Value's kind says which node it is.
struct Node {
  mutable std::atomic<uint32_t> refs{1};
};
}  // namespace detail

class Value {
 public:
  Value() noexcept : kind_(Kind::Null), rep_(Rep::Inline), bits_(0) {}
  // Copying and destroying are on every path of the engine: inline, and only a heap node's
  // count is touched.
  Value(const Value& other) noexcept : kind_(other.kind_), rep_(other.rep_), bits_(other.bits_) {
    retain();
  }
  Value(Value&& other) noexcept : kind_(other.kind_), rep_(other.rep_), bits_(other.bits_) {
    other.kind_ = Kind::Null;
    other.rep_ = Rep::Inline;
    other.bits_ = 0;
  }
  Value& operator=(const Value& other) noexcept {
    if (this != &other) {
      other.retain();
      release();
      kind_ = other.kind_;
      rep_ = other.rep_;
      bits_ = other.bits_;
    }
    return *this;
  }
  Value& operator=(Value&& other) noexcept {
    if (this != &other) {
      release();
      kind_ = other.kind_;
      rep_ = other.rep_;
      bits_ = other.bits_;
      other.kind_ = Kind::Null;
      other.rep_ = Rep::Inline;
      other.bits_ = 0;
    }
    return *this;
  }
  ~Value() { release(); }

  // --- construction -------------------------------------------------------------
  static Value null() noexcept { return Value(); }
  static Value boolean(bool b) noexcept;
  static Value integer(int64_t i) noexcept;
  // A double that is integral and fits int64 becomes an integer, so 3.0 == 3 and prints 3.
  // NaN and infinities are not numbers in Rego; callers must not pass them.
  static Value floating(double d);
  // Parses a JSON number literal exactly: integers that fit int64 stay exact, larger
  // integers and decimals keep their text for output. Returns nullopt if not a number.
  static std::optional<Value> number(std::string_view json_text);
  static Value string(std::string s);
  static Value string(std::string_view s) { return string(std::string(s)); }
  static Value string(const char* s) { return string(std::string(s)); }
  static Value array(std::vector<Value> items);
  // Sorts entries by key; when a key repeats, the last entry wins.
  static Value object(std::vector<ObjectEntry> entries);
  // Sorts and removes duplicates.
  static Value set(std::vector<Value> items);
  // For callers that already hold sorted, duplicate-free input (skips the sort).
  static Value object_sorted(std::vector<ObjectEntry> entries);
  static Value set_sorted(std::vector<Value> items);
  static Value empty_array();
  static Value empty_object();
  static Value empty_set();

  // --- inspection ---------------------------------------------------------------
  Kind kind() const noexcept { return kind_; }
  bool is_null() const noexcept { return kind_ == Kind::Null; }
  bool is_bool() const noexcept { return kind_ == Kind::Boolean; }
  bool is_number() const noexcept { return kind_ == Kind::Number; }
  bool is_string() const noexcept { return kind_ == Kind::String; }
  bool is_array() const noexcept { return kind_ == Kind::Array; }
  bool is_object() const noexcept { return kind_ == Kind::Object; }
  bool is_set() const noexcept { return kind_ == Kind::Set; }
  bool is_collection() const noexcept { return kind_ >= Kind::Array; }
  bool is_true() const noexcept { return kind_ == Kind::Boolean && bits_ != 0; }
  bool is_false() const noexcept { return kind_ == Kind::Boolean && bits_ == 0; }

  bool as_bool() const noexcept { return bits_ != 0; }

  // Numbers. An integer is a number that is exactly integral and fits int64.
  bool is_integer() const noexcept { return kind_ == Kind::Number && rep_ == Rep::Inline; }
  int64_t as_int() const noexcept { return int_; }
  // Any number as a double (big integers and long decimals are approximated).
  double as_double() const noexcept;
  // The number as its JSON text: exact for integers and for decimals read from JSON.
  std::string number_text() const;

  std::string_view as_string() const noexcept;
  std::span<const Value> as_array() const noexcept;
  std::span<const ObjectEntry> as_object() const noexcept;
  std::span<const Value> as_set() const noexcept;
  // Element count of a string (in Unicode code points), array, object or set.
  size_t size() const noexcept;

  // Object member lookup; nullptr when absent or when this is not an object.
  const Value* get(const Value& key) const noexcept;
  const Value* get(std::string_view key) const noexcept;
  // Set membership; false when this is not a set.
  bool contains(const Value& element) const noexcept;

  // Rego's total order: negative, zero or positive.
  friend int compare(const Value& a, const Value& b) noexcept;
  friend bool operator==(const Value& a, const Value& b) noexcept;
  friend std::strong_ordering operator<=>(const Value& a, const Value& b) noexcept {
    return compare(a, b) <=> 0;
  }
  size_t hash() const noexcept;
  // The heap node behind a string or collection (shared by every copy of this value), or
  // nullptr for inline scalars: lets a caller tell which part of a document a value is.
  const void* identity() const noexcept { return rep_ == Rep::Node ? node_ : nullptr; }

 private:
  // How a number (or any inline value) is stored.
  enum class Rep : uint8_t {
    Inline,  // null, boolean, integer; or a heap node for strings and collections
    Double,  // a non-integral (or huge) double held inline
    Node,    // a heap node (strings, collections, numbers kept as text)
  };

  Value(Kind kind, Rep rep) noexcept : kind_(kind), rep_(rep), bits_(0) {}
  const detail::Node* node() const noexcept { return node_; }
  void retain() const noexcept {
    if (rep_ == Rep::Node) node_->refs.fetch_add(1, std::memory_order_relaxed);
  }
  void release() noexcept {
    if (rep_ == Rep::Node && node_->refs.fetch_sub(1, std::memory_order_acq_rel) == 1)
      destroy(kind_, node_);
  }
  static void destroy(Kind kind, const detail::Node* node) noexcept;
  static Value from_node(Kind kind, const detail::Node* node) noexcept;
  friend class BorrowedValues;

  Kind kind_;
  Rep rep_;
  union {
    uint64_t bits_;
    int64_t int_;
    double double_;
    const detail::Node* node_;
  };
};

int compare(const Value& a, const Value& b) noexcept;
bool operator==(const Value& a, const Value& b) noexcept;

// Values held elsewhere, laid side by side for a function that takes a span, without a
// count change per value: the copies share the originals' nodes uncounted and are forgotten,
// not released, at the end. The originals must outlive it. (Whoever copies one of these
// values counts the copy as usual.)
class BorrowedValues {
 public:
  explicit BorrowedValues(std::span<const Value* const> from);
  ~BorrowedValues();
  BorrowedValues(const BorrowedValues&) = delete;
  BorrowedValues& operator=(const BorrowedValues&) = delete;
  std::span<const Value> values() const noexcept { return values_; }

 private:
  static constexpr size_t kFew = 4;
  Value few_[kFew];
  std::vector<Value> many_;
  std::span<Value> values_;
};

struct ValueHash {
  size_t operator()(const Value& v) const noexcept { return v.hash(); }
};

}  // namespace mg::rego
