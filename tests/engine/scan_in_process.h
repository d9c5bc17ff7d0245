#pragma once
// Scans files through the engine's front door (RunScan) inside the test
// process, for tests that check the Analysis model rather than the CLI.

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "engine/scan.h"

namespace flinkscan::testing {

// The pipeline knobs a test may turn. Two threads by default: every test then
// also goes through the merge of thread-local state, which one thread skips.
struct ScanShape {
  size_t threads = 2;             // 0: all hardware threads
  size_t chunk_bytes = 2u << 20;  // the chunk reader's default
};

// The analysis of `paths`. A failed scan, or one that could read none of its
// inputs, is a test failure (and an empty Analysis, so the test can go on).
inline Analysis ScanInProcess(const std::vector<std::string>& paths, const AggregatorOptions& aggregator = {},
                              const ScanShape& shape = {}) {
  ScanOptions options;
  options.paths = paths;
  options.pipeline.threads = shape.threads;
  options.pipeline.reader.target_chunk_bytes = shape.chunk_bytes;
  options.aggregator = aggregator;
  Result<ScanOutcome> outcome = RunScan(options);
  EXPECT_TRUE(outcome.ok()) << outcome.message();
  if (!outcome.ok()) return {};
  EXPECT_TRUE(outcome.value().any_input_read);
  return std::move(outcome.value().analysis);
}

}  // namespace flinkscan::testing
