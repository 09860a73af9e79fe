# Shared helpers of the built-in library: the resource under check, its pod spec wherever the
# workload kind keeps it, and every container (init containers included) with its path, so that
# each check names the container and the field it looked at.
package manifestgate.rules

import rego.v1

# The object under check: the manifest itself, or the object of an AdmissionReview request, so
# the same checks serve `manifestgate test` and the admission webhook.
resource := input.request.object if {
	input.kind == "AdmissionReview"
} else := input

kind := object.get(resource, "kind", "")

name := object.get(resource, ["metadata", "name"], "")

# Where each workload kind keeps its pod spec.
pod_spec_paths := {
	"Pod": ["spec"],
	"Deployment": ["spec", "template", "spec"],
	"StatefulSet": ["spec", "template", "spec"],
	"DaemonSet": ["spec", "template", "spec"],
	"ReplicaSet": ["spec", "template", "spec"],
	"ReplicationController": ["spec", "template", "spec"],
	"Job": ["spec", "template", "spec"],
	"CronJob": ["spec", "jobTemplate", "spec", "template", "spec"],
}

pod_spec_path := concat(".", pod_spec_paths[kind])

pod_spec := spec if {
	spec := object.get(resource, pod_spec_paths[kind], null)
	is_object(spec)
}

is_workload if pod_spec

# Workloads that are meant to keep running (probes and replicas matter for them).
long_running_kinds := {"Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController"}

is_long_running if {
	is_workload
	kind in long_running_kinds
}

# Every container of the pod spec: {"name", "container", "path", "init"}.
containers contains {
	"name": object.get(container, "name", sprintf("#%d", [i])),
	"container": container,
	"path": sprintf("%s.%s[%d]", [pod_spec_path, field, i]),
	"init": field == "initContainers",
} if {
	some field in ["initContainers", "containers"]
	some i, container in object.get(pod_spec, field, [])
	is_object(container)
}

# The long-running containers (probes do not apply to init containers).
app_containers contains c if {
	some c in containers
	not c.init
}

# A container's security context setting, else the pod's (Kubernetes' precedence).
security_setting(c, key) := value if {
	value := c.container.securityContext[key]
} else := value if {
	value := pod_spec.securityContext[key]
}

# "Deployment/web", for messages about the resource as a whole.
resource_label := sprintf("%s/%s", [kind, name])
