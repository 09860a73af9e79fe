# Services and Ingresses: how workloads are exposed.
package manifestgate.rules

import rego.v1

checks.node_port_service := {
	"severity": "warn",
	"title": "NodePort Service",
	"remediation": "Use a ClusterIP Service behind an Ingress or a LoadBalancer instead of opening a port on every node.",
}

checks.load_balancer_service := {
	"severity": "warn",
	"title": "LoadBalancer Service",
	"remediation": "Check that this Service is meant to be reachable from outside the cluster; prefer an Ingress.",
}

checks.ingress_tls := {
	"severity": "warn",
	"title": "Ingress without TLS",
	"remediation": "Add spec.tls with a certificate Secret for the Ingress hosts.",
}

service_type_checks := {"NodePort": "node_port_service", "LoadBalancer": "load_balancer_service"}

service_type_finding(id) := finding(id, msg) if {
	kind == "Service"
	service_type := resource.spec.type
	service_type_checks[service_type] == id
	msg := sprintf("%s is of type %s (spec.type)", [resource_label, service_type])
}

warn_node_port_service contains service_type_finding("node_port_service")

warn_load_balancer_service contains service_type_finding("load_balancer_service")

warn_ingress_tls contains finding("ingress_tls", msg) if {
	kind == "Ingress"
	count(object.get(resource, ["spec", "tls"], [])) == 0
	msg := sprintf("%s has no TLS configuration (spec.tls)", [resource_label])
}
