package limits

import rego.v1

test_missing_limit_denied if {
	deny["container \"web\" has no memory limit"] with input as {"spec": {"containers": [{"name": "web"}]}}
}

test_small_tier if {
	tier(0.5) == "small"
}
