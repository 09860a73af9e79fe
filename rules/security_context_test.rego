package manifestgate.rules

import rego.v1

test_privileged if {
	messages(deny_privileged) == {`[privileged] container "app" is privileged (spec.template.spec.containers[0].securityContext.privileged)`} with input as with_security({"privileged": true})
	count(deny_privileged) == 0 with input as with_security({"privileged": false})
}

test_privilege_escalation if {
	messages(deny_privilege_escalation) == {`[privilege_escalation] container "app" does not set allowPrivilegeEscalation to false (spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation)`} with input as with_security({"allowPrivilegeEscalation": true})
	c := object.remove(hardened_container, ["securityContext"])
	count(deny_privilege_escalation) == 1 with input as with_pod_spec({"containers": [c]})
	count(deny_privilege_escalation) == 0 with input as deployment
}

test_run_as_non_root if {
	messages(warn_run_as_non_root) == {`[run_as_non_root] container "app" does not set runAsNonRoot to true (spec.template.spec.containers[0].securityContext.runAsNonRoot)`} with input as with_security({"runAsNonRoot": false})
	count(warn_run_as_non_root) == 0 with input as deployment
}

test_run_as_non_root_from_the_pod if {
	c := object.remove(hardened_container, ["securityContext"])
	spec := object.union(hardened_pod_spec, {"securityContext": {"runAsNonRoot": true}, "containers": [c]})
	count(warn_run_as_non_root) == 0 with input as workload("StatefulSet", spec)
	count(warn_run_as_non_root) == 1 with input as workload("StatefulSet", object.union(spec, {"securityContext": {"runAsNonRoot": false}}))
}

test_run_as_root if {
	messages(deny_run_as_root) == {`[run_as_root] container "app" runs as UID 0 (spec.template.spec.containers[0].securityContext.runAsUser)`} with input as with_security({"runAsUser": 0})
	count(deny_run_as_root) == 1 with input as with_pod_spec({"securityContext": {"runAsUser": 0}})
	count(deny_run_as_root) == 0 with input as with_security({"runAsUser": 1000})
	# The container's setting wins over the pod's.
	count(deny_run_as_root) == 0 with input as workload("Deployment", object.union(hardened_pod_spec, {"securityContext": {"runAsUser": 0}, "containers": [object.union(hardened_container, {"securityContext": {"runAsUser": 1000}})]}))
}

test_read_only_root_filesystem if {
	messages(warn_read_only_root_filesystem) == {`[read_only_root_filesystem] container "app" has a writable root filesystem (spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem)`} with input as with_security({"readOnlyRootFilesystem": false})
	count(warn_read_only_root_filesystem) == 0 with input as deployment
}

test_dangerous_capabilities if {
	messages(deny_dangerous_capabilities) == {
		`[dangerous_capabilities] container "app" adds the capability CAP_SYS_ADMIN (spec.template.spec.containers[0].securityContext.capabilities.add)`,
		`[dangerous_capabilities] container "app" adds the capability net_raw (spec.template.spec.containers[0].securityContext.capabilities.add)`,
	} with input as with_security({"capabilities": {"drop": ["ALL"], "add": ["CAP_SYS_ADMIN", "net_raw", "NET_BIND_SERVICE"]}})
	count(deny_dangerous_capabilities) == 0 with input as with_security({"capabilities": {"drop": ["ALL"], "add": ["NET_BIND_SERVICE"]}})
	count(deny_dangerous_capabilities) == 1 with input as with_security({"capabilities": {"add": ["NET_BIND_SERVICE"]}})
		with data.manifestgate.config.dangerous_capabilities as ["NET_BIND_SERVICE"]
}

test_drop_all_capabilities if {
	messages(warn_drop_all_capabilities) == {`[drop_all_capabilities] container "app" does not drop ALL capabilities (spec.template.spec.containers[0].securityContext.capabilities.drop)`} with input as with_security({"capabilities": {"drop": ["NET_RAW"]}})
	count(warn_drop_all_capabilities) == 0 with input as with_security({"capabilities": {"drop": ["all"]}})
}

test_seccomp_profile if {
	c := object.remove(hardened_container, ["securityContext"])
	messages(warn_seccomp_profile) == {`[seccomp_profile] container "app" has no seccomp profile (spec.template.spec.containers[0].securityContext.seccompProfile)`} with input as with_pod_spec({"containers": [c]})
	count(warn_seccomp_profile) == 0 with input as with_pod_spec({"containers": [c], "securityContext": {"seccompProfile": {"type": "RuntimeDefault"}}})
	messages(warn_seccomp_profile) == {`[seccomp_profile] container "app" runs with the Unconfined seccomp profile (spec.template.spec.containers[0].securityContext.seccompProfile.type)`} with input as with_security({"seccompProfile": {"type": "Unconfined"}})
}
