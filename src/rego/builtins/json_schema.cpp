// json.verify_schema and json.match_schema: a JSON Schema (draft 04/06/07) validator for the
// keywords policies use. Results and error texts follow gojsonschema, which OPA uses.
// Supported: type, enum, const, properties, required, additionalProperties,
// patternProperties, min/maxProperties, items (schema or tuple), additionalItems,
// min/maxItems, uniqueItems, contains, min/maxLength, pattern, minimum/maximum with both
// exclusive forms, multipleOf, allOf/anyOf/oneOf/not, boolean schemas, and local $ref
// ("#", "#/definitions/x", any "#/json/pointer"). Not supported: remote $ref, "format",
// dependencies, if/then/else, propertyNames.

#include <re2/re2.h>

#include <cmath>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "rego/builtins/decl.h"
#include "rego/builtins/encoding_parts.h"
#include "rego/builtins/operands.h"
#include "rego/value/json.h"

namespace mg::rego::builtins {

namespace {

struct SchemaError {
  std::string type;         // gojsonschema's error type, e.g. "invalid_type"
  std::string field;        // "(root)", "id", "spec.replicas", or the property concerned
  std::string description;  // e.g. "Invalid type. Expected: integer, given: string"
};

// Loads a document or schema operand: a JSON string, an object or an array.
Value load(const Value& v) {
  if (v.is_string()) {
    auto parsed = parse_go_json(v.as_string());
    if (std::holds_alternative<JsonError>(parsed)) fail("invalid JSON string");
    return std::get<Value>(std::move(parsed));
  }
  if (v.is_object() || v.is_array()) return v;
  fail("wrong type, expected string or object");
}

std::string json_type(const Value& v) {
  switch (v.kind()) {
    case Kind::Null:
      return "null";
    case Kind::Boolean:
      return "boolean";
    case Kind::Number:
      return std::trunc(v.as_double()) == v.as_double() ? "integer" : "number";
    case Kind::String:
      return "string";
    case Kind::Array:
    case Kind::Set:
      return "array";
    default:
      return "object";
  }
}

std::span<const Value> items_of(const Value& v) {
  return v.is_array() ? v.as_array() : v.as_set();
}

std::string number_text(const Value& v) {
  return v.is_integer() ? std::to_string(v.as_int()) : v.number_text();
}

// --- checking a schema before use ---------------------------------------------------------

const Value* resolve_pointer(const Value& root, std::string_view ref) {
  if (ref.empty() || ref[0] != '#') return nullptr;
  ref.remove_prefix(1);
  const Value* node = &root;
  while (!ref.empty()) {
    if (ref[0] != '/') return nullptr;
    ref.remove_prefix(1);
    size_t slash = ref.find('/');
    std::string_view raw = ref.substr(0, slash);
    ref = slash == std::string_view::npos ? std::string_view() : ref.substr(slash);
    // JSON pointer escapes: ~1 is '/', ~0 is '~'.
    std::string token;
    for (size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] == '~' && i + 1 < raw.size() && (raw[i + 1] == '0' || raw[i + 1] == '1')) {
        token += raw[++i] == '1' ? '/' : '~';
      } else {
        token += raw[i];
      }
    }
    if (node->is_object()) {
      node = node->get(token);
    } else if (node->is_array()) {
      size_t index = 0;
      auto items = node->as_array();
      if (token.empty() || token.find_first_not_of("0123456789") != std::string::npos)
        return nullptr;
      index = std::stoul(token);
      node = index < items.size() ? &items[index] : nullptr;
    } else {
      return nullptr;
    }
    if (!node) return nullptr;
  }
  return node;
}

void check_schema(const Value& root, const Value& schema, int depth);

void check_subschemas(const Value& root, const Value& list, std::string_view keyword, int depth) {
  if (!list.is_array() || list.size() == 0) {
    fail("Invalid type. Expected: array of schemas, given: " + std::string(keyword));
  }
  for (const Value& s : list.as_array()) check_schema(root, s, depth + 1);
}

void check_type(const Value& type) {
  static const std::vector<std::string_view> valid = {"array", "boolean", "integer", "number",
                                                      "null",  "object",  "string"};
  auto check_one = [&](const Value& t) {
    if (!t.is_string()) fail("Invalid type. Expected: string/array of strings, given: type");
    for (auto v : valid) {
      if (t.as_string() == v) return;
    }
    fail("has a primitive type that is NOT VALID -- given: /" + std::string(t.as_string()) +
         "/ Expected valid values are:[array boolean integer number null object string]");
  };
  if (type.is_array()) {
    for (const Value& t : type.as_array()) check_one(t);
  } else {
    check_one(type);
  }
}

