package manifestgate.rules

import rego.v1

test_automount_service_account_token if {
	spec := object.remove(hardened_pod_spec, ["automountServiceAccountToken"])
	messages(warn_automount_service_account_token) == {`[automount_service_account_token] Deployment/app does not set automountServiceAccountToken to false (spec.template.spec.automountServiceAccountToken)`} with input as workload("Deployment", spec)
	count(warn_automount_service_account_token) == 0 with input as deployment
}

test_default_service_account if {
	spec := object.remove(hardened_pod_spec, ["serviceAccountName"])
	messages(warn_default_service_account) == {`[default_service_account] Job/app uses the default service account (spec.template.spec.serviceAccountName)`} with input as workload("Job", spec)
	count(warn_default_service_account) == 1 with input as with_pod_spec({"serviceAccountName": "default"})
	count(warn_default_service_account) == 0 with input as deployment
}
