# The classic conftest policy: images only from allowed registries, never :latest, and a
# memory limit on every container; plus a warning and an exception to show both at work.
# The registries are data (policy/data.yaml), not code.
package main

import rego.v1

deny_registry contains msg if {
	some container in containers
	not allowed_registry(container.image)
	msg := sprintf("container %q uses image %q from a registry that is not allowed", [container.name, container.image])
}

deny_latest_tag contains msg if {
	some container in containers
	latest(container.image)
	msg := sprintf("container %q must not use the :latest tag (image %q)", [container.name, container.image])
}

deny_memory_limit contains msg if {
	some container in containers
	not container.resources.limits.memory
	msg := sprintf("container %q has no memory limit", [container.name])
}

# Long-running workloads should say when they are ready for traffic.
warn_readiness_probe contains msg if {
	input.kind in {"Deployment", "StatefulSet"}
	some container in input.spec.template.spec.containers
	not container.readinessProbe
	msg := sprintf("container %q has no readiness probe", [container.name])
}

# Helm test hooks run public images on purpose: their registry findings are exceptions.
exception contains ["registry"] if {
	input.metadata.annotations["helm.sh/hook"] == "test"
}

allowed_registry(image) if {
	some registry in data.allowed_registries
	startswith(image, concat("", [trim_suffix(registry, "/"), "/"]))
}

# An untagged image means :latest; a digest pins it whatever the tag.
latest(image) if {
	not contains(image, "@")
	endswith(image, ":latest")
}

latest(image) if {
	not contains(image, "@")
	parts := split(image, "/")
	not contains(parts[count(parts) - 1], ":")
}
