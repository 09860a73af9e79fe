package broken

import rego.v1

test_unsafe if {
	x == 1
}
