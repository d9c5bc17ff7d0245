// YARN framer throughput: `yarn logs -applicationId X` output built from a
// generated corpus (32 MiB of logs by default; FLINKSCAN_BENCH_BYTES
// overrides) and split back into its sections.
//
//   whole   one section per log file (JobManager in the AM container, one
//           container per TaskManager, .log and .out each, plus YARN's own
//           small files): long bodies stream straight into the reader's buffer.
//   rolled  every log cut into 256 KiB sections (taskmanager.log.N, as rolling
//           aggregation uploads them): every body is read ahead and checked
//           against its end marker before delivery.
//   memory  from a string (framing cost alone); file: OpenInput on a file in
//           the page cache (content sniffing, read(), framing), next to the
//           plain framer on the same file (what read() alone costs).
//
// Checked before timing: every section's stream holds exactly its body, the
// envelope holds the rest, and all of it comes back in input order. Each
// timed iteration re-checks the section count and byte totals; a wrong answer
// makes the binary exit 1.

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "bench/bench_corpus.h"
#include "bench/checked_benchmark.h"
#include "bench/corpus_generator.h"
#include "bench/memory_source.h"
#include "engine/input_opener.h"
#include "engine/stream_framer.h"
#include "engine/yarn_framer.h"

namespace flinkscan {
namespace {

using bench::Fail;
using bench::MemorySource;

std::string ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// A YARN output and what framing it must give back.
struct YarnInput {
  std::string text;
  std::map<std::string, uint64_t> section_bytes;  // by stream key; the envelope under "#envelope"
  size_t sections = 0;
};

void AddSection(YarnInput& in, const std::string& container, const std::string& node, const std::string& type,
                std::string_view body) {
  const std::string container_line = "Container: " + container + " on " + node;
  const std::string end_line = "End of LogType:" + type;
  const size_t before = in.text.size();
  in.text += container_line + "\nLogAggregationType: AGGREGATED\n" + std::string(container_line.size(), '=') +
             "\nLogType:" + type + "\nLogLastModifiedTime:Sat Nov 28 10:13:54 +0000 2026\nLogLength:" +
             std::to_string(body.size()) + "\nLogContents:\n";
  in.text += body;
  in.text += "\n" + end_line + "\n" + std::string(end_line.size() + 50, '*') + "\n\n";
  in.section_bytes[container + "/" + type] += body.size();
  in.section_bytes["#envelope"] += in.text.size() - before - body.size();
  ++in.sections;
}

// Cuts `text` into pieces of about `piece` bytes, each ending at a line end.
std::vector<std::string_view> Pieces(std::string_view text, size_t piece) {
  std::vector<std::string_view> out;
  while (!text.empty()) {
    size_t cut = text.size();
    if (text.size() > piece) {
      const size_t nl = text.find('\n', piece);
      cut = nl == std::string_view::npos ? text.size() : nl + 1;
    }
    out.push_back(text.substr(0, cut));
    text.remove_prefix(cut);
  }
  return out;
}

YarnInput BuildYarnInput(const TemporaryCorpus& corpus, size_t roll_bytes) {
  YarnInput in;
  const std::string app = "1764316500000_0001";
  const std::string small_info =
      "ls -l:\ntotal 32\n-rw-r--r-- 1 yarn yarn 129 Nov 28 09:55 container_tokens\n";
  for (const CorpusFileTruth& file : corpus.truth().files) {
    const std::string text = ReadWholeFile(corpus.Path(file));
    const std::string name = std::filesystem::path(file.path).filename().string();
    const bool jobmanager = name.find("standalonesession") != std::string::npos;
    // flink-flink-taskexecutor-<i>-tm-host-<i+1>.log runs in the AM's container number + 1 + i.
    int tm = 0;
    const size_t at = name.find("taskexecutor-");
    if (at != std::string::npos) tm = std::atoi(name.c_str() + at + 13);
    const std::string container =
        "container_" + app + "_01_" + std::to_string(1000001 + (jobmanager ? 0 : 1 + tm)).substr(1);
    const std::string node = jobmanager ? "jm-host_45454" : "tm-host-" + std::to_string(tm + 1) + "_45454";
    const bool out_file = name.size() > 4 && name.compare(name.size() - 4, 4, ".out") == 0;
    const std::string type =
        std::string(jobmanager ? "jobmanager" : "taskmanager") + (out_file ? ".out" : ".log");
    if (!out_file) AddSection(in, container, node, "directory.info", small_info);
    if (roll_bytes == 0 || out_file) {
      AddSection(in, container, node, type, text);
    } else {
      int n = 0;
      for (std::string_view piece : Pieces(text, roll_bytes)) {
        AddSection(in, container, node, type + "." + std::to_string(++n), piece);
      }
    }
  }
  return in;
}

struct Drained {
  size_t segments = 0;
  std::map<std::string, uint64_t> bytes;  // by key
  uint64_t total = 0;
  std::vector<std::string> errors;
};

// Reads every segment the way ChunkReader does (2 MiB buffer, Read until 0).
// `copy_to`: where to put the bytes for the full content check (null: don't).
Drained Drain(StreamFramer& framer, std::vector<char>& buffer, std::string* copy_to = nullptr) {
  Drained out;
  StreamInfo info;
  std::string key;
  while (framer.NextSegment(info, key)) {
    ++out.segments;
    uint64_t& bytes = out.bytes[key];
    for (;;) {
      const size_t n = framer.Read(buffer.data(), buffer.size());
      if (n == 0) break;
      bytes += n;
      out.total += n;
      if (copy_to) copy_to->append(buffer.data(), n);
      benchmark::DoNotOptimize(buffer.data());
    }
    std::string error = framer.TakeError();
    if (!error.empty()) out.errors.push_back(std::move(error));
  }
  return out;
}

std::string CheckDrained(const Drained& d, const YarnInput& in) {
  if (!d.errors.empty()) return "framer error: " + d.errors[0];
  if (d.total != in.text.size()) {
    return "bytes " + std::to_string(d.total) + " != input " + std::to_string(in.text.size());
  }
  if (d.bytes.size() != in.section_bytes.size()) {
    return "streams " + std::to_string(d.bytes.size()) + " != " + std::to_string(in.section_bytes.size());
  }
  // The envelope comes before every body and once more after the last one.
  if (d.segments != 2 * in.sections + 1) {
    return "segments " + std::to_string(d.segments) + " != " + std::to_string(2 * in.sections + 1);
  }
  for (const auto& [key, bytes] : in.section_bytes) {
    const auto it = d.bytes.find(key);
    if (it == d.bytes.end() || it->second != bytes) return "stream " + key + " has the wrong bytes";
  }
  return "";
}

struct Fixture {
  std::string error;
  std::optional<TemporaryCorpus> corpus;
  YarnInput whole;
  YarnInput rolled;
  std::string whole_path;
};

Fixture BuildFixture() {
  Fixture f;
  Result<TemporaryCorpus> corpus = bench::CreateBenchCorpus(32u << 20, 47, "bench-yarn");
  if (!corpus.ok()) {
    f.error = corpus.message();
    return f;
  }
  f.corpus.emplace(std::move(corpus).value());
  f.whole = BuildYarnInput(*f.corpus, 0);
  f.rolled = BuildYarnInput(*f.corpus, 256u << 10);
  f.whole_path = f.corpus->dir() + "/application_1764316500000_0001.yarn";
  std::ofstream(f.whole_path, std::ios::binary) << f.whole.text;

  // The full content check, once: all bytes back, in input order, and each
  // section's bytes at the right place.
  for (const YarnInput* in : {&f.whole, &f.rolled}) {
    std::vector<char> buffer(2u << 20);
    std::string copy;
    InputFile input;
    input.path = "bench.yarn";
    auto framer = MakeYarnFramer(input, std::make_unique<MemorySource>(in->text));
    const Drained d = Drain(*framer, buffer, &copy);
    std::string why = CheckDrained(d, *in);
    if (why.empty() && copy != in->text) why = "bytes came back changed or reordered";
    if (!why.empty()) {
      f.error = why;
      return f;
    }
  }
  return f;
}

const Fixture& GetFixture() {
  static const Fixture fixture = BuildFixture();
  return fixture;
}

void FrameFromMemory(benchmark::State& state, const YarnInput Fixture::*which) {
  const Fixture& f = GetFixture();
  if (!f.error.empty()) return Fail(state, f.error);
  const YarnInput& in = f.*which;
  std::vector<char> buffer(2u << 20);
  InputFile input;
  input.path = "bench.yarn";
  for (auto _ : state) {
    auto framer = MakeYarnFramer(input, std::make_unique<MemorySource>(in.text));
    const std::string why = CheckDrained(Drain(*framer, buffer), in);
    if (!why.empty()) return Fail(state, why);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * in.text.size()));
  state.counters["sections"] = static_cast<double>(in.sections);
}

void BM_YarnFramerWholeMemory(benchmark::State& state) { FrameFromMemory(state, &Fixture::whole); }
void BM_YarnFramerRolledMemory(benchmark::State& state) { FrameFromMemory(state, &Fixture::rolled); }

void BM_YarnFramerWholeFile(benchmark::State& state) {
  const Fixture& f = GetFixture();
  if (!f.error.empty()) return Fail(state, f.error);
  std::vector<char> buffer(2u << 20);
  InputFile input;
  input.path = f.whole_path;
  for (auto _ : state) {
    Result<std::unique_ptr<StreamFramer>> framer = OpenInput(input);
    if (!framer.ok()) return Fail(state, framer.message());
    const std::string why = CheckDrained(Drain(*framer.value(), buffer), f.whole);
    if (!why.empty()) return Fail(state, why);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * f.whole.text.size()));
}

// The same file as one plain stream: the read() cost the framer adds to.
void BM_PlainFramerWholeFile(benchmark::State& state) {
  const Fixture& f = GetFixture();
  if (!f.error.empty()) return Fail(state, f.error);
  std::vector<char> buffer(2u << 20);
  InputFile input;
  input.path = f.whole_path;
  for (auto _ : state) {
    Result<std::unique_ptr<ByteSource>> source = OpenByteSource(input);
    if (!source.ok()) return Fail(state, source.message());
    auto framer = MakePlainFramer(input, std::move(source).value());
    const Drained d = Drain(*framer, buffer);
    if (d.total != f.whole.text.size()) return Fail(state, "plain read lost bytes");
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * f.whole.text.size()));
}

BENCHMARK(BM_YarnFramerWholeMemory)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_YarnFramerRolledMemory)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_YarnFramerWholeFile)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PlainFramerWholeFile)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace flinkscan

int main(int argc, char** argv) { return flinkscan::bench::RunCheckedBenchmarks(argc, argv); }
