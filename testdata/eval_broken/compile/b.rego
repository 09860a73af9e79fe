package b

import rego.v1

r if s

s if r
