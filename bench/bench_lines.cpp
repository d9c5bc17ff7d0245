// The scanner's per-line pass without Hyperscan: finding every line and
// telling record headers from continuation lines, over the log files of a
// generated corpus held in memory (16 MiB by default; FLINKSCAN_BENCH_BYTES
// overrides). Side by side: one memchr per line against LineEndFinder (each
// SIMD kernel the CPU has), the byte-wise header test against StartsRecord's
// inline fast paths, the whole pass old style and new style, and the whole
// ChunkScanner::Scan (Hyperscan included) over 2 MiB chunks for scale.
//
// Checked before timing: every variant counts exactly the generator's lines
// and records; each timed iteration re-checks its count. A wrong answer makes
// the binary exit 1.

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "bench/bench_corpus.h"
#include "bench/checked_benchmark.h"
#include "bench/corpus_generator.h"
#include "engine/chunk_scanner.h"
#include "engine/line_end_finder.h"
#include "engine/scan.h"
#include "parsers/record_header.h"

namespace flinkscan {
namespace {

using bench::Fail;

struct LinesFixture {
  std::string error;
  std::vector<std::string> files;  // the .log files' bytes
  uint64_t bytes = 0;
  uint64_t lines = 0;    // ground truth
  uint64_t records = 0;  // ground truth
};

Result<std::string> ReadWholeFile(const std::string& path) {
  std::unique_ptr<FILE, int (*)(FILE*)> file(std::fopen(path.c_str(), "rb"), std::fclose);
  if (!file) return Status::Error("cannot open " + path);
  std::string bytes;
  char buffer[1 << 16];
  size_t got;
  while ((got = std::fread(buffer, 1, sizeof buffer, file.get())) > 0) bytes.append(buffer, got);
  if (std::ferror(file.get())) return Status::Error("cannot read " + path);
  return bytes;
}

LinesFixture BuildFixture() {
  LinesFixture fixture;
  Result<TemporaryCorpus> corpus = bench::CreateBenchCorpus(16u << 20, 45, "bench-lines");
  if (!corpus.ok()) {
    fixture.error = corpus.message();
    return fixture;
  }
  for (const CorpusFileTruth& file : corpus.value().truth().files) {
    if (file.kind == "stdout") continue;
    Result<std::string> bytes = ReadWholeFile(corpus.value().Path(file));
    if (!bytes.ok()) {
      fixture.error = bytes.message();
      return fixture;
    }
    fixture.files.push_back(std::move(bytes).value());
    fixture.bytes += file.bytes;
    fixture.lines += file.lines;
    fixture.records += file.records;
  }
  return fixture;
}

const LinesFixture& Fixture() {
  static const LinesFixture fixture = BuildFixture();
  return fixture;
}

uint64_t CountLinesWithMemchr(const std::string& text) {
  uint64_t lines = 0;
  const char* end = text.data() + text.size();
  for (const char* p = text.data(); p < end; ++lines) {
    const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
    p = nl ? nl + 1 : end;
  }
  return lines;
}

uint64_t CountLinesWithFinder(const std::string& text, NewlineKernel kernel) {
  uint64_t lines = 0;
  LineEndFinder line_ends(text.data(), text.data() + text.size(), kernel);
  for (std::span<const char* const> batch = line_ends.Next(); !batch.empty(); batch = line_ends.Next()) {
    lines += batch.size();
  }
  return lines;
}

// Runs `count(file bytes, file index)` over every file; a wrong total fails the benchmark.
template <typename CountFile>
void TimeCount(benchmark::State& state, uint64_t expected, const char* what, CountFile count) {
  const LinesFixture& f = Fixture();
  if (!f.error.empty()) return Fail(state, f.error);
  const auto total = [&] {
    uint64_t sum = 0;
    for (size_t i = 0; i < f.files.size(); ++i) sum += count(f.files[i], i);
    return sum;
  };
  if (total() != expected) return Fail(state, std::string(what) + ": " + std::to_string(total()));
  for (auto _ : state) {
    const uint64_t got = total();
    benchmark::DoNotOptimize(got);
    if (got != expected) return Fail(state, std::string(what) + " changed: " + std::to_string(got));
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * f.bytes));
}

void BM_NewlinesMemchr(benchmark::State& state) {
  TimeCount(state, Fixture().lines, "lines",
            [](const std::string& text, size_t) { return CountLinesWithMemchr(text); });
}
BENCHMARK(BM_NewlinesMemchr)->Unit(benchmark::kMillisecond);

void BM_NewlinesFinder(benchmark::State& state) {
  const auto kernel = static_cast<NewlineKernel>(state.range(0));
  if (!NewlineKernelSupported(kernel)) return state.SkipWithError("kernel not supported by this CPU");
  TimeCount(state, Fixture().lines, "lines",
            [kernel](const std::string& text, size_t) { return CountLinesWithFinder(text, kernel); });
}
BENCHMARK(BM_NewlinesFinder)
    ->ArgName("kernel")
    ->Arg(static_cast<int>(NewlineKernel::kPortable))
    ->Arg(static_cast<int>(NewlineKernel::kSse2))
    ->Arg(static_cast<int>(NewlineKernel::kAvx2))
    ->Unit(benchmark::kMillisecond);

// The line starts of every file, so the header tests are timed alone.
const std::vector<std::vector<const char*>>& LineStarts() {
  static const std::vector<std::vector<const char*>> starts = [] {
    std::vector<std::vector<const char*>> all;
    for (const std::string& file : Fixture().files) {
      std::vector<const char*>& lines = all.emplace_back();
      const char* end = file.data() + file.size();
      for (const char* p = file.data(); p < end;) {
        lines.push_back(p);
        const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
        p = nl ? nl + 1 : end;
      }
    }
    return all;
  }();
  return starts;
}

template <bool (*kStartsRecord)(const char*, const char*)>
void BM_HeaderTest(benchmark::State& state) {
  const std::vector<std::vector<const char*>>& starts = LineStarts();
  TimeCount(state, Fixture().records, "records", [&](const std::string& text, size_t file) {
    const char* end = text.data() + text.size();
    uint64_t records = 0;
    for (const char* line : starts[file]) records += kStartsRecord(line, end);
    return records;
  });
}
BENCHMARK(BM_HeaderTest<StartsRecordAnyShape>)
    ->Name("BM_HeaderTest/byte_wise")
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_HeaderTest<StartsRecord>)
    ->Name("BM_HeaderTest/inline_fast_paths")
    ->Unit(benchmark::kMillisecond);

