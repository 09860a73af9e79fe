#include "rego/builtins/capabilities.h"

#include <algorithm>
#include <map>
#include <vector>

#include "rego/builtins/builtin.h"
#include "rego/builtins/decl.h"
#include "rego/value/json.h"

namespace mg::rego::builtins {

namespace {

struct Entry {
  std::string name;
  std::string decl_json;
  bool nondeterministic = false;
};

// Operations the evaluator carries out itself (comparisons, assignment, print, walk, ...):
// they are builtins to OPA, so a capabilities file must list them too.
std::vector<Entry> evaluator_operations() {
  using namespace decl;
  std::string compare = function({any(), any()}, boolean());
  return {
      {"assign", compare},
      {"eq", compare},
      {"equal", compare},
      {"neq", compare},
      {"lt", compare},
      {"lte", compare},
      {"gt", compare},
      {"gte", compare},
      {"print", variadic_function({}, any())},
      {"trace", function({string()}, boolean())},
      {"walk", function({any()}, array_static({array_of(any()), any()}))},
      {"opa.runtime", function({}, object_of(string(), any())), true},
      {"rego.metadata.chain", function({}, array_of(any()))},
      {"rego.metadata.rule", function({}, any())},
  };
}

// The operators that call builtins, as OPA records them ("infix").
const std::map<std::string, std::string, std::less<>>& infix_operators() {
  static const std::map<std::string, std::string, std::less<>> ops = {
      {"and", "&"},
      {"assign", ":="},
      {"div", "/"},
      {"eq", "="},
      {"equal", "=="},
      {"gt", ">"},
      {"gte", ">="},
      {"internal.member_2", "in"},
      {"internal.member_3", "in"},
      {"lt", "<"},
      {"lte", "<="},
      {"minus", "-"},
      {"mul", "*"},
      {"neq", "!="},
      {"or", "|"},
      {"plus", "+"},
      {"rem", "%"},
  };
  return ops;
}

Value strings(std::initializer_list<const char*> items) {
  std::vector<Value> out;
  for (const char* s : items) out.push_back(Value::string(s));
  return Value::array(std::move(out));
}

}  // namespace

std::string capabilities_json() {
  std::vector<Entry> entries = evaluator_operations();
  for (const Builtin& b : all_builtins())
    entries.push_back({b.name, b.decl_json, b.nondeterministic});
  std::sort(entries.begin(), entries.end(),
            [](const Entry& a, const Entry& b) { return a.name < b.name; });

  std::vector<Value> builtins;
  for (const Entry& e : entries) {
    std::vector<ObjectEntry> fields{
        {Value::string("name"), Value::string(e.name)},
        {Value::string("decl"), std::get<Value>(parse_json(e.decl_json))}};
    auto infix = infix_operators().find(e.name);
    if (infix != infix_operators().end())
      fields.emplace_back(Value::string("infix"), Value::string(infix->second));
    if (e.nondeterministic)
      fields.emplace_back(Value::string("nondeterministic"), Value::boolean(true));
    builtins.push_back(Value::object(std::move(fields)));
  }
  Value document = Value::object({
      {Value::string("builtins"), Value::array(std::move(builtins))},
      {Value::string("future_keywords"), strings({"contains", "every", "if", "in"})},
      {Value::string("features"),
       strings({"rego_v1", "rule_head_ref_string_prefixes", "rule_head_refs"})},
  });
  return to_json_pretty(document) + "\n";
}

}  // namespace mg::rego::builtins
