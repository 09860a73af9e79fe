#include "gate/runner.h"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <thread>

#include "gate/field_trace.h"
#include "manifest/loader.h"
#include "rego/eval/ir.h"
#include "rego/value/json.h"

namespace mg::gate {

namespace {

bool has_prefix_rule(std::string_view name, std::string_view prefix) {
  return name == prefix || (name.size() > prefix.size() + 1 &&
                            name.substr(0, prefix.size()) == prefix && name[prefix.size()] == '_');
}

struct Message {
  std::string text;
  rego::Value details;  // the whole message object when the rule produced one, else null
  rego::Value member;   // the value as the rule derived it
};

// The messages a rule's value holds: a set (or array) of strings or objects with `msg`, or a
// single such value; `true` from a boolean rule counts as one message without text.
std::vector<Message> messages_of(const rego::Value& value, std::string_view rule) {
  std::vector<Message> out;
  auto one = [&](const rego::Value& m) {
    if (m.is_string()) {
      out.push_back(Message{std::string(m.as_string()), rego::Value(), m});
    } else if (m.is_object()) {
      const rego::Value* msg = m.get("msg");
      out.push_back(Message{
          msg && msg->is_string() ? std::string(msg->as_string()) : rego::to_json(m), m, m});
    } else if (m.is_true()) {
      out.push_back(Message{std::string(rule), rego::Value(), m});
    } else if (!m.is_false() && !m.is_null()) {
      out.push_back(Message{rego::to_json(m), rego::Value(), m});
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

// conftest's `_loc` on a message object: {"file": "...", "line": N}, either part optional.
bool apply_policy_location(const rego::Value& details, Finding& f) {
  const rego::Value* loc = details.get("_loc");
  if (!loc || !loc->is_object()) return false;
  const rego::Value* file = loc->get("file");
  const rego::Value* line = loc->get("line");
  bool has_file = file && file->is_string() && !file->as_string().empty();
  bool has_line = line && line->is_integer() && line->as_int() > 0 && line->as_int() <= INT32_MAX;
  if (!has_file && !has_line) return false;
  if (has_file) f.file = std::string(file->as_string());
  f.line = has_line ? static_cast<int>(line->as_int()) : (has_file ? 0 : f.line);
  f.column = 0;
  return true;
}

// data.conftest.file for one checked file: its base name and directory, absolute, as
// conftest gives them. Plain string work: std::filesystem's normalisation costs more than
// evaluating a document, so it runs only for paths with "." or ".." segments.
rego::Value conftest_file(const std::string& file, const std::string& working_directory) {
  std::string path = !file.empty() && file[0] == '/' ? file : working_directory + "/" + file;
  if (path.find("/.") != std::string::npos || path.find("//") != std::string::npos)
    path = std::filesystem::path(path).lexically_normal().string();
  size_t slash = path.rfind('/');
  std::string dir = slash == 0 ? "/" : path.substr(0, slash);
  return rego::Value::object(
      {{rego::Value::string("name"), rego::Value::string(path.substr(slash + 1))},
       {rego::Value::string("dir"), rego::Value::string(dir)}});
}

// How many definitions (bodies, defaults included) a rule has: conftest counts each as a test.
int definitions_of(const rego::Policy& policy, const std::string& package,
                   const std::string& name) {
  const rego::ir::RuleNode* node = &policy.root();
  size_t start = 0;
  while (node && start <= package.size()) {
    size_t dot = std::min(package.find('.', start), package.size());
    node = node->child(std::string_view(package).substr(start, dot - start));
    start = dot + 1;
  }
  if (node) node = node->child(name);
  if (!node) return 1;
  return std::max<int>(1, static_cast<int>(node->rules.size()) + (node->default_rule ? 1 : 0));
}

// Points findings at the field their rule examined: the input's node paths are collected on
// the first finding that needs them, and each path is looked up in the file once.
class FieldLocator {
 public:
  FieldLocator(const rego::Value& input, const manifest::Document& document)
      : input_(input), document_(document) {}

  void locate(const Derivation& derivation, Finding& f) {
    if (!paths_) paths_.emplace(input_);
    auto path = paths_->deepest(derivation.touched);
    if (!path || path->empty()) return;
    f.field = path_text(*path);
    auto [it, added] = positions_.try_emplace(f.field);
    if (added) it->second = manifest::locate(document_, *path);
    if (it->second) {
      f.line = it->second->line;
      f.column = it->second->column;
    }
  }

 private:
  const rego::Value& input_;
  const manifest::Document& document_;
  std::optional<InputPaths> paths_;
  std::map<std::string, std::optional<manifest::Position>> positions_;
};

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

std::variant<Runner, std::vector<RunError>> Runner::prepare(const rego::PolicyPtr& policy,
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
      std::string path = "data." + package + "." + info.name;
      ns.rules.push_back(
          Rule{info.name, path, info.file, info.row, warning, prepare_query(policy, path, errors)});
      ns.definitions += definitions_of(*policy, package, info.name);
    }
    if (ns.rules.empty()) continue;
    runner.namespace_names_.push_back(package);
    runner.namespaces_.push_back(std::move(ns));
  }
  if (!errors.empty()) return errors;
  return runner;
}

void Runner::check(const rego::Value& input, const manifest::Document* document,
                   const rego::Value& file_info, DocumentResult& out,
                   std::vector<RunError>& errors) const {
  DerivationRecorder recorder;
  bool locate = options_.locate_fields && document;
  std::optional<FieldLocator> locator;
  rego::EvalOptions eval_options;
  eval_options.strict_builtin_errors = options_.strict_builtin_errors;
  eval_options.print = [&](std::string_view line) { out.prints.emplace_back(line); };
  eval_options.data_overrides = {{{"conftest", "file"}, file_info}};
  if (locate) eval_options.observer = &recorder;
  rego::EvalOptions exception_options = eval_options;
  exception_options.observer = nullptr;
  out.namespaces = namespace_names_;
  for (const auto& ns : namespaces_) {
    int successes_here = 0;
    size_t first_finding = out.findings.size();
    try {
      std::vector<std::string> excepted;
      if (ns.exceptions) {
        if (auto v = ns.exceptions->eval_value(&input, exception_options)) {
          for (const auto& entry : v->as_set()) {
            for (const auto& name : entry.as_array()) {
              if (name.is_string()) excepted.emplace_back(name.as_string());
            }
          }
        }
      }
      for (const auto& rule : ns.rules) {
        recorder.clear();
        auto value = rule.query->eval_value(&input, eval_options);
        std::vector<Message> messages;
        if (value) messages = messages_of(*value, rule.name);
        if (messages.empty()) {
          ++successes_here;
          continue;
        }
        bool is_exception =
            std::find(excepted.begin(), excepted.end(), rule_suffix(rule.name)) != excepted.end();
        for (auto& m : messages) {
          Finding f;
          f.outcome = is_exception   ? Outcome::Exception
                      : rule.warning ? Outcome::Warning
                                     : Outcome::Failure;
          f.message = std::move(m.text);
          f.namespace_ = ns.name;
          f.rule = rule.name;
          f.policy_file = rule.file;
          f.policy_line = rule.line;
          f.line = out.line;
          const Derivation* derivation = locate ? recorder.find(rule.path, m.member) : nullptr;
          if (derivation) {
            f.policy_file = derivation->policy_file;
            f.policy_line = derivation->policy_line;
          }
          if (!apply_policy_location(m.details, f) && derivation) {
            if (!locator) locator.emplace(input, *document);
            locator->locate(*derivation, f);
          }
          f.details = std::move(m.details);
          out.findings.push_back(std::move(f));
        }
      }
      // conftest counts a test per rule definition: definitions beyond the results found
      // (several `deny` bodies, one of which fired) are successes too.
      int results = successes_here + static_cast<int>(out.findings.size() - first_finding);
      if (results < ns.definitions) successes_here += ns.definitions - results;
      out.successes += successes_here;
      out.namespace_successes.emplace_back(ns.name, successes_here);
    } catch (const rego::EvalError& e) {
      out.findings.resize(first_finding);
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
  std::error_code ec;
  const std::string working_directory = std::filesystem::current_path(ec).string();
  if (options_.combine) {
    // conftest's combined input: every document with the path it came from.
    std::vector<rego::Value> items;
    items.reserve(documents.size());
    for (const auto& d : documents) {
      items.push_back(
          rego::Value::object({{rego::Value::string("path"), rego::Value::string(d.file)},
                               {rego::Value::string("contents"), d.value}}));
    }
    rego::Value input = rego::Value::array(std::move(items));
    DocumentResult out;
    out.file = "Combined";
    check(input, nullptr, conftest_file(out.file, working_directory), out, result.errors);
    result.documents.push_back(std::move(out));
    return result;
  }
  result.documents.resize(documents.size());
  std::vector<std::vector<RunError>> errors(documents.size());
  std::atomic<size_t> next{0};
  auto work = [&] {
    // Documents of one file come one after another: their data.conftest.file is shared.
    const std::string* info_file = nullptr;
    rego::Value file_info;
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
      if (!info_file || *info_file != d.file) {
        info_file = &d.file;
        file_info = conftest_file(d.file, working_directory);
      }
      check(d.value, &d, file_info, out, errors[i]);
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
    threads.reserve(static_cast<size_t>(jobs));
    for (int t = 0; t < jobs; ++t) threads.emplace_back(work);
    for (auto& t : threads) t.join();
  }
  for (auto& e : errors) result.errors.insert(result.errors.end(), e.begin(), e.end());
  return result;
}

}  // namespace mg::gate
