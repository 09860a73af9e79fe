#pragma once

// One function per family of builtins; each appends its builtins to the table.
// registry.cpp calls them all once, on first use of the table.

#include <vector>

#include "rego/builtins/builtin.h"

namespace mg::rego::builtins {

void add_numbers(std::vector<Builtin>& table);     // arithmetic, rounding, numbers.range, rand.intn
void add_aggregates(std::vector<Builtin>& table);  // count, sum, product, max, min, sort, all, any
void add_arrays(std::vector<Builtin>& table);      // array.*
void add_sets(std::vector<Builtin>& table);        // and, or, intersection, union
void add_objects(std::vector<Builtin>& table);     // object.*, json.filter/remove/patch
void add_strings(std::vector<Builtin>& table);     // concat, sprintf, strings.*, trim*, ...
void add_regex(std::vector<Builtin>& table);       // regex.*, glob.*
void add_types(std::vector<Builtin>& table);       // is_*, type_name, to_number, conversions
void add_units(std::vector<Builtin>& table);       // units.parse, units.parse_bytes
void add_semver(std::vector<Builtin>& table);      // semver.*
void add_bits(std::vector<Builtin>& table);        // bits.*
void add_uuid(std::vector<Builtin>& table);        // uuid.rfc4122, uuid.parse
void add_uri(std::vector<Builtin>& table);         // uri.parse, uri.is_valid
void add_rego_parse_module(std::vector<Builtin>& table);  // rego.parse_module
void add_graph(std::vector<Builtin>& table);              // graph.reachable, graph.reachable_paths
void add_encoding(std::vector<Builtin>& table);           // base64*, hex, urlquery, json.*, yaml.*
void add_time(std::vector<Builtin>& table);               // time.*
void add_crypto(std::vector<Builtin>& table);             // crypto.*
void add_tokens(std::vector<Builtin>& table);             // io.jwt.*
void add_net(std::vector<Builtin>& table);                // net.*

}  // namespace mg::rego::builtins
