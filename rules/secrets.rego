# Secrets belong in Secret objects, not in plain environment values of the manifest.
package manifestgate.rules

import rego.v1

checks.env_secrets := {
	"severity": "deny",
	"title": "Secret in a plain environment value",
	"remediation": "Move the value to a Secret and reference it with env[].valueFrom.secretKeyRef.",
}

deny_env_secrets contains finding("env_secrets", msg) if {
	some c in containers
	some i, env in c.container.env
	is_string(env.value)
	env.value != ""
	regex.match(config.secret_env_pattern, env.name)
	msg := sprintf("container %q sets %s in plain text (%s.env[%d].value)", [c.name, env.name, c.path, i])
}
