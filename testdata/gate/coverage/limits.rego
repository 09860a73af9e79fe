package limits

import rego.v1

deny contains msg if {
	some c in input.spec.containers
	not c.resources.limits.memory
	msg := sprintf("container %q has no memory limit", [c.name])
}

# No test reaches this rule.
warn contains msg if {
	input.spec.replicas < 2
	msg := "one replica"
}

tier(cpu) := "small" if {
	cpu < 1
} else := "large"
