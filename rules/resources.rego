# Resource requests and limits.
package manifestgate.rules

import rego.v1

checks.memory_limit := {
	"severity": "deny",
	"title": "Container has no memory limit",
	"remediation": "Set resources.limits.memory so one container cannot exhaust the node's memory.",
}

checks.cpu_request := {
	"severity": "warn",
	"title": "Container has no CPU request",
	"remediation": "Set resources.requests.cpu so the scheduler can place the pod sensibly.",
}

checks.requests_exceed_limits := {
	"severity": "deny",
	"title": "Resource request above its limit",
	"remediation": "Lower the request or raise the limit: Kubernetes rejects requests above limits.",
}

deny_memory_limit contains finding("memory_limit", msg) if {
	some c in containers
	not c.container.resources.limits.memory
	msg := sprintf("container %q has no memory limit (%s.resources.limits.memory)", [c.name, c.path])
}

warn_cpu_request contains finding("cpu_request", msg) if {
	some c in containers
	not c.container.resources.requests.cpu
	msg := sprintf("container %q has no CPU request (%s.resources.requests.cpu)", [c.name, c.path])
}

# Kubernetes quantities: CPU in cores ("500m", "2"), memory in bytes ("128Mi", "1G").
quantity("cpu", q) := units.parse(sprintf("%v", [q]))

quantity("memory", q) := units.parse_bytes(sprintf("%v", [q]))

deny_requests_exceed_limits contains finding("requests_exceed_limits", msg) if {
	some c in containers
	some resource_name in ["cpu", "memory"]
	request := c.container.resources.requests[resource_name]
	limit := c.container.resources.limits[resource_name]
	quantity(resource_name, request) > quantity(resource_name, limit)
	msg := sprintf("container %q requests %v %s but is limited to %v (%s.resources)", [c.name, request, resource_name, limit, c.path])
}
