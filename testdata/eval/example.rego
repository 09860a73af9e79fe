package example

import rego.v1

default allow := false

allow if input.user.role == "admin"

ports[name] := port if {
	some c in input.containers
	name := c.name
	port := c.port
}

double(x) := x * 2

conflict := 1 if input.a

conflict := 2 if input.b
