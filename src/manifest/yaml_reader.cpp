#include "manifest/yaml_reader.h"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <cmath>
#include <istream>
#include <streambuf>
#include <utility>

#include "manifest/scalar.h"

namespace mg::manifest {

using rego::Value;

namespace {

constexpr std::string_view kMergeTag = "tag:yaml.org,2002:merge";

// Lets yaml-cpp read the caller's text in place instead of copying it into a stringstream.
class ViewStreambuf : public std::streambuf {
 public:
  explicit ViewStreambuf(std::string_view text) {
    // The get area is only read; std::streambuf just wants non-const pointers.
    char* begin = const_cast<char*>(text.data());
    setg(begin, begin, begin + text.size());
  }
};

// Thrown from the event handler to stop yaml-cpp before its recursion goes deeper.
struct DepthExceeded {
  YAML::Mark mark;
};

struct Entry {
  Value key;  // always a string
  Value value;
  uint32_t order = 0;        // later entries win, as in go-yaml v2
  bool explicit_key = true;  // false: came in through a merge key
  int line = 0;
};

struct Frame {
  bool is_map = false;
  YAML::anchor_t anchor = YAML::NullAnchor;
  uint64_t nodes = 1;
  std::vector<Value> items;
  std::vector<Entry> entries;
  // A mapping's key, waiting for its value.
  bool has_key = false;
  bool key_is_merge = false;
  Value key;
  int key_line = 0;
  bool records_item_lines = false;
};

struct Anchor {
  bool complete = false;
  Value value;
  uint64_t nodes = 0;
  std::string name;
  bool is_scalar = false;
  bool key_ok = false;
  Value key;
  std::string key_error;
};

int line_of(const YAML::Mark& mark) {
  return mark.is_null() ? 0 : mark.line + 1;
}
int column_of(const YAML::Mark& mark) {
  return mark.is_null() ? 0 : mark.column + 1;
}

class Builder final : public YAML::EventHandler {
 public:
  Builder(std::string_view text, const YamlLimits& limits, YamlStream& out)
      : text_(text), limits_(limits), out_(out) {}

  void OnDocumentStart(const YAML::Mark&) override {
    ++stream_document_;
    frames_.clear();
    anchors_.clear();
    item_lines_.clear();
    root_ = Value();
    has_root_ = false;
    root_line_ = 0;
    alias_nodes_ = 0;
    failed_ = false;
    skip_depth_ = 0;
  }

  void OnDocumentEnd() override {
    if (failed_ || !has_root_ || root_.is_null()) return;
    YamlDocument doc;
    doc.value = std::move(root_);
    doc.line = root_line_;
    doc.stream_document = stream_document_;
    doc.item_lines = std::move(item_lines_);
    out_.documents.push_back(std::move(doc));
  }

