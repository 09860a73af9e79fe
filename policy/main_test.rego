package main

import rego.v1

deployment(container) := {
	"kind": "Deployment",
	"metadata": {"name": "web"},
	"spec": {"template": {"spec": {"containers": [container]}}},
}

good := {"name": "web", "image": "registry.example.com/web:1.4.2", "resources": {"limits": {"memory": "128Mi"}}}

test_good_container_passes if {
	count(deny_registry) == 0 with input as deployment(good) with data.allowed_registries as ["registry.example.com"]
	count(deny_latest_tag) == 0 with input as deployment(good)
	count(deny_memory_limit) == 0 with input as deployment(good)
}

test_registry_not_allowed if {
	c := object.union(good, {"image": "docker.io/library/nginx:1.25"})
	deny_registry == {`container "web" uses image "docker.io/library/nginx:1.25" from a registry that is not allowed`} with input as deployment(c)
		with data.allowed_registries as ["registry.example.com"]
}

test_registry_prefix_is_a_whole_path_segment if {
	c := object.union(good, {"image": "registry.example.com.evil.io/web:1"})
	count(deny_registry) == 1 with input as deployment(c) with data.allowed_registries as ["registry.example.com"]
}

test_latest_tag_denied if {
	c := object.union(good, {"image": "registry.example.com/web:latest"})
	deny_latest_tag == {`container "web" must not use the :latest tag (image "registry.example.com/web:latest")`} with input as deployment(c)
}

test_untagged_image_is_latest if {
	c := object.union(good, {"image": "registry.example.com:5000/web"})
	count(deny_latest_tag) == 1 with input as deployment(c)
}

test_digest_pins_the_image if {
	c := object.union(good, {"image": "registry.example.com/web@sha256:0123456789abcdef"})
	count(deny_latest_tag) == 0 with input as deployment(c)
}

test_memory_limit_missing if {
	c := {"name": "web", "image": "registry.example.com/web:1"}
	deny_memory_limit == {`container "web" has no memory limit`} with input as deployment(c)
}

test_cronjob_and_init_containers_are_checked if {
	cronjob := {
		"kind": "CronJob",
		"metadata": {"name": "nightly"},
		"spec": {"jobTemplate": {"spec": {"template": {"spec": {
			"initContainers": [{"name": "init", "image": "registry.example.com/init"}],
			"containers": [good],
		}}}}},
	}
	deny_latest_tag == {`container "init" must not use the :latest tag (image "registry.example.com/init")`} with input as cronjob
}

test_non_workloads_are_ignored if {
	count(containers) == 0 with input as {"kind": "ConfigMap", "metadata": {"name": "c"}}
}

test_readiness_probe_warned if {
	warn_readiness_probe == {`container "web" has no readiness probe`} with input as deployment(good)
	count(warn_readiness_probe) == 0 with input as deployment(object.union(good, {"readinessProbe": {"httpGet": {"port": 8080}}}))
}

test_helm_test_hooks_are_excepted_from_the_registry_rule if {
	hook := {"kind": "Pod", "metadata": {"name": "t", "annotations": {"helm.sh/hook": "test"}}}
	exception == {["registry"]} with input as hook
	count(exception) == 0 with input as deployment(good)
}
