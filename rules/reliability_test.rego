package manifestgate.rules

import rego.v1

test_liveness_probe if {
	c := object.remove(hardened_container, ["livenessProbe"])
	messages(warn_liveness_probe) == {`[liveness_probe] container "app" has no liveness probe (spec.template.spec.containers[0].livenessProbe)`} with input as with_pod_spec({"containers": [c]})
	count(warn_liveness_probe) == 0 with input as deployment
}

test_readiness_probe if {
	c := object.remove(hardened_container, ["readinessProbe"])
	messages(warn_readiness_probe) == {`[readiness_probe] container "app" has no readiness probe (spec.template.spec.containers[0].readinessProbe)`} with input as with_pod_spec({"containers": [c]})
	count(warn_readiness_probe) == 0 with input as deployment
}

test_probes_not_required_for_jobs_and_init_containers if {
	c := object.remove(hardened_container, ["livenessProbe", "readinessProbe"])
	count(warn_liveness_probe | warn_readiness_probe) == 0 with input as workload("Job", object.union(hardened_pod_spec, {"containers": [c]}))
	count(warn_liveness_probe | warn_readiness_probe) == 0 with input as workload("CronJob", object.union(hardened_pod_spec, {"containers": [c]}))
	count(warn_liveness_probe | warn_readiness_probe) == 0 with input as with_pod_spec({"initContainers": [c]})
}

test_single_replica if {
	one := object.union(deployment, {"spec": {"replicas": 1}})
	messages(warn_single_replica) == {`[single_replica] Deployment/app runs 1 replica(s), fewer than 2 (spec.replicas)`} with input as one
	count(warn_single_replica) == 1 with input as object.remove(deployment, ["spec"])
	count(warn_single_replica) == 0 with input as deployment
	count(warn_single_replica) == 1 with input as deployment with data.manifestgate.config.min_replicas as 4
	count(warn_single_replica) == 0 with input as workload("DaemonSet", hardened_pod_spec)
}
