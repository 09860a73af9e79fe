#include "rego/value/value.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <memory>

#include "rego/value/decimal_text.h"

namespace mg::rego {

namespace detail {

uint64_t key_tag(std::string_view s);

struct StringNode : Node {
  explicit StringNode(std::string s) : text(std::move(s)), tag(key_tag(text)) {}
  std::string text;
  uint64_t tag;  // key_tag(text), kept so that looking a key up does not compute it again
};

struct NumberNode : Node {
  NumberNode(std::string t, double d) : text(std::move(t)), approx(d) {}
  std::string text;  // exact JSON text
  double approx;
};

struct ArrayNode : Node {
  explicit ArrayNode(std::vector<Value> v) : items(std::move(v)) {}
  std::vector<Value> items;
};

// A cheap fingerprint of a string key: its length and first bytes. Lookups compare these
// (held contiguously) before touching the key strings themselves, which live elsewhere. Keys
// of up to kTagBytes bytes are wholly in it.
constexpr size_t kTagBytes = 6;
uint64_t key_tag(std::string_view s) {
  uint64_t tag = static_cast<uint64_t>(s.size()) << 48;
  size_t n = std::min<size_t>(s.size(), kTagBytes);
  for (size_t i = 0; i < n; ++i)
    tag |= static_cast<uint64_t>(static_cast<unsigned char>(s[i])) << (8 * i);
  return tag;
}

struct ObjectNode : Node {
  explicit ObjectNode(std::vector<ObjectEntry> e);
  std::vector<ObjectEntry> entries;  // sorted by key, keys unique
  std::vector<uint64_t> tags;        // key_tag of each string key (0 for other keys)
};

struct SetNode : Node {
  explicit SetNode(std::vector<Value> v) : items(std::move(v)) {}
  std::vector<Value> items;  // sorted, unique
};

ObjectNode::ObjectNode(std::vector<ObjectEntry> e) : entries(std::move(e)) {
  tags.reserve(entries.size());
  for (const auto& entry : entries) {
    tags.push_back(
        entry.first.is_string() ? static_cast<const StringNode*>(entry.first.identity())->tag : 0);
  }
}

namespace {
// The one place nodes are allocated and freed: ownership passes to the Value's count.
template <typename NodeType, typename... Args>
const Node* make_node(Args&&... args) {
  return std::make_unique<NodeType>(std::forward<Args>(args)...).release();
}

void destroy_node(Kind kind, const Node* node) {
  switch (kind) {
    case Kind::String:
      std::unique_ptr<const StringNode>(static_cast<const StringNode*>(node));
      break;
    case Kind::Number:
      std::unique_ptr<const NumberNode>(static_cast<const NumberNode*>(node));
      break;
    case Kind::Array:
      std::unique_ptr<const ArrayNode>(static_cast<const ArrayNode*>(node));
      break;
    case Kind::Object:
      std::unique_ptr<const ObjectNode>(static_cast<const ObjectNode*>(node));
      break;
    case Kind::Set:
      std::unique_ptr<const SetNode>(static_cast<const SetNode*>(node));
      break;
    default:
      break;
  }
}
}  // namespace

}  // namespace detail

using detail::ArrayNode;
using detail::NumberNode;
using detail::ObjectNode;
using detail::SetNode;
using detail::StringNode;

std::string_view kind_name(Kind kind) {
  switch (kind) {
    case Kind::Null:
      return "null";
    case Kind::Boolean:
      return "boolean";
    case Kind::Number:
      return "number";
    case Kind::String:
      return "string";
    case Kind::Array:
      return "array";
    case Kind::Object:
      return "object";
    case Kind::Set:
      return "set";
  }
  return "unknown";
}

// --- lifetime ---------------------------------------------------------------------

void Value::destroy(Kind kind, const detail::Node* node) noexcept {
  detail::destroy_node(kind, node);
}

Value Value::from_node(Kind kind, const detail::Node* node) noexcept {
  Value v(kind, Rep::Node);
  v.node_ = node;
  return v;
}

BorrowedValues::BorrowedValues(std::span<const Value* const> from) {
  if (from.size() <= kFew) {
    values_ = std::span<Value>(few_, from.size());
  } else {
    many_.resize(from.size());
    values_ = many_;
  }
  for (size_t i = 0; i < from.size(); ++i) {
    values_[i].kind_ = from[i]->kind_;
    values_[i].rep_ = from[i]->rep_;
    values_[i].bits_ = from[i]->bits_;
  }
}

BorrowedValues::~BorrowedValues() {
  for (Value& v : values_) {
    v.rep_ = Value::Rep::Inline;
    v.bits_ = 0;
  }
}

// --- construction -----------------------------------------------------------------

Value Value::boolean(bool b) noexcept {
  Value v(Kind::Boolean, Rep::Inline);
  v.bits_ = b ? 1 : 0;
  return v;
}

Value Value::integer(int64_t i) noexcept {
  Value v(Kind::Number, Rep::Inline);
  v.int_ = i;
  return v;
}

Value Value::floating(double d) {
  // 2^63 is exactly representable; anything integral below it fits int64.
  if (std::trunc(d) == d && d >= -9223372036854775808.0 && d < 9223372036854775808.0) {
    return integer(static_cast<int64_t>(d));
  }
  Value v(Kind::Number, Rep::Double);
  v.double_ = d;
  return v;
}

namespace {
bool is_json_number(std::string_view t) {
  size_t i = 0;
  if (i < t.size() && t[i] == '-') ++i;
  if (i >= t.size()) return false;
  if (t[i] == '0') {
    ++i;
  } else if (t[i] >= '1' && t[i] <= '9') {
    while (i < t.size() && std::isdigit(static_cast<unsigned char>(t[i]))) ++i;
  } else {
    return false;
  }
  if (i < t.size() && t[i] == '.') {
    ++i;
    size_t start = i;
    while (i < t.size() && std::isdigit(static_cast<unsigned char>(t[i]))) ++i;
    if (i == start) return false;
  }
  if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
    ++i;
    if (i < t.size() && (t[i] == '+' || t[i] == '-')) ++i;
    size_t start = i;
    while (i < t.size() && std::isdigit(static_cast<unsigned char>(t[i]))) ++i;
    if (i == start) return false;
  }
  return i == t.size();
}

// Shortest text that reads back as the same double.
std::string double_text(double d) {
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, d);
  std::string s(buf, res.ptr);
  // Go and OPA print exponents as e+21 / e-07; to_chars prints e+21 / e-07 too.
  return s;
}
}  // namespace

