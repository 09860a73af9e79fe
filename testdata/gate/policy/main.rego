package main

import rego.v1

deny contains msg if {
	some c in input.spec.template.spec.containers
	endswith(c.image, ":latest")
	msg := sprintf("container %q must not use the :latest tag", [c.name])
}

deny_privileged contains {"msg": msg, "details": {"container": c.name}} if {
	some c in input.spec.template.spec.containers
	c.securityContext.privileged
	msg := sprintf("container %q must not run privileged", [c.name])
}

warn contains msg if {
	input.kind == "Deployment"
	input.spec.replicas < 2
	msg := "a single replica is not highly available"
}

exception contains ["privileged"] if input.metadata.labels["allow-privileged"] == "true"
