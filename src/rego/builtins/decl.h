#pragma once

// Builds builtin declarations in the JSON form OPA's capabilities use, so each family can
// write `decl::function({decl::string()}, decl::boolean())` instead of raw JSON text.
// Keys come out in Go's sorted order, as `opa capabilities` prints them.

#include <string>
#include <utility>
#include <vector>

namespace mg::rego::builtins::decl {

using Type = std::string;  // one type as compact JSON

Type any();
Type null();
Type boolean();
Type number();
Type string();
// Arrays with any number of elements of one type, and arrays of fixed element types.
Type array_of(const Type& element);
Type array_static(const std::vector<Type>& elements);
Type set_of(const Type& element);
Type object_of(const Type& key, const Type& value);
// An object with known keys, and optionally other keys (`key` -> `value`) beyond them.
Type object_static(const std::vector<std::pair<std::string, Type>>& fields);
Type object_static(const std::vector<std::pair<std::string, Type>>& fields, const Type& key,
                   const Type& value);
// A union: "any of these types".
Type any_of(const std::vector<Type>& types);

std::string function(const std::vector<Type>& args, const Type& result);
// A function whose trailing operands all have type `variadic` (e.g. print).
std::string variadic_function(const std::vector<Type>& args, const Type& variadic);

}  // namespace mg::rego::builtins::decl
