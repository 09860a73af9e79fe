package broken

p if {
	x > 1
}

q := count(
