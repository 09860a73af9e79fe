package manifestgate.rules

import rego.v1

test_required_labels if {
	unlabelled := object.union(object.remove(deployment, ["metadata"]), {"metadata": {"name": "app", "labels": {"team": "shop"}}})
	messages(warn_required_labels) == {`[required_labels] Deployment/app has no label "app.kubernetes.io/name" (metadata.labels)`} with input as unlabelled
	count(warn_required_labels) == 0 with input as deployment
}

test_required_labels_from_data if {
	messages(warn_required_labels) == {`[required_labels] Deployment/app has no label "team" (metadata.labels)`} with input as deployment
		with data.manifestgate.config.required_labels as ["app.kubernetes.io/name", "team"]
}

test_required_labels_only_on_workloads_services_and_ingresses if {
	count(warn_required_labels) == 0 with input as {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}}
	count(warn_required_labels) == 1 with input as {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s"}}
}
