package main

import rego.v1

# Cross-document rule: every Deployment needs a Service with the same name.
deny contains msg if {
	some doc in input
	doc.contents.kind == "Deployment"
	name := doc.contents.metadata.name
	not service_named(name)
	msg := sprintf("Deployment %q in %s has no Service", [name, doc.path])
}

service_named(name) if {
	some doc in input
	doc.contents.kind == "Service"
	doc.contents.metadata.name == name
}
