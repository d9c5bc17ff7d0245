// Heap allocations on the hot path (issue 4: "no allocation per record, show
// it"). A counting global operator new watches the parallel scan stage —
// ChunkScanner::Scan over a 2 MiB chunk of a generated JobManager log (the
// densest in matched records) and of a TaskManager log — once the chunk's
// pooled vectors have their capacity, as they do after a pipeline's first
// chunks. Also measured, not checked: the serial stage's copies
// (Aggregator::Consume stores each matched record's strings).
//
// Checked: the steady-state scan of a chunk allocates at most a handful of
// times in all (kMaxScanAllocations), whatever its number of records. The
// counters allocs/chunk, records/chunk and events/chunk are reported.

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <new>
#include <optional>
#include <string>

#include <benchmark/benchmark.h>

#include "bench/bench_corpus.h"
#include "bench/checked_benchmark.h"
#include "bench/corpus_generator.h"
#include "engine/aggregator.h"
#include "engine/chunk_scanner.h"
#include "engine/scan.h"

namespace {
std::atomic<uint64_t> g_allocations{0};
}  // namespace

void* operator new(size_t size) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void* operator new[](size_t size) { return operator new(size); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, size_t) noexcept { std::free(p); }
void operator delete[](void* p, size_t) noexcept { std::free(p); }

namespace flinkscan {
namespace {

using bench::Fail;

constexpr size_t kChunkBytes = 2u << 20;
constexpr uint64_t kMaxScanAllocations = 32;  // measured: 8 for a JobManager chunk of ~1,900 events

struct AllocationFixture {
  std::string error;
  std::optional<TemporaryCorpus> corpus;
  std::shared_ptr<const Matcher> matcher;
  std::string jobmanager_log, taskmanager_log;
};

const AllocationFixture& Fixture() {
  static const AllocationFixture fixture = [] {
    AllocationFixture f;
    Result<TemporaryCorpus> corpus = bench::CreateBenchCorpus(16u << 20, 45, "bench-allocations");
    if (!corpus.ok()) {
      f.error = corpus.message();
      return f;
    }
    f.corpus.emplace(std::move(corpus).value());
    for (const CorpusFileTruth& file : f.corpus->truth().files) {
      if (file.path.find("standalonesession") != std::string::npos && file.path.ends_with(".log")) {
        f.jobmanager_log = f.corpus->Path(file);
      }
      if (file.path.find("taskexecutor-0") != std::string::npos && file.path.ends_with(".log")) {
        f.taskmanager_log = f.corpus->Path(file);
      }
    }
    Result<std::shared_ptr<const Matcher>> matcher = LoadMatcher({});
    if (!matcher.ok()) {
      f.error = matcher.message();
    } else {
      f.matcher = matcher.value();
    }
    return f;
  }();
  return fixture;
}

// The first 2 MiB of `path`, cut after its last newline, as the reader would hand it over.
bool LoadChunk(const std::string& path, Chunk& chunk) {
  std::ifstream in(path, std::ios::binary);
  chunk.buffer.resize(kChunkBytes);
  in.read(chunk.buffer.data(), static_cast<std::streamsize>(kChunkBytes));
  size_t size = static_cast<size_t>(in.gcount());
  while (size > 0 && chunk.buffer[size - 1] != '\n') --size;
  chunk.size = size;
  return size > 0;
}

void ScanAllocations(benchmark::State& state, bool jobmanager) {
  const AllocationFixture& f = Fixture();
  if (!f.error.empty()) return Fail(state, f.error);
  const ChunkScanner scanner(f.matcher);
  MatchScratch scratch;
  if (!f.matcher->AllocateScratch(scratch).ok()) return Fail(state, "scratch");
  Chunk chunk;
  if (!LoadChunk(jobmanager ? f.jobmanager_log : f.taskmanager_log, chunk)) return Fail(state, "empty chunk");
  scanner.Scan(chunk, scratch);  // the pooled vectors grow to this chunk's needs once
  const uint64_t events = chunk.events.size();
  const uint64_t records = chunk.stats.records;
  if (events == 0 || records == 0) return Fail(state, "the chunk yields no events");

  uint64_t allocations = 0, scans = 0;
  for (auto _ : state) {
    chunk.ResetResults();
    const uint64_t before = g_allocations.load(std::memory_order_relaxed);
    scanner.Scan(chunk, scratch);
    allocations += g_allocations.load(std::memory_order_relaxed) - before;
    ++scans;
    if (chunk.events.size() != events) return Fail(state, "events differ between scans");
  }
  const double per_chunk = static_cast<double>(allocations) / static_cast<double>(scans);
  if (per_chunk > kMaxScanAllocations) {
    return Fail(state, "scan allocates " + std::to_string(per_chunk) + " times per chunk of " +
                           std::to_string(records) + " records");
  }
  state.SetBytesProcessed(static_cast<int64_t>(scans * chunk.size));
  state.counters["allocs/chunk"] = per_chunk;
  state.counters["records/chunk"] = static_cast<double>(records);
  state.counters["events/chunk"] = static_cast<double>(events);
}

void BM_ScanStageAllocationsJobManager(benchmark::State& state) { ScanAllocations(state, true); }
void BM_ScanStageAllocationsTaskManager(benchmark::State& state) { ScanAllocations(state, false); }
BENCHMARK(BM_ScanStageAllocationsJobManager)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ScanStageAllocationsTaskManager)->Unit(benchmark::kMillisecond);

// The first chunk of the JobManager log, scanned: what the serial stage consumes. Empty `error` on success.
std::string ScannedJobManagerChunk(Chunk& chunk) {
  const AllocationFixture& f = Fixture();
  if (!f.error.empty()) return f.error;
  const ChunkScanner scanner(f.matcher);
  MatchScratch scratch;
  if (!f.matcher->AllocateScratch(scratch).ok()) return "scratch";
  if (!LoadChunk(f.jobmanager_log, chunk)) return "empty chunk";
  chunk.first_in_stream = true;
  scanner.Scan(chunk, scratch);
  if (chunk.events.empty()) return "the chunk yields no events";
  return "";
}

// The serial stage, for the record: allocations per stored event.
void BM_AggregatorAllocationsPerEvent(benchmark::State& state) {
  Chunk chunk;
  if (const std::string error = ScannedJobManagerChunk(chunk); !error.empty()) return Fail(state, error);
  uint64_t allocations = 0, events = 0;
  for (auto _ : state) {
    Aggregator aggregator{AggregatorOptions{}};
    const uint64_t before = g_allocations.load(std::memory_order_relaxed);
    aggregator.Consume(chunk);
    allocations += g_allocations.load(std::memory_order_relaxed) - before;
    events += chunk.events.size();
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * chunk.size));
  state.counters["allocs/event"] = static_cast<double>(allocations) / static_cast<double>(events);
}
BENCHMARK(BM_AggregatorAllocationsPerEvent)->Unit(benchmark::kMillisecond);

