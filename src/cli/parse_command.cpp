#include <iostream>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "manifest/loader.h"
#include "rego/value/json.h"

namespace mg::cli {

namespace {

struct ParseOptions {
  std::vector<std::string> paths;
  manifest::LoadOptions load;
};

int run_parse(const ParseOptions& options) {
  if (options.paths.empty()) {
    std::cerr << "manifestgate parse: give at least one path (or - for standard input)\n";
    return 2;
  }
  manifest::LoadResult result = manifest::load_paths(options.paths, options.load);
  std::set<std::string> failed;
  for (const auto& e : result.errors) failed.insert(e.file);

  // Like `conftest parse`, one JSON value per file; with several files each is preceded by
  // its name. A file that failed before yielding any document is reported on stderr only.
  const bool headers = result.files.size() > 1;
  std::string out;
  size_t next = 0;
  for (const auto& file : result.files) {
    std::vector<rego::Value> values;
    int previous_index = -1;
    while (next < result.documents.size() && result.documents[next].file == file &&
           result.documents[next].index > previous_index) {
      previous_index = result.documents[next].index;
      values.push_back(result.documents[next++].value);
    }
    if (values.empty() && failed.count(file) != 0) continue;
    if (headers) out += file + "\n";
    out += rego::to_json_pretty(rego::Value::array(std::move(values)));
    out += "\n";
  }
  std::cout << out << std::flush;
  for (const auto& e : result.errors) std::cerr << e.to_string() << "\n";
  return result.errors.empty() ? 0 : 2;
}

}  // namespace

void add_parse_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<ParseOptions>();
  auto* sub = app.add_subcommand("parse", "Print the JSON documents that policies will see");
  sub->add_option("paths", options->paths,
                  "Files, directories (searched recursively) or - for standard input");
  sub->add_option("--ignore", options->load.ignore,
                  "Skip paths matching this regular expression (RE2)");
  sub->add_option("--stdin-filename", options->load.stdin_name,
                  "Name given to documents read from standard input");
  sub->callback([options, &exit_code] { exit_code = run_parse(*options); });
}

}  // namespace mg::cli
