// Time resolution per stream (design.md "Time", "Precise meanings"): Flink
// prints no zone; the offset (and, for time-only layouts, the date) comes
// from an epoch the same stream carries, or from --tz, or stays unknown.

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "engine/scan.h"
#include "tests/engine/scan_in_process.h"
#include "tests/engine/synthetic_log.h"
#include "tests/engine/test_files.h"

namespace flinkscan {
namespace {

using testing::JobTransitionMessage;
using testing::Log4j2Line;
using testing::ScanInProcess;
using testing::TempDir;

constexpr std::string_view kExecutionGraph = "org.apache.flink.runtime.executiongraph.ExecutionGraph";
constexpr std::string_view kTask = "org.apache.flink.runtime.taskmanager.Task";
constexpr std::string_view kCoordinator = "org.apache.flink.runtime.checkpoint.CheckpointCoordinator";
constexpr std::string_view kJob = "5a09018a62b24958656d354f31556d5d";
constexpr std::string_view kAttempt = "c92d839a41f6cc8a2427cd537b5c1a0e";
// 2024-03-01T10:00:00Z.
constexpr int64_t kEpoch10h = 1709287200000;

std::string JobLine(std::string_view from, std::string_view to) {
  return JobTransitionMessage("ListCheckpointedExample", kJob, from, to);
}

std::string TriggerLine(int64_t id, int64_t epoch) {
  return fmt::format("Triggering checkpoint {} (type=CHECKPOINT) @ {} for job {}.", id, epoch, kJob);
}

const InputSummary* Input(const Analysis& a, const std::string& path) {
  for (const InputSummary& in : a.inputs) {
    if (in.path == path) return &in;
  }
  return nullptr;
}

std::vector<std::string> TransitionTimes(const Analysis& a) {
  std::vector<std::string> out;
  for (const JobSummary& job : a.jobs) {
    for (const JobTransition& t : job.transitions) out.push_back(t.time);
  }
  return out;
}

// The real MiniCluster excerpt's epoch: 1681952145946 is 2023-04-20T00:55:45.946Z
// and the line says 08:55:45,960, so UTC+8 on 2023-04-20 (EXPECTED.md).
TEST(TimeResolution, TimeOnlyStreamBorrowsDateAndOffsetFromTriggerEpoch) {
  TempDir dir;
  std::string log;
  log += Log4j2Line("08:55:40,000", "INFO", kExecutionGraph, JobLine("CREATED", "RUNNING"));
  log += Log4j2Line("08:55:45,960", "INFO", kCoordinator, TriggerLine(1, 1681952145946));
  log += Log4j2Line("08:55:46,002", "INFO", kCoordinator,
                    fmt::format("Completed checkpoint 1 for job {} (374 bytes in 53 ms).", kJob));
  const std::string path = dir.Write("minicluster.log", log);
  const Analysis a = ScanInProcess({path});

  const InputSummary* in = Input(a, path);
  ASSERT_NE(in, nullptr);
  EXPECT_EQ(in->layout, "time-only");
  EXPECT_EQ(in->tz_source, "epoch");
  EXPECT_EQ(in->first_time, "2023-04-20T08:55:40.000+08:00");
  EXPECT_EQ(in->last_time, "2023-04-20T08:55:46.002+08:00");
  EXPECT_EQ(TransitionTimes(a), std::vector<std::string>{"2023-04-20T08:55:40.000+08:00"});
  ASSERT_EQ(a.checkpoints.items.size(), 1u);
  EXPECT_EQ(a.checkpoints.items[0].trigger_time, "2023-04-20T08:55:45.960+08:00");
  EXPECT_EQ(a.checkpoints.items[0].end_time, "2023-04-20T08:55:46.002+08:00");
  EXPECT_EQ(a.time_span_start, "2023-04-20T08:55:40.000+08:00");
}

// A long MiniCluster run past midnight: 23:59:59 -> 00:00:01 is two seconds
// later on the next day (2024-02-28 -> the leap day), not 24 hours earlier.
TEST(TimeResolution, MidnightRolloverInTimeOnlyFileKeepsOrderAndAdvancesDate) {
  TempDir dir;
  std::string log;
  log += Log4j2Line("23:59:58,000", "INFO", kExecutionGraph, JobLine("CREATED", "RUNNING"));
  // 1709161199500 is 2024-02-28T22:59:59.500Z: the stream is UTC+1.
  log += Log4j2Line("23:59:59,503", "INFO", kCoordinator, TriggerLine(1, 1709161199500));
  log += Log4j2Line("00:00:01,000", "INFO", kCoordinator,
                    fmt::format("Completed checkpoint 1 for job {} (374 bytes in 1497 ms).", kJob));
  log += Log4j2Line("00:00:01,500", "INFO", kExecutionGraph,
                    fmt::format("Flat Map (2/2) ({}) switched from RUNNING to FAILED on "
                                "97fcaaca-6449-4c4c-896e-a57a8f923deb @ localhost (dataPort=-1).",
                                kAttempt));
  log += "java.lang.RuntimeException: error dirty data\n";
  log += "\tat com.flink.example.ListCheckpointedExample$2.flatMap(ListCheckpointedExample.java:53) ~[classes/:?]\n";
  log += Log4j2Line("00:00:02,000", "INFO", kExecutionGraph, JobLine("RUNNING", "RESTARTING"));
  log += Log4j2Line("00:00:12,000", "INFO", kExecutionGraph, JobLine("RESTARTING", "RUNNING"));
  const std::string path = dir.Write("minicluster.log", log);
  const Analysis a = ScanInProcess({path});

  EXPECT_EQ(TransitionTimes(a), (std::vector<std::string>{"2024-02-28T23:59:58.000+01:00",
                                                          "2024-02-29T00:00:02.000+01:00",
                                                          "2024-02-29T00:00:12.000+01:00"}));
  ASSERT_EQ(a.checkpoints.items.size(), 1u);
  EXPECT_EQ(a.checkpoints.items[0].end_time, "2024-02-29T00:00:01.000+01:00");
  const InputSummary* in = Input(a, path);
  ASSERT_NE(in, nullptr);
  EXPECT_EQ(in->first_time, "2024-02-28T23:59:58.000+01:00");
  EXPECT_EQ(in->last_time, "2024-02-29T00:00:12.000+01:00");
  ASSERT_EQ(a.incidents.size(), 1u);
  EXPECT_EQ(a.incidents[0].kind, "job_failover");
  EXPECT_EQ(a.incidents[0].start, "2024-02-29T00:00:01.500+01:00");
  for (const auto& [key, value] : a.incidents[0].facts) {
    if (key == "downtime_ms") {
      EXPECT_EQ(value, "10500");
    }
  }
}

// No epoch, no date: the rollover must still order 00:00:01 after 23:59:59.
TEST(TimeResolution, MidnightRolloverWithoutAnyDateStillOrdersTheFailover) {
  TempDir dir;
  std::string log;
  log += Log4j2Line("23:59:50,000", "INFO", kExecutionGraph, JobLine("CREATED", "RUNNING"));
  log += Log4j2Line("23:59:59,000", "INFO", kExecutionGraph,
                    fmt::format("Flat Map (2/2) ({}) switched from RUNNING to FAILED on "
                                "97fcaaca-6449-4c4c-896e-a57a8f923deb @ localhost (dataPort=-1).",
                                kAttempt));
  log += "java.lang.RuntimeException: error dirty data\n";
  log += Log4j2Line("23:59:59,100", "INFO", kExecutionGraph, JobLine("RUNNING", "RESTARTING"));
  log += Log4j2Line("00:00:01,000", "INFO", kExecutionGraph, JobLine("RESTARTING", "RUNNING"));
  const std::string path = dir.Write("minicluster.log", log);
  const Analysis a = ScanInProcess({path});

  const InputSummary* in = Input(a, path);
  ASSERT_NE(in, nullptr);
  EXPECT_EQ(in->tz_source, "unknown");
  ASSERT_EQ(a.incidents.size(), 1u);
  EXPECT_EQ(a.incidents[0].kind, "job_failover");
  bool saw_downtime = false;
  for (const auto& [key, value] : a.incidents[0].facts) {
    if (key == "downtime_ms") {
      saw_downtime = true;
      EXPECT_EQ(value, "2000");
    }
  }
  EXPECT_TRUE(saw_downtime);
  for (const std::string& t : TransitionTimes(a)) {
    EXPECT_EQ(t.front(), 'T') << "no date to borrow: " << t;
    EXPECT_EQ(t.find('+'), std::string::npos) << t;
  }
}

TEST(TimeResolution, TzOptionAppliesToEveryStreamAsCli) {
  TempDir dir;
  const std::string jm = dir.Write(
      "jobmanager.log",
      Log4j2Line("2024-03-01 10:00:00,000", "INFO", kExecutionGraph, JobLine("CREATED", "RUNNING")));
  const std::string tm = dir.Write(
      "taskmanager.log",
      Log4j2Line("2024-03-01 10:00:01,000", "INFO", kTask,
                 fmt::format("Flat Map (2/2)#0 ({}) switched from INITIALIZING to RUNNING.", kAttempt)));
  AggregatorOptions options;
  options.tz_offset_minutes = 8 * 60;
  const Analysis a = ScanInProcess({jm, tm}, options);

  for (const std::string& path : {jm, tm}) {
    const InputSummary* in = Input(a, path);
    ASSERT_NE(in, nullptr) << path;
    EXPECT_EQ(in->tz_source, "cli") << path;
  }
  EXPECT_EQ(Input(a, jm)->first_time, "2024-03-01T10:00:00.000+08:00");
  EXPECT_EQ(Input(a, tm)->first_time, "2024-03-01T10:00:01.000+08:00");
  EXPECT_EQ(TransitionTimes(a), std::vector<std::string>{"2024-03-01T10:00:00.000+08:00"});
}

TEST(TimeResolution, NegativeHalfHourTzOptionIsPrintedAsSuch) {
  TempDir dir;
  const std::string jm = dir.Write(
      "jobmanager.log",
      Log4j2Line("2024-03-01 10:00:00,000", "INFO", kExecutionGraph, JobLine("CREATED", "RUNNING")));
  AggregatorOptions options;
  options.tz_offset_minutes = -(5 * 60 + 30);
  const Analysis a = ScanInProcess({jm}, options);
  EXPECT_EQ(TransitionTimes(a), std::vector<std::string>{"2024-03-01T10:00:00.000-05:30"});
}

TEST(TimeResolution, StreamWithoutEpochKeepsNaiveTimes) {
  TempDir dir;
  const std::string path = dir.Write(
      "jobmanager.log",
      Log4j2Line("2024-03-01 10:00:00,123", "INFO", kExecutionGraph, JobLine("CREATED", "RUNNING")));
  const Analysis a = ScanInProcess({path});
  const InputSummary* in = Input(a, path);
  ASSERT_NE(in, nullptr);
  EXPECT_EQ(in->tz_source, "unknown");
  EXPECT_EQ(in->layout, "log4j2");
  EXPECT_EQ(in->first_time, "2024-03-01T10:00:00.123");
  EXPECT_EQ(TransitionTimes(a), std::vector<std::string>{"2024-03-01T10:00:00.123"});
}

// The zone is proven per stream: the JobManager's trigger epochs say
// nothing certain about a TaskManager log written on another machine.
TEST(TimeResolution, EpochInOneStreamDoesNotProveAnotherStreamsZone) {
  TempDir dir;
  std::string jm_log;
  jm_log += Log4j2Line("2024-03-01 18:00:00,000", "INFO", kExecutionGraph, JobLine("CREATED", "RUNNING"));
  jm_log += Log4j2Line("2024-03-01 18:00:10,004", "INFO", kCoordinator, TriggerLine(1, kEpoch10h + 10'000));
  const std::string jm = dir.Write("jobmanager.log", jm_log);
  const std::string tm = dir.Write(
      "taskmanager.log",
      Log4j2Line("2024-03-01 18:00:01,000", "INFO", kTask,
                 fmt::format("Flat Map (2/2)#0 ({}) switched from INITIALIZING to RUNNING.", kAttempt)));
  const Analysis a = ScanInProcess({jm, tm});
  ASSERT_NE(Input(a, jm), nullptr);
  ASSERT_NE(Input(a, tm), nullptr);
  EXPECT_EQ(Input(a, jm)->tz_source, "epoch");
  EXPECT_EQ(Input(a, jm)->first_time, "2024-03-01T18:00:00.000+08:00");
  EXPECT_EQ(Input(a, tm)->tz_source, "unknown");
  EXPECT_EQ(Input(a, tm)->first_time, "2024-03-01T18:00:01.000");
}

// "Restoring job J from Checkpoint N @ <epoch> …" carries the epoch of that
// checkpoint's TRIGGER, which may be hours old (a JobManager failover
// restores the latest completed checkpoint). It is not this line's clock.
TEST(TimeResolution, RestoreOfAnOldCheckpointDoesNotSetTheOffset) {
  TempDir dir;
  std::string log;
  // The checkpoint was triggered at 09:59:40Z, restored at 12:00:00 (UTC wall clock): 2 h 20 s later.
  log += Log4j2Line("2024-03-01 12:00:00,100", "INFO", kCoordinator,
                    fmt::format("Restoring job {} from Checkpoint 106 @ {} for {} located at "
                                "s3://flink-state/checkpoints/{}/chk-106.",
                                kJob, kEpoch10h - 20'000, kJob, kJob));
  log += Log4j2Line("2024-03-01 12:00:00,200", "INFO", kExecutionGraph, JobLine("CREATED", "RUNNING"));
  const std::string path = dir.Write("jobmanager.log", log);
  const Analysis a = ScanInProcess({path});
  const InputSummary* in = Input(a, path);
  ASSERT_NE(in, nullptr);
  EXPECT_NE(in->first_time, "2024-03-01T12:00:00.100+02:00") << "an old checkpoint's epoch is not the line's clock";
  EXPECT_EQ(in->first_time, "2024-03-01T12:00:00.100");
  EXPECT_EQ(in->tz_source, "unknown");
}

TEST(TimeResolution, TriggerEpochWinsOverAnEarlierRestoreOfAnOldCheckpoint) {
  TempDir dir;
  std::string log;
  log += Log4j2Line("2024-03-01 12:00:00,100", "INFO", kCoordinator,
                    fmt::format("Restoring job {} from Checkpoint 106 @ {} for {} located at "
                                "s3://flink-state/checkpoints/{}/chk-106.",
                                kJob, kEpoch10h - 20'000, kJob, kJob));
  log += Log4j2Line("2024-03-01 12:00:10,003", "INFO", kCoordinator,
                    TriggerLine(107, kEpoch10h + 2 * 3'600'000 + 10'000));
  const std::string path = dir.Write("jobmanager.log", log);
  const Analysis a = ScanInProcess({path});
  const InputSummary* in = Input(a, path);
  ASSERT_NE(in, nullptr);
  EXPECT_EQ(in->tz_source, "epoch");
  EXPECT_EQ(in->first_time, "2024-03-01T12:00:00.100+00:00");
}

}  // namespace
}  // namespace flinkscan
