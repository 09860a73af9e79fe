# Service accounts: which identity a pod gets, and whether its token is mounted.
package manifestgate.rules

import rego.v1

checks.automount_service_account_token := {
	"severity": "warn",
	"title": "Service-account token mounted automatically",
	"remediation": "Set automountServiceAccountToken: false unless the pod talks to the Kubernetes API.",
}

checks.default_service_account := {
	"severity": "warn",
	"title": "Pod uses the default service account",
	"remediation": "Create a dedicated ServiceAccount and set serviceAccountName.",
}

warn_automount_service_account_token contains finding("automount_service_account_token", msg) if {
	is_workload
	not pod_spec.automountServiceAccountToken == false
	msg := sprintf("%s does not set automountServiceAccountToken to false (%s.automountServiceAccountToken)", [resource_label, pod_spec_path])
}

warn_default_service_account contains finding("default_service_account", msg) if {
	is_workload
	object.get(pod_spec, "serviceAccountName", object.get(pod_spec, "serviceAccount", "default")) == "default"
	msg := sprintf("%s uses the default service account (%s.serviceAccountName)", [resource_label, pod_spec_path])
}
