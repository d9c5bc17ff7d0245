// Job and task state extractors on real lines from /work/shared/samples-real
// (named per test) and on templates from flink-log-formats.md §4 where no real
// line exists.

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

// --- job transitions ---------------------------------------------------------

TEST(ExtractState, JobTransition) {
  // jm-job-lifecycle-finished-flink1144.log, line 26.
  const Event e =
      MustExtract(EventKind::kJobTransition,
                  "2022-05-27 16:13:01,249 INFO  org.apache.flink.runtime.executiongraph.ExecutionGraph    "
                  "   [] - Job Streaming WordCount (f69c1ca4892ecbc08d4247ded254f467) switched from state "
                  "RUNNING to FINISHED.");
  EXPECT_EQ(e.job_name, "Streaming WordCount");
  EXPECT_EQ(e.job_id, "f69c1ca4892ecbc08d4247ded254f467");
  EXPECT_EQ(e.from_state, "RUNNING");
  EXPECT_EQ(e.to_state, "FINISHED");
  EXPECT_FALSE(e.exception.present);
}

TEST(ExtractState, JobTransitionWithMultiLineSqlName) {
  // jm-standalone-log4j1-multiline-sql-jobname-flink110.log, lines 17-20: the
  // words "switched from state" are on the 4th physical line of the record.
  constexpr std::string_view kRecord =
      "2020-04-18 11:58:50,520 INFO  org.apache.flink.runtime.executiongraph.ExecutionGraph        - Job "
      "default: "
      "SELECT HOUR(TUMBLE_START(ts, INTERVAL '1' HOUR)), COUNT(*)\n"
      "FROM user_behavior\n"
      "WHERE behavior = 'buy'\n"
      "GROUP BY TUMBLE(ts, INTERVAL '1' HOUR) (eb9e2c44fdcd2f6719188f515ddad7ae) switched from state CREATED "
      "to "
      "RUNNING.";
  const Event e = MustExtract(EventKind::kJobTransition, kRecord);
  EXPECT_EQ(e.job_id, "eb9e2c44fdcd2f6719188f515ddad7ae");
  EXPECT_EQ(e.job_name,
            "default: SELECT HOUR(TUMBLE_START(ts, INTERVAL '1' HOUR)), COUNT(*)\nFROM user_behavior\nWHERE "
            "behavior = 'buy'\nGROUP BY TUMBLE(ts, INTERVAL '1' HOUR)");
  EXPECT_EQ(e.from_state, "CREATED");
  EXPECT_EQ(e.to_state, "RUNNING");
  EXPECT_FALSE(e.exception.present) << "a multi-line job name is not a stack trace";
}

TEST(ExtractState, JobTransitionLog4j1Failing) {
  // jm-log4j1-checkpoint-decline-task-not-ready-failing-flink19.log, line 10.
  const Event e =
      MustExtract(EventKind::kJobTransition,
                  "2019-05-17 15:43:08,213 INFO  org.apache.flink.runtime.executiongraph.ExecutionGraph  "
                  "      - Job Flink Streaming Job (dd4f07c1f866b7afff42759d7a35de3f) switched from state "
                  "RUNNING to FAILING.");
  EXPECT_EQ(e.job_name, "Flink Streaming Job");
  EXPECT_EQ(e.to_state, "FAILING");
}

TEST(ExtractState, JobTransitionCarriesTheThrowable) {
  const Event e = MustExtract(
      EventKind::kJobTransition,
      "2023-02-10 08:12:01,554 INFO  org.apache.flink.runtime.executiongraph.ExecutionGraph       [] - Job "
      "Kafka "
      "Sink Job (8a9c3e1f0b2d4c6e8f0a1b3c5d7e9f01) switched from state FAILING to FAILED.\n"
      "org.apache.flink.runtime.JobException: Recovery is suppressed by NoRestartBackoffTimeStrategy\n"
      "\tat org.apache.flink.runtime.executiongraph.failover.flip1.ExecutionFailureHandler.handleFailure("
      "ExecutionFailureHandler.java:139) ~[flink-dist-1.16.1.jar:1.16.1]");
  EXPECT_EQ(e.to_state, "FAILED");
  ASSERT_TRUE(e.exception.present);
  EXPECT_EQ(e.exception.outer.class_name, "org.apache.flink.runtime.JobException");
}

