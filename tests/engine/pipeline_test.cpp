// The pipeline end to end through the real binary: plain files read through
// memory maps give the same report as read() copies (FLINKSCAN_READ_FILES=copy),
// byte for byte apart from the timing, at several chunk sizes and thread counts.

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "bench/corpus_generator.h"
#include "engine/chunk_reader.h"
#include "tests/cli/run_binary.h"
#include "tests/engine/test_files.h"

namespace flinkscan {
namespace {

using testing::Quote;
using testing::RunShell;
using testing::TempDir;
using testing::WithoutTiming;

std::string Report(const std::string& env, const std::string& args) {
  const testing::RunResult run =
      RunShell(env + " " + std::string(FLINKSCAN_BINARY) + " scan --format json " + args + " 2>/dev/null");
  EXPECT_EQ(run.exit_code, 0) << args;
  return WithoutTiming(run.out);
}

void ExpectSameReports(const std::string& paths) {
  for (const char* chunk : {"4096", "65536", "2097152"}) {
    for (const char* threads : {"1", "2"}) {
      SCOPED_TRACE(std::string("--chunk-bytes ") + chunk + " -j " + threads);
      const std::string args = std::string("--chunk-bytes ") + chunk + " -j " + threads + " " + paths;
      const std::string mapped = Report("env -u FLINKSCAN_READ_FILES", args);
      const std::string copied = Report("FLINKSCAN_READ_FILES=copy", args);
      ASSERT_GT(mapped.size(), 1000u);
      EXPECT_TRUE(mapped == copied) << "the mapped and the read() reports differ for " << paths;
    }
  }
}

TEST(PipelineMapped, SameReportAsReadOnSamplesAndFixtures) {
  ExpectSameReports(Quote(std::string(FLINKSCAN_SAMPLES_DIR) + "/standalone"));
  ExpectSameReports(Quote(std::string(FLINKSCAN_FIXTURES_DIR) + "/samples-real"));
}

TEST(PipelineMapped, SameReportAsReadOnAGeneratedCorpus) {
  TempDir dir;
  CorpusOptions options;
  options.out_dir = dir.path();
  options.target_bytes = 6u << 20;
  options.seed = 7;
  const Result<CorpusTruth> truth = GenerateCorpus(options);
  ASSERT_TRUE(truth.ok()) << truth.message();
  ExpectSameReports(Quote(dir.path() + "/log"));
}

}  // namespace
}  // namespace flinkscan