  void OnAnchor(const YAML::Mark&, const std::string& name) override {
    pending_anchor_name_ = name;
  }

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    last_scalar_pos_ = -1;
    if (failed_) return;
    begin_node(mark);
    if (in_key_position()) return fail(mark, "a null map key cannot be converted to JSON");
    if (anchor != YAML::NullAnchor) {
      Anchor& a = define_anchor(anchor);
      a.is_scalar = true;
      a.key_error = "a null map key cannot be converted to JSON";
      finish_anchor(a, Value(), 1);
    }
    add_value(Value(), 1, mark);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    last_scalar_pos_ = -1;
    if (failed_) return;
    begin_node(mark);
    const Anchor* a = anchor < anchors_.size() ? &anchors_[anchor] : nullptr;
    if (a == nullptr || !a->complete) {
      std::string name = a != nullptr ? a->name : std::string();
      return fail(mark, "alias *" + name + " refers to a node that contains it");
    }
    alias_nodes_ += a->nodes;
    if (alias_nodes_ > limits_.max_alias_nodes) {
      return fail(mark, "aliases expand to more than " + std::to_string(limits_.max_alias_nodes) +
                            " nodes in this document (an alias bomb?)");
    }
    if (in_key_position()) {
      if (!a->is_scalar) return fail(mark, "a mapping or sequence cannot be a map key in JSON");
      if (!a->key_ok) return fail(mark, a->key_error);
      set_key(a->key, false, mark);
      return;
    }
    add_value(a->value, a->nodes, mark);
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& text) override {
    bool plain = tag == "?";
    last_scalar_pos_ = plain ? -1 : mark.pos;
    last_scalar_document_ = stream_document_;
    if (failed_) return;
    begin_node(mark);
    bool is_key = in_key_position();
    bool is_merge = is_key && text == "<<" && (plain || tag == kMergeTag);
    Scalar scalar = resolve_scalar(tag, text);
    if (!scalar.error.empty()) return fail(mark, scalar.error);
    // Keys are strings in JSON; a string scalar's value already is its key.
    Value key;
    std::string key_error;
    if (is_key || anchor != YAML::NullAnchor) {
      if (scalar.type == ScalarType::String || scalar.type == ScalarType::Timestamp) {
        key = scalar.value;
      } else if (std::string key_text; scalar_key_text(scalar, key_text, key_error)) {
        key = Value::string(std::move(key_text));
      }
    }
    const bool key_ok = key.is_string();
    if (anchor != YAML::NullAnchor) {
      Anchor& a = define_anchor(anchor);
      a.is_scalar = true;
      a.key_ok = key_ok;
      a.key = key;
      a.key_error = key_error;
      // A special float stays usable as a key through the alias; as a value it fails below.
      finish_anchor(a, scalar.value, 1);
    }
    if (is_key) {
      if (!is_merge && !key_ok) return fail(mark, key_error);
      set_key(std::move(key), is_merge, mark);
      return;
    }
    if (scalar.type == ScalarType::Float && !std::isfinite(scalar.number)) {
      return fail(mark, "the value " + text + " (infinity or NaN) cannot be represented in JSON");
    }
    add_value(std::move(scalar.value), 1, mark);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    start_collection(false, mark, anchor);
  }
  void OnSequenceEnd() override { end_collection(); }

  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    start_collection(true, mark, anchor);
  }
  void OnMapEnd() override { end_collection(); }

