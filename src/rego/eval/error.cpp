#include "rego/eval/error.h"

namespace mg::rego {

std::string RegoError::to_string() const {
  std::string out;
  if (loc.row > 0) {
    out += loc.file_name().empty() ? std::string("query") : loc.file_name();
    out += ":" + std::to_string(loc.row) + ":" + std::to_string(loc.col) + ": ";
  }
  out += code + ": " + message;
  return out;
}

}  // namespace mg::rego
