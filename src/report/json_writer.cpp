// conftest's JSON result list (filename, namespace, successes, failures, warnings,
// exceptions), one entry per document and namespace, plus the document index, its line and
// the resource it describes, and for each finding the rule and policy place behind it.

#include "rego/value/json.h"
#include "report/writers.h"

namespace mg::report {

namespace {
using rego::Value;

Value str(std::string_view s) {
  return Value::string(s);
}

Value finding_value(const gate::Finding& f) {
  std::vector<rego::ObjectEntry> entries = {
      {str("msg"), str(f.message)},
      {str("rule"), str(f.rule)},
      {str("line"), Value::integer(f.line)},
      {str("policy"), Value::object({{str("file"), str(f.policy_file)},
                                     {str("line"), Value::integer(f.policy_line)}})},
  };
  if (f.details.is_object()) {
    std::vector<rego::ObjectEntry> metadata;
    for (const auto& [k, v] : f.details.as_object()) {
      if (!(k.is_string() && k.as_string() == "msg")) metadata.emplace_back(k, v);
    }
    if (!metadata.empty())
      entries.emplace_back(str("metadata"), Value::object(std::move(metadata)));
  }
  return Value::object(std::move(entries));
}
}  // namespace

void write_json(const gate::RunResult& result, const ReportOptions& options, std::ostream& out) {
  std::vector<Value> entries;
  for (const auto& doc : result.documents) {
    for (const auto& [ns, successes] : doc.namespace_successes) {
      std::vector<Value> failures, warnings, exceptions;
      for (const auto& f : doc.findings) {
        if (f.namespace_ != ns) continue;
        if (f.outcome == gate::Outcome::Failure) failures.push_back(finding_value(f));
        if (f.outcome == gate::Outcome::Warning) warnings.push_back(finding_value(f));
        if (f.outcome == gate::Outcome::Exception && !options.suppress_exceptions) {
          exceptions.push_back(finding_value(f));
        }
      }
      entries.push_back(Value::object({
          {str("filename"), str(doc.file)},
          {str("namespace"), str(ns)},
          {str("document"), Value::integer(doc.index)},
          {str("line"), Value::integer(doc.line)},
          {str("resource"), Value::object({{str("apiVersion"), str(doc.api_version)},
                                           {str("kind"), str(doc.kind)},
                                           {str("namespace"), str(doc.namespace_)},
                                           {str("name"), str(doc.name)}})},
          {str("successes"), Value::integer(successes)},
          {str("failures"), Value::array(std::move(failures))},
          {str("warnings"), Value::array(std::move(warnings))},
          {str("exceptions"), Value::array(std::move(exceptions))},
      }));
    }
  }
  out << rego::to_json_pretty(Value::array(std::move(entries)), "\t") << "\n";
}

}  // namespace mg::report
