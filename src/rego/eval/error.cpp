#include "rego/eval/error.h"

namespace mg::rego {

std::string RegoError::to_string() const {
  std::string out;
  if (loc.row > 0) {
    std::string file = loc.file_name();
    out.append(file.empty() ? "query" : file);
    out.append(":")
        .append(std::to_string(loc.row))
        .append(":")
        .append(std::to_string(loc.col))
        .append(": ");
  }
  out.append(code).append(": ").append(message);
  return out;
}

}  // namespace mg::rego
