#include "cli/rego_output.h"

#include "rego/value/json.h"

namespace mg::cli {

namespace {
// Pretty JSON of `v`, continuing at indentation `depth` (Go's MarshalIndent nesting).
std::string nested(const rego::Value& v, int depth) {
  std::string text = rego::to_json_pretty(v);
  std::string pad(static_cast<size_t>(depth) * 2, ' ');
  std::string out;
  for (char c : text) {
    out.push_back(c);
    if (c == '\n') out += pad;
  }
  return out;
}

std::string quoted(std::string_view s) {
  std::string out;
  rego::append_json_string(out, s);
  return out;
}
}  // namespace

std::string format_results(const std::vector<rego::Solution>& solutions,
                           const rego::PreparedQuery& query) {
  if (solutions.empty()) return "{}";
  const auto& texts = query.expression_texts();
  const auto& locations = query.expression_locations();
  std::string out = "{\n  \"result\": [\n";
  for (size_t s = 0; s < solutions.size(); ++s) {
    const auto& sol = solutions[s];
    out += "    {\n      \"expressions\": [\n";
    for (size_t i = 0; i < sol.expressions.size(); ++i) {
      out += "        {\n          \"value\": " + nested(sol.expressions[i], 5) + ",\n";
      out += "          \"text\": " + quoted(i < texts.size() ? texts[i] : "") + ",\n";
      int row = i < locations.size() ? locations[i].row : 1;
      int col = i < locations.size() ? locations[i].col : 1;
      out += "          \"location\": {\n            \"row\": " + std::to_string(row) +
             ",\n            \"col\": " + std::to_string(col) + "\n          }\n        }";
      out += i + 1 < sol.expressions.size() ? ",\n" : "\n";
    }
    out += "      ]";
    if (!sol.bindings.empty()) {
      std::vector<rego::ObjectEntry> entries;
      for (const auto& [name, value] : sol.bindings)
        entries.emplace_back(rego::Value::string(name), value);
      out += ",\n      \"bindings\": " + nested(rego::Value::object(std::move(entries)), 3);
    }
    out += "\n    }";
    out += s + 1 < solutions.size() ? ",\n" : "\n";
  }
  out += "  ]\n}";
  return out;
}

std::string format_errors(const rego::RegoErrors& errors) {
  std::string out = "{\n  \"errors\": [\n";
  for (size_t i = 0; i < errors.size(); ++i) {
    const auto& e = errors[i];
    out +=
        "    {\n      \"code\": " + quoted(e.code) + ",\n      \"message\": " + quoted(e.message);
    if (e.loc.row > 0) {
      out += ",\n      \"location\": {\n        \"file\": " + quoted(e.loc.file_name()) +
             ",\n        \"row\": " + std::to_string(e.loc.row) +
             ",\n        \"col\": " + std::to_string(e.loc.col) + "\n      }";
    }
    out += "\n    }";
    out += i + 1 < errors.size() ? ",\n" : "\n";
  }
  out += "  ]\n}";
  return out;
}

}  // namespace mg::cli
