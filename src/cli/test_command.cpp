#include <iostream>

#include "cli/commands.h"

namespace mg::cli {

void add_test_command(CLI::App& app, int& exit_code) {
  auto* sub = app.add_subcommand("test", "(not implemented yet)");
  sub->allow_extras();
  sub->callback([&exit_code] {
    std::cerr << "manifestgate test: not implemented yet\n";
    exit_code = 2;
  });
}

}  // namespace mg::cli