TEST(ExtractState, JobTerminal) {
  // jm-job-lifecycle-finished-flink1144.log, line 29.
  Event e = MustExtract(
      EventKind::kJobTerminal,
      "2022-05-27 16:13:01,279 INFO  org.apache.flink.runtime.dispatcher.StandaloneDispatcher     [] "
      "- Job f69c1ca4892ecbc08d4247ded254f467 reached terminal state FINISHED.");
  EXPECT_EQ(e.job_id, "f69c1ca4892ecbc08d4247ded254f467");
  EXPECT_EQ(e.to_state, "FINISHED");
  e = MustExtract(
      EventKind::kJobTerminal,
      "2019-11-20 17:02:44,893 INFO  org.apache.flink.runtime.dispatcher.StandaloneDispatcher      - Job "
      "4d5e6f708192a3b4c5d6e7f8091a2b3c reached globally terminal state FAILED.");
  EXPECT_EQ(e.to_state, "FAILED");
}

// --- task transitions --------------------------------------------------------

TEST(ExtractState, TaskTransitionJobManager) {
  // jm-job-lifecycle-finished-flink1144.log, line 8.
  const Event e = MustExtract(EventKind::kTaskTransition,
                              "2022-05-27 16:13:00,468 INFO  "
                              "org.apache.flink.runtime.executiongraph.ExecutionGraph       [] - Source: "
                              "Collection Source -> Flat Map (1/1) (c83c41ff9f43c36e7a6aea483e073ec1) "
                              "switched from CREATED to SCHEDULED.");
  EXPECT_EQ(e.task_name, "Source: Collection Source -> Flat Map");
  EXPECT_EQ(e.subtask, 1);
  EXPECT_EQ(e.parallelism, 1);
  EXPECT_EQ(e.attempt_number, -1);
  EXPECT_EQ(e.attempt_id, "c83c41ff9f43c36e7a6aea483e073ec1");
  EXPECT_EQ(e.from_state, "CREATED");
  EXPECT_EQ(e.to_state, "SCHEDULED");
  EXPECT_TRUE(e.location.empty());
}

TEST(ExtractState, TaskTransitionTaskManager) {
  // tm-task-lifecycle-finished-flink1144.log, line 35.
  const Event e = MustExtract(
      EventKind::kTaskTransition,
      "2022-05-27 16:13:01,240 INFO  org.apache.flink.runtime.taskmanager.Task                    [] - Keyed "
      "Aggregation -> Sink: Print to Std. Out (1/1)#0 (a602bd7b23ece40a69422f7b36701083) switched from "
      "RUNNING to "
      "FINISHED.");
  EXPECT_EQ(e.task_name, "Keyed Aggregation -> Sink: Print to Std. Out");
  EXPECT_EQ(e.attempt_number, 0);
  EXPECT_EQ(e.attempt_id, "a602bd7b23ece40a69422f7b36701083");
  EXPECT_EQ(e.to_state, "FINISHED");
}

