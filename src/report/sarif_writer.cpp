// SARIF 2.1.0, as GitHub code scanning accepts it: one run whose driver lists one rule per
// policy rule that produced a finding ("main/deny_latest_tag", sorted, so indices are stable),
// and one result per finding at the line and column it points at (the field its rule
// examined, else the document's first line; the field's path is a result property). Failures are
// level "error" and warnings "warning"; exceptions are kept as level "note" with an "inSource"
// suppression, so the record of what a policy exempted survives while code scanning does not raise
// it as an alert. Errors that kept something from being evaluated become the invocation's
// toolExecutionNotifications, and make executionSuccessful false. Paths are relative URIs
// against %SRCROOT% (absolute ones inside the working directory are made relative).

#include <algorithm>
#include <filesystem>
#include <map>

#include "gate/runner.h"
#include "rego/value/json.h"
#include "report/groups.h"
#include "report/writers.h"

// MG_VERSION is the CMake project version, defined for this library in CMakeLists.txt.

namespace mg::report {

namespace {
using rego::Value;

constexpr const char* kSchema = "https://json.schemastore.org/sarif-2.1.0.json";

Value str(std::string_view s) {
  return Value::string(s);
}

Value object(std::vector<rego::ObjectEntry> entries) {
  return Value::object(std::move(entries));
}

bool unreserved_in_path(unsigned char c) {
  bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  return alnum ||
         std::string_view("-._~/!$&'()*+,;=@").find(static_cast<char>(c)) != std::string_view::npos;
}

std::string percent_encode(std::string_view path) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (char ch : path) {
    auto c = static_cast<unsigned char>(ch);
    if (c < 0x80 && unreserved_in_path(c)) {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  return out;
}

struct ArtifactUri {
  std::string uri;
  bool relative = true;
};

ArtifactUri artifact_uri(const std::string& file) {
  namespace fs = std::filesystem;
  fs::path path(file);
  if (path.is_absolute()) {
    std::error_code ec;
    fs::path cwd = fs::current_path(ec);
    fs::path rel = ec ? fs::path() : path.lexically_relative(cwd);
    if (rel.empty() || *rel.begin() == "..") {
      return {"file://" + percent_encode(path.lexically_normal().generic_string()), false};
    }
    path = rel;
  }
  std::string generic = path.lexically_normal().generic_string();
  return {percent_encode(generic), true};
}

Value physical_location(const std::string& file, int line, int column) {
  ArtifactUri artifact = artifact_uri(file);
  std::vector<rego::ObjectEntry> location = {{str("uri"), str(artifact.uri)}};
  if (artifact.relative) location.emplace_back(str("uriBaseId"), str("%SRCROOT%"));
  std::vector<rego::ObjectEntry> physical = {{str("artifactLocation"), object(location)}};
  if (line > 0) {
    std::vector<rego::ObjectEntry> region = {{str("startLine"), Value::integer(line)}};
    if (column > 0) region.emplace_back(str("startColumn"), Value::integer(column));
    physical.emplace_back(str("region"), object(std::move(region)));
  }
  return object({{str("physicalLocation"), object(std::move(physical))}});
}

const char* level_of(gate::Outcome outcome) {
  switch (outcome) {
    case gate::Outcome::Failure:
      return "error";
    case gate::Outcome::Warning:
      return "warning";
    case gate::Outcome::Exception:
      return "note";
  }
  return "none";
}

struct RuleInfo {
  std::string namespace_, name, policy_file;
  int policy_line = 0;
};

Value rule_value(const std::string& id, const RuleInfo& rule) {
  bool warning = gate::is_warning_rule(rule.name);
  std::string description = std::string(warning ? "Warning" : "Denying") + " rule " + rule.name +
                            " of package " + rule.namespace_;
  std::string where = rule.policy_file;
  if (rule.policy_line > 0) where += ":" + std::to_string(rule.policy_line);
  std::vector<rego::ObjectEntry> properties = {{str("namespace"), str(rule.namespace_)}};
  if (!where.empty()) properties.emplace_back(str("policy"), str(where));
  return object({
      {str("id"), str(id)},
      {str("name"), str(rule.name)},
      {str("shortDescription"), object({{str("text"), str(description)}})},
      {str("defaultConfiguration"), object({{str("level"), str(warning ? "warning" : "error")}})},
      {str("properties"), object(std::move(properties))},
  });
}

Value result_value(const gate::Finding& f, const gate::DocumentResult& doc, int rule_index) {
  std::vector<rego::ObjectEntry> properties = {{str("document"), Value::integer(doc.index)}};
  if (!f.field.empty()) properties.emplace_back(str("field"), str(f.field));
  if (!doc.resource().empty()) properties.emplace_back(str("resource"), str(doc.resource()));
  if (f.details.is_object()) properties.emplace_back(str("details"), f.details);
  std::vector<rego::ObjectEntry> entries = {
      {str("ruleId"), str(rule_id(f))},
      {str("ruleIndex"), Value::integer(rule_index)},
      {str("level"), str(level_of(f.outcome))},
      {str("message"), object({{str("text"), str(f.message)}})},
      {str("locations"), Value::array({physical_location(finding_file(doc, f), f.line, f.column)})},
      {str("properties"), object(std::move(properties))},
  };
  if (f.outcome == gate::Outcome::Exception) {
    entries.emplace_back(
        str("suppressions"),
        Value::array(
            {object({{str("kind"), str("inSource")},
                     {str("justification"), str("exception rule of package " + f.namespace_)}})}));
  }
  return object(std::move(entries));
}

Value notification_value(const gate::RunError& e) {
  std::vector<rego::ObjectEntry> entries = {
      {str("level"), str("error")},
      {str("message"), object({{str("text"), str(e.message)}})},
  };
  if (!e.file.empty()) {
    entries.emplace_back(str("locations"),
                         Value::array({physical_location(e.file, e.line, e.column)}));
  }
  return object(std::move(entries));
}
}  // namespace

void write_sarif(const gate::RunResult& result, const ReportOptions& options, std::ostream& out) {
  auto groups = group_findings(result, options);
  std::vector<std::pair<const gate::Finding*, const gate::DocumentResult*>> findings;
  for (const auto& group : groups) {
    for (const auto* list : {&group.failures, &group.warnings, &group.exceptions}) {
      for (const auto* f : *list) findings.emplace_back(f, group.document);
    }
  }

  std::map<std::string, RuleInfo> rules;  // sorted by id: the index of a rule is its rank
  for (const auto& [f, _] : findings) {
    rules.try_emplace(rule_id(*f),
                      RuleInfo{f->namespace_, f->rule, f->policy_file, f->policy_line});
  }
  std::map<std::string, int> index;
  std::vector<Value> rule_values;
  rule_values.reserve(rules.size());
  for (const auto& [id, rule] : rules) {
    index[id] = static_cast<int>(rule_values.size());
    rule_values.push_back(rule_value(id, rule));
  }

  std::vector<Value> results;
  results.reserve(findings.size());
  for (const auto& [f, doc] : findings)
    results.push_back(result_value(*f, *doc, index[rule_id(*f)]));
  std::vector<Value> notifications;
  notifications.reserve(result.errors.size());
  for (const auto& e : result.errors) notifications.push_back(notification_value(e));

  Value driver = object({
      {str("name"), str("manifestgate")},
      {str("version"), str(MG_VERSION)},
      {str("semanticVersion"), str(MG_VERSION)},
      {str("rules"), Value::array(std::move(rule_values))},
  });
  Value invocation = object({
      {str("executionSuccessful"), Value::boolean(result.errors.empty())},
      {str("toolExecutionNotifications"), Value::array(std::move(notifications))},
  });
  Value run = object({
      {str("tool"), object({{str("driver"), driver}})},
      {str("results"), Value::array(std::move(results))},
      {str("invocations"), Value::array({invocation})},
  });
  Value log = object({
      {str("$schema"), str(kSchema)},
      {str("version"), str("2.1.0")},
      {str("runs"), Value::array({run})},
  });
  out << rego::to_json_pretty(log, "  ") << "\n";
}

}  // namespace mg::report
