// conftest's JSON result list (filename, namespace, successes, failures, warnings,
// exceptions), one entry per document and namespace, plus the document index, its line and
// the resource it describes. Each finding keeps conftest's `msg`, `loc` ({file, line}) and
// `metadata` (the message object's other fields) and adds the rule, the field it examined,
// its line and column, and the policy place behind it.
//
// conftest has no place for errors (it stops at the first one). Here every entry carries an
// `errors` array, and each error that kept something from being evaluated is an entry of its
// own: its filename, an empty namespace, no results, and the error in `errors`. A reader that
// knows only conftest's fields still parses every entry and counts nothing for it; the exit
// code (2) tells that something could not be evaluated.

#include "rego/value/json.h"
#include "report/writers.h"

namespace mg::report {

namespace {
using rego::Value;

Value str(std::string_view s) {
  return Value::string(s);
}

Value finding_value(const gate::Finding& f, const gate::DocumentResult& doc) {
  std::vector<rego::ObjectEntry> entries = {
      {str("msg"), str(f.message)},
      {str("loc"), Value::object({{str("file"), str(finding_file(doc, f))},
                                  {str("line"), Value::integer(f.line)}})},
      {str("rule"), str(f.rule)},
      {str("field"), str(f.field)},
      {str("line"), Value::integer(f.line)},
      {str("column"), Value::integer(f.column)},
      {str("policy"), Value::object({{str("file"), str(f.policy_file)},
                                     {str("line"), Value::integer(f.policy_line)}})},
  };
  if (f.details.is_object()) {
    // conftest's reserved fields (msg, _loc) are not metadata.
    std::vector<rego::ObjectEntry> metadata;
    for (const auto& [k, v] : f.details.as_object()) {
      bool reserved = k.is_string() && (k.as_string() == "msg" || k.as_string() == "_loc");
      if (!reserved) metadata.emplace_back(k, v);
    }
    if (!metadata.empty())
      entries.emplace_back(str("metadata"), Value::object(std::move(metadata)));
  }
  return Value::object(std::move(entries));
}

Value error_entry(const gate::RunError& e) {
  return Value::object({
      {str("filename"), str(e.file)},
      {str("namespace"), str("")},
      {str("successes"), Value::integer(0)},
      {str("failures"), Value::empty_array()},
      {str("warnings"), Value::empty_array()},
      {str("exceptions"), Value::empty_array()},
      {str("errors"), Value::array({Value::object({
                          {str("msg"), str(e.message)},
                          {str("line"), Value::integer(e.line)},
                          {str("column"), Value::integer(e.column)},
                      })})},
  });
}
}  // namespace

void write_json(const gate::RunResult& result, const ReportOptions& options, std::ostream& out) {
  std::vector<Value> entries;
  for (const auto& doc : result.documents) {
    for (const auto& [ns, successes] : doc.namespace_successes) {
      std::vector<Value> failures, warnings, exceptions;
      for (const auto& f : doc.findings) {
        if (f.namespace_ != ns) continue;
        if (f.outcome == gate::Outcome::Failure) failures.push_back(finding_value(f, doc));
        if (f.outcome == gate::Outcome::Warning) warnings.push_back(finding_value(f, doc));
        if (f.outcome == gate::Outcome::Exception && !options.suppress_exceptions) {
          exceptions.push_back(finding_value(f, doc));
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
          {str("errors"), Value::empty_array()},
      }));
    }
  }
  for (const auto& e : result.errors) entries.push_back(error_entry(e));
  out << rego::to_json_pretty(Value::array(std::move(entries)), "\t") << "\n";
}

}  // namespace mg::report
