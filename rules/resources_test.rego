package manifestgate.rules

import rego.v1

# The hardened Deployment with the container's resources replaced.
without_resources(resources) := with_pod_spec({"containers": [object.union(object.remove(hardened_container, ["resources"]), {"resources": resources})]})

test_memory_limit_missing if {
	messages(deny_memory_limit) == {`[memory_limit] container "app" has no memory limit (spec.template.spec.containers[0].resources.limits.memory)`} with input as without_resources({"limits": {"cpu": "1"}})
}

test_memory_limit_present if {
	count(deny_memory_limit) == 0 with input as deployment
}

test_cpu_request_missing if {
	messages(warn_cpu_request) == {`[cpu_request] container "app" has no CPU request (spec.template.spec.containers[0].resources.requests.cpu)`} with input as without_resources({"limits": {"memory": "1Gi"}})
}

test_cpu_request_present if {
	count(warn_cpu_request) == 0 with input as deployment
}

test_requests_above_limits if {
	c := {"resources": {"requests": {"cpu": "1500m", "memory": "1Gi"}, "limits": {"cpu": 1, "memory": "512Mi"}}}
	messages(deny_requests_exceed_limits) == {
		`[requests_exceed_limits] container "app" requests 1500m cpu but is limited to 1 (spec.template.spec.containers[0].resources)`,
		`[requests_exceed_limits] container "app" requests 1Gi memory but is limited to 512Mi (spec.template.spec.containers[0].resources)`,
	} with input as with_container(c)
}

test_requests_equal_or_below_limits if {
	c := {"resources": {"requests": {"cpu": "0.5", "memory": "1Gi"}, "limits": {"cpu": "500m", "memory": "1024Mi"}}}
	count(deny_requests_exceed_limits) == 0 with input as with_container(c)
	count(deny_requests_exceed_limits) == 0 with input as deployment
}
