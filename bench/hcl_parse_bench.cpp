// Single-threaded HCL parse throughput over a real corpus.
// Corpus: $CS_CORPUS or /work/shared/corpus/real/cloudposse-components (every *.tf below it).
// The benchmark is skipped when the corpus is absent.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "syntax/hcl/ast.h"

namespace {

struct Corpus {
  std::vector<std::pair<std::string, std::string>> files;  // path, contents
  size_t bytes = 0;
};

const Corpus& corpus() {
  static const Corpus c = [] {
    Corpus c;
    const char* env = std::getenv("CS_CORPUS");
    std::filesystem::path root = env && *env ? env : "/work/shared/corpus/real/cloudposse-components";
    std::error_code ec;
    if (!std::filesystem::is_directory(root, ec)) return c;
    for (auto it = std::filesystem::recursive_directory_iterator(root, ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
      if (!it->is_regular_file(ec) || it->path().extension() != ".tf") continue;
      std::ifstream in(it->path(), std::ios::binary);
      std::stringstream ss;
      ss << in.rdbuf();
      c.bytes += ss.str().size();
      c.files.emplace_back(it->path().string(), ss.str());
    }
    return c;
  }();
  return c;
}

void BM_HclParseCorpus(benchmark::State& state) {
  const Corpus& c = corpus();
  if (c.files.empty()) {
    state.SkipWithError("corpus not found (set CS_CORPUS)");
    return;
  }
  size_t errors = 0;
  for (auto _ : state) {
    for (const auto& [path, src] : c.files) {
      // The copy of the source is part of what a caller pays (parse() takes ownership).
      auto f = cs::hcl::parse(path, src);
      errors += f->diags.size();
      benchmark::DoNotOptimize(f->body);
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * c.bytes));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * c.files.size()));
  state.counters["files/s"] = benchmark::Counter(static_cast<double>(state.iterations() * c.files.size()),
                                                 benchmark::Counter::kIsRate);
  state.counters["files"] = static_cast<double>(c.files.size());
  state.counters["diags"] = static_cast<double>(errors) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_HclParseCorpus)->Unit(benchmark::kMillisecond)->MinTime(2.0);

}  // namespace

BENCHMARK_MAIN();
