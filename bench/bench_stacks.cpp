// Stack extraction throughput: RunScan over a generated TaskManager .out file
// of HotSpot thread dumps (bench/thread_dump_generator.h), so every thread
// block is nominated, parsed and folded. 200 dumps × 120 threads (≈ 12 MiB).
//
// Checked before timing: the dump count, every thread sample, and the widest
// folded stack is the generator's BLOCKED method with dumps × stuck samples;
// a stuck_threads incident names it. Each timed run re-checks the samples.
//
// BM_StackCollectorStage times the serial stage alone: the same dumps, cut
// into the header-less records a .out file yields, fed to StackCollector.
// BM_ScanWithExceptionStacks/0|1 scans a generated Flink corpus
// (bench/corpus_generator.h) with exception stacks off and on: the cost stacks
// add to every `scan`.

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <unistd.h>
#include <string>

#include <benchmark/benchmark.h>

#include "bench/checked_benchmark.h"
#include "bench/corpus_generator.h"
#include "bench/thread_dump_generator.h"
#include "engine/scan.h"
#include "engine/stack_profile.h"

namespace flinkscan {
namespace {

using bench::Fail;

struct StacksFixture {
  std::string error;
  std::string dir;
  std::string path;
  bench::ThreadDumpCorpusOptions options;
  bench::ThreadDumpCorpus corpus;

