# How a check reports, and how a resource opts out of checks.
#
# Every check <id> is one rule, deny_<id> or warn_<id>, plus an entry checks[<id>] with its
# severity, title and remediation (listed by `manifestgate rules`). A finding is an object
# whose msg starts with the check id, so the id to opt out with is always in sight.
#
# Opt-out: the annotation manifestgate.io/skip: "<id>[,<id>]..." (with an optional
# manifestgate.io/skip-reason) turns that check's findings on the resource into exceptions,
# conftest style, still reported with the reason.
package manifestgate.rules

import rego.v1

skip_annotation := "manifestgate.io/skip"

skip_reason_annotation := "manifestgate.io/skip-reason"

# Check ids named by the annotation; `latest-tag` and `latest_tag` are the same id.
skipped_ids contains id if {
	some entry in split(object.get(resource, ["metadata", "annotations", skip_annotation], ""), ",")
	id := replace(lower(trim_space(entry)), "-", "_")
	id != ""
}

# conftest exceptions name rule suffixes: ["latest_tag"] covers deny_latest_tag.
exception contains [id] if some id in skipped_ids

skip_note(id) := note if {
	id in skipped_ids
	reason := object.get(resource, ["metadata", "annotations", skip_reason_annotation], "no reason given")
	note := sprintf(" (skipped by %s: %s)", [skip_annotation, reason])
} else := ""

# The finding of check `id` with its text.
finding(id, text) := {
	"msg": sprintf("[%s] %s%s", [id, text, skip_note(id)]),
	"check": id,
	"severity": checks[id].severity,
	"title": checks[id].title,
	"remediation": checks[id].remediation,
}
