#pragma once

// Kubernetes conventions applied to loaded documents.

#include "manifest/document.h"
#include "rego/value/value.h"

namespace mg::manifest {

// A List (kind "List" or "...List", such as "DeploymentList") with an "items" array: it
// stands for its items, as `kubectl apply` treats it.
bool is_kubernetes_list(const rego::Value& value);

// Fills api_version, kind, namespace_ and name from the document's value.
void fill_identity(Document& document);

}  // namespace mg::manifest
