#pragma once
// The rule every benchmark here follows (style.md habit 15): a fast wrong
// answer is a failure. A benchmark that finds a wrong answer calls Fail(); the
// binary then exits 1, so the ctest smoke run of each benchmark fails too.

#include <string>

#include <benchmark/benchmark.h>

namespace flinkscan::bench {

// How many benchmarks of this binary found a wrong answer.
inline int g_failures = 0;

// Skips the rest of this benchmark with `why` and makes the binary exit 1.
inline void Fail(benchmark::State& state, const std::string& why) {
  ++g_failures;
  state.SkipWithError(why.c_str());
}

// The whole main() of a benchmark binary: runs what the command line selects;
// 1 after a wrong answer or an unknown argument, else 0.
inline int RunCheckedBenchmarks(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return g_failures == 0 ? 0 : 1;
}

}  // namespace flinkscan::bench
