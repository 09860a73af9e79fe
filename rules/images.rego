# Image checks: where images come from and how they are pinned.
package manifestgate.rules

import rego.v1

checks.allowed_registries := {
	"severity": "deny",
	"title": "Image registry not in the allow-list",
	"remediation": "Pull the image from a registry in manifestgate.config.allowed_registries, or add the registry there.",
}

checks.latest_tag := {
	"severity": "deny",
	"title": "Image uses :latest or no tag",
	"remediation": "Pin the image to a version tag or a digest (image@sha256:...).",
}

# The image reference without tag or digest, with the registry made explicit, as the
# container runtime resolves it: nginx -> docker.io/library/nginx.
image_repository(image) := repository if {
	name := split(image, "@")[0]
	parts := split(name, "/")
	last := split(parts[count(parts) - 1], ":")[0]
	path := array.concat(array.slice(parts, 0, count(parts) - 1), [last])
	repository := concat("/", with_registry(path))
}

with_registry(path) := path if {
	count(path) > 1
	is_registry_host(path[0])
} else := array.concat(["docker.io"], path) if {
	count(path) > 1
} else := array.concat(["docker.io", "library"], path)

is_registry_host(host) if contains(host, ".")

is_registry_host(host) if contains(host, ":")

is_registry_host("localhost")

# The tag of an image reference, "" when it has none.
image_tag(image) := tag if {
	name := split(image, "@")[0]
	parts := split(name, "/")
	last := split(parts[count(parts) - 1], ":")
	count(last) == 2
	tag := last[1]
} else := ""

has_digest(image) if contains(image, "@")

registry_allowed(image) if {
	repository := image_repository(image)
	some allowed in config.allowed_registries
	prefix := trim_suffix(allowed, "/")
	startswith(concat("", [repository, "/"]), concat("", [prefix, "/"]))
}

deny_allowed_registries contains finding("allowed_registries", msg) if {
	some c in containers
	image := c.container.image
	not registry_allowed(image)
	msg := sprintf("container %q uses image %q from a registry that is not allowed (%s.image); allowed: %s", [c.name, image, c.path, concat(", ", config.allowed_registries)])
}

deny_latest_tag contains finding("latest_tag", msg) if {
	some c in containers
	image := c.container.image
	not has_digest(image)
	image_tag(image) == "latest"
	msg := sprintf("container %q uses the :latest tag in image %q (%s.image)", [c.name, image, c.path])
}

deny_latest_tag contains finding("latest_tag", msg) if {
	some c in containers
	image := c.container.image
	not has_digest(image)
	image_tag(image) == ""
	msg := sprintf("container %q uses image %q without a tag, which means :latest (%s.image)", [c.name, image, c.path])
}