  // yaml-cpp accepts a quoted scalar that runs to the end of the input; go-yaml does not.
  // Such a scalar is necessarily the last one, so only that one needs checking.
  void check_unclosed_quote() {
    if (last_scalar_pos_ < 0) return;
    size_t p = static_cast<size_t>(last_scalar_pos_);
    // Skip the node's properties (!tag, &anchor) to reach the scalar itself.
    while (p < text_.size() && (text_[p] == '!' || text_[p] == '&')) {
      while (p < text_.size() && text_[p] != ' ' && text_[p] != '\t' && text_[p] != '\n') ++p;
      while (p < text_.size() &&
             (text_[p] == ' ' || text_[p] == '\t' || text_[p] == '\n' || text_[p] == '\r'))
        ++p;
    }
    if (p >= text_.size() || (text_[p] != '"' && text_[p] != '\'')) return;
    const char quote = text_[p];
    for (size_t i = p + 1; i < text_.size(); ++i) {
      if (quote == '"' && text_[i] == '\\') {
        ++i;
      } else if (text_[i] == quote) {
        if (quote == '\'' && i + 1 < text_.size() && text_[i + 1] == '\'') {
          ++i;
        } else {
          return;
        }
      }
    }
    auto& docs = out_.documents;
    if (!docs.empty() && docs.back().stream_document == last_scalar_document_) docs.pop_back();
    int line = 1, column = 1;
    for (size_t i = 0; i < p; ++i) {
      if (text_[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    out_.errors.push_back({line, column,
                           std::string("unclosed quoted string: no closing ") + quote +
                               " before the end of the input"});
  }

 private:
  bool in_key_position() const {
    return !frames_.empty() && frames_.back().is_map && !frames_.back().has_key;
  }

  // Every node passes here first: note where the document and List items start.
  void begin_node(const YAML::Mark& mark) {
    if (frames_.empty()) {
      root_line_ = line_of(mark);
    } else if (frames_.back().records_item_lines) {
      item_lines_.push_back(line_of(mark));
    }
  }

  Anchor& define_anchor(YAML::anchor_t id) {
    if (anchors_.size() <= id) anchors_.resize(id + 1);
    Anchor& a = anchors_[id];
    a = Anchor{};
    a.name = std::move(pending_anchor_name_);
    pending_anchor_name_.clear();
    return a;
  }

  static void finish_anchor(Anchor& a, const Value& value, uint64_t nodes) {
    a.value = value;
    a.nodes = nodes;
    a.complete = true;
  }

  void set_key(Value key, bool is_merge, const YAML::Mark& mark) {
    Frame& f = frames_.back();
    f.key = std::move(key);
    f.key_is_merge = is_merge;
    f.key_line = line_of(mark);
    f.has_key = true;
  }

  void start_collection(bool is_map, const YAML::Mark& mark, YAML::anchor_t anchor) {
    last_scalar_pos_ = -1;
    if (!failed_) {
      begin_node(mark);
      if (in_key_position()) fail(mark, "a mapping or sequence cannot be a map key in JSON");
    }
    if (failed_) {
      ++skip_depth_;
      if (skip_depth_ > limits_.max_depth) throw DepthExceeded{mark};
      return;
    }
    if (static_cast<int>(frames_.size()) >= limits_.max_depth) throw DepthExceeded{mark};
    if (anchor != YAML::NullAnchor) define_anchor(anchor);
    Frame frame;
    frame.is_map = is_map;
    frame.anchor = anchor;
    frame.records_item_lines = !is_map && frames_.size() == 1 && frames_[0].is_map &&
                               frames_[0].has_key && frames_[0].key.as_string() == "items";
    frames_.push_back(std::move(frame));
  }

  void end_collection() {
    if (failed_) {
      --skip_depth_;
      return;
    }
    Frame frame = std::move(frames_.back());
    frames_.pop_back();
    Value value;
    if (frame.is_map) {
      if (!finish_map(frame, value)) return;
    } else {
      value = Value::array(std::move(frame.items));
    }
    if (frame.anchor != YAML::NullAnchor) finish_anchor(anchors_[frame.anchor], value, frame.nodes);
    add_value(std::move(value), frame.nodes, YAML::Mark::null_mark());
  }

  // Sorts the entries by key; the last one (in document order) wins, as go-yaml v2's map
  // assignment does, but a key written twice in the same mapping is an error.
  bool finish_map(Frame& frame, Value& out) {
    auto& entries = frame.entries;
    std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
      int c = a.key.as_string().compare(b.key.as_string());
      return c != 0 ? c < 0 : a.order < b.order;
    });
    std::vector<rego::ObjectEntry> sorted;
    sorted.reserve(entries.size());
    for (size_t i = 0; i < entries.size();) {
      size_t j = i + 1;
      while (j < entries.size() && entries[j].key.as_string() == entries[i].key.as_string()) ++j;
      const Entry* first_explicit = nullptr;
      for (size_t k = i; k < j; ++k) {
        if (!entries[k].explicit_key) continue;
        if (first_explicit != nullptr) {
          fail_at(entries[k].line, 0,
                  "duplicate key \"" + std::string(entries[k].key.as_string()) +
                      "\" (first on line " + std::to_string(first_explicit->line) + ")");
          return false;
        }
        first_explicit = &entries[k];
      }
      sorted.emplace_back(std::move(entries[j - 1].key), std::move(entries[j - 1].value));
      i = j;
    }
    out = Value::object_sorted(std::move(sorted));
    return true;
  }

  void add_value(Value value, uint64_t nodes, const YAML::Mark& mark) {
    if (frames_.empty()) {
      root_ = std::move(value);
      has_root_ = true;
      return;
    }
    Frame& f = frames_.back();
    f.nodes += nodes;
    if (!f.is_map) {
      f.items.push_back(std::move(value));
      return;
    }
    f.has_key = false;
    if (f.key_is_merge) {
      merge_into(f, value, mark);
      return;
    }
    f.entries.push_back(Entry{std::move(f.key), std::move(value), next_order_++, true, f.key_line});
  }

  // `<<: *base` or `<<: [*a, *b]`: the merged maps' entries join this mapping at this point;
  // among several maps the earlier ones take precedence.
  void merge_into(Frame& f, const Value& value, const YAML::Mark& mark) {
    auto merge_map = [&](const Value& map) {
      for (const auto& [k, v] : map.as_object())
        f.entries.push_back(Entry{k, v, next_order_++, false, f.key_line});
    };
    if (value.is_object()) {
      merge_map(value);
      return;
    }
    if (value.is_array()) {
      auto items = value.as_array();
      bool all_maps =
          std::all_of(items.begin(), items.end(), [](const Value& v) { return v.is_object(); });
      if (all_maps) {
        for (size_t i = items.size(); i-- > 0;) merge_map(items[i]);
        return;
      }
    }
    (void)mark;
    fail_at(f.key_line, 0, "map merge (<<) requires a map or a sequence of maps as the value");
  }

  void fail(const YAML::Mark& mark, std::string message) {
    fail_at(line_of(mark), column_of(mark), std::move(message));
  }

  // Drops the current document; the parser keeps going so the next documents still load.
  void fail_at(int line, int column, std::string message) {
    if (!failed_) out_.errors.push_back({line, column, std::move(message)});
    failed_ = true;
    skip_depth_ = static_cast<int>(frames_.size());
    frames_.clear();
  }

  std::string_view text_;
  const YamlLimits& limits_;
  YamlStream& out_;

  int stream_document_ = -1;
  std::vector<Frame> frames_;
  std::vector<Anchor> anchors_;
  std::string pending_anchor_name_;
  std::vector<int> item_lines_;
  Value root_;
  bool has_root_ = false;
  int root_line_ = 0;
  uint64_t alias_nodes_ = 0;
  uint32_t next_order_ = 0;
  bool failed_ = false;
  int skip_depth_ = 0;
  long long last_scalar_pos_ = -1;
  int last_scalar_document_ = -1;
};

bool leading_whitespace_has_tab(std::string_view text, int line) {
  size_t p = 0;
  for (int l = 1; l < line && p != std::string_view::npos; ++l) {
    p = text.find('\n', p);
    if (p != std::string_view::npos) ++p;
  }
  if (p == std::string_view::npos) return false;
  for (; p < text.size() && (text[p] == ' ' || text[p] == '\t'); ++p) {
    if (text[p] == '\t') return true;
  }
  return false;
}

// yaml-cpp's messages are terse; say what usually causes them.
std::string explain_parser_error(std::string_view text, int line, const std::string& message) {
  if (line > 0 && leading_whitespace_has_tab(text, line)) {
    return "tab character used for indentation (YAML allows only spaces)";
  }
  if (message == "illegal map value") {
    return "mapping value not allowed here (wrong indentation, or a ': ' inside an unquoted "
           "value?)";
  }
  if (message == "end of map not found" || message == "end of sequence not found") {
    return message + " (wrong indentation?)";
  }
  return message;
}

}  // namespace

YamlStream read_yaml_stream(std::string_view text, const YamlLimits& limits) {
  YamlStream out;
  // yaml-cpp skips a byte-order mark but then counts positions without it.
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  ViewStreambuf buffer(text);
  std::istream in(&buffer);
  Builder builder(text, limits, out);
  try {
    YAML::Parser parser(in);
    while (parser.HandleNextDocument(builder)) {
    }
    builder.check_unclosed_quote();
  } catch (const DepthExceeded& e) {
    out.errors.push_back({line_of(e.mark), column_of(e.mark),
                          "nesting deeper than " + std::to_string(limits.max_depth) + " levels"});
  } catch (const YAML::DeepRecursion& e) {
    out.errors.push_back(
        {line_of(e.mark), column_of(e.mark), "nesting deeper than the YAML parser's limit"});
  } catch (const YAML::Exception& e) {
    int line = line_of(e.mark);
    out.errors.push_back({line, column_of(e.mark), explain_parser_error(text, line, e.msg)});
  }
  return out;
}

}  // namespace mg::manifest
