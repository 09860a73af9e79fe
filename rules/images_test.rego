package manifestgate.rules

import rego.v1

test_image_repository_makes_the_registry_explicit if {
	image_repository("nginx") == "docker.io/library/nginx"
	image_repository("nginx:1.25") == "docker.io/library/nginx"
	image_repository("bitnami/redis:7") == "docker.io/bitnami/redis"
	image_repository("ghcr.io/acme/app:1@sha256:abc") == "ghcr.io/acme/app"
	image_repository("localhost:5000/app:1") == "localhost:5000/app"
	image_repository("localhost/app") == "localhost/app"
}

test_allowed_registry_passes if {
	count(deny_allowed_registries) == 0 with input as with_container({"image": "quay.io/prometheus/prometheus:v2.50.0"})
	count(deny_allowed_registries) == 0 with input as with_container({"image": "nginx:1.25"})
}

test_registry_not_allowed if {
	messages(deny_allowed_registries) == {`[allowed_registries] container "app" uses image "evil.example.com/app:1" from a registry that is not allowed (spec.template.spec.containers[0].image); allowed: docker.io, ghcr.io, quay.io, registry.k8s.io, gcr.io, public.ecr.aws, mcr.microsoft.com`} with input as with_container({"image": "evil.example.com/app:1"})
}

test_allowed_registries_from_data if {
	count(deny_allowed_registries) == 1 with input as deployment with data.manifestgate.config.allowed_registries as ["registry.example.com"]
	count(deny_allowed_registries) == 0 with input as deployment with data.manifestgate.config.allowed_registries as ["ghcr.io/acme"]
	count(deny_allowed_registries) == 1 with input as deployment with data.manifestgate.config.allowed_registries as ["ghcr.io/ac"]
}

test_latest_tag_denied if {
	messages(deny_latest_tag) == {`[latest_tag] container "app" uses the :latest tag in image "ghcr.io/acme/app:latest" (spec.template.spec.containers[0].image)`} with input as with_container({"image": "ghcr.io/acme/app:latest"})
}

test_untagged_image_denied if {
	messages(deny_latest_tag) == {`[latest_tag] container "app" uses image "localhost:5000/app" without a tag, which means :latest (spec.template.spec.containers[0].image)`} with input as with_container({"image": "localhost:5000/app"})
}

test_digest_or_version_tag_passes if {
	count(deny_latest_tag) == 0 with input as with_container({"image": "ghcr.io/acme/app@sha256:0123"})
	count(deny_latest_tag) == 0 with input as with_container({"image": "ghcr.io/acme/app:latest@sha256:0123"})
	count(deny_latest_tag) == 0 with input as deployment
}

test_init_containers_are_checked if {
	spec := object.union(hardened_pod_spec, {"initContainers": [{"name": "init", "image": "busybox"}]})
	messages(deny_latest_tag) == {`[latest_tag] container "init" uses image "busybox" without a tag, which means :latest (spec.jobTemplate.spec.template.spec.initContainers[0].image)`} with input as workload("CronJob", spec)
}
