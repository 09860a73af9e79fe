# Policy for the report-format end-to-end cases: denials, a warning, an object message whose
# text needs escaping in every format, and an exception.
package main

import rego.v1

deny_latest_tag contains msg if {
	input.kind == "Deployment"
	some container in input.spec.template.spec.containers
	endswith(container.image, ":latest")
	msg := sprintf("container %q must not use the :latest tag", [container.name])
}

deny_privileged contains msg if {
	some container in input.spec.template.spec.containers
	container.securityContext.privileged
	msg := sprintf("container %q must not run privileged", [container.name])
}

warn_readiness_probe contains msg if {
	input.kind == "Deployment"
	some container in input.spec.template.spec.containers
	not container.readinessProbe
	msg := sprintf("container %q has no readiness probe", [container.name])
}

deny_owner contains {"msg": msg, "severity": "high"} if {
	not input.metadata.labels.owner
	msg := sprintf("%s/%s has no owner label <team|person> & \"on-call\"\nadd metadata.labels.owner, e.g. équipe-α: 100%%", [input.kind, input.metadata.name])
}

exception contains rules if {
	input.metadata.name == "legacy"
	rules := ["privileged"]
}
