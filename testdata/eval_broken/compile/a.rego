package a

import rego.v1

p if {
	x > 1
}

q := nope(1)
