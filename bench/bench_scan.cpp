// End-to-end RunScan throughput (discovery, pipeline, aggregation,
// incidents) over a generated $FLINK_HOME/log directory with 1 and 2 worker
// threads. 64 MiB by default (FLINKSCAN_BENCH_BYTES overrides): RunScan
// compiles the Hyperscan database every call (35–150 ms, performance.md
// lesson 9), which BM_LoadMatcher measures alone so it can be told apart.
//
// Checked before timing: incidents per kind, failover root causes in order,
// checkpoint counts and input bytes equal the generator's ground truth; each
// timed iteration re-checks bytes and incident count. A wrong answer makes the
// binary exit 1.

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "bench/bench_corpus.h"
#include "bench/checked_benchmark.h"
#include "bench/corpus_generator.h"
#include "engine/scan.h"

namespace flinkscan {
namespace {

using bench::Fail;

struct ScanFixture {
  std::string error;
  std::optional<TemporaryCorpus> corpus;
};

const ScanFixture& Fixture() {
  static const ScanFixture fixture = [] {
    ScanFixture f;
    Result<TemporaryCorpus> corpus = bench::CreateBenchCorpus(64u << 20, 44, "bench-scan");
    if (!corpus.ok()) {
      f.error = corpus.message();
    } else {
      f.corpus.emplace(std::move(corpus).value());
    }
    return f;
  }();
  return fixture;
}

Result<ScanOutcome> Scan(const TemporaryCorpus& corpus, size_t threads) {
  ScanOptions options;
  options.paths = {corpus.log_dir()};
  options.pipeline.threads = threads;
  return RunScan(options);
}

// "" when the analysis tells the generator's story.
std::string Verify(const CorpusTruth& truth, const Analysis& analysis) {
  std::map<std::string, uint64_t> kinds;
  for (const Incident& incident : analysis.incidents) ++kinds[incident.kind];
  if (kinds != truth.IncidentCounts()) {
    std::string got;
    for (const auto& [kind, n] : kinds) got += kind + "=" + std::to_string(n) + " ";
    return "incidents differ from the ground truth: " + got;
  }
  std::vector<std::pair<std::string, std::string>> failovers;  // (start, root class)
  for (const Incident& incident : analysis.incidents) {
    if (incident.kind == "job_failover" && incident.root_cause) {
      failovers.emplace_back(incident.start, incident.root_cause->class_name);
    }
  }
  std::stable_sort(failovers.begin(), failovers.end());
  if (failovers.size() != truth.failovers.size()) return "failovers without a root cause";
  for (size_t i = 0; i < failovers.size(); ++i) {
    if (failovers[i].second != truth.failovers[i].root_class)
      return "root cause of failover " + std::to_string(i);
  }
  if (analysis.checkpoints.completed != truth.checkpoints.completed ||
      analysis.checkpoints.failed != truth.checkpoints.failed() || analysis.checkpoints.pending != 0) {
    return "checkpoint counts";
  }
  if (analysis.totals.bytes != truth.total_bytes || analysis.totals.lines != truth.total_lines)
    return "totals";
  return "";
}

void BM_RunScan(benchmark::State& state) {
  const ScanFixture& f = Fixture();
  if (!f.error.empty()) return Fail(state, f.error);
  const CorpusTruth& truth = f.corpus->truth();
  const size_t threads = static_cast<size_t>(state.range(0));
  {
    Result<ScanOutcome> outcome = Scan(*f.corpus, threads);
    if (!outcome.ok()) return Fail(state, outcome.message());
    const std::string wrong = Verify(truth, outcome.value().analysis);
    if (!wrong.empty()) return Fail(state, wrong);
  }
  const size_t incidents = [&] {
    size_t n = 0;
    for (const auto& [kind, count] : truth.IncidentCounts()) n += count;
    return n;
  }();
  for (auto _ : state) {
    Result<ScanOutcome> outcome = Scan(*f.corpus, threads);
    if (!outcome.ok()) return Fail(state, outcome.message());
    const Analysis& analysis = outcome.value().analysis;
    if (analysis.totals.bytes != truth.total_bytes || analysis.incidents.size() != incidents) {
      return Fail(state, "wrong answer in a timed run");
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * truth.total_bytes));
  state.counters["incidents"] = static_cast<double>(incidents);
}
BENCHMARK(BM_RunScan)->Arg(1)->Arg(2)->ArgName("threads")->Unit(benchmark::kMillisecond)->UseRealTime();

// The fixed cost inside every RunScan: compiling the catalog.
void BM_LoadMatcher(benchmark::State& state) {
  for (auto _ : state) {
    Result<std::shared_ptr<const Matcher>> matcher = LoadMatcher({});
    if (!matcher.ok()) return Fail(state, matcher.message());
    benchmark::DoNotOptimize(matcher.value().get());
  }
}
BENCHMARK(BM_LoadMatcher)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace flinkscan

int main(int argc, char** argv) { return flinkscan::bench::RunCheckedBenchmarks(argc, argv); }
