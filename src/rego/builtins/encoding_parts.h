#pragma once

// The encoding family is split over several files (encoding.cpp, yaml_builtins.cpp,
// json_schema.cpp); add_encoding calls these to register the parts.

#include <string>
#include <string_view>
#include <vector>

#include "rego/builtins/builtin.h"

namespace mg::rego::builtins {

void add_yaml_builtins(std::vector<Builtin>& table);  // yaml.*
void add_json_schema_builtins(
    std::vector<Builtin>& table);  // json.verify_schema, json.match_schema

// JSON text as Go's encoding/json writes it (HTML characters escaped, as json.Marshal does);
// with `pretty`, as json.MarshalIndent(v, prefix, indent) does, prefix included on line one.
std::string go_json(const Value& value, bool pretty = false, std::string_view prefix = "",
                    std::string_view indent = "");

// Base64 as Go's encoding/base64 (Std or URL alphabet, with or without padding); decoding
// throws BuiltinError with Go's "illegal base64 data at input byte N".
std::string encode_base64(std::string_view bytes, bool url, bool pad);
std::string decode_base64(std::string_view text, bool url, bool pad);

}  // namespace mg::rego::builtins
