#include "rego/syntax/ast.h"

#include "rego/value/json.h"

namespace mg::rego::ast {

Term Term::scalar(Value v, Location loc) {
  Term term;
  term.kind = TermKind::Scalar;
  term.loc = std::move(loc);
  term.value = std::move(v);
  return term;
}

Term Term::var(std::string name, Location loc) {
  Term term;
  term.kind = TermKind::Var;
  term.loc = std::move(loc);
  term.name = std::move(name);
  return term;
}

Term Term::ref(std::vector<Term> items, Location loc) {
  Term term;
  term.kind = TermKind::Ref;
  term.loc = std::move(loc);
  term.items = std::move(items);
  return term;
}

namespace {

bool is_plain_name(std::string_view s) {
  if (s.empty()) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    bool digit = c >= '0' && c <= '9';
    if (!letter && !(digit && i > 0)) return false;
  }
  return true;
}

void print_term(std::string& out, const Term& term);
void print_body(std::string& out, const Body& body);

void print_list(std::string& out, const std::vector<Term>& items, size_t from = 0) {
  for (size_t i = from; i < items.size(); ++i) {
    if (i > from) out += ", ";
    print_term(out, items[i]);
  }
}

void print_term(std::string& out, const Term& term) {
  switch (term.kind) {
    case TermKind::Scalar:
      append_json(out, term.value);
      return;
    case TermKind::Var:
      out += term.name;
      return;
    case TermKind::Ref:
      if (term.items.empty()) return;
      print_term(out, term.items[0]);
      for (size_t i = 1; i < term.items.size(); ++i) {
        const Term& part = term.items[i];
        if (part.kind == TermKind::Scalar && part.value.is_string() &&
            is_plain_name(part.value.as_string())) {
          out += '.';
          out += part.value.as_string();
        } else {
          out += '[';
          print_term(out, part);
          out += ']';
        }
      }
      return;
    case TermKind::Array:
      out += '[';
      print_list(out, term.items);
      out += ']';
      return;
    case TermKind::Set:
      if (term.items.empty()) {
        out += "set()";
        return;
      }
      out += '{';
      print_list(out, term.items);
      out += '}';
      return;
    case TermKind::Object:
      out += '{';
      for (size_t i = 0; i + 1 < term.items.size(); i += 2) {
        if (i > 0) out += ", ";
        print_term(out, term.items[i]);
        out += ": ";
        print_term(out, term.items[i + 1]);
      }
      out += '}';
      return;
    case TermKind::ArrayCompr:
      out += '[';
      print_term(out, term.items[0]);
      out += " | ";
      print_body(out, term.body);
      out += ']';
      return;
    case TermKind::SetCompr:
      out += '{';
      print_term(out, term.items[0]);
      out += " | ";
      print_body(out, term.body);
      out += '}';
      return;
    case TermKind::ObjectCompr:
      out += '{';
      print_term(out, term.items[0]);
      out += ": ";
      print_term(out, term.items[1]);
      out += " | ";
      print_body(out, term.body);
      out += '}';
      return;
    case TermKind::Call:
      if (term.items.empty()) return;
      print_term(out, term.items[0]);
      out += '(';
      print_list(out, term.items, 1);
      out += ')';
      return;
    case TermKind::TemplateString:
      out += "$\"";
      for (const auto& part : term.items) {
        if (part.kind == TermKind::Scalar && part.value.is_string()) {
          std::string quoted;
          append_json_string(quoted, part.value.as_string());
          out.append(quoted, 1, quoted.size() - 2);
        } else {
          out += '{';
          print_term(out, part);
          out += '}';
        }
      }
      out += '"';
      return;
  }
}

void print_expr(std::string& out, const Expr& expr) {
  if (expr.negated) out += "not ";
  switch (expr.kind) {
    case ExprKind::Term:
      if (!expr.terms.empty()) print_term(out, expr.terms[0]);
      break;
    case ExprKind::Call:
      if (expr.terms.empty()) break;
      print_term(out, expr.terms[0]);
      out += '(';
      print_list(out, expr.terms, 1);
      out += ')';
      break;
    case ExprKind::Some:
      out += "some ";
      if (expr.some_in && !expr.terms.empty() && expr.terms[0].kind == TermKind::Call) {
        const auto& items = expr.terms[0].items;
        for (size_t i = 1; i + 1 < items.size(); ++i) {
          if (i > 1) out += ", ";
          print_term(out, items[i]);
        }
        out += " in ";
        print_term(out, items.back());
      } else {
        print_list(out, expr.terms);
      }
      break;
    case ExprKind::Every:
      out += "every ";
      if (expr.terms.size() == 3) {
        if (!(expr.terms[0].kind == TermKind::Var && expr.terms[0].name.empty())) {
          print_term(out, expr.terms[0]);
          out += ", ";
        }
        print_term(out, expr.terms[1]);
        out += " in ";
        print_term(out, expr.terms[2]);
      }
      out += " { ";
      print_body(out, expr.body);
      out += " }";
      break;
  }
  for (const auto& with : expr.withs) {
    out += " with ";
    print_term(out, with.target);
    out += " as ";
    print_term(out, with.value);
  }
}

void print_body(std::string& out, const Body& body) {
  for (size_t i = 0; i < body.size(); ++i) {
    if (i > 0) out += "; ";
    print_expr(out, body[i]);
  }
}

void print_rule(std::string& out, const Rule& rule) {
  if (rule.is_default) out += "default ";
  const Head& head = rule.head;
  if (!head.ref.empty()) print_term(out, Term::ref(head.ref, head.loc));
  if (head.has_args) {
    out += '(';
    print_list(out, head.args);
    out += ')';
  }
  if (head.key) {
    out += " contains ";
    print_term(out, *head.key);
  }
  if (head.value) {
    out += head.assign ? " := " : " = ";
    print_term(out, *head.value);
  }
  if (!rule.body.empty()) {
    out += " if { ";
    print_body(out, rule.body);
    out += " }";
  }
  for (const auto& clause : rule.elses) {
    out += " else";
    if (clause.value) {
      out += " = ";
      print_term(out, *clause.value);
    }
    if (!clause.body.empty()) {
      out += " if { ";
      print_body(out, clause.body);
      out += " }";
    }
  }
}

}  // namespace

