# API versions that Kubernetes removed, or will remove after the target version.
package manifestgate.rules

import rego.v1

checks.removed_api := {
	"severity": "deny",
	"title": "apiVersion removed from Kubernetes",
	"remediation": "Move to the replacement apiVersion named in the message (the target version is manifestgate.config.kubernetes_version).",
}

checks.deprecated_api := {
	"severity": "warn",
	"title": "Deprecated apiVersion",
	"remediation": "Move to the replacement apiVersion before upgrading to the version named in the message.",
}

# "1.25" -> 1025, to compare Kubernetes minor versions.
version_number(v) := to_number(parts[0]) * 1000 + to_number(parts[1]) if {
	parts := split(trim_prefix(sprintf("%v", [v]), "v"), ".")
	count(parts) >= 2
}

api_removal := config.api_removals[resource.apiVersion][kind]

deny_removed_api contains finding("removed_api", msg) if {
	[removed_in, replacement] := api_removal
	version_number(removed_in) <= version_number(config.kubernetes_version)
	msg := sprintf("%s uses apiVersion %s, removed in Kubernetes %s; use %s (apiVersion)", [resource_label, resource.apiVersion, removed_in, replacement])
}

warn_deprecated_api contains finding("deprecated_api", msg) if {
	[removed_in, replacement] := api_removal
	version_number(removed_in) > version_number(config.kubernetes_version)
	msg := sprintf("%s uses apiVersion %s, deprecated and removed in Kubernetes %s; use %s (apiVersion)", [resource_label, resource.apiVersion, removed_in, replacement])
}