void check_schema(const Value& root, const Value& schema, int depth) {
  if (depth > 200) fail("schema nesting is too deep");
  if (schema.is_bool()) return;
  if (!schema.is_object()) fail("Invalid type. Expected: object, given: " + json_type(schema));
  if (const Value* ref = schema.get("$ref")) {
    if (!ref->is_string()) fail("Invalid type. Expected: string, given: $ref");
    if (!resolve_pointer(root, ref->as_string())) {
      fail("Reference " + std::string(ref->as_string()) + " must be canonical");
    }
  }
  if (const Value* type = schema.get("type")) check_type(*type);
  if (const Value* props = schema.get("properties")) {
    if (!props->is_object()) fail("Invalid type. Expected: object, given: properties");
    for (const auto& [k, s] : props->as_object()) check_schema(root, s, depth + 1);
  }
  if (const Value* props = schema.get("patternProperties")) {
    if (!props->is_object()) fail("Invalid type. Expected: object, given: patternProperties");
    for (const auto& [k, s] : props->as_object()) {
      RE2 re(k.as_string(), RE2::Quiet);
      if (!re.ok()) fail("Invalid regex pattern '" + std::string(k.as_string()) + "'");
      check_schema(root, s, depth + 1);
    }
  }
  for (const char* key : {"additionalProperties", "additionalItems", "not", "contains"}) {
    if (const Value* s = schema.get(key)) check_schema(root, *s, depth + 1);
  }
  if (const Value* items = schema.get("items")) {
    if (items->is_array()) {
      for (const Value& s : items->as_array()) check_schema(root, s, depth + 1);
    } else {
      check_schema(root, *items, depth + 1);
    }
  }
  for (const char* key : {"allOf", "anyOf", "oneOf"}) {
    if (const Value* list = schema.get(key)) check_subschemas(root, *list, key, depth);
  }
  if (const Value* required = schema.get("required")) {
    if (!required->is_array()) fail("Invalid type. Expected: array of strings, given: required");
    for (const Value& r : required->as_array()) {
      if (!r.is_string()) fail("Invalid type. Expected: array of strings, given: required");
    }
  }
  if (const Value* e = schema.get("enum"); e && !e->is_array()) {
    fail("Invalid type. Expected: array, given: enum");
  }
  for (const char* key : {"minimum", "maximum", "multipleOf", "minLength", "maxLength", "minItems",
                          "maxItems", "minProperties", "maxProperties"}) {
    if (const Value* n = schema.get(key); n && !n->is_number()) {
      fail(std::string("Invalid type. Expected: number, given: ") + key);
    }
  }
  if (const Value* p = schema.get("pattern")) {
    if (!p->is_string()) fail("Invalid type. Expected: string, given: pattern");
    RE2 re(p->as_string(), RE2::Quiet);
    if (!re.ok()) fail("Invalid regex pattern '" + std::string(p->as_string()) + "'");
  }
  if (const Value* defs = schema.get("definitions")) {
    if (!defs->is_object()) fail("Invalid type. Expected: object, given: definitions");
    for (const auto& [k, s] : defs->as_object()) check_schema(root, s, depth + 1);
  }
}

// --- validation ---------------------------------------------------------------------------

class Validator {
 public:
  explicit Validator(const Value& root) : root_(root) {}

  std::vector<SchemaError> validate(const Value& schema, const Value& node,
                                    const std::vector<std::string>& path, int depth = 0) {
    std::vector<SchemaError> errors;
    validate_into(schema, node, path, errors, depth);
    return errors;
  }

 private:
  static std::string field(const std::vector<std::string>& path) {
    if (path.empty()) return "(root)";
    std::string out;
    for (const auto& p : path) {
      if (!out.empty()) out += '.';
      out += p;
    }
    return out;
  }

  void add(std::vector<SchemaError>& errors, std::string type, const std::vector<std::string>& path,
           std::string description) {
    errors.push_back({std::move(type), field(path), std::move(description)});
  }

