#include <iostream>

#include "cli/commands.h"

namespace mg::cli {

void add_parse_command(CLI::App& app, int& exit_code) {
  auto* sub = app.add_subcommand("parse", "(not implemented yet)");
  sub->allow_extras();
  sub->callback([&exit_code] {
    std::cerr << "manifestgate parse: not implemented yet\n";
    exit_code = 2;
  });
}

}  // namespace mg::cli
