// ChunkReader throughput: read() into pooled buffers and cut at record
// starts, over the log files of a generated corpus (16 MiB by default;
// FLINKSCAN_BENCH_BYTES overrides).
//
// Checked before timing, at every chunk size measured: the chunks add up to
// each file's bytes, hold exactly its lines and records (counted with the
// same header test the scanner uses), and never split a record (every chunk
// after a stream's first starts with a record header). Each timed iteration
// re-checks the byte total; a wrong answer makes the binary exit 1.

#include <cstring>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "bench/bench_corpus.h"
#include "bench/checked_benchmark.h"
#include "bench/corpus_generator.h"
#include "engine/chunk_reader.h"
#include "engine/source.h"
#include "parsers/record_header.h"

namespace flinkscan {
namespace {

using bench::Fail;

struct ChunkingFixture {
  std::string error;
  std::optional<TemporaryCorpus> corpus;
  std::vector<InputFile> inputs;  // the .log files, in the truth's order
  std::vector<CorpusFileTruth> expected;
  uint64_t total_bytes = 0;
};

ChunkingFixture BuildFixture() {
  ChunkingFixture fixture;
  Result<TemporaryCorpus> corpus = bench::CreateBenchCorpus(16u << 20, 43, "bench-chunking");
  if (!corpus.ok()) {
    fixture.error = corpus.message();
    return fixture;
  }
  fixture.corpus.emplace(std::move(corpus).value());
  for (const CorpusFileTruth& file : fixture.corpus->truth().files) {
    if (file.kind == "stdout") continue;
    InputFile input;
    input.path = fixture.corpus->Path(file);
    fixture.inputs.push_back(input);
    fixture.expected.push_back(file);
    fixture.total_bytes += file.bytes;
  }
  return fixture;
}

const ChunkingFixture& Fixture() {
  static const ChunkingFixture fixture = BuildFixture();
  return fixture;
}

ChunkReaderOptions ReaderOptions(size_t chunk_bytes) {
  ChunkReaderOptions options;
  options.target_chunk_bytes = chunk_bytes;
  return options;
}

// One untimed pass that counts everything; "" when the chunks are right.
std::string Verify(const ChunkingFixture& f, size_t chunk_bytes) {
  ChunkReader reader(f.inputs, ReaderOptions(chunk_bytes));
  Chunk chunk;
  std::map<uint32_t, CorpusFileTruth> seen;  // per stream: bytes, lines, records
  while (reader.Next(chunk)) {
    const std::string_view data = chunk.data();
    CorpusFileTruth& counts = seen[chunk.stream];
    if (!chunk.first_in_stream && !data.empty() && !StartsRecord(data.data(), data.data() + data.size())) {
      return "a chunk of stream " + std::to_string(chunk.stream) + " starts inside a record";
    }
    counts.bytes += data.size();
    const char* p = data.data();
    const char* end = p + data.size();
    while (p < end) {
      if (StartsRecord(p, end)) ++counts.records;
      const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
      if (!nl) break;
      ++counts.lines;
      p = nl + 1;
    }
  }
  if (seen.size() != f.expected.size()) return "streams: " + std::to_string(seen.size());
  size_t i = 0;
  for (const auto& [stream, counts] : seen) {
    const CorpusFileTruth& want = f.expected[i++];
    if (counts.bytes != want.bytes || counts.lines != want.lines || counts.records != want.records) {
      return want.path + ": chunks hold " + std::to_string(counts.bytes) + " bytes / " +
             std::to_string(counts.lines) + " lines / " + std::to_string(counts.records) +
             " records, truth " + std::to_string(want.bytes) + " / " + std::to_string(want.lines) + " / " +
             std::to_string(want.records);
    }
  }
  return "";
}

void BM_ChunkReader(benchmark::State& state) {
  const ChunkingFixture& f = Fixture();
  if (!f.error.empty()) return Fail(state, f.error);
  const size_t chunk_bytes = static_cast<size_t>(state.range(0)) << 10;
  const std::string wrong = Verify(f, chunk_bytes);
  if (!wrong.empty()) return Fail(state, wrong);
  Chunk chunk;
  uint64_t chunks = 0;
  for (auto _ : state) {
    ChunkReader reader(f.inputs, ReaderOptions(chunk_bytes));
    uint64_t bytes = 0;
    while (reader.Next(chunk)) {
      bytes += chunk.size;
      ++chunks;
    }
    if (bytes != f.total_bytes) return Fail(state, "read " + std::to_string(bytes) + " bytes");
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * f.total_bytes));
  state.counters["chunks"] =
      benchmark::Counter(static_cast<double>(chunks), benchmark::Counter::kAvgIterations);
}
BENCHMARK(BM_ChunkReader)->Arg(64)->Arg(2048)->Arg(16384)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace flinkscan

int main(int argc, char** argv) { return flinkscan::bench::RunCheckedBenchmarks(argc, argv); }