  void validate_into(const Value& schema, const Value& node, const std::vector<std::string>& path,
                     std::vector<SchemaError>& errors, int depth) {
    if (depth > 200) fail("schema recursion is too deep");
    if (schema.is_bool()) {
      if (!schema.as_bool()) add(errors, "false", path, "False always fails validation");
      return;
    }
    if (const Value* ref = schema.get("$ref")) {
      const Value* target = resolve_pointer(root_, ref->as_string());
      if (target) validate_into(*target, node, path, errors, depth + 1);
      return;
    }
    if (const Value* type = schema.get("type"); type && !type_matches(*type, node)) {
      std::string expected;
      if (type->is_array()) {
        for (const Value& t : type->as_array()) {
          if (!expected.empty()) expected += ", ";
          expected += t.as_string();
        }
        expected = "[" + expected + "]";
      } else {
        expected = std::string(type->as_string());
      }
      add(errors, "invalid_type", path,
          "Invalid type. Expected: " + expected + ", given: " + json_type(node));
      return;
    }
    combinators(schema, node, path, errors, depth);
    if (node.is_object()) object_keywords(schema, node, path, errors, depth);
    if (node.is_array() || node.is_set()) array_keywords(schema, node, path, errors, depth);
    if (node.is_string()) string_keywords(schema, node, path, errors);
    if (node.is_number()) number_keywords(schema, node, path, errors);
    common_keywords(schema, node, path, errors);
    if (node.is_object()) {
      if (const Value* props = schema.get("properties")) {
        for (const auto& [name, sub] : props->as_object()) {
          if (const Value* child = node.get(name)) {
            auto child_path = path;
            child_path.emplace_back(name.as_string());
            validate_into(sub, *child, child_path, errors, depth + 1);
          }
        }
      }
    }
  }

  static bool type_matches(const Value& type, const Value& node) {
    auto one = [&](std::string_view t) {
      std::string actual = json_type(node);
      return t == actual || (t == "number" && actual == "integer");
    };
    if (type.is_array()) {
      for (const Value& t : type.as_array()) {
        if (one(t.as_string())) return true;
      }
      return false;
    }
    return one(type.as_string());
  }

  void combinators(const Value& schema, const Value& node, const std::vector<std::string>& path,
                   std::vector<SchemaError>& errors, int depth) {
    if (const Value* any = schema.get("anyOf")) {
      std::optional<std::vector<SchemaError>> closest;
      bool valid = false;
      for (const Value& sub : any->as_array()) {
        auto sub_errors = validate(sub, node, path, depth + 1);
        if (sub_errors.empty()) {
          valid = true;
          break;
        }
        if (!closest || sub_errors.size() < closest->size()) closest = std::move(sub_errors);
      }
      if (!valid) {
        add(errors, "number_any_of", path, "Must validate at least one schema (anyOf)");
        if (closest) errors.insert(errors.end(), closest->begin(), closest->end());
      }
    }
    if (const Value* one = schema.get("oneOf")) {
      int matches = 0;
      std::optional<std::vector<SchemaError>> closest;
      for (const Value& sub : one->as_array()) {
        auto sub_errors = validate(sub, node, path, depth + 1);
        if (sub_errors.empty()) {
          ++matches;
        } else if (!closest || sub_errors.size() < closest->size()) {
          closest = std::move(sub_errors);
        }
      }
      if (matches != 1) {
        add(errors, "number_one_of", path, "Must validate one and only one schema (oneOf)");
        if (matches == 0 && closest) errors.insert(errors.end(), closest->begin(), closest->end());
      }
    }
    if (const Value* all = schema.get("allOf")) {
      std::vector<SchemaError> all_errors;
      for (const Value& sub : all->as_array()) {
        auto sub_errors = validate(sub, node, path, depth + 1);
        all_errors.insert(all_errors.end(), sub_errors.begin(), sub_errors.end());
      }
      if (!all_errors.empty()) {
        add(errors, "number_all_of", path, "Must validate all the schemas (allOf)");
        errors.insert(errors.end(), all_errors.begin(), all_errors.end());
      }
    }
    if (const Value* n = schema.get("not")) {
      if (validate(*n, node, path, depth + 1).empty()) {
        add(errors, "number_not", path, "Must not validate the schema (not)");
      }
    }
  }

