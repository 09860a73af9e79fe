// `manifestgate capabilities`: the builtins the embedded engine offers, in the shape of OPA's
// capabilities JSON, so a user can check a policy's needs and hand the file to other tools.

#include <iostream>

#include "cli/commands.h"
#include "rego/builtins/capabilities.h"

namespace mg::cli {

void add_capabilities_command(CLI::App& app, int& exit_code) {
  auto* sub = app.add_subcommand(
      "capabilities",
      "Print the supported builtins as OPA capabilities JSON (name and declaration)");
  sub->callback([&exit_code] {
    std::cout << rego::builtins::capabilities_json();
    exit_code = 0;
  });
}

}  // namespace mg::cli
