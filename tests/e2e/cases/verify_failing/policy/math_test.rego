package math

import rego.v1

double(x) := x * 2

test_double_passes if double(2) == 4

test_double_fails if double(2) == 5

test_undefined_fails if data.math.nothing

test_false_value_fails := false

test_prints_on_failure if {
	print("double(3) is", double(3))
	double(3) == 7
}

# Two values for one complete rule: an evaluation error.
conflict := 1

conflict := 2 if true

test_conflict_is_an_error if conflict == 1
