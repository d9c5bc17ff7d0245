// Checkpoint lifecycles and checkpoint incidents (design.md "Checkpoint
// status", "Incidents"): statuses, counts that never count one checkpoint
// twice, savepoints told apart, failure streaks and slow checkpoints. Inputs
// are synthetic logs in Flink's real log4j2 layout and message templates.

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "engine/scan.h"
#include "tests/engine/incident_lookup.h"
#include "tests/engine/scan_in_process.h"
#include "tests/engine/synthetic_log.h"
#include "tests/engine/test_files.h"

namespace flinkscan {
namespace {

using testing::Day;
using testing::Fact;
using testing::JobTransitionMessage;
using testing::OfKind;
using testing::ScanInProcess;
using testing::SyntheticLog;
using testing::TempDir;

constexpr std::string_view kExecutionGraph = "org.apache.flink.runtime.executiongraph.ExecutionGraph";
constexpr std::string_view kCoordinator = "org.apache.flink.runtime.checkpoint.CheckpointCoordinator";
constexpr std::string_view kFailureManager = "org.apache.flink.runtime.checkpoint.CheckpointFailureManager";

constexpr std::string_view kJob = "c506b6c290cc2d96a0e3f0eea10395c4";
constexpr std::string_view kOtherJob = "a12c04ac7f5d8418d8ab27931bf517b7";
constexpr std::string_view kAttempt = "3e1f5a7c9b2d4f6a8c0e2b4d6f8a1c3e";
// 2024-03-01T10:00:00Z; the logs below are written in UTC.
constexpr int64_t kEpoch10h = 1709287200000;

// "2024-03-01 10:MM:SS,mmm" for an offset in milliseconds after 10:00:00.
std::string At(int64_t ms_after_10h) {
  const int64_t m = ms_after_10h / 60'000, s = ms_after_10h / 1000 % 60, ms = ms_after_10h % 1000;
  return Day(fmt::format("{:02d}:{:02d}:{:02d},{:03d}", 10 + m / 60, m % 60, s, ms));
}
std::string Iso(int64_t ms_after_10h) {
  std::string t = At(ms_after_10h);
  t[10] = 'T';
  t[19] = '.';
  return t;
}

// Flink >= 1.15 trigger line, written 3 ms after the epoch it carries.
uint64_t Trigger(SyntheticLog& log, int64_t at, int64_t id, std::string_view job = kJob,
                 std::string_view type = "CheckpointType{name='Checkpoint', sharingFilesStrategy=FORWARD_BACKWARD}") {
  return log.Add(At(at + 3), "INFO", kCoordinator,
                 fmt::format("Triggering checkpoint {} (type={}) @ {} for job {}.", id, type, kEpoch10h + at, job));
}

uint64_t Complete(SyntheticLog& log, int64_t at, int64_t id, int64_t duration_ms, std::string_view job = kJob) {
  return log.Add(At(at), "INFO", kCoordinator,
                 fmt::format("Completed checkpoint {} for job {} (8338 bytes, checkpointDuration={} ms, "
                             "finalizationTime=25 ms).",
                             id, job, duration_ms));
}

uint64_t JobTransition(SyntheticLog& log, int64_t at, std::string_view from, std::string_view to) {
  return log.Add(At(at), "INFO", kExecutionGraph, JobTransitionMessage("State machine job", kJob, from, to));
}

std::string Describe(const Analysis& a) {
  std::string out = "checkpoints:\n";
  for (const CheckpointItem& cp : a.checkpoints.items) {
    out += fmt::format("  job {} id {} {} {} trigger={} end={} line={} reason={}\n", cp.job_id,
                       cp.id ? std::to_string(*cp.id) : "null", cp.kind, cp.status, cp.trigger_time, cp.end_time,
                       cp.line, cp.reason);
  }
  out += "incidents:\n";
  for (const Incident& inc : a.incidents) {
    out += fmt::format("  {} {} {} ({})\n", inc.severity, inc.kind, inc.title, inc.diagnosis.cause);
  }
  return out;
}

const CheckpointItem* Item(const Analysis& a, int64_t id, std::string_view job = kJob) {
  for (const CheckpointItem& cp : a.checkpoints.items) {
    if (cp.id && *cp.id == id && cp.job_id == job) return &cp;
  }
  return nullptr;
}

void AddExpiredFailureManagerLine(SyntheticLog& log, int64_t at, int64_t id, int consecutive) {
  log.Add(At(at), "WARN", kFailureManager,
          fmt::format("Failed to trigger or complete checkpoint {} for job {}. ({} consecutive failed attempts so far)",
                      id, kJob, consecutive));
  log.More("org.apache.flink.runtime.checkpoint.CheckpointException: Checkpoint expired before completing.");
  log.More("\tat org.apache.flink.runtime.checkpoint.CheckpointCoordinator$CheckpointCanceller.run("
           "CheckpointCoordinator.java:2143) [flink-dist-1.15.4.jar:1.15.4]");
  log.More("\tat java.util.concurrent.Executors$RunnableAdapter.call(Executors.java:511) [?:1.8.0_292]");
  log.More("\tat java.lang.Thread.run(Thread.java:750) [?:1.8.0_292]");
}

// Flink 1.15+: the coordinator's INFO expiry line, then the failure
// manager's WARN about the same checkpoint. Three in a row, then recovery.
TEST(Checkpoints, ExpiryStreakIsOneIncidentAndEachCheckpointCountsOnce) {
  TempDir dir;
  SyntheticLog jm;
  JobTransition(jm, 0, "CREATED", "RUNNING");
  std::vector<uint64_t> expiry_lines;
  for (int k = 0; k < 3; ++k) {
    const int64_t id = 10 + k;
    const int64_t t0 = (k + 1) * 60'000;
    Trigger(jm, t0, id);
    expiry_lines.push_back(
        jm.Add(At(t0 + 10'001), "INFO", kCoordinator,
               fmt::format("Checkpoint {} of job {} expired before completing.", id, kJob)));
    AddExpiredFailureManagerLine(jm, t0 + 10'003, id, k + 1);
  }
  Trigger(jm, 4 * 60'000, 13);
  Complete(jm, 4 * 60'000 + 900, 13, 890);
  const std::string path = dir.Write("jobmanager.log", jm.text());
  const Analysis a = ScanInProcess({path});

  EXPECT_EQ(a.checkpoints.failed, 3u) << Describe(a);
  EXPECT_EQ(a.checkpoints.completed, 1u) << Describe(a);
  EXPECT_EQ(a.checkpoints.pending, 0u) << Describe(a);
  ASSERT_EQ(a.checkpoints.items.size(), 4u) << Describe(a);
  for (int k = 0; k < 3; ++k) {
    const CheckpointItem* cp = Item(a, 10 + k);
    ASSERT_NE(cp, nullptr) << Describe(a);
    EXPECT_EQ(cp->status, "expired");
    EXPECT_EQ(cp->kind, "checkpoint");
    EXPECT_EQ(cp->trigger_time, Iso((k + 1) * 60'000 + 3) + "+00:00");
    EXPECT_EQ(cp->end_time, Iso((k + 1) * 60'000 + 10'001) + "+00:00") << "end_time is the expiry line's time";
    EXPECT_EQ(cp->line, expiry_lines[k]);
    EXPECT_EQ(cp->source, path);
    EXPECT_FALSE(cp->duration_ms.has_value()) << "duration_ms only from the log's own figure";
  }

  const auto streaks = OfKind(a, "checkpoint_failures");
  ASSERT_EQ(streaks.size(), 1u) << Describe(a);
  const Incident& inc = *streaks[0];
  EXPECT_EQ(inc.severity, "warning");
  EXPECT_EQ(inc.job_id, kJob);
  EXPECT_EQ(Fact(inc, "failures"), "3");
  EXPECT_EQ(inc.diagnosis.cause, "checkpoint_timeout");
  EXPECT_NE(Fact(inc, "checkpoint_ids").find("10"), std::string::npos);
  EXPECT_NE(Fact(inc, "checkpoint_ids").find("12"), std::string::npos);
  EXPECT_EQ(inc.start, Iso(60'000 + 3) + "+00:00");
  // The streak ends with its last failure (the expiry line or the failure manager's line about it).
  EXPECT_TRUE(inc.end == Iso(3 * 60'000 + 10'001) + "+00:00" || inc.end == Iso(3 * 60'000 + 10'003) + "+00:00")
      << inc.end;
  EXPECT_EQ(a.incidents.size(), 1u) << Describe(a);
}

// Quirk 11: before 1.19 "Received late message for now expired checkpoint"
// also fires for checkpoints a failover discarded; it is not an expiry.
TEST(Checkpoints, PendingCheckpointDiscardedByFailoverIsAbortedNotExpired) {
  TempDir dir;
  SyntheticLog jm;
  JobTransition(jm, 0, "CREATED", "RUNNING");
  Trigger(jm, 60'000, 5);
  jm.Add(At(61'000), "INFO", kExecutionGraph,
         fmt::format("Map (1/2) ({}) switched from RUNNING to FAILED on 10.0.0.7:41234-abc123 @ tm-host-1 "
                     "(dataPort=41235).",
                     kAttempt));
  jm.More("java.lang.IllegalArgumentException: negative amount");
  jm.More("\tat com.example.Amounts.check(Amounts.java:9) ~[orders.jar:?]");
  const uint64_t restarting = JobTransition(jm, 61'010, "RUNNING", "RESTARTING");
  jm.Add(At(61'020), "WARN", kCoordinator,
         fmt::format("Received late message for now expired checkpoint attempt 5 from task "
                     "7a9c1e3b5d7f9a1c3e5b7d9f1a3c5e7b of job {} at 10.0.0.7:41234-abc123 @ tm-host-1 "
                     "(dataPort=41235).",
                     kJob));
  JobTransition(jm, 71'010, "RESTARTING", "RUNNING");
  const Analysis a = ScanInProcess({dir.Write("jobmanager.log", jm.text())});

  const CheckpointItem* cp = Item(a, 5);
  ASSERT_NE(cp, nullptr) << Describe(a);
  EXPECT_EQ(cp->status, "aborted") << Describe(a);
  EXPECT_EQ(cp->end_time, Iso(61'010) + "+00:00");
  EXPECT_EQ(cp->line, restarting);
  EXPECT_EQ(a.checkpoints.failed, 1u);
  EXPECT_EQ(a.checkpoints.pending, 0u);
  // The failover tells this story; no checkpoint_failures incident of its own.
  EXPECT_TRUE(OfKind(a, "checkpoint_failures").empty()) << Describe(a);
  EXPECT_EQ(OfKind(a, "job_failover").size(), 1u) << Describe(a);
}

TEST(Checkpoints, TriggerAtEndOfInputIsPending) {
  TempDir dir;
  SyntheticLog jm;
  JobTransition(jm, 0, "CREATED", "RUNNING");
  Trigger(jm, 60'000, 1);
  Complete(jm, 60'100, 1, 97);
  const uint64_t trigger = Trigger(jm, 120'000, 2);
  const std::string path = dir.Write("jobmanager.log", jm.text());
  const Analysis a = ScanInProcess({path});

  const CheckpointItem* cp = Item(a, 2);
  ASSERT_NE(cp, nullptr) << Describe(a);
  EXPECT_EQ(cp->status, "pending");
  EXPECT_EQ(cp->end_time, "");
  EXPECT_EQ(cp->line, trigger) << "a pending item points at its trigger";
  EXPECT_EQ(a.checkpoints.pending, 1u);
  EXPECT_EQ(a.checkpoints.failed, 0u) << "pending is not failed";
  EXPECT_EQ(a.checkpoints.completed, 1u);
  EXPECT_TRUE(a.incidents.empty()) << Describe(a);
}

TEST(Checkpoints, SavepointTriggersAreKindSavepointInEveryVersionsWording) {
  TempDir dir;
  SyntheticLog jm;
  JobTransition(jm, 0, "CREATED", "RUNNING");
  Trigger(jm, 60'000, 150, kJob, "SavepointType{name='Savepoint', postCheckpointAction=NONE, formatType=CANONICAL}");
  Complete(jm, 61'000, 150, 990);
  Trigger(jm, 120'000, 151, kJob, "SAVEPOINT");  // 1.11-1.14 enum name
  Complete(jm, 121'000, 151, 990);
  Trigger(jm, 180'000, 152, kJob, "SYNC_SAVEPOINT");
  Complete(jm, 181'000, 152, 990);
  Trigger(jm, 240'000, 153);  // a plain checkpoint in between
  Complete(jm, 241'000, 153, 990);
  Trigger(jm, 300'000, 154, kJob, "CheckpointType{name='Full Checkpoint', sharingFilesStrategy=FORWARD}");
  Complete(jm, 301'000, 154, 990);
  const Analysis a = ScanInProcess({dir.Write("jobmanager.log", jm.text())});

  for (int64_t id : {150, 151, 152}) {
    const CheckpointItem* cp = Item(a, id);
    ASSERT_NE(cp, nullptr) << Describe(a);
    EXPECT_EQ(cp->kind, "savepoint") << "checkpoint " << id;
    EXPECT_EQ(cp->status, "completed");
  }
  for (int64_t id : {153, 154}) {
    const CheckpointItem* cp = Item(a, id);
    ASSERT_NE(cp, nullptr) << Describe(a);
    EXPECT_EQ(cp->kind, "checkpoint") << "checkpoint " << id;
  }
  EXPECT_EQ(a.checkpoints.savepoints, 3u);
  EXPECT_EQ(a.checkpoints.completed, 5u);
}

TEST(Checkpoints, SlowCheckpointUsesTheLogsOwnDurationAndTheConfiguredThreshold) {
  TempDir dir;
  SyntheticLog jm;
  JobTransition(jm, 0, "CREATED", "RUNNING");
  Trigger(jm, 60'000, 7);
  // The completion line comes 46 s after the trigger; the log's own figure is 45 s.
  const uint64_t done = Complete(jm, 106'000, 7, 45'000);
  Trigger(jm, 180'000, 8);
  Complete(jm, 180'500, 8, 480);
  const std::string path = dir.Write("jobmanager.log", jm.text());

  const Analysis by_default = ScanInProcess({path});
  const CheckpointItem* cp = Item(by_default, 7);
  ASSERT_NE(cp, nullptr) << Describe(by_default);
  ASSERT_TRUE(cp->duration_ms.has_value());
  EXPECT_EQ(*cp->duration_ms, 45'000);
  EXPECT_EQ(cp->finalization_ms.value_or(-1), 25);
  EXPECT_EQ(cp->size_bytes.value_or(-1), 8338);
  EXPECT_EQ(by_default.checkpoints.max_duration_ms.value_or(-1), 45'000);
  const auto slow = OfKind(by_default, "slow_checkpoint");
  ASSERT_EQ(slow.size(), 1u) << Describe(by_default);
  EXPECT_EQ(slow[0]->severity, "warning");
  EXPECT_EQ(Fact(*slow[0], "max_duration_ms"), "45000");
  ASSERT_FALSE(slow[0]->evidence.empty());
  EXPECT_EQ(slow[0]->evidence[0].line, done);

  AggregatorOptions lenient;
  lenient.slow_checkpoint_ms = 60'000;
  EXPECT_TRUE(OfKind(ScanInProcess({path}, lenient), "slow_checkpoint").empty());

  AggregatorOptions strict;
  strict.slow_checkpoint_ms = 400;
  const Analysis by_strict = ScanInProcess({path}, strict);
  const auto strict_slow = OfKind(by_strict, "slow_checkpoint");
  ASSERT_EQ(strict_slow.size(), 1u) << Describe(by_strict) << "two slow checkpoints in a row are one run";
  EXPECT_EQ(Fact(*strict_slow[0], "checkpoints"), "2");
}

// Flink <= 1.13 completion wording: "(N bytes in M ms)".
TEST(Checkpoints, Flink113CompletionCarriesItsDuration) {
  TempDir dir;
  SyntheticLog jm;
  jm.Add(At(0), "INFO", kCoordinator,
         fmt::format("Triggering checkpoint 2 (type=CHECKPOINT) @ {} for job {}.", kEpoch10h - 1, kJob));
  jm.Add(At(5), "INFO", kCoordinator, fmt::format("Completed checkpoint 2 for job {} (382 bytes in 3 ms).", kJob));
  const Analysis a = ScanInProcess({dir.Write("jobmanager.log", jm.text())});
  const CheckpointItem* cp = Item(a, 2);
  ASSERT_NE(cp, nullptr) << Describe(a);
  EXPECT_EQ(cp->status, "completed");
  EXPECT_EQ(cp->duration_ms.value_or(-1), 3);
  EXPECT_EQ(cp->size_bytes.value_or(-1), 382);
}

// Several tasks decline the same checkpoint: one declined checkpoint.
TEST(Checkpoints, DeclinesFromSeveralTasksAreOneDeclinedCheckpoint) {
  TempDir dir;
  SyntheticLog jm;
  JobTransition(jm, 0, "CREATED", "RUNNING");
  Trigger(jm, 60'000, 9);
  for (int task = 0; task < 3; ++task) {
    jm.Add(At(60'100 + task), "INFO", kCoordinator,
           fmt::format("Decline checkpoint 9 by task {:032x} of job {} at 10.0.0.7:41234-abc123 @ tm-host-1 "
                       "(dataPort=41235).",
                       0xabc0 + task, kJob));
  }
  Trigger(jm, 120'000, 10);
  Complete(jm, 120'100, 10, 97);
  const Analysis a = ScanInProcess({dir.Write("jobmanager.log", jm.text())});
  const CheckpointItem* cp = Item(a, 9);
  ASSERT_NE(cp, nullptr) << Describe(a);
  EXPECT_EQ(cp->status, "declined");
  EXPECT_EQ(a.checkpoints.failed, 1u) << Describe(a);
  EXPECT_EQ(a.checkpoints.items.size(), 2u) << Describe(a);
  const auto streaks = OfKind(a, "checkpoint_failures");
  ASSERT_EQ(streaks.size(), 1u) << Describe(a);
  EXPECT_EQ(Fact(*streaks[0], "failures"), "1");
  EXPECT_EQ(streaks[0]->diagnosis.cause, "checkpoint_declined");
}

// An asynchronous snapshot that cannot write to S3: status failed, and the
// streak is diagnosed as a checkpoint-storage problem.
TEST(Checkpoints, StorageFailureIsFailedAndDiagnosedAsExternalStorage) {
  TempDir dir;
  SyntheticLog jm;
  JobTransition(jm, 0, "CREATED", "RUNNING");
  Trigger(jm, 60'000, 21);
  jm.Add(At(65'000), "WARN", kFailureManager,
         fmt::format("Failed to trigger or complete checkpoint 21 for job {}. (1 consecutive failed attempts so far)",
                     kJob));
  jm.More("org.apache.flink.runtime.checkpoint.CheckpointException: Asynchronous task checkpoint failed.");
  jm.More("\tat org.apache.flink.runtime.messages.checkpoint.SerializedCheckpointException.unwrap("
          "SerializedCheckpointException.java:51) ~[flink-dist-1.15.4.jar:1.15.4]");
  jm.More("Caused by: java.lang.Exception: Could not materialize checkpoint 21 for operator Window (1/2)#0.");
  jm.More("\t... 3 more");
  jm.More("Caused by: java.io.IOException: Could not flush to file and close the file system output stream to "
          "s3://flink-state/checkpoints/c506b6c290cc2d96a0e3f0eea10395c4/chk-21/3f1a in order to obtain the stream "
          "state handle");
  jm.More("\t... 7 more");
  const Analysis a = ScanInProcess({dir.Write("jobmanager.log", jm.text())});
  const CheckpointItem* cp = Item(a, 21);
  ASSERT_NE(cp, nullptr) << Describe(a);
  EXPECT_EQ(cp->status, "failed");
  EXPECT_NE(cp->reason.find("java.io.IOException"), std::string::npos) << cp->reason;
  const auto streaks = OfKind(a, "checkpoint_failures");
  ASSERT_EQ(streaks.size(), 1u) << Describe(a);
  EXPECT_EQ(streaks[0]->diagnosis.cause, "external_storage");
  ASSERT_TRUE(streaks[0]->root_cause.has_value());
  EXPECT_EQ(streaks[0]->root_cause->class_name, "java.io.IOException");
}

// Flink 1.15 NOT_ALL_REQUIRED_TASKS_RUNNING: no id was assigned.
TEST(Checkpoints, TriggerFailureWithoutIdIsAbortedWithNullId) {
  TempDir dir;
  SyntheticLog jm;
  jm.Add(At(0), "INFO", kFailureManager,
         fmt::format("Failed to trigger checkpoint for job {} since Checkpoint triggering task Source: orders (1/1) "
                     "of job {} is not being executed at the moment. Aborting checkpoint. Failure reason: Not all "
                     "required tasks are currently running..",
                     kJob, kJob));
  const Analysis a = ScanInProcess({dir.Write("jobmanager.log", jm.text())});
  ASSERT_EQ(a.checkpoints.items.size(), 1u) << Describe(a);
  EXPECT_FALSE(a.checkpoints.items[0].id.has_value());
  EXPECT_EQ(a.checkpoints.items[0].status, "aborted");
  EXPECT_EQ(a.checkpoints.failed, 1u);
}

// Checkpoint ids are per job: two jobs' checkpoint 1 are two checkpoints.
TEST(Checkpoints, SameIdInTwoJobsIsTwoCheckpoints) {
  TempDir dir;
  SyntheticLog jm;
  Trigger(jm, 60'000, 1, kJob);
  Trigger(jm, 60'010, 1, kOtherJob);
  Complete(jm, 60'100, 1, 90, kOtherJob);
  jm.Add(At(70'004), "INFO", kCoordinator, fmt::format("Checkpoint 1 of job {} expired before completing.", kJob));
  const Analysis a = ScanInProcess({dir.Write("jobmanager.log", jm.text())});
  ASSERT_NE(Item(a, 1, kJob), nullptr) << Describe(a);
  ASSERT_NE(Item(a, 1, kOtherJob), nullptr) << Describe(a);
  EXPECT_EQ(Item(a, 1, kJob)->status, "expired");
  EXPECT_EQ(Item(a, 1, kOtherJob)->status, "completed");
  EXPECT_EQ(a.checkpoints.completed, 1u);
  EXPECT_EQ(a.checkpoints.failed, 1u);
}

}  // namespace
}  // namespace flinkscan
