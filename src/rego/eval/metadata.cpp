// rego.metadata.rule() and rego.metadata.chain(): the METADATA annotations of the rule being
// evaluated and of its package, as OPA returns them. They are known at compile time, so the
// compiler replaces the calls by constants.

#include "rego/eval/metadata.h"

#include <yaml-cpp/yaml.h>

#include <cstdlib>

namespace mg::rego {

namespace {

Value scalar_value(const YAML::Node& node) {
  const std::string& text = node.Scalar();
  if (node.Tag() == "!") return Value::string(text);  // quoted: always a string
  if (text == "null" || text == "~" || text.empty()) return Value::null();
  if (text == "true") return Value::boolean(true);
  if (text == "false") return Value::boolean(false);
  char* end = nullptr;
  long long i = std::strtoll(text.c_str(), &end, 10);
  if (end && *end == '\0') return Value::integer(static_cast<int64_t>(i));
  double d = std::strtod(text.c_str(), &end);
  if (end && *end == '\0') return Value::floating(d);
  return Value::string(text);
}

Value to_value(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map: {
      std::vector<ObjectEntry> entries;
      for (const auto& item : node) {
        entries.emplace_back(Value::string(item.first.as<std::string>()), to_value(item.second));
      }
      return Value::object(std::move(entries));
    }
    case YAML::NodeType::Sequence: {
      std::vector<Value> items;
      for (const auto& item : node) items.push_back(to_value(item));
      return Value::array(std::move(items));
    }
    case YAML::NodeType::Scalar:
      return scalar_value(node);
    default:
      return Value::null();
  }
}

// OPA's shape for authors: "Name <email>" strings become {name, email} objects.
Value author(const Value& v) {
  if (!v.is_string()) return v;
  std::string text(v.as_string());
  std::vector<ObjectEntry> entries;
  auto lt = text.find('<');
  auto gt = text.rfind('>');
  if (lt != std::string::npos && gt != std::string::npos && gt > lt) {
    entries.emplace_back(Value::string("email"), Value::string(text.substr(lt + 1, gt - lt - 1)));
    text = text.substr(0, lt);
  }
  while (!text.empty() && text.back() == ' ') text.pop_back();
  if (!text.empty()) entries.emplace_back(Value::string("name"), Value::string(text));
  return Value::object(std::move(entries));
}

}  // namespace

std::optional<Value> annotations_value(const std::string& yaml_text, std::string_view scope) {
  if (yaml_text.empty()) return std::nullopt;
  std::vector<ObjectEntry> entries;
  bool has_scope = false;
  try {
    for (const auto& doc : YAML::LoadAll(yaml_text)) {
      if (!doc.IsMap()) continue;
      for (const auto& item : doc) {
        std::string key = item.first.as<std::string>();
        Value value = to_value(item.second);
        if (key == "scope") has_scope = true;
        if (key == "authors" && value.is_array()) {
          std::vector<Value> authors;
          for (const auto& a : value.as_array()) authors.push_back(author(a));
          value = Value::array(std::move(authors));
        }
        entries.emplace_back(Value::string(key), std::move(value));
      }
    }
  } catch (const YAML::Exception&) {
    return std::nullopt;
  }
  if (!has_scope) entries.emplace_back(Value::string("scope"), Value::string(std::string(scope)));
  return Value::object(std::move(entries));
}

Value metadata_chain(const std::vector<std::string>& rule_path, const std::string& rule_yaml,
                     const std::vector<std::string>& package_path,
                     const std::string& package_yaml) {
  auto entry = [](const std::vector<std::string>& path, const std::optional<Value>& annotations) {
    std::vector<Value> parts{Value::string("data")};
    for (const auto& p : path) parts.push_back(Value::string(p));
    std::vector<ObjectEntry> e{{Value::string("path"), Value::array(std::move(parts))}};
    if (annotations) e.emplace_back(Value::string("annotations"), *annotations);
    return Value::object(std::move(e));
  };
  std::vector<Value> chain{entry(rule_path, annotations_value(rule_yaml, "rule"))};
  if (auto pkg = annotations_value(package_yaml, "package")) {
    chain.push_back(entry(package_path, pkg));
  }
  return Value::array(std::move(chain));
}

}  // namespace mg::rego
