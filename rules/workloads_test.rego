package manifestgate.rules

import rego.v1

test_containers_of_every_kind_with_their_paths if {
	spec := object.union(hardened_pod_spec, {"initContainers": [{"name": "init", "image": "ghcr.io/acme/init:1"}]})
	expected := {
		"Pod": "spec",
		"Deployment": "spec.template.spec",
		"StatefulSet": "spec.template.spec",
		"DaemonSet": "spec.template.spec",
		"ReplicaSet": "spec.template.spec",
		"Job": "spec.template.spec",
		"CronJob": "spec.jobTemplate.spec.template.spec",
	}
	every workload_kind, prefix in expected {
		paths := {c.path | some c in containers} with input as workload(workload_kind, spec)
		paths == {sprintf("%s.initContainers[0]", [prefix]), sprintf("%s.containers[0]", [prefix])}
	}
}

test_init_containers_are_marked if {
	spec := object.union(hardened_pod_spec, {"initContainers": [{"name": "init", "image": "ghcr.io/acme/init:1"}]})
	{c.name | some c in app_containers} == {"app"} with input as workload("Job", spec)
}

test_other_kinds_have_no_containers if {
	count(containers) == 0 with input as {"kind": "ConfigMap", "metadata": {"name": "c"}, "data": {"a": "b"}}
	count(containers) == 0 with input as {"kind": "Deployment", "metadata": {"name": "broken"}, "spec": "not an object"}
}

test_admission_review_object_is_checked if {
	review := {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": {"object": with_container({"image": "ghcr.io/acme/app:latest"})}}
	count(deny_latest_tag) == 1 with input as review
}

test_unnamed_container_gets_its_index if {
	{c.name | some c in containers} == {"#0"} with input as workload("Pod", {"containers": [{"image": "x"}]})
}

test_config_from_data_overrides_defaults if {
	config.min_replicas == 2
	config.min_replicas == 5 with data.manifestgate.config as {"min_replicas": 5}
	config.required_labels == ["app.kubernetes.io/name"] with data.manifestgate.config as {"min_replicas": 5}
}
