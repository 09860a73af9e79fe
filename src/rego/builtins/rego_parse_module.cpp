// rego.parse_module: a module's syntax tree as OPA's JSON encoding of its ast.Module, without
// locations (OPA's default): every term is {"type": ..., "value": ...}, expressions carry their
// index in the body, operators are refs to their builtin names, a rule without a body gets
// OPA's body `true`, and each `_` becomes a fresh $N variable as OPA's parser makes it.
// Not reproduced: comments and METADATA annotations, which this AST does not keep as OPA does.

#include <string>
#include <vector>

#include "rego/builtins/decl.h"
#include "rego/builtins/families.h"
#include "rego/builtins/operands.h"
#include "rego/syntax/parser.h"

namespace mg::rego::builtins {

namespace {

using ast::Expr;
using ast::ExprKind;
using ast::Term;
using ast::TermKind;

Value str(std::string_view s) {
  return Value::string(s);
}

Value node(std::vector<ObjectEntry> fields) {
  return Value::object(std::move(fields));
}

Value typed(std::string_view type, Value value) {
  return node({{str("type"), str(type)}, {str("value"), std::move(value)}});
}

class ModuleEncoder {
 public:
  Value module(const ast::Module& m) {
    std::vector<ObjectEntry> out{{str("package"), node({{str("path"), term(m.package)}})}};
    if (!m.imports.empty()) {
      std::vector<Value> imports;
      for (const auto& imp : m.imports) {
        std::vector<ObjectEntry> fields{{str("path"), term(imp.path)}};
        if (!imp.alias.empty()) fields.emplace_back(str("alias"), str(imp.alias));
        imports.push_back(node(std::move(fields)));
      }
      out.emplace_back(str("imports"), Value::array(std::move(imports)));
    }
    if (!m.rules.empty()) {
      std::vector<Value> rules;
      for (const auto& r : m.rules) rules.push_back(rule(r));
      out.emplace_back(str("rules"), Value::array(std::move(rules)));
    }
    return node(std::move(out));
  }

 private:
  int wildcards_ = 0;

  // An operator or builtin name as OPA writes it: a ref of a var and string parts.
  static Value name_ref(std::string_view dotted) {
    std::vector<Value> parts;
    size_t start = 0;
    while (true) {
      size_t dot = dotted.find('.', start);
      std::string_view part =
          dotted.substr(start, dot == std::string_view::npos ? dot : dot - start);
      parts.push_back(parts.empty() ? typed("var", str(part)) : typed("string", str(part)));
      if (dot == std::string_view::npos) break;
      start = dot + 1;
    }
    return typed("ref", Value::array(std::move(parts)));
  }

  Value operator_term(const Term& op) {
    if (op.kind == TermKind::Var) return name_ref(op.name);
    return term(op);
  }

  Value terms(const std::vector<Term>& items, size_t from = 0) {
    std::vector<Value> out;
    for (size_t i = from; i < items.size(); ++i) out.push_back(term(items[i]));
    return Value::array(std::move(out));
  }

  Value var(const std::string& name) {
    if (name == "_") return typed("var", str("$" + std::to_string(wildcards_++)));
    // A bare root document is a ref to it, as OPA's parser makes it.
    if (name == "input" || name == "data") {
      return typed("ref", Value::array({typed("var", str(name))}));
    }
    return typed("var", str(name));
  }

  Value term(const Term& t) {
    switch (t.kind) {
      case TermKind::Scalar:
        switch (t.value.kind()) {
          case Kind::Null:
            return typed("null", Value::empty_object());  // Go encodes ast.Null{} as {}
          case Kind::Boolean:
            return typed("boolean", t.value);
          case Kind::Number:
            return typed("number", t.value);
          default:
            return typed("string", t.value);
        }
      case TermKind::Var:
        return var(t.name);
      case TermKind::Ref: {
        std::vector<Value> parts;
        for (size_t i = 0; i < t.items.size(); ++i) {
          const Term& item = t.items[i];
          // The head of a ref is its var itself, even for input and data.
          if (i == 0 && item.kind == TermKind::Var && item.name != "_") {
            parts.push_back(typed("var", str(item.name)));
          } else {
            parts.push_back(term(item));
          }
        }
        return typed("ref", Value::array(std::move(parts)));
      }
      case TermKind::Array:
        return typed("array", terms(t.items));
      case TermKind::Set:
        return typed("set", terms(t.items));
      case TermKind::Object: {
        std::vector<Value> pairs;
        for (size_t i = 0; i + 1 < t.items.size(); i += 2) {
          pairs.push_back(Value::array({term(t.items[i]), term(t.items[i + 1])}));
        }
        return typed("object", Value::array(std::move(pairs)));
      }
      case TermKind::ArrayCompr:
      case TermKind::SetCompr: {
        Value head = term(t.items[0]);
        Value out = node({{str("term"), head}, {str("body"), body(t.body)}});
        return typed(t.kind == TermKind::ArrayCompr ? "arraycomprehension" : "setcomprehension",
                     out);
      }
      case TermKind::ObjectCompr: {
        Value key = term(t.items[0]);
        Value value = term(t.items[1]);
        return typed("objectcomprehension",
                     node({{str("key"), key}, {str("value"), value}, {str("body"), body(t.body)}}));
      }
      case TermKind::Call: {
        std::vector<Value> items{operator_term(t.items[0])};
        for (size_t i = 1; i < t.items.size(); ++i) items.push_back(term(t.items[i]));
        return typed("call", Value::array(std::move(items)));
      }
      case TermKind::TemplateString:
        return typed("templatestring", node({{str("parts"), terms(t.items)}}));
    }
    return typed("null", Value::empty_object());
  }

