#include "rego/value/json.h"

#include <rapidjson/error/en.h>
#include <rapidjson/reader.h>

#include <algorithm>

namespace mg::rego {

namespace {

// Builds Values from RapidJSON's SAX events, with an explicit stack (the reader runs in
// iterative mode), so deep input cannot overflow the machine stack.
class Builder {
 public:
  Builder(const rapidjson::StringStream& stream, const JsonLimits& limits)
      : stream_(stream),
        max_depth_(limits.max_depth),
        last_duplicate_wins_(limits.last_duplicate_wins) {}

  bool Null() { return add(Value::null()); }
  bool Bool(bool b) { return add(Value::boolean(b)); }
  bool Int(int) { return false; }  // numbers arrive as text (kParseNumbersAsStringsFlag)
  bool Uint(unsigned) { return false; }
  bool Int64(int64_t) { return false; }
  bool Uint64(uint64_t) { return false; }
  bool Double(double) { return false; }
  bool RawNumber(const char* str, rapidjson::SizeType len, bool) {
    auto n = Value::number(std::string_view(str, len));
    if (!n) return fail("invalid number");
    return add(std::move(*n));
  }
  bool String(const char* str, rapidjson::SizeType len, bool) {
    return add(Value::string(std::string(str, len)));
  }
  bool StartObject() { return push(true); }
  bool Key(const char* str, rapidjson::SizeType len, bool) {
    frames_.back().pending_key = Value::string(std::string(str, len));
    frames_.back().key_offsets.push_back(stream_.Tell());
    return true;
  }
  bool EndObject(rapidjson::SizeType) {
    Frame frame = std::move(frames_.back());
    frames_.pop_back();
    // Find duplicates while keeping each key's position, to point at the second one.
    std::vector<size_t> order(frame.entries.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      return compare(frame.entries[a].first, frame.entries[b].first) < 0;
    });
    std::vector<ObjectEntry> sorted;
    sorted.reserve(order.size());
    for (size_t i = 0; i < order.size(); ++i) {
      // (The previous entry has been moved into `sorted` already.)
      if (i > 0 && frame.entries[order[i]].first == sorted.back().first) {
        if (!last_duplicate_wins_) {
          error_offset_ = frame.key_offsets[std::max(order[i], order[i - 1])];
          return fail("duplicate key \"" + std::string(frame.entries[order[i]].first.as_string()) +
                      "\"");
        }
        sorted.back() = std::move(frame.entries[order[i]]);  // the stable sort kept source order
        continue;
      }
      sorted.push_back(std::move(frame.entries[order[i]]));
    }
    return add(Value::object_sorted(std::move(sorted)));
  }
  bool StartArray() { return push(false); }
  bool EndArray(rapidjson::SizeType) {
    Frame frame = std::move(frames_.back());
    frames_.pop_back();
    return add(Value::array(std::move(frame.items)));
  }

  Value take_result() { return std::move(result_); }
  const std::string& failure() const { return failure_; }
  size_t error_offset() const { return error_offset_; }

 private:
  struct Frame {
    bool is_object = false;
    std::vector<Value> items;
    std::vector<ObjectEntry> entries;
    std::vector<size_t> key_offsets;
    Value pending_key;
  };

  bool push(bool is_object) {
    if (static_cast<int>(frames_.size()) >= max_depth_) {
      return fail("nesting deeper than " + std::to_string(max_depth_) + " levels");
    }
    frames_.push_back(Frame{});
    frames_.back().is_object = is_object;
    return true;
  }

  bool add(Value v) {
    if (frames_.empty()) {
      result_ = std::move(v);
    } else if (frames_.back().is_object) {
      frames_.back().entries.emplace_back(std::move(frames_.back().pending_key), std::move(v));
    } else {
      frames_.back().items.push_back(std::move(v));
    }
    return true;
  }

  bool fail(std::string message) {
    failure_ = std::move(message);
    if (error_offset_ == 0) error_offset_ = stream_.Tell();
    return false;
  }

  const rapidjson::StringStream& stream_;
  int max_depth_;
  bool last_duplicate_wins_;
  std::vector<Frame> frames_;
  Value result_;
  std::string failure_;
  size_t error_offset_ = 0;
};

void line_and_column(std::string_view text, size_t offset, int& line, int& column) {
  offset = std::min(offset, text.size());
  line = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  column = static_cast<int>(offset - line_start) + 1;
}

}  // namespace

std::variant<Value, JsonError> parse_json(std::string_view text, const JsonLimits& limits) {
  JsonError error;
  if (size_t bad = find_invalid_utf8(text); bad != std::string_view::npos) {
    error.message = "invalid UTF-8";
    line_and_column(text, bad, error.line, error.column);
    return error;
  }
  // RapidJSON reads NUL-terminated input; a string_view need not be.
  std::string copy(text);
  rapidjson::StringStream stream(copy.c_str());
  Builder builder(stream, limits);
  rapidjson::Reader reader;
  constexpr unsigned flags = rapidjson::kParseIterativeFlag |
                             rapidjson::kParseNumbersAsStringsFlag |
                             rapidjson::kParseStopWhenDoneFlag;
  reader.Parse<flags>(stream, builder);
  if (reader.HasParseError()) {
    size_t offset = reader.GetErrorOffset();
    if (!builder.failure().empty()) {
      error.message = builder.failure();
      offset = builder.error_offset();
    } else {
      error.message = rapidjson::GetParseError_En(reader.GetParseErrorCode());
    }
    line_and_column(text, offset, error.line, error.column);
    return error;
  }
  // Only white space may follow the value.
  size_t end = stream.Tell();
  while (end < copy.size() &&
         (copy[end] == ' ' || copy[end] == '\t' || copy[end] == '\n' || copy[end] == '\r'))
    ++end;
  if (end < copy.size()) {
    error.message = "unexpected content after the JSON value";
    line_and_column(text, end, error.line, error.column);
    return error;
  }
  return builder.take_result();
}