// The serial stage once a job has its first checkpoints listed: routine
// checkpoint pairs are folded in reused slots (engine/checkpoint_folder.h), so
// they cost no allocation; what still allocates is the kept events' strings.
// Checked: at most kMaxSteadyAllocationsPerEvent on the densest chunk.
constexpr double kMaxSteadyAllocationsPerEvent = 0.5;  // measured: 0.28 (the job start's deployments); 2.2 before

void BM_AggregatorSteadyAllocationsPerEvent(benchmark::State& state) {
  Chunk chunk;
  if (const std::string error = ScannedJobManagerChunk(chunk); !error.empty()) return Fail(state, error);
  AggregatorOptions options;
  options.max_checkpoint_items = 10;
  Aggregator aggregator{options};
  // Warm-up: the stream, its folding slots and the kept list get their first storage.
  for (int i = 0; i < 3; ++i) aggregator.Consume(chunk);
  chunk.first_in_stream = false;
  uint64_t allocations = 0, events = 0;
  for (auto _ : state) {
    const uint64_t before = g_allocations.load(std::memory_order_relaxed);
    aggregator.Consume(chunk);
    allocations += g_allocations.load(std::memory_order_relaxed) - before;
    events += chunk.events.size();
  }
  const double per_event = static_cast<double>(allocations) / static_cast<double>(events);
  if (per_event > kMaxSteadyAllocationsPerEvent) {
    return Fail(state, "the serial stage allocates " + std::to_string(per_event) + " times per event");
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * chunk.size));
  state.counters["allocs/event"] = per_event;
}
BENCHMARK(BM_AggregatorSteadyAllocationsPerEvent)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace flinkscan

int main(int argc, char** argv) { return flinkscan::bench::RunCheckedBenchmarks(argc, argv); }
