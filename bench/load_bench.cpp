// Loader throughput: writes a corpus of 10,000 realistic manifests (Deployments, Services,
// ConfigMaps, StatefulSets; single- and multi-document files; a few Lists) to a temporary
// directory, loads it several times on one thread and reports the best run. Also times
// yaml-cpp alone (parse events, no conversion) on the same text, to show its share.
//
//   load_bench [documents=10000] [runs=5]

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "manifest/loader.h"

namespace fs = std::filesystem;

namespace {

class Corpus {
 public:
  explicit Corpus(unsigned seed) : rng_(seed) {}

  std::string document(int n) {
    switch (pick(10)) {
      case 0:
      case 1:
      case 2:
      case 3:
        return deployment(n, "Deployment");
      case 4:
        return deployment(n, "StatefulSet");
      case 5:
      case 6:
        return service(n);
      default:
        return config_map(n);
    }
  }

  int pick(int n) { return static_cast<int>(rng_() % static_cast<unsigned>(n)); }

 private:
  std::string name(int n) {
    static const char* const kWords[] = {"web",    "api",     "cart", "auth",
                                         "search", "billing", "mail", "queue"};
    return std::string(kWords[pick(8)]) + "-" + std::to_string(n);
  }

  std::string labels(const std::string& app, const std::string& indent) {
    return indent + "app.kubernetes.io/name: " + app + "\n" + indent +
           "app.kubernetes.io/part-of: shop\n" + indent + "team: \"payments\"\n" + indent +
           "tier: backend\n";
  }

  std::string container(const std::string& app, int i) {
    std::string c = "        - name: " + app + "-" + std::to_string(i) + "\n";
    c += "          image: registry.example.com/shop/" + app + ":1." + std::to_string(pick(30)) +
         "." + std::to_string(pick(10)) + "\n";
    c += "          imagePullPolicy: IfNotPresent\n";
    c += "          args: [\"--port=8080\", \"--log-level=info\", \"--metrics\"]\n";
    c += "          ports:\n            - name: http\n              containerPort: 8080\n          "
         "    protocol: TCP\n";
    c += "          env:\n";
    for (int e = 0; e < 2 + pick(5); ++e) {
      c += "            - name: SETTING_" + std::to_string(e) + "\n              value: \"" +
           std::to_string(pick(1000)) + "\"\n";
    }
    c += "          resources:\n            requests: {cpu: 100m, memory: 128Mi}\n            "
         "limits:\n"
         "              cpu: \"1\"\n              memory: 512Mi\n";
    c += "          readinessProbe:\n            httpGet: {path: /healthz, port: 8080}\n"
         "            initialDelaySeconds: 5\n            periodSeconds: 10\n";
    c += "          securityContext:\n            runAsNonRoot: true\n            "
         "readOnlyRootFilesystem: true\n"
         "            allowPrivilegeEscalation: false\n";
    return c;
  }

  std::string deployment(int n, const char* kind) {
    std::string app = name(n);
    std::string d = "apiVersion: apps/v1\nkind: " + std::string(kind) +
                    "\nmetadata:\n  name: " + app + "\n  namespace: shop\n  labels:\n" +
                    labels(app, "    ");
    d += "  annotations:\n    deployment.kubernetes.io/revision: \"" +
         std::to_string(1 + pick(20)) + "\"\n";
    d += "spec:\n  replicas: " + std::to_string(1 + pick(5)) + "\n";
    if (std::string(kind) == "StatefulSet") d += "  serviceName: " + app + "\n";
    d += "  selector:\n    matchLabels:\n      app.kubernetes.io/name: " + app + "\n";
    d += "  template:\n    metadata:\n      labels:\n" + labels(app, "        ");
    d += "    spec:\n      serviceAccountName: " + app + "\n      containers:\n";
    for (int i = 0; i < 1 + pick(2); ++i) d += container(app, i);
    d += "      volumes:\n        - name: config\n          configMap:\n            name: " + app +
         "-config\n            defaultMode: 0644\n";
    return d;
  }

  std::string service(int n) {
    std::string app = name(n);
    std::string s = "apiVersion: v1\nkind: Service\nmetadata:\n  name: " + app +
                    "\n  namespace: shop\n  labels:\n" + labels(app, "    ");
    s += "spec:\n  type: ClusterIP\n  selector:\n    app.kubernetes.io/name: " + app +
         "\n  ports:\n";
    for (int p = 0; p < 1 + pick(3); ++p) {
      s += "    - name: port-" + std::to_string(p) + "\n      port: " + std::to_string(80 + p) +
           "\n      targetPort: " + std::to_string(8080 + p) + "\n      protocol: TCP\n";
    }
    // Pad to a realistic size with the kind of annotations tools leave behind.
    s.insert(s.find("  labels:\n"),
             "  annotations:\n    kubectl.kubernetes.io/last-applied-configuration: "
             "'{\"apiVersion\":\"v1\","
             "\"kind\":\"Service\",\"metadata\":{\"name\":\"" +
                 app + "\",\"namespace\":\"shop\"},\"spec\":{\"type\":\"ClusterIP\"}}'\n");
    return s;
  }

