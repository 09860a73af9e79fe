#!/usr/bin/env bash
# Scan benchmark (not a test): generates a tree of 10,000 manifests (mixed kinds, multi-document
# files) and a policy with the classic three rules, then times `manifestgate test` over it at
# --jobs 1 and on every core (wall time, documents/s, peak RSS), and the pre-commit case: one
# small file, checked 50 times. Usage: bench/scan_bench.sh [path/to/manifestgate] [documents]
set -euo pipefail
bin=${1:-build/manifestgate}
docs=${2:-10000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$work" "$docs" <<'PY'
import os, sys
root, total = sys.argv[1], int(sys.argv[2])
os.makedirs(f"{root}/policy"); os.makedirs(f"{root}/deploy")
open(f"{root}/policy/main.rego", "w").write('''package main

import rego.v1

workload_kinds := {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job"}

containers contains c if {
	workload_kinds[input.kind]
	some c in input.spec.template.spec.containers
}

deny contains msg if {
	some c in containers
	not allowed_registry(c.image)
	msg := sprintf("container %q: image %q is not from an allowed registry", [c.name, c.image])
}

deny contains msg if {
	some c in containers
	endswith(c.image, ":latest")
	msg := sprintf("container %q must not use the :latest tag", [c.name])
}

deny contains msg if {
	some c in containers
	not c.resources.limits.memory
	msg := sprintf("container %q has no memory limit", [c.name])
}

allowed_registry(image) if {
	some registry in data.registries
	startswith(image, registry)
}
''')
open(f"{root}/policy/data.yaml", "w").write("registries:\n  - ghcr.io/acme/\n  - quay.io/acme/\n")
def deployment(i, kind):
    tag = "latest" if i % 11 == 0 else f"1.{i % 20}"
    reg = "docker.io/" if i % 7 == 0 else "ghcr.io/acme/"
    limits = "" if i % 5 == 0 else "\n            limits:\n              memory: 256Mi\n              cpu: 500m"
    return f'''apiVersion: apps/v1
kind: {kind}
metadata:
  name: app-{i}
  namespace: prod
  labels:
    app: app-{i}
    team: team-{i % 9}
spec:
  replicas: {1 + i % 4}
  selector:
    matchLabels:
      app: app-{i}
  template:
    metadata:
      labels:
        app: app-{i}
    spec:
      containers:
        - name: main
          image: {reg}app-{i}:{tag}
          ports:
            - containerPort: 8080
          resources:
            requests:
              cpu: 100m
              memory: 128Mi{limits}
        - name: sidecar
          image: ghcr.io/acme/proxy:2.1
          resources:
            limits:
              memory: 64Mi
'''
def service(i):
    return f'''apiVersion: v1
kind: Service
metadata:
  name: app-{i}
  namespace: prod
spec:
  selector:
    app: app-{i}
  ports:
    - port: 80
      targetPort: 8080
'''
def configmap(i):
    return f'''apiVersion: v1
kind: ConfigMap
metadata:
  name: app-{i}-config
data:
  LOG_LEVEL: info
  FEATURE_FLAGS: "a,b,c"
'''
kinds = ["Deployment", "StatefulSet", "DaemonSet", "Deployment"]
n = 0; f = 0
while n < total:
    sub = f"{root}/deploy/team-{f % 20}"
    os.makedirs(sub, exist_ok=True)
    parts = [deployment(n, kinds[f % 4])]; n += 1
    if n < total: parts.append(service(n)); n += 1
    if n < total and f % 2 == 0: parts.append(configmap(n)); n += 1
    open(f"{sub}/app-{f}.yaml", "w").write("---\n".join(parts))
    f += 1
open(f"{root}/small.yaml", "w").write(deployment(1, "Deployment"))
PY
bytes=$(du -sb "$work/deploy" | cut -f1)
echo "corpus: $docs documents, $(find "$work/deploy" -name '*.yaml' | wc -l) files, $((bytes / 1024)) KiB"
run() {
  local jobs=$1
  local best=999999
  local rss=0
  for _ in 1 2 3; do
    local start end ms
    start=$(date +%s%N)
    /usr/bin/time -f "%M %U %S" -o "$work/rss" "$bin" test "$work/deploy" -p "$work/policy" -d "$work/policy/data.yaml" \
      --jobs "$jobs" --no-fail > "$work/out" 2>&1 || true
    end=$(date +%s%N)
    ms=$(( (end - start) / 1000000 ))
    [ "$ms" -lt "$best" ] && best=$ms
    read -r rss user sys < "$work/rss"
  done
  echo "jobs=$jobs: best of 3: ${best} ms wall, $(( docs * 1000 / (best > 0 ? best : 1) )) documents/s, CPU ${user}s user + ${sys}s sys (last run), peak RSS $((rss / 1024)) MiB; $(tail -1 "$work/out")"
}
run 1
run "$(nproc)"
start=$(date +%s%N)
for _ in $(seq 50); do "$bin" test "$work/small.yaml" -p "$work/policy" -d "$work/policy/data.yaml" > /dev/null 2>&1 || true; done
end=$(date +%s%N)
/usr/bin/time -f "%e %U %S" -o "$work/small" "$bin" test "$work/small.yaml" -p "$work/policy" -d "$work/policy/data.yaml" > /dev/null 2>&1 || true
read -r _ user sys < "$work/small"
echo "pre-commit case (one small file): $(( (end - start) / 50000 )) us wall per run (mean of 50, including process start); CPU ${user}s user + ${sys}s sys"