TEST(ExtractState, TaskFailedOnLocationWithNextLineThrowable) {
  // minicluster-jm-tm-combined-timeonly-region-restart-flink1135.log, lines 48-50.
  const Event e = MustExtract(
      EventKind::kTaskTransition,
      "08:56:22,262 INFO  org.apache.flink.runtime.executiongraph.ExecutionGraph       [] - Flat Map (2/2) "
      "(c92d839a41f6cc8a2427cd537b5c1a0e) switched from RUNNING to FAILED on "
      "97fcaaca-6449-4c4c-896e-a57a8f923deb @ "
      "localhost (dataPort=-1).\n"
      "java.lang.RuntimeException: error dirty data\n"
      "\tat "
      "com.flink.example.stream.function.stateful.ListCheckpointedExample$2.flatMap(ListCheckpointedExample."
      "java:53) ~[classes/:?]");
  EXPECT_EQ(e.task_name, "Flat Map");
  EXPECT_EQ(e.subtask, 2);
  EXPECT_EQ(e.parallelism, 2);
  EXPECT_EQ(e.to_state, "FAILED");
  EXPECT_EQ(e.location, "97fcaaca-6449-4c4c-896e-a57a8f923deb @ localhost (dataPort=-1)");
  ASSERT_TRUE(e.exception.present);
  EXPECT_EQ(e.exception.outer.class_name, "java.lang.RuntimeException");
  EXPECT_EQ(e.exception.outer.message, "error dirty data");
}

TEST(ExtractState, TaskFailedWithInlineCause) {
  // minicluster-jm-tm-combined-timeonly-region-restart-flink1135.log, lines 28-30 (1.13 TaskManager).
  const Event e = MustExtract(
      EventKind::kTaskTransition,
      "08:56:22,255 WARN  org.apache.flink.runtime.taskmanager.Task                    [] - Flat Map (2/2)#0 "
      "(c92d839a41f6cc8a2427cd537b5c1a0e) switched from RUNNING to FAILED with failure cause: "
      "java.lang.RuntimeException: error dirty data\n"
      "\tat "
      "com.flink.example.stream.function.stateful.ListCheckpointedExample$2.flatMap(ListCheckpointedExample."
      "java:53)\n"
      "\tat "
      "com.flink.example.stream.function.stateful.ListCheckpointedExample$2.flatMap(ListCheckpointedExample."
      "java:47)\n");
  EXPECT_EQ(e.task_name, "Flat Map");
  EXPECT_EQ(e.attempt_number, 0);
  EXPECT_EQ(e.from_state, "RUNNING");
  EXPECT_EQ(e.to_state, "FAILED");
  EXPECT_TRUE(e.location.empty());
  ASSERT_TRUE(e.exception.present);
  EXPECT_EQ(e.exception.outer.class_name, "java.lang.RuntimeException");
  EXPECT_EQ(e.exception.outer.message, "error dirty data");
}

TEST(ExtractState, TaskFailedWithCauseOnNextLineAndNewAttemptId) {
  // tm-kafka-offset-out-of-range-source-failed-flink1172.log, lines 30-31 and 48.
  const Event e = MustExtract(
      EventKind::kTaskTransition,
      "2025-07-14 12:00:32,174 WARN  org.apache.flink.runtime.taskmanager.Task                    [] - "
      "Source: "
      "src_event_point_source_v2[1] -> Calc[2] (3/3)#140 "
      "(b4261ffe742ad92556738fcad2166ca0_cbc357ccb763df2852fee8c4fc7d55f2_2_140) switched from RUNNING to "
      "FAILED "
      "with failure cause:\n"
      "java.lang.RuntimeException: One or more fetchers have encountered exception\n"
      "\tat org.apache.flink.connector.base.source.reader.fetcher.SplitFetcherManager.checkErrors("
      "SplitFetcherManager.java:261) ~[flink-connector-base-1.17.2.jar:1.17.2]\n"
      "Caused by: java.lang.RuntimeException: SplitFetcher thread 0 received unexpected exception while "
      "polling the "
      "records");
  EXPECT_EQ(e.task_name, "Source: src_event_point_source_v2[1] -> Calc[2]");
  EXPECT_EQ(e.subtask, 3);
  EXPECT_EQ(e.parallelism, 3);
  EXPECT_EQ(e.attempt_number, 140);
  EXPECT_EQ(e.attempt_id, "b4261ffe742ad92556738fcad2166ca0_cbc357ccb763df2852fee8c4fc7d55f2_2_140");
  ASSERT_TRUE(e.exception.present);
  EXPECT_EQ(e.exception.outer.message, "One or more fetchers have encountered exception");
  EXPECT_EQ(e.exception.root.message,
            "SplitFetcher thread 0 received unexpected exception while polling the records");
}