std::optional<Value> Value::number(std::string_view text) {
  if (!is_json_number(text)) return std::nullopt;
  int64_t i = 0;
  auto res = std::from_chars(text.data(), text.data() + text.size(), i);
  if (res.ec == std::errc() && res.ptr == text.data() + text.size()) return integer(i);
  double d = 0;
  auto dres = std::from_chars(text.data(), text.data() + text.size(), d);
  bool parsed = dres.ec == std::errc() && dres.ptr == text.data() + text.size();
  // Digits only but beyond int64: a double would round it, so it keeps its text below.
  bool big_integer = text.find_first_of(".eE") == std::string_view::npos;
  if (parsed && std::isfinite(d) && !big_integer) {
    Value v = floating(d);
    if (v.is_integer()) {
      // An integral value written as a decimal (1.0, 1e3) is that integer exactly.
      return v;
    }
    // Keep the double inline when it prints back as the same text; otherwise keep the text.
    if (double_text(d) == text) return v;
    if (std::abs(d) < 9007199254740992.0 && text.find_first_of("eE") == std::string_view::npos) {
      // An ordinary decimal such as 0.10: the double is the value; the text differs only in form.
      return v;
    }
  }
  // Integers beyond int64, decimals beyond double's range or precision: keep the exact text.
  double approx = parsed ? d : (text[0] == '-' ? -HUGE_VAL : HUGE_VAL);
  return from_node(Kind::Number, detail::make_node<NumberNode>(std::string(text), approx));
}

Value Value::string(std::string s) {
  return from_node(Kind::String, detail::make_node<StringNode>(std::move(s)));
}

Value Value::array(std::vector<Value> items) {
  return from_node(Kind::Array, detail::make_node<ArrayNode>(std::move(items)));
}

Value Value::object(std::vector<ObjectEntry> entries) {
  // Stable sort keeps input order among equal keys, so the last one can win.
  std::stable_sort(entries.begin(), entries.end(), [](const ObjectEntry& a, const ObjectEntry& b) {
    return compare(a.first, b.first) < 0;
  });
  std::vector<ObjectEntry> unique;
  unique.reserve(entries.size());
  for (auto& e : entries) {
    if (!unique.empty() && unique.back().first == e.first) {
      unique.back().second = std::move(e.second);
    } else {
      unique.push_back(std::move(e));
    }
  }
  return object_sorted(std::move(unique));
}

Value Value::object_sorted(std::vector<ObjectEntry> entries) {
  return from_node(Kind::Object, detail::make_node<ObjectNode>(std::move(entries)));
}