size_t find_invalid_utf8(std::string_view s) {
  size_t i = 0;
  const size_t n = s.size();
  while (i < n) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len = 0;
    uint32_t cp = 0;
    if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return i;
    }
    if (i + len > n) return i;
    for (size_t k = 1; k < len; ++k) {
      auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (cc & 0x3F);
    }
    // Reject overlong forms, surrogates and code points past U+10FFFF.
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return i;
    }
    i += len;
  }
  return std::string_view::npos;
}

void append_json_string(std::string& out, std::string_view s) {
  static const char* hex = "0123456789abcdef";
  out.push_back('"');
  size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
      out.push_back(static_cast<char>(c));
      ++i;
      continue;
    }
    if (c < 0x80) {
      switch (c) {
        case '"':
          out += "\\\"";
          break;
        case '\\':
          out += "\\\\";
          break;
        case '\n':
          out += "\\n";
          break;
        case '\r':
          out += "\\r";
          break;
        case '\t':
          out += "\\t";
          break;
        case '\b':
          out += "\\b";
          break;
        case '\f':
          out += "\\f";
          break;
        default:
          out += "\\u00";
          out.push_back(hex[c >> 4]);
          out.push_back(hex[c & 0xF]);
      }
      ++i;
      continue;
    }
    // Multi-byte sequence: copy valid ones, replace invalid bytes with U+FFFD as Go does.
    size_t bad = find_invalid_utf8(s.substr(i, std::min<size_t>(4, s.size() - i)));
    size_t len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
    if (bad == 0 || i + len > s.size()) {
      out += "\\ufffd";
      ++i;
      continue;
    }
    std::string_view seq = s.substr(i, len);
    if (seq == "\xE2\x80\xA8") {
      out += "\\u2028";
    } else if (seq == "\xE2\x80\xA9") {
      out += "\\u2029";
    } else {
      out.append(seq);
    }
    i += len;
  }
  out.push_back('"');
}

namespace {
void append_key(std::string& out, const Value& key) {
  if (key.is_string()) {
    append_json_string(out, key.as_string());
  } else {
    append_json_string(out, to_json(key));
  }
}

void append_pretty(std::string& out, const Value& value, std::string_view indent, int depth) {
  auto newline = [&](int d) {
    out.push_back('\n');
    for (int i = 0; i < d; ++i) out.append(indent);
  };
  auto sequence = [&](std::span<const Value> items) {
    if (items.empty()) {
      out += "[]";
      return;
    }
    out.push_back('[');
    for (size_t i = 0; i < items.size(); ++i) {
      if (i) out.push_back(',');
      newline(depth + 1);
      append_pretty(out, items[i], indent, depth + 1);
    }
    newline(depth);
    out.push_back(']');
  };
  switch (value.kind()) {
    case Kind::Array:
      sequence(value.as_array());
      return;
    case Kind::Set:
      sequence(value.as_set());
      return;
    case Kind::Object: {
      auto entries = value.as_object();
      if (entries.empty()) {
        out += "{}";
        return;
      }
      out.push_back('{');
      for (size_t i = 0; i < entries.size(); ++i) {
        if (i) out.push_back(',');
        newline(depth + 1);
        append_key(out, entries[i].first);
        out += ": ";
        append_pretty(out, entries[i].second, indent, depth + 1);
      }
      newline(depth);
      out.push_back('}');
      return;
    }
    default:
      append_json(out, value);
  }
}
}  // namespace

void append_json(std::string& out, const Value& value) {
  switch (value.kind()) {
    case Kind::Null:
      out += "null";
      return;
    case Kind::Boolean:
      out += value.as_bool() ? "true" : "false";
      return;
    case Kind::Number:
      out += value.number_text();
      return;
    case Kind::String:
      append_json_string(out, value.as_string());
      return;
    case Kind::Array:
    case Kind::Set: {
      auto items = value.is_array() ? value.as_array() : value.as_set();
      out.push_back('[');
      for (size_t i = 0; i < items.size(); ++i) {
        if (i) out.push_back(',');
        append_json(out, items[i]);
      }
      out.push_back(']');
      return;
    }
    case Kind::Object: {
      out.push_back('{');
      bool first = true;
      for (const auto& [k, v] : value.as_object()) {
        if (!first) out.push_back(',');
        first = false;
        append_key(out, k);
        out.push_back(':');
        append_json(out, v);
      }
      out.push_back('}');
      return;
    }
  }
}

std::string to_json(const Value& value) {
  std::string out;
  append_json(out, value);
  return out;
}

std::string to_json_pretty(const Value& value, std::string_view indent) {
  std::string out;
  append_pretty(out, value, indent, 0);
  return out;
}

}  // namespace mg::rego
