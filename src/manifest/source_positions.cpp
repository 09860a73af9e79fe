#include "manifest/source_positions.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <istream>
#include <sstream>
#include <string>

#include "manifest/scalar.h"

namespace mg::manifest {

namespace {

// Stops the parser once the wanted document has been seen.
struct Done {};

class PathFollower final : public YAML::EventHandler {
 public:
  PathFollower(int stream_document, std::span<const rego::Value> path, NodePositions& out)
      : target_document_(stream_document), path_(path), out_(out) {}

  void OnDocumentStart(const YAML::Mark&) override {
    ++document_;
    frames_.clear();
  }
  void OnDocumentEnd() override {
    if (document_ == target_document_) throw Done{};
  }
  void OnNull(const YAML::Mark& mark, YAML::anchor_t) override {
    node(mark, nullptr, false, false);
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override {
    node(mark, nullptr, false, false);
  }
  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t,
                const std::string& text) override {
    if (document_ != target_document_) return;
    std::string key;
    if (!frames_.empty() && frames_.back().is_map && frames_.back().expecting_key) {
      std::string error;
      Scalar s = resolve_scalar(tag, text);
      if (s.error.empty()) scalar_key_text(s, key, error);
    }
    node(mark, &key, false, false);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    node(mark, nullptr, true, false);
  }
  void OnSequenceEnd() override { end(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {
    node(mark, nullptr, true, true);
  }
  void OnMapEnd() override { end(); }

 private:
  struct Frame {
    bool is_map = false;
    bool expecting_key = true;
    std::string key;      // the current entry's key (mappings)
    long long index = 0;  // the next item's index (sequences)
    size_t depth = 0;     // path components matched by this collection node
    bool matched = false;
  };

  static Position position(const YAML::Mark& mark) {
    return Position{mark.line + 1, mark.column + 1};
  }

  void node(const YAML::Mark& mark, const std::string* key_text, bool is_collection, bool is_map) {
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
  std::istringstream in{std::string(text)};
  PathFollower follower(stream_document, path, out);
  try {
    YAML::Parser parser(in);
    while (parser.HandleNextDocument(follower)) {
    }
  } catch (const Done&) {
  } catch (const YAML::Exception&) {
    // Text that no longer parses (changed since loading?): whatever was found stands.
  }
  return out;
}

}  // namespace mg::manifest
