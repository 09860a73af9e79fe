#include <iostream>

#include "cli/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"manifestgate: check Kubernetes manifests against Rego policy"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "manifestgate 0.1.0");
  int exit_code = 0;
  mg::cli::add_test_command(app, exit_code);
  mg::cli::add_verify_command(app, exit_code);
  mg::cli::add_parse_command(app, exit_code);
  mg::cli::add_eval_command(app, exit_code);
  mg::cli::add_check_command(app, exit_code);
  mg::cli::add_rules_command(app, exit_code);
  mg::cli::add_capabilities_command(app, exit_code);
  // A repeatable flag takes one value per use (`-p a -p b`), as in conftest; otherwise CLI11
  // would let `-p policy deploy/` swallow the manifest paths as more policies.
  for (auto* sub : app.get_subcommands({})) {
    for (auto* option : sub->get_options()) {
      if (!option->get_positional()) option->allow_extra_args(false);
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // Usage errors are "could not evaluate" (2); --help and --version succeed.
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  return exit_code;
}
