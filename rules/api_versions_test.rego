package manifestgate.rules

import rego.v1

test_version_number if {
	version_number("1.25") == 1025
	version_number("v1.9.3") == 1009
}

test_removed_api if {
	old := object.union(deployment, {"apiVersion": "extensions/v1beta1"})
	messages(deny_removed_api) == {`[removed_api] Deployment/app uses apiVersion extensions/v1beta1, removed in Kubernetes 1.16; use apps/v1 (apiVersion)`} with input as old
	psp := {"apiVersion": "policy/v1beta1", "kind": "PodSecurityPolicy", "metadata": {"name": "restricted"}}
	messages(deny_removed_api) == {`[removed_api] PodSecurityPolicy/restricted uses apiVersion policy/v1beta1, removed in Kubernetes 1.25; use none: use Pod Security Admission (apiVersion)`} with input as psp
	count(deny_removed_api) == 0 with input as deployment
}

test_removal_depends_on_the_target_version if {
	cronjob := {"apiVersion": "batch/v1beta1", "kind": "CronJob", "metadata": {"name": "c"}}
	count(deny_removed_api) == 1 with input as cronjob
	count(deny_removed_api) == 0 with input as cronjob with data.manifestgate.config.kubernetes_version as "1.24"
	messages(warn_deprecated_api) == {`[deprecated_api] CronJob/c uses apiVersion batch/v1beta1, deprecated and removed in Kubernetes 1.25; use batch/v1 (apiVersion)`} with input as cronjob with data.manifestgate.config.kubernetes_version as "1.24"
}

test_deprecated_api if {
	flow := {"apiVersion": "flowcontrol.apiserver.k8s.io/v1beta3", "kind": "FlowSchema", "metadata": {"name": "f"}}
	messages(warn_deprecated_api) == {`[deprecated_api] FlowSchema/f uses apiVersion flowcontrol.apiserver.k8s.io/v1beta3, deprecated and removed in Kubernetes 1.32; use flowcontrol.apiserver.k8s.io/v1 (apiVersion)`} with input as flow
	count(warn_deprecated_api) == 0 with input as deployment
}