Value Value::set(std::vector<Value> items) {
  std::sort(items.begin(), items.end(),
            [](const Value& a, const Value& b) { return compare(a, b) < 0; });
  items.erase(std::unique(items.begin(), items.end()), items.end());
  return set_sorted(std::move(items));
}

Value Value::set_sorted(std::vector<Value> items) {
  return from_node(Kind::Set, detail::make_node<SetNode>(std::move(items)));
}

Value Value::empty_array() {
  static const Value empty = array({});
  return empty;
}

Value Value::empty_object() {
  static const Value empty = object_sorted({});
  return empty;
}

Value Value::empty_set() {
  static const Value empty = set_sorted({});
  return empty;
}

// --- inspection -------------------------------------------------------------------

double Value::as_double() const noexcept {
  switch (rep_) {
    case Rep::Inline:
      return static_cast<double>(int_);
    case Rep::Double:
      return double_;
    case Rep::Node:
      return static_cast<const NumberNode*>(node_)->approx;
  }
  return 0;
}

std::string Value::number_text() const {
  switch (rep_) {
    case Rep::Inline:
      return std::to_string(int_);
    case Rep::Double:
      return double_text(double_);
    case Rep::Node:
      return static_cast<const NumberNode*>(node_)->text;
  }
  return "0";
}

std::string_view Value::as_string() const noexcept {
  if (kind_ != Kind::String) return {};
  return static_cast<const StringNode*>(node_)->text;
}

std::span<const Value> Value::as_array() const noexcept {
  if (kind_ != Kind::Array) return {};
  return static_cast<const ArrayNode*>(node_)->items;
}

std::span<const ObjectEntry> Value::as_object() const noexcept {
  if (kind_ != Kind::Object) return {};
  return static_cast<const ObjectNode*>(node_)->entries;
}

std::span<const Value> Value::as_set() const noexcept {
  if (kind_ != Kind::Set) return {};
  return static_cast<const SetNode*>(node_)->items;
}

size_t Value::size() const noexcept {
  switch (kind_) {
    case Kind::String: {
      size_t n = 0;
      for (unsigned char c : as_string()) n += (c & 0xC0) != 0x80;
      return n;
    }
    case Kind::Array:
      return as_array().size();
    case Kind::Object:
      return as_object().size();
    case Kind::Set:
      return as_set().size();
    default:
      return 0;
  }
}

namespace {

// Whether two strings of the same length, whose first kTagBytes bytes are known to be equal
// (their fingerprints match), are equal. Keys are short: up to 14 bytes take one 8-byte load
// from each end, which with the fingerprint covers every byte.
bool same_after_tag(std::string_view a, std::string_view b) {
  size_t n = a.size();
  if (n <= detail::kTagBytes) return true;
  if (n < 8) return a.substr(detail::kTagBytes) == b.substr(detail::kTagBytes);
  if (n <= detail::kTagBytes + 8) {
    uint64_t x = 0;
    uint64_t y = 0;
    std::memcpy(&x, a.data() + n - 8, 8);
    std::memcpy(&y, b.data() + n - 8, 8);
    return x == y;
  }
  return std::memcmp(a.data() + detail::kTagBytes, b.data() + detail::kTagBytes,
                     n - detail::kTagBytes) == 0;
}

// The member of a string-keyed object whose key is `key` (with fingerprint `tag`).
const Value* find_string_key(const ObjectNode& object, std::string_view key, uint64_t tag) {
  const ObjectEntry* entries = object.entries.data();
  const size_t size = object.entries.size();
  if (size <= 16) {
    // Manifest objects are small: scan the fingerprints, then confirm the one that matches.
    const uint64_t* tags = object.tags.data();
    for (size_t i = 0; i < size; ++i) {
      // A key that is not a string has tag 0, as the empty string has.
      if (tags[i] == tag && entries[i].first.is_string() &&
          same_after_tag(entries[i].first.as_string(), key))
        return &entries[i].second;
    }
    return nullptr;
  }
  // Keys sort by kind first, then within strings by bytes: find the string range by kind.
  auto range = std::span<const ObjectEntry>(entries, size);
  auto it = std::lower_bound(range.begin(), range.end(), key,
                             [](const ObjectEntry& e, std::string_view k) {
                               if (e.first.kind() != Kind::String)
                                 return e.first.kind() < Kind::String;
                               return e.first.as_string() < k;
                             });
  if (it != range.end() && it->first.is_string() && it->first.as_string() == key)
    return &it->second;
  return nullptr;
}

}  // namespace

