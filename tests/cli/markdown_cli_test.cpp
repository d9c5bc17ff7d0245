// `flinkscan scan --format markdown` end to end on the repository's samples.

#include <string>

#include <gtest/gtest.h>

#include "tests/cli/run_binary.h"

namespace flinkscan {
namespace {

using testing::Quote;
using testing::RunFlinkscan;

std::string StandaloneSamples() { return std::string(FLINKSCAN_SAMPLES_DIR) + "/standalone"; }

TEST(MarkdownCliTest, StandaloneSamplesReportTheOomFailoverFirst) {
  const testing::RunResult run = RunFlinkscan("scan --format markdown " + Quote(StandaloneSamples()));
  ASSERT_EQ(run.exit_code, 0) << run.out;
  const std::string& md = run.out;
  ASSERT_EQ(md.rfind("# flinkscan report", 0), 0u) << md;
  const size_t first = md.find("### 1. ");
  ASSERT_NE(first, std::string::npos) << md;
  const std::string first_heading = md.substr(first, md.find('\n', first) - first);
  EXPECT_NE(first_heading.find("CRITICAL job\\_failover"), std::string::npos) << first_heading;
  EXPECT_NE(first_heading.find("OutOfMemoryError"), std::string::npos) << first_heading;
  const size_t root_cause = md.find("- **Root cause:** ", first);
  ASSERT_NE(root_cause, std::string::npos);
  EXPECT_LT(root_cause, md.find("### 2. "));
  const std::string expected = "- **Root cause:** `java.lang.OutOfMemoryError: Java heap space`\n";
  EXPECT_EQ(md.compare(root_cause, expected.size(), expected), 0) << md.substr(root_cause, 100);
  EXPECT_EQ(md.find('<'), std::string::npos);
  EXPECT_EQ(md.find('\x1b'), std::string::npos);
  EXPECT_NE(md.find("## What could not be read"), std::string::npos);
}

}  // namespace
}  // namespace flinkscan
