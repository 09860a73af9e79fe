package manifestgate.rules

import rego.v1

skipped(ids, reason) := object.union(with_container({"image": "nginx:latest"}), {"metadata": {"annotations": {
	"manifestgate.io/skip": ids,
	"manifestgate.io/skip-reason": reason,
}}})

test_skip_annotation_becomes_exceptions if {
	exception == {["latest_tag"], ["allowed_registries"]} with input as skipped("latest-tag, allowed_registries", "vendor image")
}

test_skipped_finding_names_the_reason if {
	messages(deny_latest_tag) == {`[latest_tag] container "app" uses the :latest tag in image "nginx:latest" (spec.template.spec.containers[0].image) (skipped by manifestgate.io/skip: vendor image)`} with input as skipped("latest_tag", "vendor image")
}

test_skip_without_reason if {
	some f in deny_latest_tag with input as object.union(with_container({"image": "ghcr.io/acme/app:latest"}), {"metadata": {"annotations": {"manifestgate.io/skip": "latest_tag"}}})
	endswith(f.msg, "(skipped by manifestgate.io/skip: no reason given)")
}

test_no_annotation_no_exception if {
	count(exception) == 0 with input as with_container({"image": "nginx:latest"})
	messages(deny_latest_tag) == {`[latest_tag] container "app" uses the :latest tag in image "nginx:latest" (spec.template.spec.containers[0].image)`} with input as with_container({"image": "nginx:latest"})
}

test_empty_skip_entries_are_ignored if {
	exception == {["privileged"]} with input as skipped(" ,privileged,", "")
}
