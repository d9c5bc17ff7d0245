// Checkpoint extractors on real lines from /work/shared/samples-real (named
// per test) and on templates from flink-log-formats.md §3 where no real line
// exists.

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "parsers/event.h"
#include "parsers/extractor.h"
#include "tests/parsers/record_extraction.h"

namespace flinkscan {
namespace {

using testing::MakeRecord;
using testing::MustExtract;

bool Inside(std::string_view view, std::string_view text) {
  return view.data() >= text.data() && view.data() + view.size() <= text.data() + text.size();
}

// jm-k8s-operator-quickstart-checkpoints-flink114.log, lines 1-2.
constexpr std::string_view kTrigger114 =
    "2022-03-11 21:46:04,458 INFO  org.apache.flink.runtime.checkpoint.CheckpointCoordinator    [] - "
    "Triggering "
    "checkpoint 206 (type=CHECKPOINT) @ 1647035164458 for job a12c04ac7f5d8418d8ab27931bf517b7.";
constexpr std::string_view kComplete114 =
    "2022-03-11 21:46:04,465 INFO  org.apache.flink.runtime.checkpoint.CheckpointCoordinator    [] - "
    "Completed "
    "checkpoint 206 for job a12c04ac7f5d8418d8ab27931bf517b7 (28509 bytes, checkpointDuration=7 ms, "
    "finalizationTime=0 ms).";
// jm-k8s-ha-jm-failover-recovery-checkpoint-type-flink1152.log, lines 31 and 33.
constexpr std::string_view kTrigger115 =
    "2022-12-11 16:06:18,799 INFO  org.apache.flink.runtime.checkpoint.CheckpointCoordinator    [] - "
    "Triggering "
    "checkpoint 107 (type=CheckpointType{name='Checkpoint', sharingFilesStrategy=FORWARD_BACKWARD}) @ "
    "1670774778787 for job c506b6c290cc2d96a0e3f0eea10395c4.";
constexpr std::string_view kComplete115 =
    "2022-12-11 16:06:18,884 INFO  org.apache.flink.runtime.checkpoint.CheckpointCoordinator    [] - "
    "Completed "
    "checkpoint 107 for job c506b6c290cc2d96a0e3f0eea10395c4 (8338 bytes, checkpointDuration=72 ms, "
    "finalizationTime=25 ms).";
// minicluster-jm-tm-combined-timeonly-region-restart-flink1135.log, lines 17, 20 and 104.
constexpr std::string_view kTrigger113 =
    "08:55:45,960 INFO  org.apache.flink.runtime.checkpoint.CheckpointCoordinator    [] - Triggering "
    "checkpoint 1 "
    "(type=CHECKPOINT) @ 1681952145946 for job 5a09018a62b24958656d354f31556d5d.";
constexpr std::string_view kComplete113 =
    "08:55:46,002 INFO  org.apache.flink.runtime.checkpoint.CheckpointCoordinator    [] - Completed "
    "checkpoint 1 "
    "for job 5a09018a62b24958656d354f31556d5d (374 bytes in 53 ms).";
constexpr std::string_view kRestore113 =
    "08:56:32,293 INFO  org.apache.flink.runtime.checkpoint.CheckpointCoordinator    [] - Restoring job "
    "5a09018a62b24958656d354f31556d5d from Checkpoint 2 @ 1681952175941 for 5a09018a62b24958656d354f31556d5d "
    "located at <checkpoint-not-externally-addressable>.";
// jm-log4j1-checkpoint-decline-task-not-ready-failing-flink19.log, lines 1-9.
constexpr std::string_view kTrigger19 =
    "2019-05-17 15:43:08,068 INFO  org.apache.flink.runtime.checkpoint.CheckpointCoordinator     - "
    "Triggering "
    "checkpoint 66 @ 1558107788056 for job dd4f07c1f866b7afff42759d7a35de3f.";
constexpr std::string_view kDecline19 =
    "2019-05-17 15:43:08,207 INFO  org.apache.flink.runtime.checkpoint.CheckpointCoordinator     - Decline "
    "checkpoint 66 by task e65ff0e6f0ff8e14a1b53410aa8bb019 of job dd4f07c1f866b7afff42759d7a35de3f.";
constexpr std::string_view kDiscard19 =
    "2019-05-17 15:43:08,208 INFO  org.apache.flink.runtime.checkpoint.CheckpointCoordinator     - "
    "Discarding "
    "checkpoint 66 of job dd4f07c1f866b7afff42759d7a35de3f.\n"
    "org.apache.flink.runtime.checkpoint.decline.CheckpointDeclineTaskNotReadyException: Task Source: Custom "
    "Source "
    "(1/1) was not running\n"
    "\tat org.apache.flink.runtime.taskmanager.Task$1.run(Task.java:1150)\n"
    "\tat java.util.concurrent.CompletableFuture$AsyncRun.run(CompletableFuture.java:1626)\n"
    "\tat java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1149)\n"
    "\tat java.util.concurrent.ThreadPoolExecutor$Worker.run(ThreadPoolExecutor.java:624)\n"
    "\tat java.lang.Thread.run(Thread.java:748)";

TEST(ExtractCheckpoint, TriggeredWithEnumType) {
  const Event e = MustExtract(EventKind::kCheckpointTriggered, kTrigger114);
  EXPECT_EQ(e.checkpoint_id, 206);
  EXPECT_EQ(e.job_id, "a12c04ac7f5d8418d8ab27931bf517b7");
  EXPECT_EQ(e.epoch_ms, 1647035164458);
  EXPECT_EQ(e.checkpoint_kind, CheckpointKind::kCheckpoint);
  EXPECT_TRUE(Inside(e.job_id, kTrigger114));
}

TEST(ExtractCheckpoint, TriggeredWithCheckpointTypeObject) {
  const Event e = MustExtract(EventKind::kCheckpointTriggered, kTrigger115);
  EXPECT_EQ(e.checkpoint_id, 107);
  EXPECT_EQ(e.job_id, "c506b6c290cc2d96a0e3f0eea10395c4");
  EXPECT_EQ(e.epoch_ms, 1670774778787);
  EXPECT_EQ(e.checkpoint_kind, CheckpointKind::kCheckpoint);
}

TEST(ExtractCheckpoint, TriggeredTimeOnlyLayout) {
  const Event e = MustExtract(EventKind::kCheckpointTriggered, kTrigger113);
  EXPECT_EQ(e.checkpoint_id, 1);
  EXPECT_EQ(e.epoch_ms, 1681952145946);
  EXPECT_EQ(e.job_id, "5a09018a62b24958656d354f31556d5d");
}

TEST(ExtractCheckpoint, TriggeredOldWording) {
  const Event e = MustExtract(EventKind::kCheckpointTriggered, kTrigger19);
  EXPECT_EQ(e.checkpoint_id, 66);
  EXPECT_EQ(e.epoch_ms, 1558107788056);
  EXPECT_EQ(e.job_id, "dd4f07c1f866b7afff42759d7a35de3f");
  EXPECT_EQ(e.checkpoint_kind, CheckpointKind::kCheckpoint);
}

TEST(ExtractCheckpoint, SavepointTypesAreSavepoints) {
  // Templates from flink-log-formats.md §3 (type= values).
  for (std::string_view type :
       {"SAVEPOINT", "SYNC_SAVEPOINT",
        "SavepointType{name='Savepoint', postCheckpointAction=NONE, formatType=CANONICAL}",
        "SavepointType{name='Suspend Savepoint', postCheckpointAction=SUSPEND, formatType=NATIVE}"}) {
    const std::string line =
        "2022-12-11 16:10:02,311 INFO  org.apache.flink.runtime.checkpoint.CheckpointCoordinator    "
        "[] - Triggering checkpoint 150 (type=" +
        std::string(type) + ") @ 1670775002307 for job c506b6c290cc2d96a0e3f0eea10395c4.";
    const Event e = MustExtract(EventKind::kCheckpointTriggered, line);
    EXPECT_EQ(e.checkpoint_kind, CheckpointKind::kSavepoint) << type;
    EXPECT_EQ(e.checkpoint_id, 150) << type;
    EXPECT_EQ(e.epoch_ms, 1670775002307) << type;
  }
  const Event full =
      MustExtract(EventKind::kCheckpointTriggered,
                  "2022-12-11 16:11:18,799 INFO  org.apache.flink.runtime.checkpoint.CheckpointCoordinator   "
                  " [] - Triggering "
                  "checkpoint 140 (type=CheckpointType{name='Full Checkpoint', "
                  "sharingFilesStrategy=FORWARD}) @ 1670775078787 "
                  "for job c506b6c290cc2d96a0e3f0eea10395c4.");
  EXPECT_EQ(full.checkpoint_kind, CheckpointKind::kCheckpoint);
}

TEST(ExtractCheckpoint, TriggeredCrlf) {
  const std::string crlf = std::string(kTrigger114) + "\r";
  const Event e = MustExtract(EventKind::kCheckpointTriggered, crlf);
  EXPECT_EQ(e.job_id, "a12c04ac7f5d8418d8ab27931bf517b7");
}

TEST(ExtractCheckpoint, CompletedWithFinalizationTime) {
  Event e = MustExtract(EventKind::kCheckpointCompleted, kComplete115);
  EXPECT_EQ(e.checkpoint_id, 107);
  EXPECT_EQ(e.job_id, "c506b6c290cc2d96a0e3f0eea10395c4");
  EXPECT_EQ(e.size_bytes, 8338);
  EXPECT_EQ(e.duration_ms, 72);
  EXPECT_EQ(e.finalization_ms, 25);
  e = MustExtract(EventKind::kCheckpointCompleted, kComplete114);
  EXPECT_EQ(e.size_bytes, 28509);
  EXPECT_EQ(e.duration_ms, 7);
  EXPECT_EQ(e.finalization_ms, 0);
}

TEST(ExtractCheckpoint, CompletedBytesInMs) {
  const Event e = MustExtract(EventKind::kCheckpointCompleted, kComplete113);
  EXPECT_EQ(e.checkpoint_id, 1);
  EXPECT_EQ(e.job_id, "5a09018a62b24958656d354f31556d5d");
  EXPECT_EQ(e.size_bytes, 374);
  EXPECT_EQ(e.duration_ms, 53);
  EXPECT_EQ(e.finalization_ms, -1);
}

TEST(ExtractCheckpoint, CompletedWithoutJobId) {
  // Flink <= 1.2 templates.
  Event e = MustExtract(
      EventKind::kCheckpointCompleted,
      "2017-02-14 09:31:12,402 INFO  org.apache.flink.runtime.checkpoint.CheckpointCoordinator     - "
      "Completed checkpoint 4 (30461 bytes in 1230 ms).");
  EXPECT_EQ(e.checkpoint_id, 4);
  EXPECT_TRUE(e.job_id.empty());
  EXPECT_EQ(e.size_bytes, 30461);
  EXPECT_EQ(e.duration_ms, 1230);
  e = MustExtract(
      EventKind::kCheckpointCompleted,
      "2016-11-03 17:05:44,918 INFO  org.apache.flink.runtime.checkpoint.CheckpointCoordinator     - "
      "Completed checkpoint 7 (in 412 ms)");
  EXPECT_EQ(e.checkpoint_id, 7);
  EXPECT_EQ(e.size_bytes, -1);
  EXPECT_EQ(e.duration_ms, 412);
}

TEST(ExtractCheckpoint, DeclinedOldWordingHasNoLocation) {
  const Event e = MustExtract(EventKind::kCheckpointDeclined, kDecline19);
  EXPECT_EQ(e.checkpoint_id, 66);
  EXPECT_EQ(e.attempt_id, "e65ff0e6f0ff8e14a1b53410aa8bb019");
  EXPECT_EQ(e.job_id, "dd4f07c1f866b7afff42759d7a35de3f");
  EXPECT_TRUE(e.location.empty());
}

TEST(ExtractCheckpoint, DeclinedWithLocation) {
  const Event e = MustExtract(
      EventKind::kCheckpointDeclined,
      "2021-05-20 14:02:11,377 INFO  org.apache.flink.runtime.checkpoint.CheckpointCoordinator    [] - "
      "Decline "
      "checkpoint 318 by task 2b8d1f0e6c4a29e7b5d3f1a0c8e6b4d2 of job 9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b at "
      "container_e13_1617023381417_0087_01_000004 @ node-07.example.com (dataPort=40213).");
  EXPECT_EQ(e.checkpoint_id, 318);
  EXPECT_EQ(e.location, "container_e13_1617023381417_0087_01_000004 @ node-07.example.com (dataPort=40213)");
}

TEST(ExtractCheckpoint, DiscardedCarriesTheCause) {
  const Event e = MustExtract(EventKind::kCheckpointAborted, kDiscard19);
  EXPECT_EQ(e.checkpoint_id, 66);
  EXPECT_EQ(e.job_id, "dd4f07c1f866b7afff42759d7a35de3f");
  EXPECT_EQ(e.reason, "Task Source: Custom Source (1/1) was not running");
  EXPECT_TRUE(e.exception.present);
  EXPECT_EQ(e.exception.outer.class_name,
            "org.apache.flink.runtime.checkpoint.decline.CheckpointDeclineTaskNotReadyException");
}

TEST(ExtractCheckpoint, Expired) {
  const Event e = MustExtract(
      EventKind::kCheckpointExpired,
      "2021-01-12 10:23:44,012 INFO  org.apache.flink.runtime.checkpoint.CheckpointCoordinator "
      "   [] - Checkpoint 1012 of job 7d3b5f4c2a1e0d9c8b7a6f5e4d3c2b1a expired before completing.");
  EXPECT_EQ(e.checkpoint_id, 1012);
  EXPECT_EQ(e.job_id, "7d3b5f4c2a1e0d9c8b7a6f5e4d3c2b1a");
}

TEST(ExtractCheckpoint, FailureManagerWithException) {
  const Event e = MustExtract(
      EventKind::kCheckpointFailed,
      "2022-12-11 16:20:18,801 WARN  org.apache.flink.runtime.checkpoint.CheckpointFailureManager [] - "
      "Failed to "
      "trigger or complete checkpoint 112 for job c506b6c290cc2d96a0e3f0eea10395c4. (1 consecutive failed "
      "attempts "
      "so far)\n"
      "org.apache.flink.runtime.checkpoint.CheckpointException: Checkpoint expired before completing.\n"
      "\tat "
      "org.apache.flink.runtime.checkpoint.CheckpointCoordinator$CheckpointCanceller.run("
      "CheckpointCoordinator."
      "java:2143) [flink-dist-1.15.2.jar:1.15.2]");
  EXPECT_EQ(e.checkpoint_id, 112);
  EXPECT_EQ(e.job_id, "c506b6c290cc2d96a0e3f0eea10395c4");
  EXPECT_EQ(e.consecutive_failures, 1);
  EXPECT_EQ(e.reason, "Checkpoint expired before completing.");
  EXPECT_TRUE(e.exception.present);
}

TEST(ExtractCheckpoint, FailureManagerUnknownId) {
  const Event e = MustExtract(
      EventKind::kCheckpointFailed,
      "2022-12-11 16:21:02,440 WARN  org.apache.flink.runtime.checkpoint.CheckpointFailureManager [] - "
      "Failed to "
      "trigger or complete checkpoint UNKNOWN_CHECKPOINT_ID for job c506b6c290cc2d96a0e3f0eea10395c4. (2 "
      "consecutive failed attempts so far)");
  EXPECT_EQ(e.checkpoint_id, -1);
  EXPECT_EQ(e.job_id, "c506b6c290cc2d96a0e3f0eea10395c4");
  EXPECT_EQ(e.consecutive_failures, 2);
}

TEST(ExtractCheckpoint, FailedSinceDropsTheDoublePeriod) {
  const Event e = MustExtract(EventKind::kCheckpointFailed,
                              "2022-12-11 16:06:10,512 INFO  "
                              "org.apache.flink.runtime.checkpoint.CheckpointFailureManager [] - Failed to "
                              "trigger checkpoint for job c506b6c290cc2d96a0e3f0eea10395c4 since Not all "
                              "required tasks are currently "
                              "running..");
  EXPECT_EQ(e.checkpoint_id, -1);
  EXPECT_EQ(e.job_id, "c506b6c290cc2d96a0e3f0eea10395c4");
  EXPECT_EQ(e.reason, "Not all required tasks are currently running.");
  EXPECT_EQ(e.consecutive_failures, -1);
}

TEST(ExtractCheckpoint, FailedOlderWordings) {
  Event e = MustExtract(
      EventKind::kCheckpointFailed,
      "2021-03-30 11:52:13,004 WARN  org.apache.flink.runtime.checkpoint.CheckpointCoordinator    [] "
      "- Failed to trigger checkpoint 46 for job 5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b. (3 consecutive "
      "failed attempts so far)");
  EXPECT_EQ(e.checkpoint_id, 46);
  EXPECT_EQ(e.consecutive_failures, 3);
  e = MustExtract(
      EventKind::kCheckpointFailed,
      "2020-06-02 08:11:45,300 WARN  org.apache.flink.runtime.checkpoint.CheckpointCoordinator     - "
      "Failed to trigger checkpoint for job 1b2c3d4e5f60718293a4b5c6d7e8f901 (2 consecutive failed "
      "attempts so far).");
  EXPECT_EQ(e.checkpoint_id, -1);
  EXPECT_EQ(e.job_id, "1b2c3d4e5f60718293a4b5c6d7e8f901");
  EXPECT_EQ(e.consecutive_failures, 2);
  e = MustExtract(
      EventKind::kCheckpointFailed,
      "2019-02-21 13:30:05,871 WARN  org.apache.flink.runtime.checkpoint.CheckpointCoordinator     - "
      "Failed to trigger checkpoint (1 consecutive failed attempts so far)");
  EXPECT_EQ(e.checkpoint_id, -1);
  EXPECT_TRUE(e.job_id.empty());
  EXPECT_EQ(e.consecutive_failures, 1);
}

TEST(ExtractCheckpoint, RestoredNewWording) {
  const Event e = MustExtract(EventKind::kCheckpointRestored, kRestore113);
  EXPECT_EQ(e.checkpoint_id, 2);
  EXPECT_EQ(e.job_id, "5a09018a62b24958656d354f31556d5d");
  EXPECT_EQ(e.epoch_ms, 1681952175941);
  EXPECT_EQ(e.location, "<checkpoint-not-externally-addressable>");
  EXPECT_EQ(e.checkpoint_kind, CheckpointKind::kCheckpoint);
}

TEST(ExtractCheckpoint, RestoredFromSavepointAndOldWording) {
  Event e = MustExtract(EventKind::kCheckpointRestored,
                        "2021-04-07 19:33:21,164 INFO  "
                        "org.apache.flink.runtime.checkpoint.CheckpointCoordinator    [] - Restoring job "
                        "2c4e6a8b0d1f3e5a7c9b1d3f5e7a9c0b from Suspend Savepoint 9 @ 1617795120037 for "
                        "2c4e6a8b0d1f3e5a7c9b1d3f5e7a9c0b located at "
                        "hdfs://ns1/flink/savepoints/savepoint-2c4e6a-5f0b1d3e8a2c.");
  EXPECT_EQ(e.checkpoint_id, 9);
  EXPECT_EQ(e.checkpoint_kind, CheckpointKind::kSavepoint);
  EXPECT_EQ(e.location, "hdfs://ns1/flink/savepoints/savepoint-2c4e6a-5f0b1d3e8a2c");
  e = MustExtract(
      EventKind::kCheckpointRestored,
      "2019-01-08 06:44:30,118 INFO  org.apache.flink.runtime.checkpoint.CheckpointCoordinator     - "
      "Restoring job 0a1b2c3d4e5f60718293a4b5c6d7e8f9 from latest valid checkpoint: Checkpoint 1441 @ "
      "1546929867912 for 0a1b2c3d4e5f60718293a4b5c6d7e8f9.");
  EXPECT_EQ(e.checkpoint_id, 1441);
  EXPECT_EQ(e.epoch_ms, 1546929867912);
  EXPECT_TRUE(e.location.empty());
}

TEST(ExtractCheckpoint, LateMessage) {
  const Event e = MustExtract(
      EventKind::kCheckpointLateMessage,
      "2021-03-30 11:47:02,918 WARN  org.apache.flink.runtime.checkpoint.CheckpointCoordinator    [] - "
      "Received late "
      "message for now expired checkpoint attempt 45 from task 8c1f6a2d9e3b47c5a0d2e4f6b8c1a3e5 of job "
      "5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b at container_e02_1616998400123_0012_01_000003 @ worker-2 "
      "(dataPort=39921).");
  EXPECT_EQ(e.checkpoint_id, 45);
  EXPECT_EQ(e.attempt_id, "8c1f6a2d9e3b47c5a0d2e4f6b8c1a3e5");
  EXPECT_EQ(e.job_id, "5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b");
  EXPECT_EQ(e.location, "container_e02_1616998400123_0012_01_000003 @ worker-2 (dataPort=39921)");
}

TEST(ExtractCheckpoint, WrongShapeIsAnError) {
  // jm-job-lifecycle-finished-flink1144.log, line 3: a checkpoint line no extractor accepts.
  const RecordView record = MakeRecord(
      "2022-05-27 16:13:00,417 INFO  org.apache.flink.runtime.checkpoint.CheckpointCoordinator    [] - No "
      "checkpoint found during restore.");
  Event e;
  for (EventKind kind :
       {EventKind::kCheckpointTriggered, EventKind::kCheckpointCompleted, EventKind::kCheckpointDeclined,
        EventKind::kCheckpointExpired, EventKind::kCheckpointFailed, EventKind::kCheckpointAborted,
        EventKind::kCheckpointRestored, EventKind::kCheckpointLateMessage}) {
    EXPECT_FALSE(ExtractEvent(kind, record, e).ok()) << EventKindName(kind);
  }
  EXPECT_FALSE(
      ExtractEvent(EventKind::kCheckpointCompleted,
                   MakeRecord("2022-03-11 21:46:04,465 INFO  x [] - Completed checkpoint 206 for job "
                              "a12c04ac7f5d8418d8ab27931bf517b7 (garbled"),
                   e)
          .ok());
}

}  // namespace
}  // namespace flinkscan