  std::string config_map(int n) {
    std::string app = name(n);
    std::string c = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + app +
                    "-config\n  namespace: shop\n  labels:\n" + labels(app, "    ") + "data:\n";
    for (int k = 0; k < 4 + pick(12); ++k) {
      c += "  key_" + std::to_string(k) + ": \"value number " + std::to_string(pick(100000)) +
           " for " + app + "\"\n";
    }
    c += "  app.properties: |\n    server.port=8080\n    feature.flags=a,b,c\n    cache.ttl=300\n";
    c += "  enabled: \"true\"\n  retries: \"3\"\n";
    return c;
  }

  std::mt19937 rng_;
};

struct Generated {
  size_t documents = 0;
  size_t bytes = 0;
  size_t files = 0;
};

Generated generate(const fs::path& dir, size_t want) {
  Corpus corpus(42);
  Generated g;
  int n = 0;
  while (g.documents < want) {
    int shape = corpus.pick(20);
    std::string text;
    size_t docs = 0;
    if (shape < 13) {  // one document per file
      text = corpus.document(n++);
      docs = 1;
    } else if (shape < 19) {  // a multi-document file
      for (int i = 0; i < 2 + corpus.pick(4) && g.documents + docs < want; ++i) {
        text += "---\n" + corpus.document(n++);
        ++docs;
      }
    } else {  // a List
      text = "apiVersion: v1\nkind: List\nitems:\n";
      for (int i = 0; i < 3 && g.documents + docs < want; ++i) {
        std::string doc = corpus.document(n++);
        std::istringstream lines(doc);
        std::string line;
        bool first = true;
        while (std::getline(lines, line)) {
          text += (first ? "- " : "  ") + line + "\n";
          first = false;
        }
        ++docs;
      }
    }
    char name[32];
    std::snprintf(name, sizeof name, "d%02d/m%05zu.yaml", static_cast<int>(g.files % 37), g.files);
    fs::create_directories((dir / name).parent_path());
    std::ofstream(dir / name, std::ios::binary) << text;
    g.documents += docs;
    g.bytes += text.size();
    ++g.files;
  }
  return g;
}

class NullHandler final : public YAML::EventHandler {
 public:
  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  size_t want = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 10000;
  int runs = argc > 2 ? std::atoi(argv[2]) : 5;
  fs::path dir =
      fs::temp_directory_path() / ("mg-load-bench-" + std::to_string(std::random_device{}()));
  Generated g = generate(dir, want);
  std::printf("corpus: %zu documents in %zu files, %.1f MB (%.1f KB/document)\n", g.documents,
              g.files, g.bytes / 1e6, g.bytes / 1e3 / static_cast<double>(g.documents));

  // Full loads: directory walk, reading, YAML conversion, List flattening.
  double best_load = 1e9;
  size_t loaded = 0;
  for (int r = 0; r < runs; ++r) {
    auto start = std::chrono::steady_clock::now();
    mg::manifest::LoadResult result = mg::manifest::load_paths({dir.string()});
    best_load = std::min(best_load, seconds_since(start));
    loaded = result.documents.size();
    if (!result.errors.empty()) {
      std::fprintf(stderr, "unexpected error: %s: %s\n", result.errors[0].file.c_str(),
                   result.errors[0].message.c_str());
      return 1;
    }
  }

  // The same text already in memory: conversion alone, and yaml-cpp's parser alone.
  std::vector<std::string> texts;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    texts.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  double best_convert = 1e9, best_events = 1e9;
  for (int r = 0; r < runs; ++r) {
    auto start = std::chrono::steady_clock::now();
    for (const auto& t : texts) mg::manifest::load_text("m.yaml", t);
    best_convert = std::min(best_convert, seconds_since(start));
    start = std::chrono::steady_clock::now();
    for (const auto& t : texts) {
      std::istringstream in(t);
      YAML::Parser parser(in);
      NullHandler handler;
      while (parser.HandleNextDocument(handler)) {
      }
    }
    best_events = std::min(best_events, seconds_since(start));
  }
  fs::remove_all(dir);

  auto report = [&](const char* what, double s) {
    std::printf("%-34s %7.1f ms  %9.0f documents/s  %6.1f MB/s\n", what, s * 1e3, g.documents / s,
                g.bytes / 1e6 / s);
  };
  std::printf("best of %d runs, one thread (%zu documents loaded):\n", runs, loaded);
  report("load_paths (files -> Documents)", best_load);
  report("load_text (in memory)", best_convert);
  report("yaml-cpp events only (no values)", best_events);
  std::printf("yaml-cpp's share of in-memory loading: %.0f%%\n",
              100.0 * best_events / best_convert);
  return loaded == g.documents ? 0 : 1;
}
