#include "engine/live_scan.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "engine/scan.h"
#include "scan_in_process.h"
#include "test_files.h"

namespace flinkscan {
namespace {

using testing::Fixture;
using testing::ReadFile;
using testing::TempDir;

std::unique_ptr<LiveScan> MakeLive(const std::string& dir) {
  Result<std::shared_ptr<const Matcher>> matcher = LoadMatcher({});
  EXPECT_TRUE(matcher.ok());
  LiveScanOptions options;
  options.paths = {dir};
  Result<std::unique_ptr<LiveScan>> live = LiveScan::Create(matcher.value(), options);
  EXPECT_TRUE(live.ok());
  return std::move(live).value();
}

// Writing a real log in uneven pieces — cutting lines and stack traces in
// half — and polling between them gives the batch scan's answer.
TEST(LiveScanTest, PiecewiseWritesGiveTheBatchAnswer) {
  const std::string source = Fixture("jm-log4j1-checkpoint-decline-task-not-ready-failing-flink19.log");
  const std::string content = ReadFile(source);
  ASSERT_GT(content.size(), 1000u);
  TempDir batch_dir;
  const std::string batch_file = batch_dir.Write("jobmanager.log", content);
  const Analysis batch = testing::ScanInProcess({batch_file});

  TempDir dir;
  const std::string live_file = dir.Write("jobmanager.log", "");
  std::unique_ptr<LiveScan> live = MakeLive(dir.path());
  const size_t piece = content.size() / 7 + 13;
  for (size_t at = 0; at < content.size(); at += piece) {
    std::ofstream(live_file, std::ios::binary | std::ios::app) << content.substr(at, piece);
    live->Poll();
  }
  for (int i = 0; i < 3; ++i) live->Poll();  // the held-back last record is flushed when the file is quiet
  const Analysis& got = live->Snapshot();
  EXPECT_EQ(got.totals.lines, batch.totals.lines);
  EXPECT_EQ(got.totals.records, batch.totals.records);
  EXPECT_EQ(got.totals.bytes, batch.totals.bytes);
  EXPECT_EQ(got.totals.events, batch.totals.events);
  EXPECT_EQ(got.checkpoints.completed, batch.checkpoints.completed);
  EXPECT_EQ(got.checkpoints.failed, batch.checkpoints.failed);
  EXPECT_EQ(got.exceptions.size(), batch.exceptions.size());
  EXPECT_EQ(got.incidents.size(), batch.incidents.size());
}

TEST(LiveScanTest, MetricsCountBytesOnceAcrossRotation) {
  TempDir dir;
  const std::string log = dir.Write("jobmanager.log", "2024-01-01 00:00:00,000 INFO  a.B - one\n");
  std::unique_ptr<LiveScan> live = MakeLive(dir.path());
  live->Poll();
  std::ofstream(log, std::ios::binary | std::ios::app) << "2024-01-01 00:00:01,000 INFO  a.B - two\n";
  std::filesystem::rename(log, log + ".1");
  dir.Write("jobmanager.log", "2024-01-01 00:00:02,000 INFO  a.B - three\n");
  for (int i = 0; i < 4; ++i) live->Poll();
  double lines = 0;
  for (const MetricFamily& f : live->Metrics()) {
    if (f.name != "flinkscan_lines_read_total") continue;
    for (const MetricSeries& s : f.series) lines += s.value;
  }
  EXPECT_EQ(lines, 3);
  EXPECT_EQ(live->Snapshot().totals.lines, 3u);
  EXPECT_EQ(live->follow_stats().rotations, 1u);
}

}  // namespace
}  // namespace flinkscan
