# Test fixtures: a hardened workload that passes every check, and ways to break it.
package manifestgate.rules

import rego.v1

hardened_container := {
	"name": "app",
	"image": "ghcr.io/acme/app:1.2.3",
	"resources": {
		"requests": {"cpu": "100m", "memory": "64Mi"},
		"limits": {"cpu": "500m", "memory": "128Mi"},
	},
	"securityContext": {
		"allowPrivilegeEscalation": false,
		"runAsNonRoot": true,
		"readOnlyRootFilesystem": true,
		"capabilities": {"drop": ["ALL"]},
		"seccompProfile": {"type": "RuntimeDefault"},
	},
	"livenessProbe": {"httpGet": {"path": "/healthz", "port": 8080}},
	"readinessProbe": {"httpGet": {"path": "/ready", "port": 8080}},
}

hardened_pod_spec := {
	"automountServiceAccountToken": false,
	"serviceAccountName": "app",
	"containers": [hardened_container],
}

hardened_metadata := {"name": "app", "labels": {"app.kubernetes.io/name": "app"}}

# A workload of `kind` with `spec` as its pod spec, wherever that kind keeps it.
workload(workload_kind, spec) := {"apiVersion": "v1", "kind": "Pod", "metadata": hardened_metadata, "spec": spec} if {
	workload_kind == "Pod"
} else := {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": hardened_metadata, "spec": {"jobTemplate": {"spec": {"template": {"spec": spec}}}}} if {
	workload_kind == "CronJob"
} else := {"apiVersion": "apps/v1", "kind": workload_kind, "metadata": hardened_metadata, "spec": {"replicas": 3, "template": {"spec": spec}}}

deployment := workload("Deployment", hardened_pod_spec)

# The hardened Deployment with its container patched (object.union: objects merge, so
# removing a field takes object.remove and with_pod_spec).
with_container(patch) := workload("Deployment", object.union(hardened_pod_spec, {"containers": [object.union(hardened_container, patch)]}))

# The hardened Deployment with its pod spec patched.
with_pod_spec(patch) := workload("Deployment", object.union(hardened_pod_spec, patch))

# The hardened container's security context patched.
with_security(patch) := with_container({"securityContext": object.union(hardened_container.securityContext, patch)})

messages(findings) := {f.msg | some f in findings}

all_findings := (((((((((deny_allowed_registries | deny_latest_tag) | deny_memory_limit) | warn_cpu_request) | deny_requests_exceed_limits) | deny_privileged) | deny_privilege_escalation) | warn_run_as_non_root) | deny_run_as_root) | warn_read_only_root_filesystem) | (((((((((deny_dangerous_capabilities | warn_drop_all_capabilities) | warn_seccomp_profile) | deny_host_network) | deny_host_pid) | deny_host_ipc) | deny_host_path) | deny_host_port) | warn_liveness_probe) | warn_readiness_probe) | ((((((((((warn_single_replica | warn_automount_service_account_token) | warn_default_service_account) | deny_env_secrets) | warn_node_port_service) | warn_load_balancer_service) | warn_ingress_tls) | deny_removed_api) | warn_deprecated_api) | warn_required_labels))

workload_kinds := ["Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob"]

test_hardened_workloads_of_every_kind_pass_every_check if {
	every workload_kind in workload_kinds {
		count(all_findings) == 0 with input as workload(workload_kind, hardened_pod_spec)
	}
}

test_every_check_has_a_rule_and_metadata if {
	count(checks) == 30
	every id, check in checks {
		check.severity in {"deny", "warn"}
		check.title != ""
		check.remediation != ""
	}
}

test_findings_carry_the_check_metadata if {
	c := object.remove(hardened_container, ["resources"])
	some f in deny_memory_limit with input as with_pod_spec({"containers": [c]})
	f.check == "memory_limit"
	f.severity == "deny"
	f.title == checks.memory_limit.title
	f.remediation == checks.memory_limit.remediation
}
