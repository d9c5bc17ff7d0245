#pragma once
// The generated corpus the throughput benchmarks measure on, sized by one
// environment variable for all of them: FLINKSCAN_BENCH_BYTES=256M gives
// steadier figures than the small defaults the ctest smoke runs use.

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "base/status.h"
#include "bench/corpus_generator.h"

namespace flinkscan::bench {

// FLINKSCAN_BENCH_BYTES when set and valid, else `default_bytes`.
inline uint64_t BenchBytes(uint64_t default_bytes) {
  uint64_t bytes = default_bytes;
  const char* env = std::getenv("FLINKSCAN_BENCH_BYTES");
  if (env && !ParseByteCount(env, bytes)) std::fprintf(stderr, "bad FLINKSCAN_BENCH_BYTES '%s'\n", env);
  return bytes;
}

// A corpus of BenchBytes(default_bytes) log bytes in a temporary directory
// named after `name`. Each benchmark has its own `seed`, so each measures
// its own (still reproducible) logs.
inline Result<TemporaryCorpus> CreateBenchCorpus(uint64_t default_bytes, uint64_t seed,
                                                 const std::string& name) {
  CorpusOptions options;
  options.target_bytes = BenchBytes(default_bytes);
  options.seed = seed;
  return TemporaryCorpus::Create(options, name);
}

}  // namespace flinkscan::bench
