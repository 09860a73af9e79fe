# Helpers of the example policy: the containers of every workload kind, wherever the kind
# keeps its pod spec.
package main

import rego.v1

pod_spec_paths := {
	"Pod": ["spec"],
	"Deployment": ["spec", "template", "spec"],
	"StatefulSet": ["spec", "template", "spec"],
	"DaemonSet": ["spec", "template", "spec"],
	"ReplicaSet": ["spec", "template", "spec"],
	"Job": ["spec", "template", "spec"],
	"CronJob": ["spec", "jobTemplate", "spec", "template", "spec"],
}

containers contains container if {
	spec := object.get(input, pod_spec_paths[input.kind], {})
	some field in ["initContainers", "containers"]
	some container in object.get(spec, field, [])
}