TEST(ExtractState, TaskFailedOnLogicalSlot) {
  // The message of jm-json-log4j2-jsonlayout-k8s-flink1112.log, record 1, in the text layout.
  const Event e = MustExtract(
      EventKind::kTaskTransition,
      "2020-11-27 03:31:32,221 INFO  org.apache.flink.runtime.executiongraph.ExecutionGraph       [] - "
      "INDEX_MESSAGE_KEYED_PROCESSOR -> SECURITY_MAPPING_PROCESSOR -> Sink: SECURITY_MAPPING_SINK (2/10) "
      "(f682d65339f1ae8ed4d3cf8732b0300e) switched from RUNNING to FAILED on "
      "org.apache.flink.runtime.jobmaster.slotpool.SingleLogicalSlot@6929f626.");
  EXPECT_EQ(e.task_name,
            "INDEX_MESSAGE_KEYED_PROCESSOR -> SECURITY_MAPPING_PROCESSOR -> Sink: SECURITY_MAPPING_SINK");
  EXPECT_EQ(e.subtask, 2);
  EXPECT_EQ(e.parallelism, 10);
  EXPECT_EQ(e.location, "org.apache.flink.runtime.jobmaster.slotpool.SingleLogicalSlot@6929f626");
}

TEST(ExtractState, TaskTransitionLongOperatorChain) {
  // jm-standalone-log4j1-multiline-sql-jobname-flink110.log, line 36 (549 characters).
  const Event e = MustExtract(
      EventKind::kTaskTransition,
      "2020-04-18 11:58:50,784 INFO  org.apache.flink.runtime.executiongraph.ExecutionGraph        - "
      "GroupWindowAggregate(window=[TumblingGroupWindow('w$, ts, 3600000)], properties=[w$start, w$end, "
      "w$rowtime, "
      "w$proctime], select=[COUNT(*) AS EXPR$1, start('w$) AS w$start, end('w$) AS w$end, rowtime('w$) AS "
      "w$rowtime, proctime('w$) AS w$proctime]) -> Calc(select=[(FLAG(HOUR) EXTRACT w$start) AS EXPR$0, "
      "EXPR$1]) "
      "-> SinkConversionToTuple2 -> Sink: SQL Client Stream Collect Sink (1/1) "
      "(97aad4ff05ca3033f5ef08084ee4abc9) "
      "switched from DEPLOYING to RUNNING.");
  EXPECT_TRUE(e.task_name.starts_with("GroupWindowAggregate(window=[TumblingGroupWindow("));
  EXPECT_TRUE(e.task_name.ends_with("-> Sink: SQL Client Stream Collect Sink"));
  EXPECT_EQ(e.attempt_id, "97aad4ff05ca3033f5ef08084ee4abc9");
  EXPECT_EQ(e.from_state, "DEPLOYING");
  EXPECT_EQ(e.to_state, "RUNNING");
}

TEST(ExtractState, TaskTransitionMalformedIsAnError) {
  Event e;
  // No "(i/n)" before the attempt id.
  EXPECT_FALSE(
      ExtractEvent(EventKind::kTaskTransition,
                   MakeRecord("2022-05-27 16:13:00,468 INFO  x [] - Flat Map "
                              "(c83c41ff9f43c36e7a6aea483e073ec1) switched from CREATED to SCHEDULED."),
                   e)
          .ok());
  // A job line is not a task line.
  EXPECT_FALSE(
      ExtractEvent(EventKind::kTaskTransition,
                   MakeRecord("2022-05-27 16:13:01,249 INFO  x [] - Job Streaming WordCount "
                              "(f69c1ca4892ecbc08d4247ded254f467) switched from state RUNNING to FINISHED."),
                   e)
          .ok());
  EXPECT_FALSE(
      ExtractEvent(EventKind::kJobTransition,
                   MakeRecord("2022-05-27 16:13:01,249 INFO  x [] - Job Streaming WordCount (f69c1ca4) "
                              "switched from state RUNNING to FINISHED."),
                   e)
          .ok());
}

