#include "manifest/yaml_reader.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>
#include <utility>

#include "manifest/libyaml_parser.h"
#include "manifest/scalar.h"

namespace mg::manifest {

using rego::Value;

namespace {

constexpr std::string_view kMergeTag = "tag:yaml.org,2002:merge";

std::string_view view_of(const yaml_char_t* text) {
  return text != nullptr ? std::string_view(reinterpret_cast<const char*>(text)) : "";
}

int line_of(const yaml_mark_t& mark) {
  return static_cast<int>(mark.line) + 1;
}

struct Entry {
  Value key;  // always a string
  Value value;
  uint32_t order = 0;        // later entries win, as in go-yaml v2
  bool explicit_key = true;  // false: came in through a merge key
  int line = 0;
};

// One open collection. Frames are reused from document to document (only `depth_` of them
// are live), so a mapping's entry buffer keeps its capacity instead of being reallocated.
struct Frame {
  bool is_map = false;
  std::string anchor;  // empty: none
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
  bool is_scalar = false;
  bool key_ok = false;
  Value key;
  std::string key_error;
};

// Stops the parser before a document nests deeper than the limit.
struct DepthExceeded {
  yaml_mark_t mark;
};

class Builder {
 public:
  Builder(std::string_view text, const YamlLimits& limits, YamlStream& out)
      : text_(text), limits_(limits), out_(out) {}

  void document_start() {
    ++stream_document_;
    depth_ = 0;
    anchors_.clear();
    item_lines_.clear();
    root_ = Value();
    has_root_ = false;
    root_line_ = 0;
    alias_nodes_ = 0;
    failed_ = false;
    skip_depth_ = 0;
  }

  void document_end() {
    if (failed_ || !has_root_ || root_.is_null()) return;
    YamlDocument doc;
    doc.value = std::move(root_);
    doc.line = root_line_;
    doc.stream_document = stream_document_;
    doc.item_lines = std::move(item_lines_);
    out_.documents.push_back(std::move(doc));
  }

  void alias(const yaml_event_t& event) {
    if (failed_) return;
    const yaml_mark_t& mark = event.start_mark;
    begin_node(mark);
    std::string_view name = view_of(event.data.alias.anchor);
    auto it = anchors_.find(std::string(name));
    if (it == anchors_.end()) return fail(mark, "the referenced anchor is not defined");
    const Anchor& a = it->second;
    if (!a.complete) {
      return fail(mark, "alias *" + std::string(name) + " refers to a node that contains it");
    }
    alias_nodes_ += a.nodes;
    if (alias_nodes_ > limits_.max_alias_nodes) {
      return fail(mark, "aliases expand to more than " + std::to_string(limits_.max_alias_nodes) +
                            " nodes in this document (an alias bomb?)");
    }
    if (in_key_position()) {
      if (!a.is_scalar) return fail(mark, "a mapping or sequence cannot be a map key in JSON");
      if (!a.key_ok) return fail(mark, a.key_error);
      set_key(a.key, false, mark);
      return;
    }
    add_value(a.value, a.nodes);
  }

  void scalar(const yaml_event_t& event) {
    if (failed_) return;
    const yaml_mark_t& mark = event.start_mark;
    const auto& data = event.data.scalar;
    begin_node(mark);
    std::string_view tag = resolution_tag(event);
    std::string text = scalar_text(event);
    const bool is_key = in_key_position();
    const bool is_merge = is_key && text == "<<" && (tag == "?" || tag == kMergeTag);
    std::string_view anchor = view_of(data.anchor);
    Scalar scalar = resolve_scalar(tag, std::move(text));
    if (!scalar.error.empty()) return fail(mark, scalar.error);
    // Keys are strings in JSON; a string scalar's value already is its key.
    Value key;
    std::string key_error;
    if (is_key || !anchor.empty()) {
      if (scalar.type == ScalarType::String || scalar.type == ScalarType::Timestamp) {
        key = scalar.value;
      } else if (std::string key_text; scalar_key_text(scalar, key_text, key_error)) {
        key = Value::string(std::move(key_text));
      }
    }
    const bool key_ok = key.is_string();
    if (!anchor.empty()) {
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
      return fail(mark, "the value " + scalar_text(event) +
                            " (infinity or NaN) cannot be represented in JSON");
    }
    add_value(std::move(scalar.value), 1);
  }

  void collection_start(const yaml_event_t& event, bool is_map) {
    const yaml_mark_t& mark = event.start_mark;
    if (!failed_) {
      begin_node(mark);
      if (in_key_position()) fail(mark, "a mapping or sequence cannot be a map key in JSON");
    }
    if (failed_) {
      // libyaml keeps a little state per level: stop it too at the limit.
      if (++skip_depth_ > limits_.max_depth) throw DepthExceeded{mark};
      return;
    }
    if (depth_ >= limits_.max_depth) throw DepthExceeded{mark};
    std::string_view anchor =
        view_of(is_map ? event.data.mapping_start.anchor : event.data.sequence_start.anchor);
    if (!anchor.empty()) define_anchor(anchor);
    const bool records_item_lines = !is_map && depth_ == 1 && frames_[0].is_map &&
                                    frames_[0].has_key && frames_[0].key.as_string() == "items";
    if (static_cast<size_t>(depth_) == frames_.size()) frames_.emplace_back();
    Frame& frame = frames_[static_cast<size_t>(depth_++)];
    frame.is_map = is_map;
    frame.anchor.assign(anchor);
    frame.nodes = 1;
    frame.items.clear();
    frame.entries.clear();
    frame.has_key = false;
    frame.key_is_merge = false;
    frame.records_item_lines = records_item_lines;
  }