std::string ref_name(const Term& term) {
  if (term.kind == TermKind::Var) return term.name;
  if (term.kind != TermKind::Ref || term.items.empty() || term.items[0].kind != TermKind::Var) {
    return {};
  }
  std::string name = term.items[0].name;
  for (size_t i = 1; i < term.items.size(); ++i) {
    const Term& part = term.items[i];
    if (part.kind != TermKind::Scalar || !part.value.is_string()) return {};
    name += '.';
    name += part.value.as_string();
  }
  return name;
}

std::string to_string(const Term& term) {
  std::string out;
  print_term(out, term);
  return out;
}

std::string to_string(const Expr& expr) {
  std::string out;
  print_expr(out, expr);
  return out;
}

std::string to_string(const Body& body) {
  std::string out;
  print_body(out, body);
  return out;
}

std::string to_string(const Rule& rule) {
  std::string out;
  print_rule(out, rule);
  return out;
}

std::string to_string(const Module& module) {
  std::string out = "package ";
  const auto& parts = module.package.items;
  // The package prints without its implicit `data.` head.
  for (size_t i = 1; i < parts.size(); ++i) {
    if (i > 1) out += '.';
    if (parts[i].kind == TermKind::Scalar && parts[i].value.is_string()) {
      out += parts[i].value.as_string();
    } else {
      print_term(out, parts[i]);
    }
  }
  out += '\n';
  for (const auto& import : module.imports) {
    out += "import ";
    print_term(out, import.path);
    if (!import.alias.empty()) out += " as " + import.alias;
    out += '\n';
  }
  for (const auto& rule : module.rules) {
    print_rule(out, rule);
    out += '\n';
  }
  return out;
}

}  // namespace mg::rego::ast
