#pragma once

// Each subcommand lives in its own file and adds itself to the application here. A
// subcommand's callback stores its exit code (0, 1 or 2, see DESIGN.md) in `exit_code`.

#include <CLI/CLI.hpp>

namespace mg::cli {

void add_parse_command(CLI::App& app, int& exit_code);
void add_eval_command(CLI::App& app, int& exit_code);
void add_check_command(CLI::App& app, int& exit_code);
void add_test_command(CLI::App& app, int& exit_code);
void add_verify_command(CLI::App& app, int& exit_code);
void add_rules_command(CLI::App& app, int& exit_code);
void add_capabilities_command(CLI::App& app, int& exit_code);

}  // namespace mg::cli
