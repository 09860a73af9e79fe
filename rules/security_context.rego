# Security context: privileges, users, filesystem, capabilities, seccomp.
package manifestgate.rules

import rego.v1

checks.privileged := {
	"severity": "deny",
	"title": "Privileged container",
	"remediation": "Remove securityContext.privileged: a privileged container has full access to the host.",
}

checks.privilege_escalation := {
	"severity": "deny",
	"title": "allowPrivilegeEscalation not set to false",
	"remediation": "Set securityContext.allowPrivilegeEscalation: false.",
}

checks.run_as_non_root := {
	"severity": "warn",
	"title": "Container may run as root",
	"remediation": "Set securityContext.runAsNonRoot: true on the pod or the container.",
}

checks.run_as_root := {
	"severity": "deny",
	"title": "Container runs as UID 0",
	"remediation": "Set securityContext.runAsUser to a non-zero UID.",
}

checks.read_only_root_filesystem := {
	"severity": "warn",
	"title": "Writable root filesystem",
	"remediation": "Set securityContext.readOnlyRootFilesystem: true and mount writable volumes where needed.",
}

checks.dangerous_capabilities := {
	"severity": "deny",
	"title": "Dangerous capability added",
	"remediation": "Remove the capability from securityContext.capabilities.add (list in manifestgate.config.dangerous_capabilities).",
}

checks.drop_all_capabilities := {
	"severity": "warn",
	"title": "Capabilities not dropping ALL",
	"remediation": "Set securityContext.capabilities.drop: [ALL] and add back only what is needed.",
}

checks.seccomp_profile := {
	"severity": "warn",
	"title": "No seccomp profile",
	"remediation": "Set securityContext.seccompProfile.type: RuntimeDefault on the pod or the container.",
}

deny_privileged contains finding("privileged", msg) if {
	some c in containers
	c.container.securityContext.privileged == true
	msg := sprintf("container %q is privileged (%s.securityContext.privileged)", [c.name, c.path])
}

deny_privilege_escalation contains finding("privilege_escalation", msg) if {
	some c in containers
	not c.container.securityContext.allowPrivilegeEscalation == false
	msg := sprintf("container %q does not set allowPrivilegeEscalation to false (%s.securityContext.allowPrivilegeEscalation)", [c.name, c.path])
}

warn_run_as_non_root contains finding("run_as_non_root", msg) if {
	some c in containers
	not security_setting(c, "runAsNonRoot") == true
	not runs_as_root(c)
	msg := sprintf("container %q does not set runAsNonRoot to true (%s.securityContext.runAsNonRoot)", [c.name, c.path])
}

runs_as_root(c) if security_setting(c, "runAsUser") == 0

deny_run_as_root contains finding("run_as_root", msg) if {
	some c in containers
	runs_as_root(c)
	msg := sprintf("container %q runs as UID 0 (%s.securityContext.runAsUser)", [c.name, c.path])
}

warn_read_only_root_filesystem contains finding("read_only_root_filesystem", msg) if {
	some c in containers
	not c.container.securityContext.readOnlyRootFilesystem == true
	msg := sprintf("container %q has a writable root filesystem (%s.securityContext.readOnlyRootFilesystem)", [c.name, c.path])
}

deny_dangerous_capabilities contains finding("dangerous_capabilities", msg) if {
	some c in containers
	some added in c.container.securityContext.capabilities.add
	some dangerous in config.dangerous_capabilities
	upper(trim_prefix(upper(added), "CAP_")) == upper(dangerous)
	msg := sprintf("container %q adds the capability %s (%s.securityContext.capabilities.add)", [c.name, added, c.path])
}

warn_drop_all_capabilities contains finding("drop_all_capabilities", msg) if {
	some c in containers
	not drops_all(c)
	msg := sprintf("container %q does not drop ALL capabilities (%s.securityContext.capabilities.drop)", [c.name, c.path])
}

drops_all(c) if {
	some dropped in c.container.securityContext.capabilities.drop
	upper(dropped) == "ALL"
}

seccomp_type(c) := security_setting(c, "seccompProfile").type

warn_seccomp_profile contains finding("seccomp_profile", msg) if {
	some c in containers
	not seccomp_type(c)
	msg := sprintf("container %q has no seccomp profile (%s.securityContext.seccompProfile)", [c.name, c.path])
}

warn_seccomp_profile contains finding("seccomp_profile", msg) if {
	some c in containers
	seccomp_type(c) == "Unconfined"
	msg := sprintf("container %q runs with the Unconfined seccomp profile (%s.securityContext.seccompProfile.type)", [c.name, c.path])
}
