#pragma once

// YAML scalars resolved as go-yaml v2 resolves them (YAML 1.1 style), which is what
// Kubernetes' YAML-to-JSON conversion (sigs.k8s.io/yaml) sees.

#include <string>
#include <string_view>

#include "rego/value/value.h"

namespace mg::manifest {

enum class ScalarType { Null, Bool, Int, Float, String, Timestamp };

struct Scalar {
  ScalarType type = ScalarType::String;
  rego::Value value;      // the JSON value; for Float, the number as Go's JSON encoder prints it
  double number = 0;      // Float: the double (may be infinite or NaN: not representable in JSON)
  bool fits_int = false;  // Int: fits int64 (go-yaml's int), which map keys require
  std::string error;      // non-empty: the scalar cannot be decoded (e.g. !!int "abc")
};

// `tag`: "?" for a plain scalar, "!" for a quoted one without a tag, else the explicit tag
// ("tag:yaml.org,2002:int", "!local"...). `text` is the scalar's content.
Scalar resolve_scalar(std::string_view tag, std::string text);

// The JSON object key sigs.k8s.io/yaml makes of a scalar map key: strings as they are,
// integers and booleans as their text, floats as Go's 32-bit %g ("1.5", "1e+06", ".inf").
// Returns false (and sets `error`) for keys it refuses: null and integers beyond int64.
bool scalar_key_text(const Scalar& scalar, std::string& key, std::string& error);

// Go's encoding/json text for a finite float64: shortest round-trip digits, plain
// notation unless the magnitude is below 1e-6 or at least 1e21 (then 1e-7, 1e+21).
std::string go_json_float(double d);

// Go's strconv.FormatFloat(float32(d), 'g', -1, 32), used for float map keys.
std::string go_float32_g(double d);

}  // namespace mg::manifest