// Lines and records of the whole pass, folded into one number to check.
uint64_t Folded(uint64_t lines, uint64_t records) { return lines << 32 | records; }

void BM_LinePass_MemchrByteWise(benchmark::State& state) {
  const LinesFixture& f = Fixture();
  TimeCount(state, Folded(f.lines, f.records), "lines and records", [](const std::string& text, size_t) {
    uint64_t lines = 0;
    uint64_t records = 0;
    const char* end = text.data() + text.size();
    for (const char* p = text.data(); p < end; ++lines) {
      const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
      records += StartsRecordAnyShape(p, end);
      p = nl ? nl + 1 : end;
    }
    return Folded(lines, records);
  });
}
BENCHMARK(BM_LinePass_MemchrByteWise)->Unit(benchmark::kMillisecond);

void BM_LinePass_FinderInline(benchmark::State& state) {
  const LinesFixture& f = Fixture();
  TimeCount(state, Folded(f.lines, f.records), "lines and records", [](const std::string& text, size_t) {
    uint64_t lines = 0;
    uint64_t records = 0;
    const char* end = text.data() + text.size();
    const char* line = text.data();
    LineEndFinder line_ends(line, end);
    for (std::span<const char* const> batch = line_ends.Next(); !batch.empty(); batch = line_ends.Next()) {
      for (const char* line_end : batch) {
        ++lines;
        records += StartsRecord(line, end);
        line = line_end + 1;
      }
    }
    return Folded(lines, records);
  });
}
BENCHMARK(BM_LinePass_FinderInline)->Unit(benchmark::kMillisecond);

// The whole scan stage, for scale: 2 MiB chunks cut at record starts, as the reader cuts them.
void BM_ChunkScan(benchmark::State& state) {
  const LinesFixture& f = Fixture();
  if (!f.error.empty()) return Fail(state, f.error);
  Result<std::shared_ptr<const Matcher>> matcher = LoadMatcher({});
  if (!matcher.ok()) return Fail(state, matcher.message());
  const ChunkScanner scanner(matcher.value());
  MatchScratch scratch;
  if (const Status status = scanner.matcher().AllocateScratch(scratch); !status.ok()) {
    return Fail(state, status.message());
  }
  std::vector<Chunk> chunks;  // filled once, so the timed loop copies nothing
  for (const std::string& file : f.files) {
    const char* end = file.data() + file.size();
    const char* begin = file.data();
    while (begin < end) {
      const char* cut = begin + std::min<size_t>(2u << 20, static_cast<size_t>(end - begin));
      while (cut < end && !(cut[-1] == '\n' && StartsRecord(cut, end))) ++cut;
      Chunk& chunk = chunks.emplace_back();
      chunk.buffer.assign(begin, cut);
      chunk.size = chunk.buffer.size();
      begin = cut;
    }
  }
  // "" when every chunk scanned without error and the counts add up to the
  // ground truth; Hyperscan must have nominated records too (extraction ran).
  const auto scan_all = [&]() -> std::string {
    uint64_t lines = 0;
    uint64_t records = 0;
    uint64_t matched = 0;
    for (Chunk& chunk : chunks) {
      chunk.ResetResults();
      scanner.Scan(chunk, scratch);
      if (!chunk.scan_error.empty()) return chunk.scan_error;
      lines += chunk.stats.lines;
      records += chunk.stats.records;
      matched += chunk.stats.matched_records;
    }
    if (lines != f.lines || records != f.records) {
      return "the scanner counts " + std::to_string(lines) + " lines / " + std::to_string(records) +
             " records, truth " + std::to_string(f.lines) + " / " + std::to_string(f.records);
    }
    if (matched == 0) return "no record was nominated";
    return "";
  };
  if (const std::string wrong = scan_all(); !wrong.empty()) return Fail(state, wrong);
  for (auto _ : state) {
    if (const std::string wrong = scan_all(); !wrong.empty()) return Fail(state, wrong);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * f.bytes));
}
BENCHMARK(BM_ChunkScan)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace flinkscan

int main(int argc, char** argv) { return flinkscan::bench::RunCheckedBenchmarks(argc, argv); }
