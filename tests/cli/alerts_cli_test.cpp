// Alert rules through the binary: `--rules FILE`, `--fail-on` on alerts,
// `alerts_not_evaluated[]` in JSON and text, and bad rules files (exit 2).

#include <string>
#include <string_view>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "tests/cli/run_binary.h"
#include "tests/engine/synthetic_log.h"
#include "tests/engine/test_files.h"

namespace flinkscan {
namespace {

using testing::Day;
using testing::Quote;
using testing::RunFlinkscan;
using testing::RunShell;
using testing::SyntheticLog;
using testing::TempDir;

constexpr std::string_view kCoordinator = "org.apache.flink.runtime.checkpoint.CheckpointCoordinator";
constexpr std::string_view kJob = "8c4f2a9e1b3d5c7f9a0b2c4d6e8f1a3b";

// One checkpoint that took 45 s: the checkpoint_duration alert (warning by default) fires.
std::string SlowCheckpointLog() {
  SyntheticLog jm;
  jm.Add(Day("10:00:00,003"), "INFO", kCoordinator,
         fmt::format("Triggering checkpoint 7 (type=CheckpointType{{name='Checkpoint', "
                     "sharingFilesStrategy=FORWARD_BACKWARD}}) @ 1709287200000 for job {}.",
                     kJob));
  jm.Add(Day("10:00:45,010"), "INFO", kCoordinator,
         fmt::format("Completed checkpoint 7 for job {} (8338 bytes, checkpointDuration=45000 ms, "
                     "finalizationTime=25 ms).",
                     kJob));
  return jm.text();
}

TEST(AlertsCli, FailOnCountsAlertsAtTheirConfiguredSeverity) {
  TempDir dir;
  const std::string log = dir.Write("jobmanager.log", SlowCheckpointLog());
  const std::string critical =
      dir.Write("critical.json", R"({"rules": {"checkpoint_duration": {"severity": "critical"}}})");
  const std::string relaxed =
      dir.Write("relaxed.json", R"({"rules": {"checkpoint_duration": {"threshold": 60000}}})");

  EXPECT_EQ(RunFlinkscan("scan --fail-on critical " + Quote(log)).exit_code, 0);
  EXPECT_EQ(RunFlinkscan("scan --fail-on critical --rules " + Quote(critical) + " " + Quote(log)).exit_code,
            1);
  EXPECT_EQ(RunFlinkscan("scan --fail-on critical --rules " + Quote(relaxed) + " " + Quote(log)).exit_code,
            0);
}

TEST(AlertsCli, ReportsFiredAndNotEvaluatedRules) {
  TempDir dir;
  const std::string log = dir.Write("jobmanager.log", SlowCheckpointLog());
  const testing::RunResult json = RunFlinkscan("scan --format json " + Quote(log));
  ASSERT_EQ(json.exit_code, 0);
  EXPECT_NE(json.out.find("\"rule\": \"checkpoint_duration\""), std::string::npos) << json.out;
  EXPECT_NE(json.out.find("\"alerts_not_evaluated\""), std::string::npos) << json.out;
  EXPECT_NE(json.out.find("no Slf4jReporter metrics in the input"), std::string::npos) << json.out;

  const testing::RunResult text = RunFlinkscan("scan --color never " + Quote(log));
  ASSERT_EQ(text.exit_code, 0);
  EXPECT_NE(text.out.find("not evaluated backpressure"), std::string::npos) << text.out;
}

TEST(AlertsCli, BadRulesFileIsAUsageError) {
  TempDir dir;
  const std::string log = dir.Write("jobmanager.log", SlowCheckpointLog());
  const std::string bad =
      dir.Write("bad.json", R"({"rules": {"checkpoint_failure_rate": {"threshold": 2}}})");
  const testing::RunResult run =
      RunShell(std::string(FLINKSCAN_BINARY) + " scan --rules " + Quote(bad) + " " + Quote(log) + " 2>&1");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.out.find("bad.json"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("rules.checkpoint_failure_rate.threshold"), std::string::npos) << run.out;

  const testing::RunResult missing = RunShell(
      std::string(FLINKSCAN_BINARY) + " scan --rules /nonexistent/rules.json " + Quote(log) + " 2>&1");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.out.find("/nonexistent/rules.json"), std::string::npos) << missing.out;
  EXPECT_EQ(RunFlinkscan("scan --rules").exit_code, 2);
}

}  // namespace
}  // namespace flinkscan
