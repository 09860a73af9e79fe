#include "manifest/kubernetes.h"

#include <string_view>

namespace mg::manifest {

namespace {

std::string string_field(const rego::Value* object, std::string_view key) {
  if (object == nullptr) return {};
  const rego::Value* v = object->get(key);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

}  // namespace

bool is_kubernetes_list(const rego::Value& value) {
  const rego::Value* kind = value.get("kind");
  if (kind == nullptr || !kind->is_string() || !kind->as_string().ends_with("List")) return false;
  const rego::Value* items = value.get("items");
  return items != nullptr && items->is_array();
}

void fill_identity(Document& document) {
  const rego::Value& v = document.value;
  document.api_version = string_field(&v, "apiVersion");
  document.kind = string_field(&v, "kind");
  const rego::Value* metadata = v.get("metadata");
  document.namespace_ = string_field(metadata, "namespace");
  document.name = string_field(metadata, "name");
}

}  // namespace mg::manifest
