# Thresholds and lists of the built-in checks. Each can be overridden from a data file passed
# with --data, under the key manifestgate.config, e.g.
#   manifestgate: {config: {allowed_registries: [registry.example.com], min_replicas: 3}}
package manifestgate.rules

import rego.v1

default_config := {
	# Images must come from these registries (or repository prefixes, e.g. ghcr.io/acme).
	"allowed_registries": [
		"docker.io",
		"ghcr.io",
		"quay.io",
		"registry.k8s.io",
		"gcr.io",
		"public.ecr.aws",
		"mcr.microsoft.com",
	],
	# Capabilities that must never be added.
	"dangerous_capabilities": [
		"ALL",
		"SYS_ADMIN",
		"NET_ADMIN",
		"NET_RAW",
		"SYS_PTRACE",
		"SYS_MODULE",
		"SYS_RAWIO",
		"SYS_BOOT",
		"SYS_TIME",
		"DAC_READ_SEARCH",
		"BPF",
		"PERFMON",
	],
	# Deployments, StatefulSets and ReplicaSets with fewer replicas are warned about.
	"min_replicas": 2,
	# Labels every workload, Service and Ingress must carry.
	"required_labels": ["app.kubernetes.io/name"],
	# Environment variable names whose plain `value` looks like a secret (RE2).
	"secret_env_pattern": `(?i)(password|passwd|secret|token|api_?key|private_?key|credentials?|access_?key)`,
	# The Kubernetes version the manifests are deployed to: removed APIs fail, APIs removed
	# in a later version warn.
	"kubernetes_version": "1.29",
	# apiVersion -> kind -> [version that removed it, replacement apiVersion].
	"api_removals": {
		"extensions/v1beta1": {
			"Deployment": ["1.16", "apps/v1"],
			"DaemonSet": ["1.16", "apps/v1"],
			"ReplicaSet": ["1.16", "apps/v1"],
			"NetworkPolicy": ["1.16", "networking.k8s.io/v1"],
			"PodSecurityPolicy": ["1.16", "policy/v1beta1"],
			"Ingress": ["1.22", "networking.k8s.io/v1"],
		},
		"apps/v1beta1": {
			"Deployment": ["1.16", "apps/v1"],
			"StatefulSet": ["1.16", "apps/v1"],
			"ReplicaSet": ["1.16", "apps/v1"],
		},
		"apps/v1beta2": {
			"Deployment": ["1.16", "apps/v1"],
			"StatefulSet": ["1.16", "apps/v1"],
			"DaemonSet": ["1.16", "apps/v1"],
			"ReplicaSet": ["1.16", "apps/v1"],
		},
		"networking.k8s.io/v1beta1": {
			"Ingress": ["1.22", "networking.k8s.io/v1"],
			"IngressClass": ["1.22", "networking.k8s.io/v1"],
		},
		"rbac.authorization.k8s.io/v1beta1": {
			"ClusterRole": ["1.22", "rbac.authorization.k8s.io/v1"],
			"ClusterRoleBinding": ["1.22", "rbac.authorization.k8s.io/v1"],
			"Role": ["1.22", "rbac.authorization.k8s.io/v1"],
			"RoleBinding": ["1.22", "rbac.authorization.k8s.io/v1"],
		},
		"apiextensions.k8s.io/v1beta1": {"CustomResourceDefinition": ["1.22", "apiextensions.k8s.io/v1"]},
		"admissionregistration.k8s.io/v1beta1": {
			"MutatingWebhookConfiguration": ["1.22", "admissionregistration.k8s.io/v1"],
			"ValidatingWebhookConfiguration": ["1.22", "admissionregistration.k8s.io/v1"],
		},
		"certificates.k8s.io/v1beta1": {"CertificateSigningRequest": ["1.22", "certificates.k8s.io/v1"]},
		"coordination.k8s.io/v1beta1": {"Lease": ["1.22", "coordination.k8s.io/v1"]},
		"scheduling.k8s.io/v1beta1": {"PriorityClass": ["1.22", "scheduling.k8s.io/v1"]},
		"storage.k8s.io/v1beta1": {
			"CSIDriver": ["1.22", "storage.k8s.io/v1"],
			"CSINode": ["1.22", "storage.k8s.io/v1"],
			"StorageClass": ["1.22", "storage.k8s.io/v1"],
			"VolumeAttachment": ["1.22", "storage.k8s.io/v1"],
			"CSIStorageCapacity": ["1.27", "storage.k8s.io/v1"],
		},
		"batch/v1beta1": {"CronJob": ["1.25", "batch/v1"]},
		"policy/v1beta1": {
			"PodDisruptionBudget": ["1.25", "policy/v1"],
			"PodSecurityPolicy": ["1.25", "none: use Pod Security Admission"],
		},
		"autoscaling/v2beta1": {"HorizontalPodAutoscaler": ["1.25", "autoscaling/v2"]},
		"autoscaling/v2beta2": {"HorizontalPodAutoscaler": ["1.26", "autoscaling/v2"]},
		"discovery.k8s.io/v1beta1": {"EndpointSlice": ["1.25", "discovery.k8s.io/v1"]},
		"events.k8s.io/v1beta1": {"Event": ["1.25", "events.k8s.io/v1"]},
		"node.k8s.io/v1beta1": {"RuntimeClass": ["1.25", "node.k8s.io/v1"]},
		"flowcontrol.apiserver.k8s.io/v1beta1": {
			"FlowSchema": ["1.26", "flowcontrol.apiserver.k8s.io/v1"],
			"PriorityLevelConfiguration": ["1.26", "flowcontrol.apiserver.k8s.io/v1"],
		},
		"flowcontrol.apiserver.k8s.io/v1beta2": {
			"FlowSchema": ["1.29", "flowcontrol.apiserver.k8s.io/v1"],
			"PriorityLevelConfiguration": ["1.29", "flowcontrol.apiserver.k8s.io/v1"],
		},
		"flowcontrol.apiserver.k8s.io/v1beta3": {
			"FlowSchema": ["1.32", "flowcontrol.apiserver.k8s.io/v1"],
			"PriorityLevelConfiguration": ["1.32", "flowcontrol.apiserver.k8s.io/v1"],
		},
	},
}

# The user's settings win; objects are merged key by key.
config := object.union(default_config, user_config)

user_config := data.manifestgate.config if {
	is_object(data.manifestgate.config)
} else := {}
