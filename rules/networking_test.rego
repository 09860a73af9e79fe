package manifestgate.rules

import rego.v1

service(type) := {"apiVersion": "v1", "kind": "Service", "metadata": hardened_metadata, "spec": {"type": type, "ports": [{"port": 80}]}}

ingress(spec) := {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": hardened_metadata, "spec": spec}

test_node_port_service if {
	messages(warn_node_port_service) == {`[node_port_service] Service/app is of type NodePort (spec.type)`} with input as service("NodePort")
	count(warn_node_port_service) == 0 with input as service("ClusterIP")
}

test_load_balancer_service if {
	messages(warn_load_balancer_service) == {`[load_balancer_service] Service/app is of type LoadBalancer (spec.type)`} with input as service("LoadBalancer")
	count(warn_load_balancer_service) == 0 with input as service("NodePort")
}

test_ingress_tls if {
	rules := [{"host": "shop.example.com"}]
	messages(warn_ingress_tls) == {`[ingress_tls] Ingress/app has no TLS configuration (spec.tls)`} with input as ingress({"rules": rules})
	count(warn_ingress_tls) == 1 with input as ingress({"rules": rules, "tls": []})
	count(warn_ingress_tls) == 0 with input as ingress({"rules": rules, "tls": [{"hosts": ["shop.example.com"], "secretName": "shop-tls"}]})
}
