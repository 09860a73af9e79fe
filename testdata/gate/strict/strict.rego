package main

import rego.v1

deny contains msg if {
	unused := input.metadata.name
	input.kind == "Pod"
	msg := "no pods"
}
