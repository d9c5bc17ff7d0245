// The facts of tests/fixtures/samples-real/EXPECTED.md that the core scan
// covers, checked on `flinkscan scan --format json FILE` output.

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "tests/cli/json_report_reader.h"
#include "tests/cli/run_binary.h"

namespace flinkscan {
namespace {

using testing::Fact;
using testing::FixturePath;
using testing::Int;
using testing::Quote;
using testing::RunFlinkscan;
using testing::Str;

// The scan's JSON report of the files named in ARGS.
using Report = testing::ScanReport;

std::vector<std::string> Transitions(simdjson::dom::element job) {
  std::vector<std::string> out;
  for (simdjson::dom::element t : simdjson::dom::array(job["transitions"].get_array().value())) {
    out.push_back(Str(t["time"]) + " " + Str(t["from"]) + "->" + Str(t["to"]));
  }
  return out;
}

void ExpectInput(const Report& r, uint64_t lines, uint64_t records, uint64_t rejected) {
  simdjson::dom::element in = r["inputs"].at(0).value();
  EXPECT_EQ(static_cast<uint64_t>(Int(in["lines"])), lines);
  EXPECT_EQ(static_cast<uint64_t>(Int(in["records"])), records);
  EXPECT_EQ(static_cast<uint64_t>(Int(in["rejected_lines"])), rejected);
}

TEST(SamplesReal, JobLifecycleFinishedIsANegativeControl) {
  Report r(Quote(FixturePath("jm-job-lifecycle-finished-flink1144.log")));
  ASSERT_TRUE(r.ok());
  ExpectInput(r, 34, 34, 0);
  EXPECT_EQ(r.Count("incidents"), 0u);
  simdjson::dom::element job = r.Job("f69c1ca4892ecbc08d4247ded254f467");
  EXPECT_EQ(Str(job["name"]), "Streaming WordCount");
  EXPECT_EQ(Transitions(job), (std::vector<std::string>{"2022-05-27T16:13:00.463 CREATED->RUNNING",
                                                        "2022-05-27T16:13:01.249 RUNNING->FINISHED"}));
  EXPECT_EQ(Str(job["final_state"]), "FINISHED");
  EXPECT_EQ(Int(job["tasks"]), 2);
  EXPECT_EQ(Int(job["task_failures"]), 0);
  EXPECT_EQ(Int(r["checkpoints"]["completed"]), 0);
  EXPECT_EQ(Int(r["checkpoints"]["failed"]), 0);
  EXPECT_EQ(Str(r["inputs"].at(0).value()["tz_source"]), "unknown");
}

TEST(SamplesReal, JmAndTmOfOneJobCountTasksOnce) {
  Report r(Quote(FixturePath("jm-job-lifecycle-finished-flink1144.log")) + " " +
           Quote(FixturePath("tm-task-lifecycle-finished-flink1144.log")));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.Count("incidents"), 0u);
  simdjson::dom::element job = r.Job("f69c1ca4892ecbc08d4247ded254f467");
  EXPECT_EQ(Int(job["tasks"]), 2);
  EXPECT_EQ(Int(job["task_failures"]), 0);
}

TEST(SamplesReal, TaskLifecycleFinishedIsANegativeControl) {
  Report r(Quote(FixturePath("tm-task-lifecycle-finished-flink1144.log")));
  ASSERT_TRUE(r.ok());
  ExpectInput(r, 40, 40, 0);
  EXPECT_EQ(r.Count("incidents"), 0u);
}

TEST(SamplesReal, MiniClusterRegionRestart) {
  Report r(Quote(FixturePath("minicluster-jm-tm-combined-timeonly-region-restart-flink1135.log")));
  ASSERT_TRUE(r.ok());
  ExpectInput(r, 121, 87, 0);
  simdjson::dom::element in = r["inputs"].at(0).value();
  EXPECT_EQ(Str(in["tz_source"]), "epoch");
  // Checkpoints in the old completion format; durations from the message, not line gaps.
  EXPECT_EQ(Int(r["checkpoints"]["completed"]), 2);
  EXPECT_EQ(Int(r["checkpoints"]["failed"]), 0);
  simdjson::dom::element cp1 = r.Checkpoint(1);
  EXPECT_EQ(Str(cp1["status"]), "completed");
  EXPECT_EQ(Int(cp1["duration_ms"]), 53);
  EXPECT_EQ(Int(cp1["size_bytes"]), 374);
  EXPECT_EQ(Str(cp1["trigger_time"]), "2023-04-20T08:55:45.960+08:00");
  EXPECT_EQ(Str(cp1["end_time"]), "2023-04-20T08:55:46.002+08:00");
  simdjson::dom::element cp2 = r.Checkpoint(2);
  EXPECT_EQ(Int(cp2["duration_ms"]), 3);
  EXPECT_EQ(Int(cp2["size_bytes"]), 382);
  // The date comes from the trigger epoch (UTC+8, 2023-04-20).
  simdjson::dom::element job = r.Job("5a09018a62b24958656d354f31556d5d");
  EXPECT_EQ(Str(job["name"]), "ListCheckpointedExample");
  EXPECT_EQ(Transitions(job), (std::vector<std::string>{"2023-04-20T08:56:22.277+08:00 RUNNING->RESTARTING",
                                                        "2023-04-20T08:56:32.290+08:00 RESTARTING->RUNNING"}));
  // JM and TM lines of attempt c92d… are one failure.
  EXPECT_EQ(Int(job["task_failures"]), 1);
  const auto failovers = r.Incidents("job_failover");
  ASSERT_EQ(failovers.size(), 1u);
  EXPECT_EQ(r.Count("incidents"), 1u);
  simdjson::dom::element f = failovers[0];
  EXPECT_EQ(Str(f["severity"]), "critical");
  EXPECT_EQ(Str(f["root_cause"]["class"]), "java.lang.RuntimeException");
  EXPECT_EQ(Str(f["root_cause"]["message"]), "error dirty data");
  EXPECT_NE(Str(f["root_cause"]["frame"]).find("ListCheckpointedExample.java:53"), std::string::npos);
  EXPECT_EQ(Str(f["diagnosis"]["cause"]), "user_code_exception");
  EXPECT_EQ(Fact(f, "failed_attempts"), "1");
  EXPECT_EQ(Fact(f, "tasks_restarted"), "5");
  EXPECT_EQ(Fact(f, "recovered"), "true");
  EXPECT_EQ(Str(f["end"]), "2023-04-20T08:56:32.290+08:00");
  std::set<int64_t> lines;
  for (simdjson::dom::element ev : simdjson::dom::array(f["evidence"].get_array().value())) lines.insert(Int(ev["line"]));
  EXPECT_TRUE(lines.count(28)) << "TM failure line";
  EXPECT_TRUE(lines.count(48)) << "JM failure line";
}

TEST(SamplesReal, KubernetesHaRecoveryCheckpointsContinue) {
  Report r(Quote(FixturePath("jm-k8s-ha-jm-failover-recovery-checkpoint-type-flink1152.log")));
  ASSERT_TRUE(r.ok());
  ExpectInput(r, 38, 18, 0);
  EXPECT_EQ(r.Count("incidents"), 0u);
  EXPECT_EQ(Int(r["checkpoints"]["completed"]), 2);
  EXPECT_EQ(Int(r["checkpoints"]["failed"]), 0);
  simdjson::dom::element cp = r.Checkpoint(107);
  EXPECT_EQ(Int(cp["duration_ms"]), 72);
  EXPECT_EQ(Int(cp["size_bytes"]), 8338);
  EXPECT_EQ(Int(cp["finalization_ms"]), 25);
  EXPECT_EQ(Str(cp["kind"]), "checkpoint");
  EXPECT_EQ(Str(cp["trigger_time"]), "2022-12-11T16:06:18.799+00:00");
  EXPECT_EQ(Str(cp["end_time"]), "2022-12-11T16:06:18.884+00:00");
  cp = r.Checkpoint(108);
  EXPECT_EQ(Int(cp["duration_ms"]), 32);
  EXPECT_EQ(Int(cp["size_bytes"]), 15169);
  EXPECT_EQ(Int(cp["finalization_ms"]), 24);
  EXPECT_EQ(Transitions(r.Job("c506b6c290cc2d96a0e3f0eea10395c4")),
            (std::vector<std::string>{"2022-12-11T16:06:09.507+00:00 CREATED->RUNNING"}));
}

TEST(SamplesReal, Log4j1MultiLineSqlJobName) {
  Report r(Quote(FixturePath("jm-standalone-log4j1-multiline-sql-jobname-flink110.log")));
  ASSERT_TRUE(r.ok());
  ExpectInput(r, 37, 25, 0);
  EXPECT_EQ(r.Count("incidents"), 0u);
  simdjson::dom::element job = r.Job("eb9e2c44fdcd2f6719188f515ddad7ae");
  EXPECT_EQ(Transitions(job), (std::vector<std::string>{"2020-04-18T11:58:50.520 CREATED->RUNNING"}));
  EXPECT_NE(Str(job["name"]).find("FROM user_behavior"), std::string::npos);
  EXPECT_EQ(Int(job["tasks"]), 2);
  EXPECT_EQ(Int(job["task_failures"]), 0);
  EXPECT_EQ(Int(r["checkpoints"]["completed"]) + Int(r["checkpoints"]["failed"]), 0);
}

TEST(SamplesReal, Log4j1DeclinedCheckpointAndFailingJob) {
  Report r(Quote(FixturePath("jm-log4j1-checkpoint-decline-task-not-ready-failing-flink19.log")));
  ASSERT_TRUE(r.ok());
  ExpectInput(r, 10, 4, 0);
  EXPECT_EQ(Int(r["checkpoints"]["completed"]), 0);
  EXPECT_EQ(Int(r["checkpoints"]["failed"]), 1);
  simdjson::dom::element cp = r.Checkpoint(66);
  EXPECT_EQ(Str(cp["status"]), "declined");
  EXPECT_EQ(Str(cp["trigger_time"]), "2019-05-17T15:43:08.068+00:00");
  EXPECT_NE(Str(cp["reason"]).find("CheckpointDeclineTaskNotReadyException"), std::string::npos);
  const auto streaks = r.Incidents("checkpoint_failures");
  ASSERT_EQ(streaks.size(), 1u);
  EXPECT_EQ(Str(streaks[0]["diagnosis"]["cause"]), "tasks_not_running");
  EXPECT_EQ(Transitions(r.Job("dd4f07c1f866b7afff42759d7a35de3f")),
            (std::vector<std::string>{"2019-05-17T15:43:08.213+00:00 RUNNING->FAILING"}));
  EXPECT_EQ(r.Incidents("job_failed").size(), 1u);
}

TEST(SamplesReal, KubernetesPodOomKilledIsOneLostTaskManager) {
  Report r(Quote(FixturePath("jm-k8s-worker-pod-oomkilled-exit137.log")));
  ASSERT_TRUE(r.ok());
  ExpectInput(r, 3, 3, 0);
  const auto lost = r.Incidents("taskmanager_lost");
  ASSERT_EQ(lost.size(), 1u);
  EXPECT_EQ(Fact(lost[0], "exit_code"), "137");
  EXPECT_EQ(Fact(lost[0], "oom_kind"), "pod_oomkilled");
  EXPECT_EQ(Str(lost[0]["scope"]["taskmanager"]), "flink-4760-1652949469041-taskmanager-1-3");
  EXPECT_EQ(Str(lost[0]["diagnosis"]["cause"]), "pod_oom_killed");
  EXPECT_EQ(r.Incidents("oom").size(), 1u);
}

TEST(SamplesReal, YarnContainerOverPhysicalMemory) {
  Report r(Quote(FixturePath("jm-yarn-worker-terminated-pmem-exceeded-flink1121.log")));
  ASSERT_TRUE(r.ok());
  ExpectInput(r, 4, 1, 0);
  const auto lost = r.Incidents("taskmanager_lost");
  ASSERT_EQ(lost.size(), 1u);
  EXPECT_EQ(Str(lost[0]["scope"]["container"]), "container_e10_1634010428940_125776_01_000003");
  EXPECT_EQ(Fact(lost[0], "oom_kind"), "container_pmem");
  EXPECT_EQ(Str(lost[0]["start"]), "2021-12-06T00:16:36.280");
}

TEST(SamplesReal, OperatorQuickstartCheckpoints) {
  Report r(Quote(FixturePath("jm-k8s-operator-quickstart-checkpoints-flink114.log")));
  ASSERT_TRUE(r.ok());
  ExpectInput(r, 4, 4, 0);
  EXPECT_EQ(r.Count("incidents"), 0u);
  simdjson::dom::element cp = r.Checkpoint(206);
  EXPECT_EQ(Str(cp["job_id"]), "a12c04ac7f5d8418d8ab27931bf517b7");
  EXPECT_EQ(Int(cp["duration_ms"]), 7);
  EXPECT_EQ(Int(cp["size_bytes"]), 28509);
  EXPECT_EQ(Str(cp["trigger_time"]), "2022-03-11T21:46:04.458+00:00");
  EXPECT_EQ(Str(cp["end_time"]), "2022-03-11T21:46:04.465+00:00");
  cp = r.Checkpoint(207);
  EXPECT_EQ(Int(cp["duration_ms"]), 25);
  EXPECT_EQ(Int(cp["size_bytes"]), 28725);
}

TEST(SamplesReal, KafkaOffsetOutOfRangeTaskFailure) {
  Report r(Quote(FixturePath("tm-kafka-offset-out-of-range-source-failed-flink1172.log")));
  ASSERT_TRUE(r.ok());
  ExpectInput(r, 73, 13, 0);  // the damaged first line still counts as a record
  const auto failures = r.Incidents("task_failure");
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(r.Count("incidents"), 1u);
  simdjson::dom::element f = failures[0];
  EXPECT_EQ(Str(f["root_cause"]["class"]), "org.apache.kafka.clients.consumer.OffsetOutOfRangeException");
  EXPECT_NE(Str(f["root_cause"]["message"]).find("flink-event-point-riskrule-processed-3"), std::string::npos);
  EXPECT_EQ(Fact(f, "attempt"), "140");
  EXPECT_EQ(Str(f["diagnosis"]["cause"]), "kafka_offset_out_of_range");
  EXPECT_EQ(Str(f["start"]), "2025-07-14T12:00:32.174");
}

TEST(SamplesReal, YarnContainerKilledForVirtualMemory) {
  Report r(Quote(FixturePath("yarn-container-diagnostics-exit-103-killed-143.txt")));
  ASSERT_TRUE(r.ok());
  const auto lost = r.Incidents("taskmanager_lost");
  ASSERT_EQ(lost.size(), 1u);
  EXPECT_EQ(Str(lost[0]["scope"]["container"]), "container_e07_1669378398064_0904_01_000002");
  EXPECT_EQ(Fact(lost[0], "oom_kind"), "container_vmem");
  EXPECT_EQ(Fact(lost[0], "exit_code"), "-103");
}

// GC logs and YARN envelopes (their own tests check their facts): every line
// accounted for across the file's streams, and no invented incidents.
TEST(SamplesReal, GcAndYarnFilesAccountEveryLineWithoutFalseIncidents) {
  const std::map<std::string, uint64_t> files = {{"gc-cms-parnew-printgcid-jdk8.log", 21},
                                                 {"gc-g1-printgcdetails-printgcid-jdk8.log", 146},
                                                 {"gc-g1-unified-gc-all-safepoint-jdk17.log", 137},
                                                 {"yarn-aggregated-format-mapreduce-hadoop334.txt", 149}};
  for (const auto& [file, lines] : files) {
    Report r(Quote(FixturePath(file)));
    ASSERT_TRUE(r.ok()) << file;
    uint64_t total = 0;
    for (simdjson::dom::element in : simdjson::dom::array(r["inputs"].get_array().value())) total += static_cast<uint64_t>(Int(in["lines"]));
    EXPECT_EQ(total, lines) << file;
    EXPECT_EQ(static_cast<uint64_t>(Int(r["totals"]["lines"])), lines) << file;
    EXPECT_EQ(r.Count("incidents"), 0u) << file;
  }
}

// 1 thread and N threads, one chunk and many: byte-identical JSON on every sample.
TEST(SamplesReal, ThreadCountDoesNotChangeTheReport) {
  const std::string all = Quote(std::string(FLINKSCAN_FIXTURES_DIR) + "/samples-real");
  const std::string one = testing::WithoutTiming(RunFlinkscan("scan --format json -j 1 " + all).out);
  const std::string two = testing::WithoutTiming(RunFlinkscan("scan --format json -j 2 " + all).out);
  const std::string eight = testing::WithoutTiming(RunFlinkscan("scan --format json -j 8 " + all).out);
  ASSERT_GT(one.size(), 1000u);
  EXPECT_EQ(one, two);
  EXPECT_EQ(one, eight);
}

}  // namespace
}  // namespace flinkscan
