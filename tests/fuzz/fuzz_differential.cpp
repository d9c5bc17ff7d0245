// Differential: the chunked, multi-threaded analysis of any bytes equals the
// single-threaded reference with one big chunk — compared as the rendered
// JSON reports (timing left out). The first input byte picks the file name
// (which decides the stream kind), the next ones the chunk size and the
// thread count; the rest is the file.

#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "engine/scan.h"
#include "report/json_report.h"
#include "tests/fuzz/fuzz_input.h"

namespace {

constexpr std::array<const char*, 6> kNames = {"jobmanager.log", "taskmanager.log", "flink-taskmanager.out",
                                               "gc.log",         "yarn-logs.txt",   "app.log"};

// A directory of this process, in memory when /dev/shm exists.
const std::string& ScratchDir() {
  static const std::string dir = [] {
    std::string pattern =
        access("/dev/shm", W_OK) == 0 ? "/dev/shm/fuzz-diff-XXXXXX" : "/tmp/fuzz-diff-XXXXXX";
    if (!mkdtemp(pattern.data())) std::abort();
    return pattern;
  }();
  return dir;
}

std::string Analyse(const std::string& path, size_t threads, size_t chunk_bytes) {
  flinkscan::ScanOptions options;
  options.paths = {path};
  options.pipeline.threads = threads;
  options.pipeline.reader.target_chunk_bytes = chunk_bytes;
  flinkscan::Result<flinkscan::ScanOutcome> outcome = flinkscan::RunScan(options);
  if (!outcome.ok()) return "error: " + outcome.message();
  flinkscan::JsonOptions json;
  json.include_timing = false;
  return flinkscan::RenderJson(outcome.value().analysis, json);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  flinkscan::fuzz::FuzzInput input(bytes, size);
  const std::string path = ScratchDir() + "/" + kNames[input.TakeByte() % kNames.size()];
  const size_t chunk_bytes = input.TakeInRange(1, 4096);
  const size_t threads = input.TakeInRange(2, 4);
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(input.Rest().data(), static_cast<std::streamsize>(input.Rest().size()));
  }
  const std::string reference = Analyse(path, 1, 2u << 20);
  const std::string chunked = Analyse(path, threads, chunk_bytes);
  std::remove(path.c_str());
  if (reference != chunked) {
    std::fprintf(stderr,
                 "reference (1 thread, 2 MiB chunks):\n%s\nchunked (%zu threads, %zu-byte chunks):\n%s\n",
                 reference.c_str(), threads, chunk_bytes, chunked.c_str());
  }
  FUZZ_CHECK(reference == chunked);
  return 0;
}
