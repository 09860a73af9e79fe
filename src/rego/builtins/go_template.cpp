#include "rego/builtins/go_template.h"

#include <map>
#include <memory>
#include <vector>

#include "rego/builtins/operands.h"

namespace mg::rego::builtins {

namespace {

constexpr std::string_view kName = "template";

// --- parse tree ---------------------------------------------------------------------

struct Node;
using Nodes = std::vector<std::unique_ptr<Node>>;

struct Node {
  enum class Type { Text, Print, If, Range, With } type = Type::Text;
  std::string text;     // Text: the literal; others: the pipeline (e.g. ".a.b" or "$v")
  size_t position = 0;  // byte offset of the pipeline, for error messages
  std::string key_var;  // range $k, $v := ...
  std::string value_var;
  Nodes body;
  Nodes otherwise;  // {{else}} branch (an else-if is a nested If here)
};

[[noreturn]] void parse_error(std::string_view source, size_t position, const std::string& what) {
  int line = 1;
  for (size_t i = 0; i < position && i < source.size(); ++i) line += source[i] == '\n';
  fail("template: " + std::string(kName) + ":" + std::to_string(line) + ": " + what);
}

std::string trim_spaces(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

struct Action {
  std::string body;  // trimmed content between the delimiters
  size_t position;   // offset of the content in the source
};

class Parser {
 public:
  explicit Parser(std::string_view source) : source_(source) {}

  Nodes parse() {
    std::string end_keyword;
    Nodes nodes = parse_list(end_keyword);
    if (!end_keyword.empty())
      parse_error(source_, last_action_, "unexpected {{" + end_keyword + "}}");
    return nodes;
  }

 private:
  // Parses until {{end}} / {{else ...}} or the end of input; `stop` receives which.
  Nodes parse_list(std::string& stop) {
    Nodes nodes;
    while (pos_ < source_.size()) {
      size_t open = source_.find("{{", pos_);
      std::string text(source_.substr(
          pos_, open == std::string_view::npos ? std::string_view::npos : open - pos_));
      bool trim_left = open != std::string_view::npos && source_.compare(open, 4, "{{- ") == 0;
      if (trim_left) {
        size_t e = text.find_last_not_of(" \t\r\n");
        text = e == std::string::npos ? "" : text.substr(0, e + 1);
      }
      if (trim_next_) {
        size_t b = text.find_first_not_of(" \t\r\n");
        text = b == std::string::npos ? "" : text.substr(b);
        trim_next_ = false;
      }
      if (!text.empty()) {
        auto node = std::make_unique<Node>();
        node->text = text;
        nodes.push_back(std::move(node));
      }
      if (open == std::string_view::npos) {
        pos_ = source_.size();
        break;
      }
      Action action = read_action(open, trim_left);
      last_action_ = action.position;
      const std::string& b = action.body;
      if (b.starts_with("/*")) continue;
      if (b == "end" || b == "else" || b.starts_with("else ")) {
        stop = b;
        return nodes;
      }
      auto node = std::make_unique<Node>();
      node->position = action.position;
      std::string keyword = b.substr(0, b.find(' '));
      if (keyword == "if" || keyword == "with" || keyword == "range") {
        node->type = keyword == "if"     ? Node::Type::If
                     : keyword == "with" ? Node::Type::With
                                         : Node::Type::Range;
        node->text = trim_spaces(std::string_view(b).substr(keyword.size()));
        node->position += keyword.size() + 1;
        if (node->type == Node::Type::Range) split_range_vars(*node);
        if (node->text.empty())
          parse_error(source_, action.position, "missing value for " + keyword);
        parse_branches(*node, keyword);
      } else {
        node->type = Node::Type::Print;
        node->text = b;
      }
      nodes.push_back(std::move(node));
    }
    stop.clear();
    return nodes;
  }

  void parse_branches(Node& node, const std::string& keyword) {
    std::string stop;
    node.body = parse_list(stop);
    if (stop.empty()) parse_error(source_, source_.size(), "unexpected EOF");
    if (stop == "else") {
      node.otherwise = parse_list(stop);
      if (stop != "end") parse_error(source_, last_action_, "expected end; found {{" + stop + "}}");
    } else if (stop.starts_with("else if ") && keyword == "if") {
      // {{else if x}} is an If nested in the else branch that shares the final {{end}}.
      auto nested = std::make_unique<Node>();
      nested->type = Node::Type::If;
      nested->text = trim_spaces(std::string_view(stop).substr(8));
      nested->position = last_action_ + 8;
      parse_branches(*nested, keyword);
      node.otherwise.push_back(std::move(nested));
    } else if (stop != "end") {
      parse_error(source_, last_action_, "unexpected {{" + stop + "}}");
    }
  }

  void split_range_vars(Node& node) {
    size_t assign = node.text.find(":=");
    if (assign == std::string::npos) return;
    std::string vars = node.text.substr(0, assign);
    node.text = trim_spaces(std::string_view(node.text).substr(assign + 2));
    size_t comma = vars.find(',');
    if (comma == std::string::npos) {
      node.value_var = trim_spaces(vars);
    } else {
      node.key_var = trim_spaces(std::string_view(vars).substr(0, comma));
      node.value_var = trim_spaces(std::string_view(vars).substr(comma + 1));
    }
  }

  Action read_action(size_t open, bool trim_left) {
    size_t start = open + (trim_left ? 4 : 2);
    size_t close = source_.find("}}", start);
    if (close == std::string_view::npos) parse_error(source_, open, "unclosed action");
    size_t end = close;
    if (close >= start + 2 && source_.compare(close - 2, 2, " -") == 0) {
      end = close - 2;
      trim_next_ = true;
    }
    pos_ = close + 2;
    std::string_view raw = source_.substr(start, end - start);
    size_t lead = raw.find_first_not_of(" \t\r\n");
    return Action{trim_spaces(raw), start + (lead == std::string_view::npos ? 0 : lead)};
  }

  std::string_view source_;
  size_t pos_ = 0;
  size_t last_action_ = 0;
  bool trim_next_ = false;
};

// --- execution -------------------------------------------------------------------------

// What a pipeline evaluated to: a value, or Go's nil (a missing interface value).
struct Datum {
  bool nil = false;
  Value value;
};

class Executor {
 public:
  Executor(std::string_view source, const Value& root) : source_(source) { root_.value = root; }

  void run(const Nodes& nodes, const Datum& dot, std::string& out) {
    for (const auto& node : nodes) {
      switch (node->type) {
        case Node::Type::Text:
          out += node->text;
          break;
        case Node::Type::Print:
          print(evaluate(*node, node->text, dot), out);
          break;
        case Node::Type::If: {
          Datum d = evaluate(*node, node->text, dot);
          run(truthy(d) ? node->body : node->otherwise, dot, out);
          break;
        }
        case Node::Type::With: {
          Datum d = evaluate(*node, node->text, dot);
          if (truthy(d)) {
            run(node->body, d, out);
          } else {
            run(node->otherwise, dot, out);
          }
          break;
        }
        case Node::Type::Range:
          range(*node, dot, out);
          break;
      }
    }
  }

 private:
  void range(const Node& node, const Datum& dot, std::string& out) {
    Datum d = evaluate(node, node.text, dot);
    auto each = [&](const Value& key, const Value& item) {
      if (!node.key_var.empty()) vars_[node.key_var] = Datum{false, key};
      if (!node.value_var.empty()) vars_[node.value_var] = Datum{false, item};
      run(node.body, Datum{false, item}, out);
    };
    if (d.nil) {
      run(node.otherwise, dot, out);
      return;
    }
    const Value& v = d.value;
    if (v.is_array() || v.is_set()) {
      auto items = v.is_array() ? v.as_array() : v.as_set();
      if (items.empty()) run(node.otherwise, dot, out);
      for (size_t i = 0; i < items.size(); ++i)
        each(Value::integer(static_cast<int64_t>(i)), items[i]);
    } else if (v.is_object()) {
      if (v.as_object().empty()) run(node.otherwise, dot, out);
      for (const auto& [k, item] : v.as_object()) each(k, item);
    } else {
      exec_error(node.position, node.text, "range can't iterate over " + printed(d));
    }
  }

  [[noreturn]] void exec_error(size_t position, const std::string& pipeline,
                               const std::string& what) {
    int line = 1;
    size_t line_start = 0;
    for (size_t i = 0; i < position && i < source_.size(); ++i) {
      if (source_[i] == '\n') {
        ++line;
        line_start = i + 1;
      }
    }
    fail("template: " + std::string(kName) + ":" + std::to_string(line) + ":" +
         std::to_string(position - line_start) + ": executing \"" + std::string(kName) + "\" at <" +
         pipeline + ">: " + what);
  }

  Datum evaluate(const Node& node, const std::string& pipeline, const Datum& dot) {
    if (pipeline == ".") return dot;
    Datum current;
    std::string_view rest = pipeline;
    if (rest.starts_with("$")) {
      size_t end = rest.find('.', 1);
      std::string name(rest.substr(0, end));
      if (name == "$") {
        current = root_;
      } else {
        auto it = vars_.find(name);
        if (it == vars_.end())
          fail("template: " + std::string(kName) + ": undefined variable: " + name);
        current = it->second;
      }
      rest = end == std::string_view::npos ? std::string_view() : rest.substr(end);
    } else if (rest.starts_with(".")) {
      current = dot;
    } else {
      fail("template: " + std::string(kName) + ": function \"" +
           std::string(rest.substr(0, rest.find(' '))) + "\" not defined");
    }
    while (!rest.empty()) {
      if (rest[0] != '.')
        fail("template: " + std::string(kName) + ": unexpected \"" + std::string(rest) + "\"");
      size_t end = rest.find('.', 1);
      std::string field(
          rest.substr(1, end == std::string_view::npos ? std::string_view::npos : end - 1));
      if (current.nil)
        exec_error(node.position, pipeline, "nil pointer evaluating interface {}." + field);
      if (!current.value.is_object()) {
        exec_error(node.position, pipeline,
                   "can't evaluate field " + field + " in type " + go_type(current.value));
      }
      const Value* found = current.value.get(field);
      if (found == nullptr)
        exec_error(node.position, pipeline, "map has no entry for key \"" + field + "\"");
      current = Datum{found->is_null(), *found};
      rest = end == std::string_view::npos ? std::string_view() : rest.substr(end);
    }
    return current;
  }

  static std::string go_type(const Value& v) {
    switch (v.kind()) {
      case Kind::Boolean:
        return "bool";
      case Kind::Number:
        return "json.Number";
      case Kind::String:
        return "string";
      case Kind::Array:
      case Kind::Set:
        return "[]interface {}";
      default:
        return "interface {}";
    }
  }

  // Go's template truth: false, empty and nil are false; numbers are json.Number strings,
  // so any number is true.
  static bool truthy(const Datum& d) {
    if (d.nil) return false;
    const Value& v = d.value;
    if (v.is_bool()) return v.as_bool();
    if (v.is_string() || v.is_collection()) return v.size() > 0;
    return true;
  }

  static void print_value(const Value& v, std::string& out) {
    switch (v.kind()) {
      case Kind::Null:
        out += "<nil>";
        return;
      case Kind::Boolean:
        out += v.as_bool() ? "true" : "false";
        return;
      case Kind::Number:
        out += v.number_text();
        return;
      case Kind::String:
        out += v.as_string();
        return;
      case Kind::Array:
      case Kind::Set: {
        out += "[";
        bool first = true;
        for (const auto& item : v.is_array() ? v.as_array() : v.as_set()) {
          if (!first) out += " ";
          first = false;
          print_value(item, out);
        }
        out += "]";
        return;
      }
      case Kind::Object: {
        out += "map[";
        bool first = true;
        for (const auto& [k, item] : v.as_object()) {
          if (!first) out += " ";
          first = false;
          print_value(k, out);
          out += ":";
          print_value(item, out);
        }
        out += "]";
        return;
      }
    }
  }

  static std::string printed(const Datum& d) {
    std::string out;
    print(d, out);
    return out;
  }

  static void print(const Datum& d, std::string& out) {
    if (d.nil) {
      out += "<no value>";
      return;
    }
    print_value(d.value, out);
  }

  std::string_view source_;
  Datum root_;
  std::map<std::string, Datum> vars_;
};

}  // namespace

std::string render_go_template(std::string_view text, const Value& vars) {
  Nodes nodes = Parser(text).parse();
  std::string out;
  Executor executor(text, vars);
  Datum root{false, vars};
  executor.run(nodes, root, out);
  return out;
}

}  // namespace mg::rego::builtins
