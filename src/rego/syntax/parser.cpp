#include "rego/syntax/parser.h"

#include <memory>

#include "rego/syntax/rego_parser.h"

namespace mg::rego::ast {

using syntax::Dialect;
using syntax::RegoParser;

ModuleParse parse_module(std::string file_name, std::string_view text,
                         const ParseOptions& options) {
  auto file = std::make_shared<const std::string>(std::move(file_name));
  switch (options.mode) {
    case VersionMode::V0:
      return RegoParser(file, text, Dialect::V0).parse_module();
    case VersionMode::V1:
      return RegoParser(file, text, Dialect::V1).parse_module();
    case VersionMode::Auto:
      break;
  }
  RegoParser v1(file, text, Dialect::V1);
  ModuleParse as_v1 = v1.parse_module();
  if (as_v1.module || v1.imports_rego_v1()) return as_v1;
  ModuleParse as_v0 = RegoParser(file, text, Dialect::V0).parse_module();
  if (!as_v0.module) return as_v1;  // the v1 errors are the ones worth fixing
  as_v0.fell_back_to_v0 = true;
  return as_v0;
}

QueryParse parse_query(std::string_view text, const ParseOptions& options) {
  Dialect dialect = options.mode == VersionMode::V0 ? Dialect::V0 : Dialect::V1;
  return RegoParser(nullptr, text, dialect).parse_query();
}

}  // namespace mg::rego::ast
