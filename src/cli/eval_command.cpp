#include <iostream>

#include "cli/commands.h"

namespace mg::cli {

void add_eval_command(CLI::App& app, int& exit_code) {
  auto* sub = app.add_subcommand("eval", "(not implemented yet)");
  sub->allow_extras();
  sub->callback([&exit_code] {
    std::cerr << "manifestgate eval: not implemented yet\n";
    exit_code = 2;
  });
}

}  // namespace mg::cli
