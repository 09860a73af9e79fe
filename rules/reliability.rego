# Probes and replicas: what keeps a service up through restarts and rollouts.
package manifestgate.rules

import rego.v1

checks.liveness_probe := {
	"severity": "warn",
	"title": "Container has no liveness probe",
	"remediation": "Add livenessProbe so a hung container is restarted.",
}

checks.readiness_probe := {
	"severity": "warn",
	"title": "Container has no readiness probe",
	"remediation": "Add readinessProbe so traffic only reaches containers that are ready.",
}

checks.single_replica := {
	"severity": "warn",
	"title": "Too few replicas",
	"remediation": "Run at least manifestgate.config.min_replicas replicas (or leave replicas to an autoscaler).",
}

warn_liveness_probe contains finding("liveness_probe", msg) if {
	is_long_running
	some c in app_containers
	not c.container.livenessProbe
	msg := sprintf("container %q has no liveness probe (%s.livenessProbe)", [c.name, c.path])
}

warn_readiness_probe contains finding("readiness_probe", msg) if {
	is_long_running
	some c in app_containers
	not c.container.readinessProbe
	msg := sprintf("container %q has no readiness probe (%s.readinessProbe)", [c.name, c.path])
}

replicated_kinds := {"Deployment", "StatefulSet", "ReplicaSet", "ReplicationController"}

warn_single_replica contains finding("single_replica", msg) if {
	kind in replicated_kinds
	# Kubernetes' default is one replica.
	replicas := object.get(resource, ["spec", "replicas"], 1)
	is_number(replicas)
	replicas < config.min_replicas
	msg := sprintf("%s runs %v replica(s), fewer than %v (spec.replicas)", [resource_label, replicas, config.min_replicas])
}
