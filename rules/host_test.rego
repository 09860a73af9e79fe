package manifestgate.rules

import rego.v1

test_host_namespaces if {
	messages(deny_host_network) == {`[host_network] Deployment/app sets hostNetwork: true (spec.template.spec.hostNetwork)`} with input as with_pod_spec({"hostNetwork": true})
	messages(deny_host_pid) == {`[host_pid] Pod/app sets hostPID: true (spec.hostPID)`} with input as workload("Pod", object.union(hardened_pod_spec, {"hostPID": true}))
	messages(deny_host_ipc) == {`[host_ipc] CronJob/app sets hostIPC: true (spec.jobTemplate.spec.template.spec.hostIPC)`} with input as workload("CronJob", object.union(hardened_pod_spec, {"hostIPC": true}))
}

test_host_namespaces_off if {
	spec := {"hostNetwork": false, "hostPID": false, "hostIPC": false}
	count(deny_host_network | (deny_host_pid | deny_host_ipc)) == 0 with input as with_pod_spec(spec)
}

test_host_path if {
	volumes := {"volumes": [{"name": "cache", "emptyDir": {}}, {"name": "docker", "hostPath": {"path": "/var/run/docker.sock"}}]}
	messages(deny_host_path) == {`[host_path] Deployment/app mounts the host path "/var/run/docker.sock" as volume "docker" (spec.template.spec.volumes[1].hostPath)`} with input as with_pod_spec(volumes)
	count(deny_host_path) == 0 with input as with_pod_spec({"volumes": [{"name": "cache", "emptyDir": {}}]})
}

test_host_port if {
	messages(deny_host_port) == {`[host_port] container "app" binds host port 8443 (spec.template.spec.containers[0].ports[1].hostPort)`} with input as with_container({"ports": [{"containerPort": 8080}, {"containerPort": 8443, "hostPort": 8443}]})
	count(deny_host_port) == 0 with input as with_container({"ports": [{"containerPort": 8080}]})
}
