// Diagnosis classes (issue 5, DEVELOPERS.md table): each is produced from the
// evidence that names it, is told apart from its neighbour, and says where to
// look next. Inputs are synthetic Flink logs plus Slf4jReporter reports.

#include "engine/diagnosis.h"

#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "tests/engine/scan_in_process.h"
#include "tests/engine/checkpoint_log.h"
#include "tests/engine/slf4j_report.h"
#include "tests/engine/synthetic_log.h"
#include "tests/engine/test_files.h"

namespace flinkscan {
namespace {

using testing::Day;
using testing::MetricReportLines;
using testing::ScanInProcess;
using testing::Slf4jReportRecord;
using testing::SyntheticLog;
using testing::TaskMetric;
using testing::TempDir;

constexpr std::string_view kFailureManager = "org.apache.flink.runtime.checkpoint.CheckpointFailureManager";
constexpr std::string_view kExecutionGraph = "org.apache.flink.runtime.executiongraph.ExecutionGraph";
constexpr std::string_view kJob = testing::kCheckpointJob;
constexpr int64_t kMinute = 60'000;

using testing::AddCompletion;
using testing::AddExpiry;
using testing::AddTrigger;
using testing::At;
using testing::kCoordinator;
using testing::kEpoch10h;

void Trigger(SyntheticLog& log, int64_t at, int64_t id) { AddTrigger(log, at, id); }

void Completed(SyntheticLog& log, int64_t at, int64_t id, int64_t bytes, int64_t duration_ms) {
  AddTrigger(log, at, id);
  AddCompletion(log, at + duration_ms, id, duration_ms, bytes, 2);
}

void Expired(SyntheticLog& log, int64_t at, int64_t id) {
  AddTrigger(log, at, id);
  AddExpiry(log, at + 50'000, id);
}

// One report per minute from 10:00 for `minutes`.
template <typename Lines>
std::string Reports(int minutes, Lines lines) {
  std::string log;
  for (int i = 0; i < minutes; ++i) log += Slf4jReportRecord(At(i * kMinute), lines(i));
  return log;
}

MetricReportLines Pressure(int window_bp, int window_busy, int sink_bp, int sink_busy, int rate = 100) {
  MetricReportLines m;
  m.gauges = {TaskMetric("Orders", "Window", 0, "backPressuredTimeMsPerSecond") + fmt::format(": {}", window_bp),
              TaskMetric("Orders", "Window", 0, "busyTimeMsPerSecond") + fmt::format(": {}", window_busy),
              TaskMetric("Orders", "Sink", 0, "backPressuredTimeMsPerSecond") + fmt::format(": {}", sink_bp),
              TaskMetric("Orders", "Sink", 0, "busyTimeMsPerSecond") + fmt::format(": {}", sink_busy)};
  m.meters = {TaskMetric("Orders", "Window", 0, "numRecordsInPerSecond") + fmt::format(": {}", rate)};
  return m;
}

Analysis Scan(const std::string& jm, const std::string& tm = "") {
  TempDir dir;
  std::vector<std::string> paths = {dir.Write("jobmanager.log", jm)};
  if (!tm.empty()) paths.push_back(dir.Write("taskmanager.log", tm));
  return ScanInProcess(paths);
}

const Incident* Find(const Analysis& a, std::string_view kind) {
  for (const Incident& inc : a.incidents) {
    if (inc.kind == kind) return &inc;
  }
  return nullptr;
}

std::string Kinds(const Analysis& a) {
  std::string out;
  for (const Incident& inc : a.incidents) out += inc.kind + ":" + inc.diagnosis.cause + " ";
  return out;
}

// --- Job stall: backpressure vs a stuck checkpoint ---

std::string StalledJm() {
  SyntheticLog jm;
  Completed(jm, 0, 1, 1000, 500);
  for (int i = 1; i <= 4; ++i) Trigger(jm, i * kMinute, 1 + i);
  return jm.text();
}

TEST(Diagnosis, JobStallWithBackpressureNamesTheVertexAndTheBottleneck) {
  const Analysis a = Scan(StalledJm(), Reports(6, [](int) { return Pressure(950, 50, 0, 970); }));
  const Incident* stall = Find(a, "job_stall");
  ASSERT_NE(stall, nullptr) << Kinds(a);
  EXPECT_EQ(stall->diagnosis.cause, "backpressure_stall");
  EXPECT_NE(stall->diagnosis.text.find("'Window'"), std::string::npos) << stall->diagnosis.text;
  EXPECT_NE(stall->diagnosis.next_step.find("'Sink'"), std::string::npos) << stall->diagnosis.next_step;
  EXPECT_NE(stall->diagnosis.next_step.find("execution.checkpointing.unaligned"), std::string::npos);
}

TEST(Diagnosis, JobStallWithoutBackpressureIsAStuckCheckpoint) {
  const Analysis a = Scan(StalledJm(), Reports(6, [](int) { return Pressure(0, 100, 0, 100); }));
  const Incident* stall = Find(a, "job_stall");
  ASSERT_NE(stall, nullptr) << Kinds(a);
  EXPECT_EQ(stall->diagnosis.cause, "checkpoint_stuck");
  EXPECT_NE(stall->diagnosis.next_step.find("thread dump"), std::string::npos);
  // Without metrics: still stuck, and the text says what could not be told apart.
  const Analysis bare = Scan(StalledJm());
  ASSERT_NE(Find(bare, "job_stall"), nullptr) << Kinds(bare);
  EXPECT_EQ(Find(bare, "job_stall")->diagnosis.cause, "checkpoint_stuck");
  EXPECT_NE(Find(bare, "job_stall")->diagnosis.text.find("No backpressure metrics"), std::string::npos);
}

TEST(Diagnosis, NoStallWhileCheckpointsComplete) {
  SyntheticLog jm;
  for (int i = 0; i < 5; ++i) Completed(jm, i * kMinute, i + 1, 1000, 500);
  Trigger(jm, 5 * kMinute, 6);  // one pending at the end is not a stall
  EXPECT_EQ(Find(Scan(jm.text()), "job_stall"), nullptr);
}

// --- Checkpoint failures: timeout, growing state, external storage, tasks not running ---

TEST(Diagnosis, ExpiredCheckpointsAfterGrowingSizesAreStateTooLarge) {
  SyntheticLog jm;
  const int64_t sizes[] = {10'000'000, 14'000'000, 19'000'000, 26'000'000};
  for (int i = 0; i < 4; ++i) Completed(jm, i * kMinute, i + 1, sizes[i], 5'000 * (i + 1));
  Expired(jm, 4 * kMinute, 5);
  Expired(jm, 5 * kMinute, 6);
  const Analysis a = Scan(jm.text());
  const Incident* streak = Find(a, "checkpoint_failures");
  ASSERT_NE(streak, nullptr) << Kinds(a);
  EXPECT_EQ(streak->diagnosis.cause, "state_too_large");
  EXPECT_NE(streak->diagnosis.text.find("26000000"), std::string::npos) << streak->diagnosis.text;
}

TEST(Diagnosis, ExpiredCheckpointsWithSteadySizesAreATimeout) {
  SyntheticLog jm;
  for (int i = 0; i < 4; ++i) Completed(jm, i * kMinute, i + 1, 10'000'000, 5'000);
  Expired(jm, 4 * kMinute, 5);
  const Analysis a = Scan(jm.text());
  ASSERT_NE(Find(a, "checkpoint_failures"), nullptr) << Kinds(a);
  EXPECT_EQ(Find(a, "checkpoint_failures")->diagnosis.cause, "checkpoint_timeout");
  // With metrics showing backpressure at the time, the timeout is blamed on it.
  const Analysis pressured = Scan(jm.text(), Reports(6, [](int) { return Pressure(900, 50, 0, 950); }));
  EXPECT_EQ(Find(pressured, "checkpoint_failures")->diagnosis.cause, "checkpoint_timeout_backpressure");
}

TEST(Diagnosis, S3ExceptionInTheChainIsExternalStorageNamingS3) {
  SyntheticLog jm;
  Trigger(jm, 0, 7);
  jm.Add(At(5'000), "WARN", kFailureManager,
         fmt::format("Failed to trigger or complete checkpoint 7 for job {}. (1 consecutive failed attempts so far)", kJob));
  jm.More("org.apache.flink.runtime.checkpoint.CheckpointException: Asynchronous task checkpoint failed.");
  jm.More("Caused by: java.io.IOException: Could not flush to file and close the file system output stream");
  jm.More("Caused by: com.amazonaws.services.s3.model.AmazonS3Exception: Slow Down (Service: Amazon S3; Status Code: 503)");
  const Analysis a = Scan(jm.text());
  const Incident* streak = Find(a, "checkpoint_failures");
  ASSERT_NE(streak, nullptr) << Kinds(a);
  EXPECT_EQ(streak->diagnosis.cause, "external_storage");
  EXPECT_NE(streak->diagnosis.text.find("S3"), std::string::npos) << streak->diagnosis.text;
  EXPECT_NE(streak->diagnosis.next_step.find("state.checkpoints.dir"), std::string::npos);
}

TEST(Diagnosis, DeclinedBecauseTasksNotRunningIsToldApart) {
  SyntheticLog jm;
  jm.Add(At(0), "INFO", kFailureManager,
         fmt::format("Failed to trigger checkpoint for job {} since Checkpoint triggering task Source: orders (1/1) "
                     "of job {} is not being executed at the moment. Aborting checkpoint. Failure reason: Not all "
                     "required tasks are currently running..",
                     kJob, kJob));
  const Analysis a = Scan(jm.text());
  ASSERT_NE(Find(a, "checkpoint_failures"), nullptr) << Kinds(a);
  EXPECT_EQ(Find(a, "checkpoint_failures")->diagnosis.cause, "tasks_not_running");
}

TEST(Diagnosis, StorageSystemIsReadFromClassesNotMessages) {
  StoredThrowable hdfs;
  hdfs.present = true;
  hdfs.root_class = "org.apache.hadoop.hdfs.server.namenode.LeaseExpiredException";
  EXPECT_EQ(StorageSystemOf(hdfs), "HDFS");
  StoredThrowable oss;
  oss.present = true;
  oss.root_class = "com.aliyun.oss.OSSException";
  EXPECT_EQ(StorageSystemOf(oss), "OSS");
  StoredThrowable plain;
  plain.present = true;
  plain.root_class = "java.lang.IllegalStateException";
  EXPECT_EQ(StorageSystemOf(plain), "");
}

// --- Throughput drop: resource mismatch vs less input ---

TEST(Diagnosis, ThroughputDropWhileBackpressuredByABusySinkIsAResourceMismatch) {
  const Analysis a = Scan("", Reports(12, [](int i) {
    return i < 5 ? Pressure(0, 300, 0, 300, 1000) : Pressure(900, 60, 0, 980, 100);
  }));
  const Incident* drop = Find(a, "throughput_drop");
  ASSERT_NE(drop, nullptr) << Kinds(a);
  EXPECT_EQ(drop->diagnosis.cause, "resource_mismatch");
  EXPECT_NE(drop->diagnosis.text.find("'Sink'"), std::string::npos) << drop->diagnosis.text;
  EXPECT_NE(drop->diagnosis.next_step.find("parallelism"), std::string::npos);
  EXPECT_FALSE(drop->evidence.empty());
}

TEST(Diagnosis, ThroughputDropWithoutPressureIsLessInput) {
  const Analysis a = Scan("", Reports(12, [](int i) { return Pressure(0, 100, 0, 100, i < 5 ? 1000 : 50); }));
  const Incident* drop = Find(a, "throughput_drop");
  ASSERT_NE(drop, nullptr) << Kinds(a);
  EXPECT_EQ(drop->diagnosis.cause, "input_drop");
}

TEST(Diagnosis, SteadyOrBrieflyDippingThroughputIsNoDrop) {
  EXPECT_EQ(Find(Scan("", Reports(12, [](int) { return Pressure(0, 100, 0, 100, 1000); })), "throughput_drop"),
            nullptr);
  EXPECT_EQ(Find(Scan("", Reports(12, [](int i) { return Pressure(0, 100, 0, 100, i == 7 ? 10 : 1000); })),
                 "throughput_drop"),
            nullptr);
}

// --- Subtask crashes: data skew vs the failure's own cause ---

void FailingMap(SyntheticLog& jm, int64_t at, int subtask, int attempt, std::string_view trace_class,
                std::string_view trace_message) {
  jm.Add(At(at), "INFO", kExecutionGraph,
         fmt::format("Map ({}/4) (a{:031d}) switched from RUNNING to FAILED on 10.0.0.7:41234-abc123 @ tm-host-1 "
                     "(dataPort=41235).",
                     subtask, attempt, attempt));
  jm.More(fmt::format("{}: {}", trace_class, trace_message));
  jm.More("\tat java.util.Arrays.copyOf(Arrays.java:3236) ~[?:1.8.0_292]");
  jm.Add(At(at + 100), "INFO", kExecutionGraph,
         testing::JobTransitionMessage("Orders", kJob, "RUNNING", "RESTARTING"));
  jm.Add(At(at + 10'000), "INFO", kExecutionGraph,
         testing::JobTransitionMessage("Orders", kJob, "RESTARTING", "RUNNING"));
}

TEST(Diagnosis, SameSubtaskOomAgainAndAgainIsDataSkew) {
  SyntheticLog jm;
  for (int i = 0; i < 3; ++i) FailingMap(jm, i * 5 * kMinute, 3, i + 1, "java.lang.OutOfMemoryError", "Java heap space");
  const Analysis a = Scan(jm.text());
  int skewed = 0;
  for (const Incident& inc : a.incidents) {
    if (inc.kind != "job_failover") continue;
    EXPECT_EQ(inc.diagnosis.cause, "data_skew") << Kinds(a);
    EXPECT_NE(inc.diagnosis.text.find("oom_heap"), std::string::npos) << inc.diagnosis.text;
    EXPECT_NE(inc.diagnosis.next_step.find("taskmanager.memory.task.heap.size"), std::string::npos);
    ++skewed;
  }
  EXPECT_EQ(skewed, 3);
}

TEST(Diagnosis, DifferentSubtasksFailingOrPoisonRecordsAreNotSkew) {
  SyntheticLog spread;
  for (int i = 0; i < 3; ++i) FailingMap(spread, i * 5 * kMinute, i + 1, i + 1, "java.lang.OutOfMemoryError", "Java heap space");
  for (const Incident& inc : Scan(spread.text()).incidents) {
    if (inc.kind == "job_failover") {
      EXPECT_EQ(inc.diagnosis.cause, "oom_heap");
    }
  }
  SyntheticLog poison;
  for (int i = 0; i < 3; ++i) {
    FailingMap(poison, i * 5 * kMinute, 3, i + 1, "com.esotericsoftware.kryo.KryoException", "Buffer underflow.");
  }
  for (const Incident& inc : Scan(poison.text()).incidents) {
    if (inc.kind == "job_failover") {
      EXPECT_EQ(inc.diagnosis.cause, "deserialization_exception");
    }
  }
}

TEST(Diagnosis, OneBusySubtaskAmongIdleSiblingsIsDataSkewFromMetrics) {
  const auto lines = [](int) {
    MetricReportLines m;
    for (int s = 0; s < 4; ++s) {
      m.gauges.push_back(TaskMetric("Orders", "Map", s, "busyTimeMsPerSecond") + (s == 2 ? ": 970" : ": 80"));
    }
    return m;
  };
  SyntheticLog jm;
  FailingMap(jm, 3 * kMinute, 3, 1, "java.lang.OutOfMemoryError", "Java heap space");
  const Analysis a = Scan(jm.text(), Reports(6, lines));
  const Incident* skew = Find(a, "data_skew");
  ASSERT_NE(skew, nullptr) << Kinds(a);
  EXPECT_NE(skew->title.find("subtask 2"), std::string::npos) << skew->title;
  const Incident* failover = Find(a, "job_failover");
  ASSERT_NE(failover, nullptr);
  EXPECT_EQ(failover->diagnosis.cause, "data_skew");  // subtask 3/4 is metric subtask 2
  // Balanced load: no skew incident.
  const Analysis even = Scan("", Reports(6, [](int) {
    MetricReportLines m;
    for (int s = 0; s < 4; ++s) m.gauges.push_back(TaskMetric("Orders", "Map", s, "busyTimeMsPerSecond") + ": 900");
    return m;
  }));
  EXPECT_EQ(Find(even, "data_skew"), nullptr);
}

}  // namespace
}  // namespace flinkscan