// --- deployment ----------------------------------------------------------------

TEST(ExtractState, TaskDeployedWithAttemptId) {
  // jm-job-lifecycle-finished-flink1144.log, line 17.
  const Event e =
      MustExtract(EventKind::kTaskDeployed,
                  "2022-05-27 16:13:00,637 INFO  org.apache.flink.runtime.executiongraph.ExecutionGraph      "
                  " [] - Deploying "
                  "Source: Collection Source -> Flat Map (1/1) (attempt #0) with attempt id "
                  "c83c41ff9f43c36e7a6aea483e073ec1 to "
                  "10.136.100.48:35016-a4d337 @ sgkc2-devclr-v08 (dataPort=59281) with allocation id "
                  "3b41f2b6c9f47bf531ac47e91afde9fb");
  EXPECT_EQ(e.task_name, "Source: Collection Source -> Flat Map");
  EXPECT_EQ(e.subtask, 1);
  EXPECT_EQ(e.parallelism, 1);
  EXPECT_EQ(e.attempt_number, 0);
  EXPECT_EQ(e.attempt_id, "c83c41ff9f43c36e7a6aea483e073ec1");
  EXPECT_EQ(e.location, "10.136.100.48:35016-a4d337 @ sgkc2-devclr-v08 (dataPort=59281)");
}

TEST(ExtractState, TaskDeployedRestartAttempt) {
  // minicluster-jm-tm-combined-timeonly-region-restart-flink1135.log, line 118.
  const Event e = MustExtract(EventKind::kTaskDeployed,
                              "08:56:32,311 INFO  org.apache.flink.runtime.executiongraph.ExecutionGraph     "
                              "  [] - Deploying Flat Map (2/2) "
                              "(attempt #1) with attempt id 9a932025b27720a918c66c20b358607c to "
                              "97fcaaca-6449-4c4c-896e-a57a8f923deb @ "
                              "localhost (dataPort=-1) with allocation id d52dc94322cde20daf53a89ad14dbf88");
  EXPECT_EQ(e.task_name, "Flat Map");
  EXPECT_EQ(e.subtask, 2);
  EXPECT_EQ(e.attempt_number, 1);
  EXPECT_EQ(e.attempt_id, "9a932025b27720a918c66c20b358607c");
  EXPECT_EQ(e.location, "97fcaaca-6449-4c4c-896e-a57a8f923deb @ localhost (dataPort=-1)");
}

TEST(ExtractState, TaskDeployedWithVertexId) {
  // Flink >= 1.16 adds "and vertex id"; samples/standalone/flink-flink-standalonesession-0-jm-host.log line 78.
  const Event e = MustExtract(
      EventKind::kTaskDeployed,
      "2026-11-28 10:02:57,381 INFO  org.apache.flink.runtime.executiongraph.ExecutionGraph       [] - "
      "Deploying Source: Kafka Source -> Map (1/2) (attempt #1) with attempt id "
      "9a7c1e3b5d2f4a6c8e0b1d3f5a7c9e2b_cbc357ccb763df2852fee8c4fc7d55f2_0_1 and vertex id "
      "cbc357ccb763df2852fee8c4fc7d55f2_0 to 10.0.1.11:40213-5c2f1a @ tm-host-1 (dataPort=38521) with "
      "allocation id 7c3e9a1f5b2d4e6a8c0f1b3d5e7a9c2e");
  EXPECT_EQ(e.task_name, "Source: Kafka Source -> Map");
  EXPECT_EQ(e.subtask, 1);
  EXPECT_EQ(e.parallelism, 2);
  EXPECT_EQ(e.attempt_number, 1);
  EXPECT_EQ(e.attempt_id, "9a7c1e3b5d2f4a6c8e0b1d3f5a7c9e2b_cbc357ccb763df2852fee8c4fc7d55f2_0_1");
  EXPECT_EQ(e.location, "10.0.1.11:40213-5c2f1a @ tm-host-1 (dataPort=38521)");
}

