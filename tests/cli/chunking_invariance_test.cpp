// Chunk size and thread count are performance knobs only: the analysis of
// every sample is identical with 64-byte chunks on 1 thread and 2 MiB chunks
// on several.

#include <gtest/gtest.h>

#include "engine/scan.h"
#include "report/json_report.h"
#include "tests/cli/run_binary.h"
#include "tests/engine/scan_in_process.h"

namespace flinkscan {
namespace {

std::string Analyse(const std::vector<std::string>& paths, size_t chunk_bytes, size_t threads) {
  JsonOptions json;
  json.include_timing = false;
  return RenderJson(testing::ScanInProcess(paths, {}, {.threads = threads, .chunk_bytes = chunk_bytes}),
                    json);
}

TEST(ChunkingInvariance, TinyChunksGiveTheSameAnalysis) {
  const std::string dir = std::string(FLINKSCAN_FIXTURES_DIR) + "/samples-real";
  const std::string reference = Analyse({dir}, 2u << 20, 1);
  ASSERT_GT(reference.size(), 1000u);
  for (size_t chunk : {64u, 333u, 4096u}) {
    for (size_t threads : {1u, 2u, 4u}) {
      EXPECT_EQ(Analyse({dir}, chunk, threads), reference) << "chunk " << chunk << " threads " << threads;
    }
  }
}

TEST(ChunkingInvariance, BundledSamplesToo) {
  const std::string dir = std::string(FLINKSCAN_SAMPLES_DIR);
  const std::string reference = Analyse({dir}, 2u << 20, 1);
  ASSERT_GT(reference.size(), 1000u);
  EXPECT_EQ(Analyse({dir}, 100, 2), reference);
  EXPECT_EQ(Analyse({dir}, 8192, 3), reference);
}

}  // namespace
}  // namespace flinkscan
