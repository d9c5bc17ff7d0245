// Matcher::Scan throughput: the whole built-in catalog over a block of
// generated Flink logs (all .log files of a corpus, 16 MiB by default; set
// FLINKSCAN_BENCH_BYTES=256M for steadier figures).
//
// Checked before timing: the number of hits equals the sum of hits of one
// scan per line (patterns never span lines, so both must agree), and the hit
// counts of the checkpoint and restart patterns equal the generator's ground
// truth. Every timed iteration re-checks its hit count; a wrong answer makes
// the binary exit 1.

#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "bench/bench_corpus.h"
#include "bench/checked_benchmark.h"
#include "bench/corpus_generator.h"
#include "patterns/catalog.h"
#include "patterns/matcher.h"

namespace flinkscan {
namespace {

using bench::Fail;

struct MatchingFixture {
  std::string error;
  std::string block;
  std::shared_ptr<const Matcher> matcher;
  uint64_t expected_hits = 0;
};

size_t PatternIndex(const Catalog& catalog, const std::string& id) {
  for (size_t i = 0; i < catalog.size(); ++i) {
    if (catalog.entries()[i].id == id) return i;
  }
  return SIZE_MAX;
}

MatchingFixture BuildFixture() {
  MatchingFixture fixture;
  Result<TemporaryCorpus> corpus = bench::CreateBenchCorpus(16u << 20, 42, "bench-matching");
  if (!corpus.ok()) {
    fixture.error = corpus.message();
    return fixture;
  }
  const CorpusTruth& truth = corpus.value().truth();
  for (const CorpusFileTruth& file : truth.files) {
    if (file.kind == "stdout") continue;
    std::ifstream in(corpus.value().Path(file), std::ios::binary);
    fixture.block.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  Result<Catalog> catalog = Catalog::Builtin();
  if (!catalog.ok()) {
    fixture.error = catalog.message();
    return fixture;
  }
  Result<std::shared_ptr<const Matcher>> matcher = Matcher::Compile(catalog.value());
  if (!matcher.ok()) {
    fixture.error = matcher.message();
    return fixture;
  }
  fixture.matcher = matcher.value();

  // The independent answer: one scan per line.
  MatchScratch scratch;
  if (!fixture.matcher->AllocateScratch(scratch).ok()) {
    fixture.error = "scratch";
    return fixture;
  }
  const Catalog& cat = fixture.matcher->catalog();
  std::vector<uint64_t> per_pattern(cat.size(), 0);
  std::vector<PatternHit> hits;
  const char* p = fixture.block.data();
  const char* end = p + fixture.block.size();
  while (p < end) {
    const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
    const char* line_end = nl ? nl : end;
    if (!fixture.matcher->Scan(std::string_view(p, static_cast<size_t>(line_end - p)), scratch, hits).ok()) {
      fixture.error = "per-line scan failed";
      return fixture;
    }
    fixture.expected_hits += hits.size();
    for (const PatternHit& hit : hits) ++per_pattern[hit.pattern];
    p = line_end + 1;
  }
  // And what the generator says it wrote.
  const struct {
    const char* id;
    uint64_t expected;
  } checks[] = {
      {"checkpoint.triggered.v111", truth.checkpoints.triggered},
      {"checkpoint.completed.v114", truth.checkpoints.completed},
      {"checkpoint.expired", truth.checkpoints.expired},
      {"job.transition.restarting", truth.failovers.size()},
      {"job.region_failover", truth.failovers.size()},
  };
  for (const auto& check : checks) {
    const size_t index = PatternIndex(cat, check.id);
    if (index == SIZE_MAX) continue;  // the catalog renamed it: nothing to compare
    if (per_pattern[index] != check.expected) {
      fixture.error = std::string(check.id) + ": " + std::to_string(per_pattern[index]) +
                      " hits, ground truth " + std::to_string(check.expected);
      return fixture;
    }
  }
  return fixture;
}

const MatchingFixture& Fixture() {
  static const MatchingFixture fixture = BuildFixture();
  return fixture;
}

// One hs_scan over the whole block.
void BM_MatcherScanWholeBlock(benchmark::State& state) {
  const MatchingFixture& f = Fixture();
  if (!f.error.empty()) return Fail(state, f.error);
  MatchScratch scratch;
  if (!f.matcher->AllocateScratch(scratch).ok()) return Fail(state, "scratch");
  std::vector<PatternHit> hits;
  if (!f.matcher->Scan(f.block, scratch, hits).ok() || hits.size() != f.expected_hits) {
    return Fail(state, "whole-block hits " + std::to_string(hits.size()) + " != per-line " +
                           std::to_string(f.expected_hits));
  }
  for (auto _ : state) {
    if (!f.matcher->Scan(f.block, scratch, hits).ok() || hits.size() != f.expected_hits) {
      return Fail(state, "wrong hit count");
    }
    benchmark::DoNotOptimize(hits.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * f.block.size()));
  state.counters["hits"] = static_cast<double>(f.expected_hits);
}
BENCHMARK(BM_MatcherScanWholeBlock)->Unit(benchmark::kMillisecond);

// The engine's shape: pieces of about `range(0)` KiB cut after a newline.
void BM_MatcherScanChunks(benchmark::State& state) {
  const MatchingFixture& f = Fixture();
  if (!f.error.empty()) return Fail(state, f.error);
  const size_t target = static_cast<size_t>(state.range(0)) << 10;
  std::vector<std::string_view> pieces;
  for (size_t at = 0; at < f.block.size();) {
    size_t cut = std::min(at + target, f.block.size());
    if (cut < f.block.size()) {
      const void* nl = memrchr(f.block.data() + at, '\n', cut - at);
      cut = nl ? static_cast<size_t>(static_cast<const char*>(nl) - f.block.data()) + 1 : cut;
    }
    pieces.emplace_back(f.block.data() + at, cut - at);
    at = cut;
  }
  MatchScratch scratch;
  if (!f.matcher->AllocateScratch(scratch).ok()) return Fail(state, "scratch");
  std::vector<PatternHit> hits;
  for (auto _ : state) {
    uint64_t total = 0;
    for (std::string_view piece : pieces) {
      if (!f.matcher->Scan(piece, scratch, hits).ok()) return Fail(state, "scan failed");
      total += hits.size();
    }
    if (total != f.expected_hits) return Fail(state, "wrong hit count " + std::to_string(total));
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * f.block.size()));
}
BENCHMARK(BM_MatcherScanChunks)->Arg(64)->Arg(2048)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace flinkscan

int main(int argc, char** argv) { return flinkscan::bench::RunCheckedBenchmarks(argc, argv); }
