// Engine benchmark (not a test): a conftest-style policy — registries allowed by data,
// no :latest tags, memory limits required — over 10,000 generated Deployments with one
// prepared query, on one thread and on every core. Prints µs per document and documents/s.

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "rego/eval/engine.h"
#include "rego/value/json.h"

using mg::rego::Value;

namespace {

const char* kPolicy = R"(package main

import rego.v1

deny contains msg if {
  input.kind == "Deployment"
  some c in input.spec.template.spec.containers
  not allowed_registry(c.image)
  msg := sprintf("container %q uses image %q from a registry that is not allowed", [c.name, c.image])
}

deny contains msg if {
  input.kind == "Deployment"
  some c in input.spec.template.spec.containers
  endswith(c.image, ":latest")
  msg := sprintf("container %q must not use the :latest tag", [c.name])
}

deny contains msg if {
  input.kind == "Deployment"
  some c in input.spec.template.spec.containers
  not c.resources.limits.memory
  msg := sprintf("container %q has no memory limit", [c.name])
}

allowed_registry(image) if {
  some registry in data.registries
  startswith(image, registry)
}
)";

Value deployment(int i) {
  std::string name = "app-" + std::to_string(i);
  std::string registry = i % 7 == 0 ? "docker.io/" : "ghcr.io/acme/";
  std::string tag = i % 11 == 0 ? "latest" : "1." + std::to_string(i % 20);
  std::string limits = i % 5 == 0 ? "" : R"("limits": {"memory": "256Mi", "cpu": "500m"},)";
  std::string text = R"({"apiVersion": "apps/v1", "kind": "Deployment",
    "metadata": {"name": ")" +
                     name + R"(", "namespace": "prod", "labels": {"app": ")" + name + R"("}},
    "spec": {"replicas": 3, "selector": {"matchLabels": {"app": ")" +
                     name + R"("}},
      "template": {"metadata": {"labels": {"app": ")" +
                     name + R"("}},
        "spec": {"containers": [
          {"name": "main", "image": ")" +
                     registry + name + ":" + tag + R"(",
           "ports": [{"containerPort": 8080}],
           "resources": {)" +
                     limits + R"( "requests": {"cpu": "100m", "memory": "128Mi"}}},
          {"name": "sidecar", "image": "ghcr.io/acme/proxy:2.1",
           "resources": {"limits": {"memory": "64Mi"}}}
        ]}}}})";
  return std::get<Value>(mg::rego::parse_json(text));
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

// Usage: eval_bench [documents] [plain|tracking|threads|all] [rounds]. One mode alone is
// for profiling (callgrind counts one kind of evaluation).
int main(int argc, char** argv) {
  const int documents = argc > 1 ? std::atoi(argv[1]) : 10000;
  const std::string mode = argc > 2 ? argv[2] : "all";
  const int rounds = argc > 3 ? std::atoi(argv[3]) : 5;
  std::vector<Value> inputs;
  inputs.reserve(static_cast<size_t>(documents));
  for (int i = 0; i < documents; ++i) inputs.push_back(deployment(i));
  Value data = std::get<Value>(
      mg::rego::parse_json(R"({"registries": ["ghcr.io/acme/", "quay.io/acme/"]})"));
  auto compiled = mg::rego::Policy::compile({{"policy.rego", kPolicy}}, data);
  if (!std::holds_alternative<mg::rego::PolicyPtr>(compiled)) {
    for (const auto& e : std::get<mg::rego::RegoErrors>(compiled))
      std::fprintf(stderr, "%s\n", e.to_string().c_str());
    return 2;
  }
  auto prepared =
      mg::rego::PreparedQuery::prepare(std::get<mg::rego::PolicyPtr>(compiled), "data.main.deny");
  const auto& query = std::get<mg::rego::PreparedQuery>(prepared);

  // What `manifestgate test` pays to point findings at fields: an observer that asks for
  // the values each message's derivation touched.
  struct FieldTracking : mg::rego::EvalObserver {
    size_t touched = 0;
    void member_derived(std::string_view, const mg::rego::ast::Location&, const Value&,
                        std::span<const void* const> ids) override {
      touched += ids.size();
    }
    bool wants_touched() const override { return true; }
  };
  auto run = [&](int threads, bool track_fields = false) {
    double best = 1e9;
    size_t messages = 0;
    for (int r = 0; r < rounds; ++r) {
      std::atomic<size_t> next{0}, found{0};
      auto start = std::chrono::steady_clock::now();
      auto work = [&] {
        size_t local = 0;
        FieldTracking tracking;
        mg::rego::EvalOptions options;
        if (track_fields) options.observer = &tracking;
        for (size_t i = next++; i < inputs.size(); i = next++) {
          auto v = query.eval_value(&inputs[i], options);
          local += v ? v->size() : 0;
        }
        found += local;
      };
      std::vector<std::thread> pool;
      for (int t = 1; t < threads; ++t) pool.emplace_back(work);
      work();
      for (auto& t : pool) t.join();
      best = std::min(best, seconds_since(start));
      messages = found;
    }
    std::printf(
        "%d thread(s)%s: %d documents, %zu messages, best of %d: %.1f ms, %.2f us/document, %.0f "
        "documents/s\n",
        threads, track_fields ? " tracking fields" : "", documents, messages, rounds, best * 1e3,
        best * 1e6 / documents, documents / best);
  };
  if (mode == "all" || mode == "plain") run(1);
  if (mode == "all" || mode == "tracking") run(1, true);
  int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  if ((mode == "all" || mode == "threads") && cores > 1) run(cores);
  return 0;
}