  void object_keywords(const Value& schema, const Value& node, const std::vector<std::string>& path,
                       std::vector<SchemaError>& errors, int depth) {
    if (const Value* min = schema.get("minProperties");
        min && static_cast<double>(node.size()) < min->as_double()) {
      add(errors, "array_min_properties", path,
          "Must have at least " + number_text(*min) + " properties");
    }
    if (const Value* max = schema.get("maxProperties");
        max && static_cast<double>(node.size()) > max->as_double()) {
      add(errors, "array_max_properties", path,
          "Must have at most " + number_text(*max) + " properties");
    }
    if (const Value* required = schema.get("required")) {
      for (const Value& name : required->as_array()) {
        if (!node.get(name)) {
          errors.push_back({"required", std::string(name.as_string()),
                            std::string(name.as_string()) + " is required"});
        }
      }
    }
    const Value* props = schema.get("properties");
    const Value* patterns = schema.get("patternProperties");
    const Value* additional = schema.get("additionalProperties");
    for (const auto& [key, child] : node.as_object()) {
      std::string name = key.is_string() ? std::string(key.as_string()) : to_json(key);
      auto child_path = path;
      child_path.push_back(name);
      bool matched = props && props->get(key);
      if (patterns) {
        for (const auto& [pattern, sub] : patterns->as_object()) {
          RE2 re(pattern.as_string(), RE2::Quiet);
          if (re.ok() && RE2::PartialMatch(name, re)) {
            matched = true;
            validate_into(sub, child, child_path, errors, depth + 1);
          }
        }
      }
      if (matched || !additional) continue;
      if (additional->is_false()) {
        errors.push_back({"additional_property_not_allowed", name,
                          "Additional property " + name + " is not allowed"});
      } else if (additional->is_object()) {
        validate_into(*additional, child, child_path, errors, depth + 1);
      }
    }
  }

  void array_keywords(const Value& schema, const Value& node, const std::vector<std::string>& path,
                      std::vector<SchemaError>& errors, int depth) {
    auto items = items_of(node);
    if (const Value* item_schema = schema.get("items")) {
      for (size_t i = 0; i < items.size(); ++i) {
        auto child_path = path;
        child_path.push_back(std::to_string(i));
        if (item_schema->is_array()) {
          auto tuple = item_schema->as_array();
          if (i < tuple.size()) {
            validate_into(tuple[i], items[i], child_path, errors, depth + 1);
          } else if (const Value* extra = schema.get("additionalItems")) {
            if (extra->is_false()) {
              add(errors, "array_no_additional_items", path,
                  "No additional items allowed on array");
              break;
            }
            validate_into(*extra, items[i], child_path, errors, depth + 1);
          }
        } else {
          validate_into(*item_schema, items[i], child_path, errors, depth + 1);
        }
      }
    }
    if (const Value* min = schema.get("minItems");
        min && static_cast<double>(items.size()) < min->as_double()) {
      add(errors, "array_min_items", path,
          "Array must have at least " + number_text(*min) + " items");
    }
    if (const Value* max = schema.get("maxItems");
        max && static_cast<double>(items.size()) > max->as_double()) {
      add(errors, "array_max_items", path,
          "Array must have at most " + number_text(*max) + " items");
    }
    if (const Value* unique = schema.get("uniqueItems"); unique && unique->is_true()) {
      for (size_t i = 0; i < items.size(); ++i) {
        for (size_t j = i + 1; j < items.size(); ++j) {
          if (items[i] == items[j]) {
            add(errors, "unique", path,
                "array items[" + std::to_string(i) + "," + std::to_string(j) + "] must be unique");
            i = j = items.size();
          }
        }
      }
    }
    if (const Value* contains = schema.get("contains")) {
      bool any = false;
      for (const Value& item : items)
        any = any || validate(*contains, item, path, depth + 1).empty();
      if (!any) add(errors, "contains", path, "At least one of the items must match");
    }
  }

  void string_keywords(const Value& schema, const Value& node, const std::vector<std::string>& path,
                       std::vector<SchemaError>& errors) {
    double length = static_cast<double>(rune_count(node.as_string()));
    if (const Value* min = schema.get("minLength"); min && length < min->as_double()) {
      add(errors, "string_gte", path,
          "String length must be greater than or equal to " + number_text(*min));
    }
    if (const Value* max = schema.get("maxLength"); max && length > max->as_double()) {
      add(errors, "string_lte", path,
          "String length must be less than or equal to " + number_text(*max));
    }
    if (const Value* pattern = schema.get("pattern")) {
      RE2 re(pattern->as_string(), RE2::Quiet);
      if (re.ok() && !RE2::PartialMatch(node.as_string(), re)) {
        add(errors, "pattern", path,
            "Does not match pattern '" + std::string(pattern->as_string()) + "'");
      }
    }
  }