  void collection_end() {
    if (failed_) {
      --skip_depth_;
      return;
    }
    Frame& frame = frames_[static_cast<size_t>(--depth_)];
    Value value;
    if (frame.is_map) {
      if (!finish_map(frame, value)) return;
    } else {
      value = Value::array(std::move(frame.items));
    }
    if (!frame.anchor.empty()) finish_anchor(anchors_[frame.anchor], value, frame.nodes);
    add_value(std::move(value), frame.nodes);
  }

 private:
  bool in_key_position() const {
    if (depth_ == 0) return false;
    const Frame& f = frames_[static_cast<size_t>(depth_ - 1)];
    return f.is_map && !f.has_key;
  }

  Frame& top() { return frames_[static_cast<size_t>(depth_ - 1)]; }

  // Every node passes here first: note where the document and List items start.
  void begin_node(const yaml_mark_t& mark) {
    if (depth_ == 0) {
      root_line_ = line_of(mark);
    } else if (top().records_item_lines) {
      item_lines_.push_back(line_of(mark));
    }
  }

  // Redefining an anchor replaces it: later aliases see the new node.
  Anchor& define_anchor(std::string_view name) {
    Anchor& a = anchors_[std::string(name)];
    a = Anchor{};
    return a;
  }

  static void finish_anchor(Anchor& a, const Value& value, uint64_t nodes) {
    a.value = value;
    a.nodes = nodes;
    a.complete = true;
  }

  void set_key(Value key, bool is_merge, const yaml_mark_t& mark) {
    Frame& f = top();
    f.key = std::move(key);
    f.key_is_merge = is_merge;
    f.key_line = line_of(mark);
    f.has_key = true;
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
    entries.clear();
    out = Value::object_sorted(std::move(sorted));
    return true;
  }

  void add_value(Value value, uint64_t nodes) {
    if (depth_ == 0) {
      root_ = std::move(value);
      has_root_ = true;
      return;
    }
    Frame& f = top();
    f.nodes += nodes;
    if (!f.is_map) {
      f.items.push_back(std::move(value));
      return;
    }
    f.has_key = false;
    if (f.key_is_merge) {
      merge_into(f, value);
      return;
    }
    f.entries.push_back(Entry{std::move(f.key), std::move(value), next_order_++, true, f.key_line});
  }

  // `<<: *base` or `<<: [*a, *b]`: the merged maps' entries join this mapping at this point;
  // among several maps the earlier ones take precedence.
  void merge_into(Frame& f, const Value& value) {
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
    fail_at(f.key_line, 0, "map merge (<<) requires a map or a sequence of maps as the value");
  }

  void fail(const yaml_mark_t& mark, std::string message) {
    Position pos = MarkPositions(text_)(mark);
    fail_at(pos.line, pos.column, std::move(message));
  }

  // Drops the current document; the parser keeps going so the next documents still load.
  void fail_at(int line, int column, std::string message) {
    if (!failed_) out_.errors.push_back({line, column, std::move(message)});
    failed_ = true;
    skip_depth_ = depth_;
    depth_ = 0;
  }

  std::string_view text_;
  const YamlLimits& limits_;
  YamlStream& out_;

  int stream_document_ = -1;
  std::vector<Frame> frames_;
  int depth_ = 0;
  std::unordered_map<std::string, Anchor> anchors_;
  std::vector<int> item_lines_;
  Value root_;
  bool has_root_ = false;
  int root_line_ = 0;
  uint64_t alias_nodes_ = 0;
  uint32_t next_order_ = 0;
  bool failed_ = false;
  int skip_depth_ = 0;
};

}  // namespace

YamlStream read_yaml_stream(std::string_view text, const YamlLimits& limits) {
  YamlStream out;
  // libyaml skips a byte-order mark but does not count it; neither do our positions.
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  LibyamlParser parser(text);
  Builder builder(text, limits, out);
  try {
    while (const yaml_event_t* event = parser.next()) {
      switch (event->type) {
        case YAML_STREAM_END_EVENT:
          return out;
        case YAML_DOCUMENT_START_EVENT:
          builder.document_start();
          break;
        case YAML_DOCUMENT_END_EVENT:
          builder.document_end();
          break;
        case YAML_ALIAS_EVENT:
          builder.alias(*event);
          break;
        case YAML_SCALAR_EVENT:
          builder.scalar(*event);
          break;
        case YAML_SEQUENCE_START_EVENT:
          builder.collection_start(*event, false);
          break;
        case YAML_MAPPING_START_EVENT:
          builder.collection_start(*event, true);
          break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
          builder.collection_end();
          break;
        case YAML_STREAM_START_EVENT:
        case YAML_NO_EVENT:
          break;
      }
    }
    ParseError error = parser.error();
    out.errors.push_back({error.pos.line, error.pos.column, std::move(error.message)});
  } catch (const DepthExceeded& e) {
    Position pos = MarkPositions(text)(e.mark);
    out.errors.push_back({pos.line, pos.column,
                          "nesting deeper than " + std::to_string(limits.max_depth) + " levels"});
  }
  return out;
}

}  // namespace mg::manifest
