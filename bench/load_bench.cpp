// Loader throughput: writes a corpus of 10,000 realistic manifests (Deployments, Services,
// ConfigMaps, StatefulSets; single- and multi-document files; a few Lists) to a temporary
// directory, loads it several times and reports the best run. Also times libyaml alone
// (parse events, no conversion) on the same text, to show its share.
//
//   load_bench [documents=10000] [runs=5]

#include <yaml.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
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

// libyaml's events for one text, thrown away; false on a syntax error.
bool parse_events_only(const std::string& text) {
  yaml_parser_t parser;
  yaml_parser_initialize(&parser);
  yaml_parser_set_input_string(&parser, reinterpret_cast<const unsigned char*>(text.data()),
                               text.size());
  bool ok = true;
  for (bool done = false; !done;) {
    yaml_event_t event;
    if (!yaml_parser_parse(&parser, &event)) {
      ok = false;
      break;
    }
    done = event.type == YAML_STREAM_END_EVENT;
    yaml_event_delete(&event);
  }
  yaml_parser_delete(&parser);
  return ok;
}

// Wall and CPU time (all threads) of a run; on a shared machine CPU time is the steadier
// figure, wall time shows what parallel loading gains.
struct Times {
  double wall = 1e9;
  double cpu = 1e9;
};

double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

// Runs `body` `runs` times and keeps the best wall and the best CPU time.
template <typename Body>
Times best_of(int runs, Body body) {
  Times best;
  for (int r = 0; r < runs; ++r) {
    auto start = std::chrono::steady_clock::now();
    double cpu_start = cpu_seconds();
    if (!body()) std::exit(1);
    best.cpu = std::min(best.cpu, cpu_seconds() - cpu_start);
    best.wall = std::min(
        best.wall, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  return best;
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
  auto load = [&](int jobs) {
    return [&, jobs] {
      mg::manifest::LoadOptions options;
      options.jobs = jobs;
      mg::manifest::LoadResult result = mg::manifest::load_paths({dir.string()}, options);
      if (!result.errors.empty()) {
        std::fprintf(stderr, "unexpected error: %s: %s\n", result.errors[0].file.c_str(),
                     result.errors[0].message.c_str());
        return false;
      }
      return result.documents.size() == g.documents;
    };
  };
  Times serial = best_of(runs, load(1));
  Times parallel = best_of(runs, load(0));

  // The same text already in memory: conversion alone, and libyaml's parser alone.
  std::vector<std::string> texts;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    texts.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  fs::remove_all(dir);
  Times convert = best_of(runs, [&] {
    for (const auto& t : texts) mg::manifest::load_text("m.yaml", t);
    return true;
  });
  Times events = best_of(runs, [&] {
    for (const auto& t : texts) {
      if (!parse_events_only(t)) {
        std::fprintf(stderr, "libyaml: unexpected syntax error\n");
        return false;
      }
    }
    return true;
  });

  std::printf("best of %d runs; documents/s and MB/s from CPU time (all threads)\n", runs);
  std::printf("%-38s %9s %9s %12s %8s %12s\n", "", "wall ms", "CPU ms", "documents/s", "MB/s",
              "wall docs/s");
  auto report = [&](const char* what, Times t) {
    std::printf("%-38s %9.1f %9.1f %12.0f %8.1f %12.0f\n", what, t.wall * 1e3, t.cpu * 1e3,
                g.documents / t.cpu, g.bytes / 1e6 / t.cpu, g.documents / t.wall);
  };
  report("load_paths, jobs=1 (files -> Documents)", serial);
  report("load_paths, one job per core", parallel);
  report("load_text (in memory, one thread)", convert);
  report("libyaml events only (no values)", events);
  std::printf("libyaml's share of in-memory loading (CPU): %.0f%%\n",
              100.0 * events.cpu / convert.cpu);
  return 0;
}