  void number_keywords(const Value& schema, const Value& node, const std::vector<std::string>& path,
                       std::vector<SchemaError>& errors) {
    double x = node.as_double();
    if (const Value* m = schema.get("multipleOf"); m && m->as_double() != 0) {
      double q = x / m->as_double();
      if (std::abs(q - std::round(q)) > 1e-9) {
        add(errors, "multiple_of", path, "Must be a multiple of " + number_text(*m));
      }
    }
    const Value* max = schema.get("maximum");
    const Value* exclusive_max = schema.get("exclusiveMaximum");
    if (exclusive_max && exclusive_max->is_number() && x >= exclusive_max->as_double()) {
      add(errors, "number_lt", path, "Must be less than " + number_text(*exclusive_max));
    }
    if (max) {
      if (exclusive_max && exclusive_max->is_true()) {
        if (x >= max->as_double())
          add(errors, "number_lt", path, "Must be less than " + number_text(*max));
      } else if (x > max->as_double()) {
        add(errors, "number_lte", path, "Must be less than or equal to " + number_text(*max));
      }
    }
    const Value* min = schema.get("minimum");
    const Value* exclusive_min = schema.get("exclusiveMinimum");
    if (exclusive_min && exclusive_min->is_number() && x <= exclusive_min->as_double()) {
      add(errors, "number_gt", path, "Must be greater than " + number_text(*exclusive_min));
    }
    if (min) {
      if (exclusive_min && exclusive_min->is_true()) {
        if (x <= min->as_double())
          add(errors, "number_gt", path, "Must be greater than " + number_text(*min));
      } else if (x < min->as_double()) {
        add(errors, "number_gte", path, "Must be greater than or equal to " + number_text(*min));
      }
    }
  }

  static bool json_equal(const Value& a, const Value& b) {
    // A document's sets are JSON arrays.
    if ((a.is_set() || a.is_array()) && (b.is_set() || b.is_array())) {
      auto x = items_of(a), y = items_of(b);
      if (x.size() != y.size()) return false;
      for (size_t i = 0; i < x.size(); ++i) {
        if (!json_equal(x[i], y[i])) return false;
      }
      return true;
    }
    return a == b;
  }

  void common_keywords(const Value& schema, const Value& node, const std::vector<std::string>& path,
                       std::vector<SchemaError>& errors) {
    if (const Value* c = schema.get("const"); c && !json_equal(*c, node)) {
      add(errors, "const", path, field(path) + " does not match: " + to_json(*c));
    }
    if (const Value* e = schema.get("enum")) {
      bool found = false;
      std::string allowed;
      for (const Value& option : e->as_array()) {
        found = found || json_equal(option, node);
        if (!allowed.empty()) allowed += ", ";
        allowed += to_json(option);
      }
      if (!found)
        add(errors, "enum", path, field(path) + " must be one of the following: " + allowed);
    }
  }

  const Value& root_;
};

Value compile(const Value& operand) {
  Value schema = load(operand);
  check_schema(schema, schema, 0);
  return schema;
}

std::optional<Value> verify_schema(BuiltinContext&, std::span<const Value> args) {
  try {
    compile(operand(args, 1));
  } catch (const BuiltinError& e) {
    return Value::array(
        {Value::boolean(false), Value::string(std::string("jsonschema: ") + e.what())});
  }
  return Value::array({Value::boolean(true), Value::null()});
}

std::optional<Value> match_schema(BuiltinContext&, std::span<const Value> args) {
  Value document = load(operand(args, 1));
  Value schema = compile(operand(args, 2));
  Validator validator(schema);
  std::vector<Value> errors;
  for (const auto& e : validator.validate(schema, document, {})) {
    errors.push_back(
        Value::object({{Value::string("desc"), Value::string(e.description)},
                       {Value::string("error"), Value::string(e.field + ": " + e.description)},
                       {Value::string("field"), Value::string(e.field)},
                       {Value::string("type"), Value::string(e.type)}}));
  }
  bool valid = errors.empty();
  return Value::array({Value::boolean(valid), Value::array(std::move(errors))});
}

}  // namespace

void add_json_schema_builtins(std::vector<Builtin>& table) {
  auto schema_type = decl::any_of({decl::object_of(decl::any(), decl::any()), decl::string()});
  table.push_back(make_builtin(
      "json.verify_schema", 1,
      decl::function(
          {schema_type},
          decl::array_static({decl::boolean(), decl::any_of({decl::null(), decl::string()})})),
      verify_schema));
  auto error_type = decl::object_static({{"desc", decl::string()},
                                         {"error", decl::string()},
                                         {"field", decl::string()},
                                         {"type", decl::string()}});
  table.push_back(make_builtin(
      "json.match_schema", 2,
      decl::function({schema_type, schema_type},
                     decl::array_static({decl::boolean(), decl::array_of(error_type)})),
      match_schema));
}

}  // namespace mg::rego::builtins
