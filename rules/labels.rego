# Labels that tooling and people rely on to find a resource's owner and application.
package manifestgate.rules

import rego.v1

checks.required_labels := {
	"severity": "warn",
	"title": "Required label missing",
	"remediation": "Add the labels listed in manifestgate.config.required_labels to metadata.labels.",
}

labelled_kinds := long_running_kinds | {"Job", "CronJob", "Service", "Ingress"}

warn_required_labels contains finding("required_labels", msg) if {
	kind in labelled_kinds
	some label in config.required_labels
	not resource.metadata.labels[label]
	msg := sprintf("%s has no label %q (metadata.labels)", [resource_label, label])
}
