#include "manifest/loader.h"

#include <re2/re2.h>

#include <algorithm>
#include <atomic>
#include <exception>
#include <iostream>
#include <memory>
#include <thread>
#include <utility>

#include "manifest/kubernetes.h"
#include "manifest/source_files.h"
#include "manifest/source_positions.h"
#include "manifest/yaml_reader.h"
#include "rego/value/json.h"

namespace mg::manifest {

using rego::Value;

namespace {

enum class Format { Yaml, Json };

Format format_for(std::string_view name) {
  if (name.size() >= 5) {
    std::string ext(name.substr(name.size() - 5));
    for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (ext == ".json") return Format::Json;
  }
  return Format::Yaml;
}

int first_content_line(std::string_view text) {
  size_t p = text.find_first_not_of(" \t\r\n");
  return p == std::string_view::npos ? 1 : position_of_offset(text, p).line;
}

// The documents of one source, in order, with Lists replaced by their items.
struct RawDocument {
  Value value;
  int line = 0;
  int stream_document = 0;
  std::vector<int> item_lines;
};

void add_documents(const std::string& file, std::string_view text, std::vector<RawDocument> raw,
                   const std::shared_ptr<const std::string>& source, LoadResult& result) {
  int index = 0;
  auto add = [&](Value value, int line, int stream_document, int list_item) {
    Document doc;
    doc.value = std::move(value);
    doc.file = file;
    doc.index = index++;
    doc.line = line;
    doc.stream_document = stream_document;
    doc.list_item = list_item;
    doc.source = source;
    fill_identity(doc);
    result.documents.push_back(std::move(doc));
  };
  for (auto& r : raw) {
    if (!is_kubernetes_list(r.value)) {
      add(std::move(r.value), r.line, r.stream_document, -1);
      continue;
    }
    auto items = r.value.get("items")->as_array();
    if (r.item_lines.size() < items.size()) {
      // JSON carries no positions: find the items' lines by reading the text again.
      Value path[] = {Value::string("items")};
      r.item_lines.clear();
      for (const auto& p : find_node_positions(text, r.stream_document, path).children)
        r.item_lines.push_back(p.line);
    }
    for (size_t i = 0; i < items.size(); ++i) {
      if (items[i].is_null()) continue;
      int line = i < r.item_lines.size() ? r.item_lines[i] : r.line;
      add(items[i], line, r.stream_document, static_cast<int>(i));
    }
  }
}

void load_source(const std::string& file, std::string_view text, Format format,
                 const LoadOptions& options, bool keep_source, LoadResult& result) {
  result.files.push_back(file);
  if (text.size() > options.max_file_bytes) {
    result.errors.push_back(
        {file,
         {},
         "file is larger than the limit of " + std::to_string(options.max_file_bytes) + " bytes"});
    return;
  }
  if (size_t bad = rego::find_invalid_utf8(text); bad != std::string_view::npos) {
    result.errors.push_back(
        {file, position_of_offset(text, bad), "invalid UTF-8 (manifests must be UTF-8 text)"});
    return;
  }
  std::vector<RawDocument> raw;
  if (format == Format::Json) {
    rego::JsonLimits limits;
    limits.max_depth = options.max_depth;
    auto parsed = rego::parse_json(text, limits);
    if (auto* error = std::get_if<rego::JsonError>(&parsed)) {
      result.errors.push_back({file, {error->line, error->column}, error->message});
      return;
    }
    Value& value = std::get<Value>(parsed);
    if (!value.is_null())
      raw.push_back(RawDocument{std::move(value), first_content_line(text), 0, {}});
  } else {
    YamlLimits limits;
    limits.max_depth = options.max_depth;
    limits.max_alias_nodes = options.max_alias_nodes;
    YamlStream stream = read_yaml_stream(text, limits);
    raw.reserve(stream.documents.size());
    for (auto& d : stream.documents) {
      raw.push_back(
          RawDocument{std::move(d.value), d.line, d.stream_document, std::move(d.item_lines)});
    }
    for (auto& e : stream.errors)
      result.errors.push_back({file, {e.line, e.column}, std::move(e.message)});
  }
  std::shared_ptr<const std::string> source;
  if (keep_source) source = std::make_shared<const std::string>(text);
  add_documents(file, text, std::move(raw), source, result);
}

}  // namespace

namespace {

// One step of load_paths, in command-line order: a file to load, standard input already
// read, or an error found while expanding the paths. Each step fills its own result, so
// steps can run on any thread and still merge in a fixed order.
struct Step {
  enum class Kind { File, Stdin, Error } kind = Kind::File;
  std::string file;
  std::string text;  // standard input's
  LoadResult result;
};

void run_step(Step& step, const LoadOptions& options, std::string& buffer) {
  try {
    if (step.kind == Step::Kind::Stdin) {
      // Standard input cannot be read twice: keep its text for locate().
      load_source(options.stdin_name, step.text, Format::Yaml, options, true, step.result);
      step.text = {};
      return;
    }
    LoadError error;
    if (!read_file(step.file, options.max_file_bytes, buffer, error)) {
      step.result.errors.push_back(std::move(error));
      return;
    }
    load_source(step.file, buffer, format_for(step.file), options, false, step.result);
  } catch (const std::exception& e) {
    // Out of memory, most likely: that file fails, the others still load.
    step.result.errors.push_back({step.file, {}, std::string("cannot load: ") + e.what()});
  }
}

void run_steps(std::vector<Step>& steps, const LoadOptions& options) {
  size_t work = static_cast<size_t>(std::count_if(
      steps.begin(), steps.end(), [](const Step& s) { return s.kind != Step::Kind::Error; }));
  size_t jobs = options.jobs > 0 ? static_cast<size_t>(options.jobs)
                                 : std::max(1u, std::thread::hardware_concurrency());
  jobs = std::min(jobs, work);
  std::atomic<size_t> next{0};
  auto worker = [&] {
    std::string buffer;  // reused from file to file
    for (size_t i = next++; i < steps.size(); i = next++) {
      if (steps[i].kind != Step::Kind::Error) run_step(steps[i], options, buffer);
    }
  };
  if (jobs <= 1) {
    worker();
    return;
  }
  std::vector<std::thread> threads;
  threads.reserve(jobs - 1);
  for (size_t t = 1; t < jobs; ++t) threads.emplace_back(worker);
  worker();
  for (auto& t : threads) t.join();
}

template <typename T>
void append(std::vector<T>& to, std::vector<T>& from) {
  if (to.empty()) {
    to = std::move(from);
    return;
  }
  to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
}

}  // namespace

LoadResult load_paths(const std::vector<std::string>& paths, const LoadOptions& options) {
  LoadResult result;
  std::unique_ptr<re2::RE2> ignore;
  if (!options.ignore.empty()) {
    ignore = std::make_unique<re2::RE2>(options.ignore, re2::RE2::Quiet);
    if (!ignore->ok()) {
      result.errors.push_back({options.ignore, {}, "invalid --ignore pattern: " + ignore->error()});
      return result;
    }
  }
  std::vector<Step> steps;
  for (const auto& path : paths) {
    if (path == "-") {
      Step step;
      step.kind = Step::Kind::Stdin;
      LoadError error;
      if (!read_stream(std::cin, options.stdin_name, options.max_file_bytes, step.text, error)) {
        step.kind = Step::Kind::Error;
        step.result.errors.push_back(std::move(error));
      }
      steps.push_back(std::move(step));
      continue;
    }
    std::vector<std::string> files;
    std::vector<LoadError> errors;
    collect_files(path, ignore.get(), files, errors);
    for (auto& e : errors) {
      Step step;
      step.kind = Step::Kind::Error;
      step.result.errors.push_back(std::move(e));
      steps.push_back(std::move(step));
    }
    for (auto& f : files) {
      Step step;
      step.file = std::move(f);
      steps.push_back(std::move(step));
    }
  }
  run_steps(steps, options);
  for (auto& step : steps) {
    append(result.files, step.result.files);
    append(result.documents, step.result.documents);
    append(result.errors, step.result.errors);
  }
  return result;
}

LoadResult load_text(const std::string& file_name, std::string_view text,
                     const LoadOptions& options) {
  LoadResult result;
  load_source(file_name, text, format_for(file_name), options, true, result);
  return result;
}

std::optional<Position> locate(const Document& document, std::span<const rego::Value> path) {
  std::string text;
  if (document.source) {
    text = *document.source;
  } else {
    LoadError error;
    if (!read_file(document.file, LoadOptions{}.max_file_bytes, text, error)) return std::nullopt;
  }
  std::vector<Value> full;
  full.reserve(path.size() + 2);
  if (document.list_item >= 0) {
    full.push_back(Value::string("items"));
    full.push_back(Value::integer(document.list_item));
  }
  full.insert(full.end(), path.begin(), path.end());
  return find_node_positions(text, document.stream_document, full).node;
}

std::string LoadError::to_string() const {
  std::string out = file;
  if (pos.line > 0) {
    out += ":" + std::to_string(pos.line);
    if (pos.column > 0) out += ":" + std::to_string(pos.column);
  }
  return out + ": " + message;
}

}  // namespace mg::manifest