  Value expr(const Expr& e, size_t index) {
    std::vector<ObjectEntry> out{{str("index"), Value::integer(static_cast<int64_t>(index))}};
    if (e.negated) out.emplace_back(str("negated"), Value::boolean(true));
    switch (e.kind) {
      case ExprKind::Term:
        out.emplace_back(str("terms"), term(e.terms[0]));
        break;
      case ExprKind::Call: {
        std::vector<Value> items{operator_term(e.terms[0])};
        for (size_t i = 1; i < e.terms.size(); ++i) items.push_back(term(e.terms[i]));
        out.emplace_back(str("terms"), Value::array(std::move(items)));
        break;
      }
      case ExprKind::Some:
        out.emplace_back(str("terms"), node({{str("symbols"), terms(e.terms)}}));
        break;
      case ExprKind::Every: {
        const Term& key = e.terms[0];
        bool no_key = key.kind == TermKind::Var && key.name.empty();
        Value key_value = no_key ? Value::null() : term(key);
        Value value = term(e.terms[1]);
        Value domain = term(e.terms[2]);
        out.emplace_back(str("terms"), node({{str("key"), key_value},
                                             {str("value"), value},
                                             {str("domain"), domain},
                                             {str("body"), body(e.body)}}));
        break;
      }
    }
    if (!e.withs.empty()) {
      std::vector<Value> withs;
      for (const auto& w : e.withs) {
        Value target = term(w.target);
        withs.push_back(node({{str("target"), target}, {str("value"), term(w.value)}}));
      }
      out.emplace_back(str("with"), Value::array(std::move(withs)));
    }
    return node(std::move(out));
  }

  // OPA gives a rule written without a body the body `true`.
  Value body(const ast::Body& b) {
    std::vector<Value> out;
    if (b.empty())
      out.push_back(node({{str("index"), Value::integer(0)},
                          {str("terms"), typed("boolean", Value::boolean(true))}}));
    for (size_t i = 0; i < b.size(); ++i) out.push_back(expr(b[i], i));
    return Value::array(std::move(out));
  }

  Value head(const ast::Head& h, const std::optional<Term>& value, bool assign) {
    std::vector<ObjectEntry> out;
    if (h.ref.size() == 1) out.emplace_back(str("name"), str(h.ref[0].name));
    std::vector<Value> ref;
    for (size_t i = 0; i < h.ref.size(); ++i) {
      ref.push_back(i == 0 ? typed("var", str(h.ref[0].name)) : term(h.ref[i]));
    }
    out.emplace_back(str("ref"), Value::array(std::move(ref)));
    if (!h.args.empty()) out.emplace_back(str("args"), terms(h.args));
    if (h.key) out.emplace_back(str("key"), term(*h.key));
    if (value) {
      out.emplace_back(str("value"), term(*value));
    } else if (!h.key && (h.ref.size() != 2 || !h.args.empty())) {
      // `p if ...` is `p = true`; so is a function, or a ref head other than `p[x]`.
      out.emplace_back(str("value"), typed("boolean", Value::boolean(true)));
    }
    if (assign) out.emplace_back(str("assign"), Value::boolean(true));
    return node(std::move(out));
  }

  Value rule(const ast::Rule& r) {
    std::vector<ObjectEntry> out;
    if (r.is_default) out.emplace_back(str("default"), Value::boolean(true));
    out.emplace_back(str("head"), head(r.head, r.head.value, r.head.assign));
    out.emplace_back(str("body"), body(r.body));
    // Each else is a rule of its own, nested in the one before it.
    std::vector<std::vector<ObjectEntry>> elses;
    for (const auto& e : r.elses) {
      Value else_head = head(r.head, e.value, r.head.assign);
      elses.push_back({{str("head"), else_head}, {str("body"), body(e.body)}});
    }
    std::optional<Value> chain;
    for (auto it = elses.rbegin(); it != elses.rend(); ++it) {
      if (chain) it->emplace_back(str("else"), *chain);
      chain = node(std::move(*it));
    }
    if (chain) out.emplace_back(str("else"), *chain);
    return node(std::move(out));
  }
};

std::optional<Value> rego_parse_module(BuiltinContext&, std::span<const Value> args) {
  std::string_view file = string_operand(args, 1);
  std::string_view text = string_operand(args, 2);
  auto parsed = ast::parse_module(std::string(file), text, {ast::VersionMode::V1});
  if (!parsed.module) {
    // OPA's ast.Errors text.
    std::string message = parsed.errors.size() == 1
                              ? "1 error occurred: "
                              : std::to_string(parsed.errors.size()) + " errors occurred:\n";
    for (size_t i = 0; i < parsed.errors.size(); ++i) {
      const auto& e = parsed.errors[i];
      if (i > 0) message += "\n";
      message +=
          std::string(file) + ":" + std::to_string(e.loc.row) + ": rego_parse_error: " + e.message;
    }
    fail(message);
  }
  return ModuleEncoder().module(*parsed.module);
}

}  // namespace

void add_rego_parse_module(std::vector<Builtin>& table) {
  using namespace decl;
  table.push_back(make_builtin("rego.parse_module", 2,
                               function({string(), string()}, object_of(string(), any())),
                               rego_parse_module));
}

}  // namespace mg::rego::builtins
