# Host namespaces, host filesystem and host ports: each one breaks the pod's isolation.
package manifestgate.rules

import rego.v1

checks.host_network := {
	"severity": "deny",
	"title": "Pod uses the host network",
	"remediation": "Remove hostNetwork: true; expose the pod through a Service instead.",
}

checks.host_pid := {
	"severity": "deny",
	"title": "Pod shares the host PID namespace",
	"remediation": "Remove hostPID: true.",
}

checks.host_ipc := {
	"severity": "deny",
	"title": "Pod shares the host IPC namespace",
	"remediation": "Remove hostIPC: true.",
}

checks.host_path := {
	"severity": "deny",
	"title": "hostPath volume",
	"remediation": "Use a persistentVolumeClaim, emptyDir, configMap or secret volume instead of hostPath.",
}

checks.host_port := {
	"severity": "deny",
	"title": "Container binds a host port",
	"remediation": "Remove ports[].hostPort; use a Service (NodePort or LoadBalancer) if the port must be reachable.",
}

host_namespace_fields := {"host_network": "hostNetwork", "host_pid": "hostPID", "host_ipc": "hostIPC"}

host_namespace_finding(id) := finding(id, msg) if {
	field := host_namespace_fields[id]
	pod_spec[field] == true
	msg := sprintf("%s sets %s: true (%s.%s)", [resource_label, field, pod_spec_path, field])
}

deny_host_network contains host_namespace_finding("host_network")

deny_host_pid contains host_namespace_finding("host_pid")

deny_host_ipc contains host_namespace_finding("host_ipc")

deny_host_path contains finding("host_path", msg) if {
	some i, volume in pod_spec.volumes
	volume.hostPath
	msg := sprintf("%s mounts the host path %q as volume %q (%s.volumes[%d].hostPath)", [resource_label, object.get(volume.hostPath, "path", ""), object.get(volume, "name", ""), pod_spec_path, i])
}

deny_host_port contains finding("host_port", msg) if {
	some c in containers
	some i, port in c.container.ports
	port.hostPort
	msg := sprintf("container %q binds host port %v (%s.ports[%d].hostPort)", [c.name, port.hostPort, c.path, i])
}
