#include "manifest/source_positions.h"

#include <string>

#include "manifest/libyaml_parser.h"
#include "manifest/scalar.h"

namespace mg::manifest {

namespace {

class PathFollower {
 public:
  PathFollower(std::string_view text, int stream_document, std::span<const rego::Value> path,
               NodePositions& out)
      : positions_(text), target_document_(stream_document), path_(path), out_(out) {}

  // Returns false once the wanted document has been seen.
  bool handle(const yaml_event_t& event) {
    switch (event.type) {
      case YAML_DOCUMENT_START_EVENT:
        ++document_;
        frames_.clear();
        break;
      case YAML_DOCUMENT_END_EVENT:
        return document_ != target_document_;
      case YAML_ALIAS_EVENT:
        node(event.start_mark, nullptr, false, false);
        break;
      case YAML_SCALAR_EVENT:
        scalar(event);
        break;
      case YAML_SEQUENCE_START_EVENT:
        node(event.start_mark, nullptr, true, false);
        break;
      case YAML_MAPPING_START_EVENT:
        node(event.start_mark, nullptr, true, true);
        break;
      case YAML_SEQUENCE_END_EVENT:
      case YAML_MAPPING_END_EVENT:
        end();
        break;
      case YAML_STREAM_END_EVENT:
        return false;
      case YAML_STREAM_START_EVENT:
      case YAML_NO_EVENT:
        break;
    }
    return true;
  }

 private:
  struct Frame {
    bool is_map = false;
    bool expecting_key = true;
    std::string key;      // the current entry's key (mappings)
    long long index = 0;  // the next item's index (sequences)
    size_t depth = 0;     // path components matched by this collection node
    bool matched = false;
  };

  void scalar(const yaml_event_t& event) {
    if (document_ != target_document_) return;
    std::string key;
    if (!frames_.empty() && frames_.back().is_map && frames_.back().expecting_key) {
      std::string error;
      Scalar s = resolve_scalar(resolution_tag(event), scalar_text(event));
      if (s.error.empty()) scalar_key_text(s, key, error);
    }
    node(event.start_mark, &key, false, false);
  }

  Position position(const yaml_mark_t& mark) { return positions_(mark); }

  void node(const yaml_mark_t& mark, const std::string* key_text, bool is_collection, bool is_map) {
    if (document_ != target_document_) return;
    bool matched = false;
    size_t depth = 0;
    if (frames_.empty()) {
      matched = true;
    } else {
      Frame& parent = frames_.back();
      if (parent.is_map && parent.expecting_key) {
        // A key: remember it for the value that follows; keys are never on the path.
        parent.key = key_text != nullptr ? *key_text : std::string();
        parent.expecting_key = false;
        if (is_collection) frames_.push_back(Frame{is_map, true, {}, 0, 0, false});
        return;
      }
      depth = parent.depth + 1;
      if (parent.matched && parent.depth < path_.size()) {
        const rego::Value& want = path_[parent.depth];
        if (parent.is_map) {
          matched = want.is_string() && want.as_string() == parent.key;
        } else {
          matched = want.is_integer() && want.as_int() == parent.index;
        }
      }
      if (parent.matched && parent.depth == path_.size()) out_.children.push_back(position(mark));
      if (parent.is_map) {
        parent.expecting_key = true;
      } else {
        ++parent.index;
      }
    }
    if (matched && depth == path_.size()) out_.node = position(mark);
    if (is_collection) frames_.push_back(Frame{is_map, true, {}, 0, depth, matched});
  }

  void end() {
    if (document_ == target_document_ && !frames_.empty()) frames_.pop_back();
  }

  MarkPositions positions_;
  int target_document_;
  std::span<const rego::Value> path_;
  NodePositions& out_;
  int document_ = -1;
  std::vector<Frame> frames_;
};

}  // namespace

NodePositions find_node_positions(std::string_view text, int stream_document,
                                  std::span<const rego::Value> path) {
  NodePositions out;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  LibyamlParser parser(text);
  PathFollower follower(text, stream_document, path, out);
  // A syntax error (text changed since loading?) stops the walk: whatever was found stands.
  while (const yaml_event_t* event = parser.next()) {
    if (!follower.handle(*event)) break;
  }
  return out;
}

Position position_of_offset(std::string_view text, size_t offset) {
  Position pos{1, 1};
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++pos.line;
      pos.column = 1;
    } else {
      ++pos.column;
    }
  }
  return pos;
}

}  // namespace mg::manifest
