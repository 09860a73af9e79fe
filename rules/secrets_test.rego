package manifestgate.rules

import rego.v1

test_secret_in_plain_env if {
	env := [{"name": "LOG_LEVEL", "value": "info"}, {"name": "DB_PASSWORD", "value": "hunter2"}, {"name": "API_KEY", "valueFrom": {"secretKeyRef": {"name": "api", "key": "key"}}}]
	messages(deny_env_secrets) == {`[env_secrets] container "app" sets DB_PASSWORD in plain text (spec.template.spec.containers[0].env[1].value)`} with input as with_container({"env": env})
}

test_secret_references_and_empty_values_pass if {
	env := [{"name": "GITHUB_TOKEN", "value": ""}, {"name": "API_KEY", "valueFrom": {"secretKeyRef": {"name": "api", "key": "key"}}}]
	count(deny_env_secrets) == 0 with input as with_container({"env": env})
}

test_secret_pattern_from_data if {
	env := [{"name": "LICENSE", "value": "abc"}]
	count(deny_env_secrets) == 0 with input as with_container({"env": env})
	count(deny_env_secrets) == 1 with input as with_container({"env": env}) with data.manifestgate.config.secret_env_pattern as "LICENSE"
}