const Value* Value::get(const Value& key) const noexcept {
  if (key.kind_ == Kind::String) {
    if (kind_ != Kind::Object) return nullptr;
    const auto* k = static_cast<const StringNode*>(key.node_);
    return find_string_key(*static_cast<const ObjectNode*>(node_), k->text, k->tag);
  }
  auto entries = as_object();
  auto it = std::lower_bound(
      entries.begin(), entries.end(), key,
      [](const ObjectEntry& e, const Value& k) { return compare(e.first, k) < 0; });
  if (it != entries.end() && it->first == key) return &it->second;
  return nullptr;
}

const Value* Value::get(std::string_view key) const noexcept {
  if (kind_ != Kind::Object) return nullptr;
  return find_string_key(*static_cast<const ObjectNode*>(node_), key, detail::key_tag(key));
}

bool Value::contains(const Value& element) const noexcept {
  auto items = as_set();
  return std::binary_search(items.begin(), items.end(), element,
                            [](const Value& a, const Value& b) { return compare(a, b) < 0; });
}

// --- order ------------------------------------------------------------------------

namespace {
int compare_numbers(const Value& a, const Value& b) {
  if (a.is_integer() && b.is_integer()) {
    return a.as_int() < b.as_int() ? -1 : (a.as_int() > b.as_int() ? 1 : 0);
  }
  // long double holds every int64 exactly, so mixed comparisons stay exact for integers.
  long double x = a.is_integer() ? static_cast<long double>(a.as_int()) : a.as_double();
  long double y = b.is_integer() ? static_cast<long double>(b.as_int()) : b.as_double();
  if (x < y) return -1;
  if (x > y) return 1;
  // Integers and inline doubles are exact; a number kept as text (it has a heap node) only
  // approximates its double, so the exact texts decide.
  if (a.identity() == nullptr && b.identity() == nullptr) return 0;
  return compare_decimal_texts(a.number_text(), b.number_text());
}

template <typename T, typename Cmp>
int compare_sequences(std::span<const T> a, std::span<const T> b, Cmp cmp) {
  size_t n = std::min(a.size(), b.size());
  for (size_t i = 0; i < n; ++i) {
    int c = cmp(a[i], b[i]);
    if (c != 0) return c;
  }
  return a.size() < b.size() ? -1 : (a.size() > b.size() ? 1 : 0);
}
}  // namespace

int compare(const Value& a, const Value& b) noexcept {
  if (a.kind_ != b.kind_) return a.kind_ < b.kind_ ? -1 : 1;
  if (a.rep_ == Value::Rep::Node && b.rep_ == Value::Rep::Node && a.node_ == b.node_) return 0;
  switch (a.kind_) {
    case Kind::Null:
      return 0;
    case Kind::Boolean:
      return static_cast<int>(a.bits_) - static_cast<int>(b.bits_);
    case Kind::Number:
      return compare_numbers(a, b);
    case Kind::String: {
      int c = a.as_string().compare(b.as_string());
      return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    case Kind::Array:
      return compare_sequences<Value>(a.as_array(), b.as_array(), compare);
    case Kind::Object:
      return compare_sequences<ObjectEntry>(a.as_object(), b.as_object(),
                                            [](const ObjectEntry& x, const ObjectEntry& y) {
                                              int c = compare(x.first, y.first);
                                              return c != 0 ? c : compare(x.second, y.second);
                                            });
    case Kind::Set:
      return compare_sequences<Value>(a.as_set(), b.as_set(), compare);
  }
  return 0;
}

bool operator==(const Value& a, const Value& b) noexcept {
  if (a.kind_ != b.kind_) return false;
  if (a.rep_ == b.rep_ && a.bits_ == b.bits_) return true;
  if (a.kind_ == Kind::String) return a.as_string() == b.as_string();
  return compare(a, b) == 0;
}

size_t Value::hash() const noexcept {
  auto mix = [](size_t h, size_t v) {
    return h ^ (v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2));
  };
  size_t h = static_cast<size_t>(kind_);
  switch (kind_) {
    case Kind::Null:
      return h;
    case Kind::Boolean:
      return mix(h, bits_);
    case Kind::Number:
      if (is_integer()) return mix(h, std::hash<int64_t>()(int_));
      return mix(h, std::hash<double>()(as_double()));
    case Kind::String:
      return mix(h, std::hash<std::string_view>()(as_string()));
    case Kind::Array:
      for (const auto& v : as_array()) h = mix(h, v.hash());
      return h;
    case Kind::Object:
      for (const auto& [k, v] : as_object()) h = mix(mix(h, k.hash()), v.hash());
      return h;
    case Kind::Set:
      for (const auto& v : as_set()) h = mix(h, v.hash());
      return h;
  }
  return h;
}

}  // namespace mg::rego