TEST(ExtractState, TaskDeployedOldWording) {
  // jm-standalone-log4j1-multiline-sql-jobname-flink110.log, line 35.
  const Event e = MustExtract(
      EventKind::kTaskDeployed,
      "2020-04-18 11:58:50,649 INFO  org.apache.flink.runtime.executiongraph.ExecutionGraph        - "
      "Deploying "
      "GroupWindowAggregate(window=[TumblingGroupWindow('w$, ts, 3600000)], properties=[w$start, w$end, "
      "w$rowtime, "
      "w$proctime], select=[COUNT(*) AS EXPR$1, start('w$) AS w$start, end('w$) AS w$end, rowtime('w$) AS "
      "w$rowtime, proctime('w$) AS w$proctime]) -> Calc(select=[(FLAG(HOUR) EXTRACT w$start) AS EXPR$0, "
      "EXPR$1]) "
      "-> SinkConversionToTuple2 -> Sink: SQL Client Stream Collect Sink (1/1) (attempt #0) to "
      "ddf441898e05993ca96163409ecde9b3 @ localhost (dataPort=49815)");
  EXPECT_TRUE(e.task_name.ends_with("-> Sink: SQL Client Stream Collect Sink"));
  EXPECT_EQ(e.attempt_number, 0);
  EXPECT_TRUE(e.attempt_id.empty());
  EXPECT_EQ(e.location, "ddf441898e05993ca96163409ecde9b3 @ localhost (dataPort=49815)");
}

// --- failover, restarts, rescale, stuck tasks ------------------------------------

TEST(ExtractState, RegionFailover) {
  // minicluster-jm-tm-combined-timeonly-region-restart-flink1135.log, line 67.
  Event e = MustExtract(
      EventKind::kRegionFailover,
      "08:56:22,275 INFO  "
      "org.apache.flink.runtime.executiongraph.failover.flip1.RestartPipelinedRegionFailoverStrategy "
      "[] - 5 tasks should be restarted to recover the failed task "
      "0a448493b4782967b150582570326227_1.");
  EXPECT_EQ(e.count, 5);
  EXPECT_EQ(e.task_name, "0a448493b4782967b150582570326227_1");
  // Up to 1.12 the line ends in a space.
  e = MustExtract(
      EventKind::kRegionFailover,
      "2021-03-30 11:52:14,210 INFO  "
      "org.apache.flink.runtime.executiongraph.failover.flip1.RestartPipelinedRegionFailoverStrategy [] - "
      "12 tasks should be restarted to recover the failed task feb3a6f0257a8f3304c151b98b06d3e1_1. ");
  EXPECT_EQ(e.count, 12);
  EXPECT_EQ(e.task_name, "feb3a6f0257a8f3304c151b98b06d3e1_1");
}

TEST(ExtractState, GlobalFailover) {
  const Event e = MustExtract(
      EventKind::kGlobalFailover,
      "2021-01-12 10:23:44,020 INFO  org.apache.flink.runtime.jobmaster.JobMaster                 [] - "
      "Trying to "
      "recover from a global failure.\n"
      "org.apache.flink.util.FlinkRuntimeException: Exceeded checkpoint tolerable failure threshold.\n"
      "\tat org.apache.flink.runtime.checkpoint.CheckpointFailureManager.handleJobLevelCheckpointException("
      "CheckpointFailureManager.java:66) ~[flink-dist_2.11-1.11.2.jar:1.11.2]");
  ASSERT_TRUE(e.exception.present);
  EXPECT_EQ(e.exception.outer.class_name, "org.apache.flink.util.FlinkRuntimeException");
  EXPECT_EQ(e.exception.outer.message, "Exceeded checkpoint tolerable failure threshold.");
}

