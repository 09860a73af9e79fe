#include "gate/runner.h"

#include <algorithm>
#include <atomic>
#include <thread>

#include "rego/value/json.h"

namespace mg::gate {

namespace {

bool has_prefix_rule(std::string_view name, std::string_view prefix) {
  return name == prefix || (name.size() > prefix.size() + 1 &&
                            name.substr(0, prefix.size()) == prefix && name[prefix.size()] == '_');
}

// The messages a rule's value holds: a set (or array) of strings or objects with `msg`, or a
// single such value; `true` from a boolean rule counts as one message without text.
std::vector<std::pair<std::string, rego::Value>> messages_of(const rego::Value& value,
                                                             std::string_view rule) {
  std::vector<std::pair<std::string, rego::Value>> out;
  auto one = [&](const rego::Value& m) {
    if (m.is_string()) {
      out.emplace_back(std::string(m.as_string()), rego::Value());
    } else if (m.is_object()) {
      const rego::Value* msg = m.get("msg");
      out.emplace_back(msg && msg->is_string() ? std::string(msg->as_string()) : rego::to_json(m),
                       m);
    } else if (m.is_true()) {
      out.emplace_back(std::string(rule), rego::Value());
    } else if (!m.is_false() && !m.is_null()) {
      out.emplace_back(rego::to_json(m), rego::Value());
    }
  };
  if (value.is_set()) {
    for (const auto& m : value.as_set()) one(m);
  } else if (value.is_array()) {
    for (const auto& m : value.as_array()) one(m);
  } else {
    one(value);
  }
  return out;
}

std::shared_ptr<rego::PreparedQuery> prepare_query(const rego::PolicyPtr& policy,
                                                   const std::string& text,
                                                   std::vector<RunError>& errors) {
  auto prepared = rego::PreparedQuery::prepare(policy, text);
  if (auto* errs = std::get_if<rego::RegoErrors>(&prepared)) {
    for (const auto& e : *errs)
      errors.push_back(
          RunError{e.loc.file_name(), e.loc.row, e.loc.col, e.code + ": " + e.message});
    return nullptr;
  }
  return std::make_shared<rego::PreparedQuery>(std::move(std::get<rego::PreparedQuery>(prepared)));
}

}  // namespace

bool is_failure_rule(std::string_view name) {
  return has_prefix_rule(name, "deny") || has_prefix_rule(name, "violation");
}

bool is_warning_rule(std::string_view name) {
  return has_prefix_rule(name, "warn");
}

std::string rule_suffix(std::string_view name) {
  for (std::string_view prefix : {"deny", "violation", "warn"}) {
    if (name == prefix) return "";
    if (has_prefix_rule(name, prefix)) return std::string(name.substr(prefix.size() + 1));
  }
  return std::string(name);
}

bool namespace_matches(std::string_view pattern, std::string_view name) {
  // Iterative wildcard match: `*` matches any run of characters.
  size_t p = 0, n = 0, star = std::string_view::npos, mark = 0;
  while (n < name.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = n;
    } else if (p < pattern.size() && pattern[p] == name[n]) {
      ++p;
      ++n;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      n = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

std::variant<Runner, std::vector<RunError>> Runner::prepare(rego::PolicyPtr policy,
                                                            const RunOptions& options) {
  Runner runner;
  runner.policy_ = policy;
  runner.options_ = options;
  std::vector<RunError> errors;
  for (const auto& package : policy->packages()) {
    bool selected = options.all_namespaces;
    for (const auto& pattern : options.namespaces)
      selected = selected || namespace_matches(pattern, package);
    if (!selected) continue;
    Namespace ns;
    ns.name = package;
    for (const auto& info : policy->rules(package)) {
      if (info.name == "exception") {
        ns.exceptions = prepare_query(policy, "data." + package + ".exception", errors);
        continue;
      }
      bool warning = is_warning_rule(info.name);
      if (!warning && !is_failure_rule(info.name)) continue;
      ns.rules.push_back(Rule{info.name, info.file, info.row, warning,
                              prepare_query(policy, "data." + package + "." + info.name, errors)});
    }
    if (ns.rules.empty()) continue;
    runner.namespace_names_.push_back(package);
    runner.namespaces_.push_back(std::move(ns));
  }
  if (!errors.empty()) return errors;
  return runner;
}

void Runner::check(const rego::Value& input, DocumentResult& out,
                   std::vector<RunError>& errors) const {
  rego::EvalOptions eval_options;
  eval_options.strict_builtin_errors = options_.strict_builtin_errors;
  eval_options.print = [&](std::string_view line) { out.prints.emplace_back(line); };
  out.namespaces = namespace_names_;
  for (const auto& ns : namespaces_) {
    int successes_here = 0;
    try {
      std::vector<std::string> excepted;
      if (ns.exceptions) {
        if (auto v = ns.exceptions->eval_value(&input, eval_options)) {
          for (const auto& entry : v->as_set()) {
            for (const auto& name : entry.as_array()) {
              if (name.is_string()) excepted.emplace_back(name.as_string());
            }
          }
        }
      }
      for (const auto& rule : ns.rules) {
        auto value = rule.query->eval_value(&input, eval_options);
        std::vector<std::pair<std::string, rego::Value>> messages;
        if (value) messages = messages_of(*value, rule.name);
        if (messages.empty()) {
          ++out.successes;
          ++successes_here;
          continue;
        }
        bool is_exception =
            std::find(excepted.begin(), excepted.end(), rule_suffix(rule.name)) != excepted.end();
        for (auto& [message, details] : messages) {
          Finding f;
          f.outcome = is_exception   ? Outcome::Exception
                      : rule.warning ? Outcome::Warning
                                     : Outcome::Failure;
          f.message = std::move(message);
          f.details = std::move(details);
          f.namespace_ = ns.name;
          f.rule = rule.name;
          f.policy_file = rule.file;
          f.policy_line = rule.line;
          f.line = out.line;
          out.findings.push_back(std::move(f));
        }
      }
      out.namespace_successes.emplace_back(ns.name, successes_here);
    } catch (const rego::EvalError& e) {
      const auto& err = e.error();
      std::string where =
          err.loc.row > 0 ? " (at " + err.loc.file_name() + ":" + std::to_string(err.loc.row) + ")"
                          : "";
      errors.push_back(RunError{out.file, out.line, 0, err.code + ": " + err.message + where});
    }
  }
  std::stable_sort(out.findings.begin(), out.findings.end(),
                   [](const Finding& a, const Finding& b) { return a.outcome < b.outcome; });
}

RunResult Runner::run(const std::vector<manifest::Document>& documents) const {
  RunResult result;
  if (options_.combine) {
    // conftest's combined input: every document with the path it came from.
    std::vector<rego::Value> items;
    for (const auto& d : documents) {
      items.push_back(
          rego::Value::object({{rego::Value::string("path"), rego::Value::string(d.file)},
                               {rego::Value::string("contents"), d.value}}));
    }
    rego::Value input = rego::Value::array(std::move(items));
    DocumentResult out;
    out.file = "Combined";
    check(input, out, result.errors);
    result.documents.push_back(std::move(out));
    return result;
  }
  result.documents.resize(documents.size());
  std::vector<std::vector<RunError>> errors(documents.size());
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next++; i < documents.size(); i = next++) {
      const auto& d = documents[i];
      auto& out = result.documents[i];
      out.file = d.file;
      out.index = d.index;
      out.line = d.line;
      out.api_version = d.api_version;
      out.kind = d.kind;
      out.namespace_ = d.namespace_;
      out.name = d.name;
      check(d.value, out, errors[i]);
    }
  };
  int jobs = options_.jobs > 0
                 ? options_.jobs
                 : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  jobs = std::min<int>(jobs, static_cast<int>(std::max<size_t>(1, documents.size() / 16)));
  if (jobs <= 1) {
    work();
  } else {
    std::vector<std::thread> threads;
    for (int t = 0; t < jobs; ++t) threads.emplace_back(work);
    for (auto& t : threads) t.join();
  }
  for (auto& e : errors) result.errors.insert(result.errors.end(), e.begin(), e.end());
  return result;
}

}  // namespace mg::gate
