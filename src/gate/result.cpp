#include "gate/result.h"

#include <algorithm>

namespace mg::gate {

std::string DocumentResult::resource() const {
  if (kind.empty()) return name;
  std::string out = kind;
  if (!namespace_.empty()) out += "/" + namespace_;
  if (!name.empty()) out += "/" + name;
  return out;
}

int DocumentResult::count(Outcome outcome) const {
  return static_cast<int>(std::count_if(findings.begin(), findings.end(),
                                        [&](const Finding& f) { return f.outcome == outcome; }));
}

std::string RunError::to_string() const {
  std::string out;
  if (!file.empty()) {
    out += file;
    if (line > 0) out += ":" + std::to_string(line);
    if (column > 0) out += ":" + std::to_string(column);
    out += ": ";
  }
  return out + message;
}

int RunResult::total(Outcome outcome) const {
  int n = 0;
  for (const auto& d : documents) n += d.count(outcome);
  return n;
}

int RunResult::successes() const {
  int n = 0;
  for (const auto& d : documents) n += d.successes;
  return n;
}

}  // namespace mg::gate