TEST(ExtractState, RestartExhausted) {
  Event e = MustExtract(
      EventKind::kRestartExhausted,
      "2023-02-10 08:12:01,550 INFO  org.apache.flink.runtime.executiongraph.ExecutionGraph       [] - Job "
      "Kafka "
      "Sink Job (8a9c3e1f0b2d4c6e8f0a1b3c5d7e9f01) switched from state RUNNING to FAILING.\n"
      "org.apache.flink.runtime.JobException: Recovery is suppressed by "
      "FixedDelayRestartBackoffTimeStrategy(maxNumberRestartAttempts=3, backoffTimeMS=10000)\r\n"
      "\tat org.apache.flink.runtime.executiongraph.failover.flip1.ExecutionFailureHandler.handleFailure("
      "ExecutionFailureHandler.java:139) ~[flink-dist-1.16.1.jar:1.16.1]");
  EXPECT_EQ(e.reason,
            "FixedDelayRestartBackoffTimeStrategy(maxNumberRestartAttempts=3, backoffTimeMS=10000)");
  EXPECT_EQ(e.job_id, "8a9c3e1f0b2d4c6e8f0a1b3c5d7e9f01");
  EXPECT_EQ(e.job_name, "Kafka Sink Job");
  EXPECT_TRUE(e.exception.present);
  e = MustExtract(
      EventKind::kRestartExhausted,
      "2018-07-23 15:41:09,377 INFO  org.apache.flink.runtime.executiongraph.ExecutionGraph        - Could "
      "not restart the job Flink Streaming Job (5b6c7d8e9fa0b1c2d3e4f5a6b7c8d9e0) because the restart "
      "strategy prevented it.");
  EXPECT_EQ(e.job_id, "5b6c7d8e9fa0b1c2d3e4f5a6b7c8d9e0");
  EXPECT_EQ(e.job_name, "Flink Streaming Job");
  EXPECT_EQ(e.reason, "the restart strategy prevented it");
}

TEST(ExtractState, Rescale) {
  const Event e =
      MustExtract(EventKind::kRescale,
                  "2026-05-08 11:20:26,123 INFO  "
                  "org.apache.flink.runtime.scheduler.adaptive.DefaultStateTransitionManager [] - "
                  "Transitioning from Stabilizing to Transitioning, job c810f8e64e8c58b6674e99d270c8af74.");
  EXPECT_EQ(e.job_id, "c810f8e64e8c58b6674e99d270c8af74");
}

TEST(ExtractState, TaskStuck) {
  Event e = MustExtract(
      EventKind::kTaskStuck,
      "2021-06-16 15:07:26,168 WARN  org.apache.flink.runtime.taskmanager.Task                    [] "
      "- Task 'Interval Join (1/1)#0' did not react to cancelling signal for 30 seconds, but is "
      "stuck in method:\n"
      " java.net.SocketInputStream.socketRead0(Native Method)\n"
      "java.net.SocketInputStream.socketRead(SocketInputStream.java:116)");
  EXPECT_EQ(e.task_name, "Interval Join");
  EXPECT_EQ(e.subtask, 1);
  EXPECT_EQ(e.attempt_number, 0);
  EXPECT_EQ(e.count, 30);
  e = MustExtract(
      EventKind::kTaskStuck,
      "2024-02-01 09:00:31,004 WARN  org.apache.flink.runtime.taskmanager.Task                    [] - "
      "Task 'Sink: Print to Std. Out (2/4)#3' did not react to cancelling signal - interrupting; it is "
      "stuck for 45 seconds in method:\n"
      " java.lang.Thread.sleep(Native Method)");
  EXPECT_EQ(e.task_name, "Sink: Print to Std. Out");
  EXPECT_EQ(e.parallelism, 4);
  EXPECT_EQ(e.attempt_number, 3);
  EXPECT_EQ(e.count, 45);
}

}  // namespace
}  // namespace flinkscan