  StacksFixture() {
    options.dumps = 200;
    options.threads = 120;
    options.stuck = 30;
    corpus = bench::GenerateThreadDumpCorpus(options);
    dir = (std::filesystem::temp_directory_path() / ("flinkscan-bench-stacks-" + std::to_string(::getpid()))).string();
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    path = dir + "/taskmanager.out";
    std::ofstream out(path, std::ios::binary);
    out << corpus.text;
    if (!out) error = "cannot write " + path;
  }
  ~StacksFixture() {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
};

const StacksFixture& Fixture() {
  static const StacksFixture fixture;
  return fixture;
}

uint64_t DumpSamples(const Analysis& analysis, std::string* widest_stack, uint64_t* widest) {
  for (const StackProfileSummary& p : analysis.stacks.profiles) {
    if (p.kind != "dumps") continue;
    for (const FoldedStack& s : p.stacks) {
      if (s.count > *widest) {
        *widest = s.count;
        *widest_stack = s.stack;
      }
    }
    return p.samples;
  }
  return 0;
}

std::string Verify(const StacksFixture& f, const Analysis& analysis) {
  if (analysis.stacks.thread_dumps != static_cast<uint64_t>(f.options.dumps)) return "dump count";
  std::string widest_stack;
  uint64_t widest = 0;
  if (DumpSamples(analysis, &widest_stack, &widest) != f.corpus.thread_samples) return "thread samples";
  if (widest != f.corpus.blocked_samples || widest_stack.rfind("BLOCKED;", 0) != 0 ||
      widest_stack.substr(widest_stack.rfind(';') + 1) != f.options.stuck_method) {
    return "widest stack is not the stuck method: " + widest_stack;
  }
  for (const Incident& incident : analysis.incidents) {
    if (incident.kind == "stuck_threads" && incident.title.find(f.options.stuck_method) != std::string::npos) return "";
  }
  return "no stuck_threads incident names the stuck method";
}

Result<ScanOutcome> Scan(const StacksFixture& f, size_t threads) {
  ScanOptions options;
  options.paths = {f.path};
  options.pipeline.threads = threads;
  return RunScan(options);
}

void BM_StackExtraction(benchmark::State& state) {
  const StacksFixture& f = Fixture();
  if (!f.error.empty()) return Fail(state, f.error);
  const size_t threads = static_cast<size_t>(state.range(0));
  {
    Result<ScanOutcome> outcome = Scan(f, threads);
    if (!outcome.ok()) return Fail(state, outcome.message());
    const std::string wrong = Verify(f, outcome.value().analysis);
    if (!wrong.empty()) return Fail(state, wrong);
  }
  for (auto _ : state) {
    Result<ScanOutcome> outcome = Scan(f, threads);
    if (!outcome.ok()) return Fail(state, outcome.message());
    std::string widest_stack;
    uint64_t widest = 0;
    if (DumpSamples(outcome.value().analysis, &widest_stack, &widest) != f.corpus.thread_samples) {
      return Fail(state, "wrong answer in a timed run");
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * f.corpus.text.size()));
  state.counters["threads_per_s"] = benchmark::Counter(
      static_cast<double>(state.iterations() * f.corpus.thread_samples), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_StackExtraction)->Arg(1)->Arg(2)->ArgName("threads")->Unit(benchmark::kMillisecond)->UseRealTime();

// The .out file's records: thread blocks and the lines between them, split at blank lines.
std::vector<Event> DumpRecords(const std::string& text) {
  std::vector<Event> events;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find("\n\n", start);
    end = end == std::string::npos ? text.size() : end + 1;
    Event e;
    e.kind = EventKind::kThreadDump;
    e.record = std::string_view(text).substr(start, end - start);
    events.push_back(e);
    start = end + 1;
  }
  return events;
}

void BM_StackCollectorStage(benchmark::State& state) {
  const StacksFixture& f = Fixture();
  if (!f.error.empty()) return Fail(state, f.error);
  const std::vector<Event> events = DumpRecords(f.corpus.text);
  for (auto _ : state) {
    StackCollector collector;
    StackOrigin origin;
    origin.source = f.path;
    for (size_t i = 0; i < events.size(); ++i) {
      origin.line = i + 1;
      collector.Consume(events[i], origin);
    }
    collector.Finish();
    const StackSummary summary = collector.Summary();
    if (summary.thread_dumps != static_cast<uint64_t>(f.options.dumps) || summary.profiles.empty() ||
        summary.profiles.front().samples != f.corpus.thread_samples) {
      return Fail(state, "wrong samples from the collector");
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * f.corpus.text.size()));
}
BENCHMARK(BM_StackCollectorStage)->Unit(benchmark::kMillisecond);

struct FlinkCorpusFixture {
  std::string error;
  std::string dir;
  uint64_t bytes = 0;
  FlinkCorpusFixture() {
    dir = (std::filesystem::temp_directory_path() / ("flinkscan-bench-stacks-corpus-" + std::to_string(::getpid())))
              .string();
    CorpusOptions options;
    options.out_dir = dir;
    options.target_bytes = 64u << 20;
    options.seed = 11;
    Result<CorpusTruth> truth = GenerateCorpus(options);
    if (!truth.ok()) {
      error = truth.message();
      return;
    }
    for (const CorpusFileTruth& file : truth.value().files) bytes += file.bytes;
  }
  ~FlinkCorpusFixture() {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
};

void BM_ScanWithExceptionStacks(benchmark::State& state) {
  static const FlinkCorpusFixture f;
  if (!f.error.empty()) return Fail(state, f.error);
  const bool exceptions = state.range(0) != 0;
  ScanOptions options;
  options.paths = {f.dir + "/log"};
  options.aggregator.stacks.exceptions = exceptions;
  for (auto _ : state) {
    Result<ScanOutcome> outcome = RunScan(options);
    if (!outcome.ok()) return Fail(state, outcome.message());
    const bool has_exception_profile = std::any_of(
        outcome.value().analysis.stacks.profiles.begin(), outcome.value().analysis.stacks.profiles.end(),
        [](const StackProfileSummary& p) { return p.kind == "exceptions" && p.samples > 0; });
    if (has_exception_profile != exceptions) return Fail(state, "exception stacks present iff switched on");
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * f.bytes));
}
BENCHMARK(BM_ScanWithExceptionStacks)->Arg(0)->Arg(1)->ArgName("exceptions")->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace flinkscan

int main(int argc, char** argv) { return flinkscan::bench::RunCheckedBenchmarks(argc, argv); }
