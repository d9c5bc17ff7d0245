// Incidents as a demanding Flink operator expects them: one incident per
// failure episode, the root cause of the FIRST failure, JM and TM lines about
// one attempt counted once, evidence that points at the right lines. Every
// input is a small synthetic log in Flink's real log4j2 layout, scanned
// through the engine's front door (RunScan).

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
constexpr std::string_view kTask = "org.apache.flink.runtime.taskmanager.Task";
constexpr std::string_view kRegionFailover =
    "org.apache.flink.runtime.executiongraph.failover.RestartPipelinedRegionFailoverStrategy";
constexpr std::string_view kCheckpointCoordinator = "org.apache.flink.runtime.checkpoint.CheckpointCoordinator";
constexpr std::string_view kJobMaster = "org.apache.flink.runtime.jobmaster.JobMaster";
constexpr std::string_view kActiveResourceManager =
    "org.apache.flink.runtime.resourcemanager.active.ActiveResourceManager";
constexpr std::string_view kSlotPool = "org.apache.flink.runtime.jobmaster.slotpool.DeclarativeSlotPoolBridge";
constexpr std::string_view kDispatcher = "org.apache.flink.runtime.dispatcher.StandaloneDispatcher";
constexpr std::string_view kKafkaReader = "org.apache.flink.connector.kafka.source.reader.KafkaSourceReader";

constexpr std::string_view kJob = "8c4f2a9e1b3d5c7f9a0b2c4d6e8f1a3b";
constexpr std::string_view kAttempt1 = "3e1f5a7c9b2d4f6a8c0e2b4d6f8a1c3e";
constexpr std::string_view kAttempt2 = "7a9c1e3b5d7f9a1c3e5b7d9f1a3c5e7b";
constexpr std::string_view kAttempt3 = "c2e4a6b8d0f2a4c6e8b0d2f4a6c8e0b2";

bool HasEvidence(const Incident& inc, const std::string& source, uint64_t line) {
  for (const Evidence& ev : inc.evidence) {
    if (ev.source == source && ev.line == line) return true;
  }
  return false;
}

// For failure messages: what the scan found.
std::string Describe(const Analysis& a) {
  std::string out = "incidents:\n";
  for (const Incident& inc : a.incidents) {
    out += fmt::format("  {} {} [{} .. {}] {}\n", inc.severity, inc.kind, inc.start, inc.end, inc.title);
    for (const Evidence& ev : inc.evidence) out += fmt::format("      {}:{} {}\n", ev.source, ev.line, ev.text);
  }
  return out;
}

const JobSummary* FindJob(const Analysis& a, std::string_view id) {
  for (const JobSummary& job : a.jobs) {
    if (job.job_id == id) return &job;
  }
  return nullptr;
}

std::string JobLine(std::string_view name, std::string_view from, std::string_view to) {
  return JobTransitionMessage(name, kJob, from, to);
}

// JM side of a failed attempt (Flink >= 1.12 location text).
std::string JmTaskFailed(std::string_view task, std::string_view attempt, std::string_view host) {
  return fmt::format("{} ({}) switched from RUNNING to FAILED on 10.0.0.7:41234-abc123 @ {} (dataPort=41235).", task,
                     attempt, host);
}

// TM side of a failed attempt (Flink >= 1.15: the throwable starts on the next line).
std::string TmTaskFailed(std::string_view task, std::string_view attempt) {
  return fmt::format("{}#0 ({}) switched from RUNNING to FAILED with failure cause:", task, attempt);
}

void AddHeapOomTrace(SyntheticLog& log) {
  log.More("java.lang.OutOfMemoryError: Java heap space");
  log.More("\tat java.util.Arrays.copyOf(Arrays.java:3236) ~[?:1.8.0_292]");
  log.More("\tat com.example.WordBuffer.grow(WordBuffer.java:42) ~[wordcount.jar:?]");
  log.More("\tat org.apache.flink.runtime.taskmanager.Task.run(Task.java:566) ~[flink-dist-1.15.4.jar:1.15.4]");
}

TEST(Incidents, HeapOomFailoverIsOneFailoverPlusOneOomNamingTheHost) {
  TempDir dir;
  SyntheticLog jm;
  jm.Add(Day("10:00:00,000"), "INFO", kExecutionGraph, JobLine("WordCount", "CREATED", "RUNNING"));
  jm.Add(Day("10:00:00,500"), "INFO", kExecutionGraph,
         fmt::format("Map (1/2) ({}) switched from INITIALIZING to RUNNING.", kAttempt1));
  const uint64_t jm_failed = jm.Add(Day("10:05:00,200"), "INFO", kExecutionGraph,
                                    JmTaskFailed("Map (1/2)", kAttempt1, "tm-host-7"));
  AddHeapOomTrace(jm);
  jm.Add(Day("10:05:00,210"), "INFO", kRegionFailover,
         "Calculating tasks to restart to recover the failed task cbc357ccb763df2852fee8c4fc7d55f2_0.");
  jm.Add(Day("10:05:00,211"), "INFO", kRegionFailover,
         "4 tasks should be restarted to recover the failed task cbc357ccb763df2852fee8c4fc7d55f2_0.");
  jm.Add(Day("10:05:00,220"), "INFO", kExecutionGraph, JobLine("WordCount", "RUNNING", "RESTARTING"));
  jm.Add(Day("10:05:10,230"), "INFO", kExecutionGraph, JobLine("WordCount", "RESTARTING", "RUNNING"));

  SyntheticLog tm;
  tm.Add(Day("10:00:00,400"), "INFO", kTask,
         fmt::format("Map (1/2)#0 ({}) switched from INITIALIZING to RUNNING.", kAttempt1));
  const uint64_t tm_failed = tm.Add(Day("10:05:00,150"), "WARN", kTask, TmTaskFailed("Map (1/2)", kAttempt1));
  AddHeapOomTrace(tm);
  tm.Add(Day("10:05:00,160"), "INFO", kTask, fmt::format("Freeing task resources for Map (1/2)#0 ({}).", kAttempt1));

  const std::string jm_path = dir.Write("flink-flink-standalonesession-0-jm-host.log", jm.text());
  const std::string tm_path = dir.Write("flink-flink-taskexecutor-0-tm-host-7.log", tm.text());
  const Analysis a = ScanInProcess({jm_path, tm_path});

  const auto failovers = OfKind(a, "job_failover");
  ASSERT_EQ(failovers.size(), 1u) << Describe(a);
  const Incident& failover = *failovers[0];
  EXPECT_EQ(failover.severity, "critical");
  EXPECT_EQ(failover.job_id, kJob);
  ASSERT_TRUE(failover.root_cause.has_value());
  EXPECT_EQ(failover.root_cause->class_name, "java.lang.OutOfMemoryError");
  EXPECT_EQ(failover.root_cause->message, "Java heap space");
  EXPECT_EQ(failover.diagnosis.cause, "oom_heap");
  EXPECT_TRUE(HasEvidence(failover, tm_path, tm_failed)) << Describe(a);
  EXPECT_TRUE(HasEvidence(failover, jm_path, jm_failed)) << Describe(a);
  EXPECT_EQ(Fact(failover, "restarts"), "1");
  EXPECT_EQ(Fact(failover, "downtime_ms"), "10080");  // first failure 10:05:00,150 -> RUNNING 10:05:10,230

  const auto ooms = OfKind(a, "oom");
  ASSERT_EQ(ooms.size(), 1u) << Describe(a);
  EXPECT_EQ(ooms[0]->severity, "critical");
  ASSERT_TRUE(ooms[0]->scope.host.has_value()) << Describe(a);
  EXPECT_EQ(*ooms[0]->scope.host, "tm-host-7");
  EXPECT_NE(ooms[0]->title.find("tm-host-7"), std::string::npos) << ooms[0]->title;
  EXPECT_EQ(ooms[0]->diagnosis.cause, "oom_heap");

  const JobSummary* job = FindJob(a, kJob);
  ASSERT_NE(job, nullptr);
  EXPECT_EQ(job->name, "WordCount");
  EXPECT_EQ(job->task_failures, 1u) << "JM and TM lines about one attempt are one failure";
  EXPECT_EQ(job->restarts, 1u);
  EXPECT_EQ(job->final_state, "RUNNING");
  // Nothing else: no task_failure, no job_failed, no second oom.
  EXPECT_EQ(a.incidents.size(), 2u) << Describe(a);
}

// A second, different task failing later in the same episode (typically a
// consequence of the first) must not replace the first failure's cause.
TEST(Incidents, RootCauseIsInnermostCauseOfTheFirstFailureNotTheLast) {
  TempDir dir;
  SyntheticLog jm;
  jm.Add(Day("10:00:00,000"), "INFO", kExecutionGraph, JobLine("Orders", "CREATED", "RUNNING"));
  jm.Add(Day("10:05:00,200"), "INFO", kExecutionGraph, JmTaskFailed("Parse (1/2)", kAttempt1, "tm-host-1"));
  jm.More("java.lang.RuntimeException: Could not parse event");
  jm.More("\tat com.example.ParseFunction.map(ParseFunction.java:31) ~[orders.jar:?]");
  jm.More("Caused by: java.io.IOException: Corrupt frame");
  jm.More("\tat com.example.FrameReader.read(FrameReader.java:88) ~[orders.jar:?]");
  jm.More("\t... 14 more");
  jm.More("Caused by: java.lang.NumberFormatException: For input string: \"x17\"");
  jm.More("\tat java.lang.NumberFormatException.forInputString(NumberFormatException.java:65) ~[?:1.8.0_292]");
  jm.More("\t... 15 more");
  jm.Add(Day("10:05:02,000"), "INFO", kExecutionGraph, JmTaskFailed("Sink: Kafka (2/2)", kAttempt2, "tm-host-2"));
  jm.More("java.lang.IllegalStateException: Sink writer already closed");
  jm.More("\tat com.example.KafkaWriter.write(KafkaWriter.java:12) ~[orders.jar:?]");
  jm.More("Caused by: java.io.InterruptedIOException: interrupted while flushing");
  jm.More("\t... 9 more");
  jm.Add(Day("10:05:02,100"), "INFO", kExecutionGraph, JobLine("Orders", "RUNNING", "RESTARTING"));
  jm.Add(Day("10:05:12,100"), "INFO", kExecutionGraph, JobLine("Orders", "RESTARTING", "RUNNING"));
  const Analysis a = ScanInProcess({dir.Write("jobmanager.log", jm.text())});

  const auto failovers = OfKind(a, "job_failover");
  ASSERT_EQ(failovers.size(), 1u) << Describe(a);
  ASSERT_TRUE(failovers[0]->root_cause.has_value());
  EXPECT_EQ(failovers[0]->root_cause->class_name, "java.lang.NumberFormatException");
  EXPECT_EQ(failovers[0]->root_cause->message, "For input string: \"x17\"");
  ASSERT_FALSE(failovers[0]->root_cause->chain.empty());
  EXPECT_NE(failovers[0]->root_cause->chain.front().find("java.lang.RuntimeException"), std::string::npos);
  EXPECT_EQ(Fact(*failovers[0], "failed_task"), "Parse (1/2)");
  EXPECT_EQ(Fact(*failovers[0], "failed_attempts"), "2");
  const JobSummary* job = FindJob(a, kJob);
  ASSERT_NE(job, nullptr);
  EXPECT_EQ(job->task_failures, 2u);
  EXPECT_EQ(job->restarts, 1u);
}

// Recovered at 10:05, failed again at 11:05: two episodes, not one long one.
TEST(Incidents, TwoFailoversAnHourApartAreTwoIncidents) {
  TempDir dir;
  SyntheticLog jm;
  jm.Add(Day("10:00:00,000"), "INFO", kExecutionGraph, JobLine("Orders", "CREATED", "RUNNING"));
  for (const auto& [hour, attempt] : {std::pair{"10", kAttempt1}, std::pair{"11", kAttempt2}}) {
    jm.Add(Day(fmt::format("{}:05:00,200", hour)), "INFO", kExecutionGraph,
           JmTaskFailed("Map (1/2)", attempt, "tm-host-1"));
    jm.More("java.lang.IllegalArgumentException: negative amount");
    jm.More("\tat com.example.Amounts.check(Amounts.java:9) ~[orders.jar:?]");
    jm.Add(Day(fmt::format("{}:05:00,300", hour)), "INFO", kExecutionGraph, JobLine("Orders", "RUNNING", "RESTARTING"));
    jm.Add(Day(fmt::format("{}:05:10,300", hour)), "INFO", kExecutionGraph, JobLine("Orders", "RESTARTING", "RUNNING"));
  }
  const Analysis a = ScanInProcess({dir.Write("jobmanager.log", jm.text())});

  const auto failovers = OfKind(a, "job_failover");
  ASSERT_EQ(failovers.size(), 2u) << Describe(a);
  EXPECT_EQ(failovers[0]->start, "2024-03-01T10:05:00.200");
  EXPECT_EQ(failovers[1]->start, "2024-03-01T11:05:00.200");
  for (const Incident* inc : failovers) {
    EXPECT_EQ(Fact(*inc, "restarts"), "1");
    EXPECT_EQ(Fact(*inc, "recovered"), "true");
    EXPECT_EQ(Fact(*inc, "downtime_ms"), "10100");
  }
  const JobSummary* job = FindJob(a, kJob);
  ASSERT_NE(job, nullptr);
  EXPECT_EQ(job->restarts, 2u);
  EXPECT_EQ(job->task_failures, 2u);
  EXPECT_EQ(job->transitions.size(), 5u);
}

void AddSuppressedRecoveryTrace(SyntheticLog& log) {
  log.More(
      "org.apache.flink.runtime.JobException: Recovery is suppressed by "
      "FixedDelayRestartBackoffTimeStrategy(maxNumberRestartAttempts=3, backoffTimeMS=10000)");
  log.More(
      "\tat org.apache.flink.runtime.executiongraph.failover.flip1.ExecutionFailureHandler.handleFailure("
      "ExecutionFailureHandler.java:139) ~[flink-dist-1.16.1.jar:1.16.1]");
  log.More(
      "\tat org.apache.flink.runtime.scheduler.DefaultScheduler.handleTaskFailure(DefaultScheduler.java:248) "
      "~[flink-dist-1.16.1.jar:1.16.1]");
  log.More("Caused by: org.apache.flink.streaming.runtime.tasks.AsynchronousException: Caught exception while "
           "processing timer.");
  log.More("\tat org.apache.flink.streaming.runtime.tasks.StreamTask$StreamTaskAsyncExceptionHandler."
           "handleAsyncException(StreamTask.java:1535) ~[flink-dist-1.16.1.jar:1.16.1]");
  log.More("\t... 20 more");
  log.More("Caused by: java.lang.ArithmeticException: / by zero");
  log.More("\tat com.example.RatioWindow.onTimer(RatioWindow.java:57) ~[ratios.jar:?]");
  log.More("\t... 21 more");
}

// Restarts exhausted (>= 1.10): the job fails for good; the wrapper
// JobException is not the root cause, the innermost Caused by is.
TEST(Incidents, JobFailedWithSuppressedRecoveryHasInnermostRootCause) {
  TempDir dir;
  SyntheticLog jm;
  jm.Add(Day("10:00:00,000"), "INFO", kExecutionGraph, JobLine("Ratios", "CREATED", "RUNNING"));
  const uint64_t failing = jm.Add(Day("10:30:00,010"), "INFO", kExecutionGraph, JobLine("Ratios", "RUNNING", "FAILING"));
  AddSuppressedRecoveryTrace(jm);
  const uint64_t failed = jm.Add(Day("10:30:00,050"), "INFO", kExecutionGraph, JobLine("Ratios", "FAILING", "FAILED"));
  AddSuppressedRecoveryTrace(jm);
  jm.Add(Day("10:30:00,060"), "INFO", kDispatcher, fmt::format("Job {} reached terminal state FAILED.", kJob));
  const std::string path = dir.Write("jobmanager.log", jm.text());
  const Analysis a = ScanInProcess({path});

  const auto failed_incidents = OfKind(a, "job_failed");
  EXPECT_EQ(failed_incidents.size(), 1u) << Describe(a);
  ASSERT_FALSE(failed_incidents.empty()) << Describe(a);
  const Incident& inc = *failed_incidents[0];
  EXPECT_EQ(inc.severity, "critical");
  ASSERT_TRUE(inc.root_cause.has_value());
  EXPECT_EQ(inc.root_cause->class_name, "java.lang.ArithmeticException");
  EXPECT_EQ(inc.root_cause->message, "/ by zero");
  EXPECT_EQ(inc.start, "2024-03-01T10:30:00.010");
  EXPECT_EQ(inc.end, "2024-03-01T10:30:00.050");
  EXPECT_TRUE(HasEvidence(inc, path, failing));
  EXPECT_TRUE(HasEvidence(inc, path, failed));
  EXPECT_TRUE(OfKind(a, "job_failover").empty()) << Describe(a);
  EXPECT_TRUE(OfKind(a, "task_failure").empty()) << Describe(a);
  const JobSummary* job = FindJob(a, kJob);
  ASSERT_NE(job, nullptr);
  EXPECT_EQ(job->final_state, "FAILED");
  EXPECT_EQ(job->restarts, 0u);
}

// The operator needs to know the restart strategy gave up (not a one-shot
// failure with restarts disabled by accident, or both): the incident says so.
TEST(Incidents, JobFailedWithSuppressedRecoveryStatesRestartsExhausted) {
  TempDir dir;
  SyntheticLog jm;
  jm.Add(Day("10:00:00,000"), "INFO", kExecutionGraph, JobLine("Ratios", "CREATED", "RUNNING"));
  jm.Add(Day("10:30:00,010"), "INFO", kExecutionGraph, JobLine("Ratios", "RUNNING", "FAILING"));
  AddSuppressedRecoveryTrace(jm);
  jm.Add(Day("10:30:00,050"), "INFO", kExecutionGraph, JobLine("Ratios", "FAILING", "FAILED"));
  AddSuppressedRecoveryTrace(jm);
  const Analysis a = ScanInProcess({dir.Write("jobmanager.log", jm.text())});
  const auto failed_incidents = OfKind(a, "job_failed");
  EXPECT_EQ(failed_incidents.size(), 1u) << Describe(a);
  ASSERT_FALSE(failed_incidents.empty()) << Describe(a);
  EXPECT_EQ(Fact(*failed_incidents[0], "restarts_exhausted"), "true") << Describe(a);
}

// A task failure before a terminal failure: one job_failed, rooted in the task's cause.
TEST(Incidents, TaskFailureFollowedByTerminalFailureIsOneJobFailed) {
  TempDir dir;
  SyntheticLog jm;
  jm.Add(Day("10:00:00,000"), "INFO", kExecutionGraph, JobLine("Ratios", "CREATED", "RUNNING"));
  jm.Add(Day("10:30:00,000"), "INFO", kExecutionGraph, JmTaskFailed("Window (1/1)", kAttempt1, "tm-host-1"));
  jm.More("java.lang.ArithmeticException: / by zero");
  jm.More("\tat com.example.RatioWindow.onTimer(RatioWindow.java:57) ~[ratios.jar:?]");
  jm.Add(Day("10:30:00,010"), "INFO", kExecutionGraph, JobLine("Ratios", "RUNNING", "FAILING"));
  AddSuppressedRecoveryTrace(jm);
  jm.Add(Day("10:30:00,050"), "INFO", kExecutionGraph, JobLine("Ratios", "FAILING", "FAILED"));
  AddSuppressedRecoveryTrace(jm);
  const Analysis a = ScanInProcess({dir.Write("jobmanager.log", jm.text())});
  const auto failed_incidents = OfKind(a, "job_failed");
  EXPECT_EQ(failed_incidents.size(), 1u) << Describe(a);
  ASSERT_FALSE(failed_incidents.empty()) << Describe(a);
  ASSERT_TRUE(failed_incidents[0]->root_cause.has_value());
  EXPECT_EQ(failed_incidents[0]->root_cause->class_name, "java.lang.ArithmeticException");
  EXPECT_EQ(Fact(*failed_incidents[0], "failed_task"), "Window (1/1)");
  EXPECT_EQ(a.incidents.size(), 1u) << Describe(a);
}

// Flink >= 1.16 attempt ids (<graph>_<vertex>_<subtask>_<attempt>): the JM
// and TM lines about one attempt are still one failure.
TEST(Incidents, JmAndTmLinesWithNewStyleAttemptIdAreOneFailure) {
  TempDir dir;
  const std::string attempt =
      "b4261ffe742ad92556738fcad2166ca0_cbc357ccb763df2852fee8c4fc7d55f2_2_140";
  SyntheticLog jm;
  jm.Add(Day("10:00:00,000"), "INFO", kExecutionGraph, JobLine("Events", "CREATED", "RUNNING"));
  jm.Add(Day("10:05:00,200"), "INFO", kExecutionGraph, JmTaskFailed("Source: events[1] (3/3)", attempt, "tm-host-3"));
  jm.More("java.lang.RuntimeException: One or more fetchers have encountered exception");
  jm.More("\tat org.apache.flink.connector.base.source.reader.fetcher.SplitFetcherManager.checkErrors("
          "SplitFetcherManager.java:261) ~[flink-connector-base-1.17.2.jar:1.17.2]");
  jm.Add(Day("10:05:00,300"), "INFO", kExecutionGraph, JobLine("Events", "RUNNING", "RESTARTING"));
  jm.Add(Day("10:05:01,300"), "INFO", kExecutionGraph, JobLine("Events", "RESTARTING", "RUNNING"));
  SyntheticLog tm;
  tm.Add(Day("10:05:00,100"), "WARN", kTask,
         fmt::format("Source: events[1] (3/3)#140 ({}) switched from RUNNING to FAILED with failure cause:", attempt));
  tm.More("java.lang.RuntimeException: One or more fetchers have encountered exception");
  tm.More("\tat org.apache.flink.connector.base.source.reader.fetcher.SplitFetcherManager.checkErrors("
          "SplitFetcherManager.java:261) ~[flink-connector-base-1.17.2.jar:1.17.2]");
  const Analysis a =
      ScanInProcess({dir.Write("jobmanager.log", jm.text()), dir.Write("taskmanager.log", tm.text())});
  ASSERT_EQ(OfKind(a, "job_failover").size(), 1u) << Describe(a);
  const JobSummary* job = FindJob(a, kJob);
  ASSERT_NE(job, nullptr);
  EXPECT_EQ(job->task_failures, 1u);
  EXPECT_EQ(Fact(*OfKind(a, "job_failover")[0], "failed_attempts"), "1");
}

constexpr std::string_view kContainer = "container_e10_1634010428940_0042_01_000003";

// The JobMaster and the ResourceManager both notice the heartbeat timeout,
// then YARN reports the container gone: one lost TaskManager.
TEST(Incidents, HeartbeatTimeoutAndWorkerTerminatedAreOneTaskManagerLost) {
  TempDir dir;
  SyntheticLog jm;
  jm.Add(Day("10:00:00,000"), "INFO", kExecutionGraph, JobLine("Orders", "CREATED", "RUNNING"));
  const uint64_t hb = jm.Add(Day("10:20:00,000"), "INFO", kJobMaster,
                             fmt::format("Heartbeat of TaskManager with id {}(worker7.example.com:45454) timed out.",
                                         kContainer));
  jm.Add(Day("10:20:00,050"), "INFO", kActiveResourceManager,
         fmt::format("The heartbeat of TaskManager with id {}(worker7.example.com:45454) timed out.", kContainer));
  const uint64_t terminated =
      jm.Add(Day("10:20:03,200"), "INFO", kActiveResourceManager,
             fmt::format("Worker {} is terminated. Diagnostics: Container released on a *lost* node", kContainer));
  jm.Add(Day("10:20:03,201"), "INFO", kActiveResourceManager,
         fmt::format("Closing TaskExecutor connection {} because: Container released on a *lost* node", kContainer));
  const std::string path = dir.Write("jobmanager.log", jm.text());
  const Analysis a = ScanInProcess({path});

  const auto lost = OfKind(a, "taskmanager_lost");
  ASSERT_EQ(lost.size(), 1u) << Describe(a);
  EXPECT_EQ(lost[0]->severity, "critical");
  ASSERT_TRUE(lost[0]->scope.container.has_value()) << Describe(a);
  EXPECT_EQ(*lost[0]->scope.container, kContainer);
  EXPECT_EQ(lost[0]->start, "2024-03-01T10:20:00.000");
  EXPECT_EQ(lost[0]->end, "2024-03-01T10:20:03.201");
  EXPECT_TRUE(HasEvidence(*lost[0], path, hb));
  EXPECT_TRUE(HasEvidence(*lost[0], path, terminated));
  EXPECT_EQ(lost[0]->diagnosis.cause, "taskmanager_lost");
}

TEST(Incidents, LossesOfTwoDifferentTaskManagersAreTwoIncidents) {
  TempDir dir;
  SyntheticLog jm;
  const std::string other = "container_e10_1634010428940_0042_01_000004";
  jm.Add(Day("10:20:00,000"), "INFO", kActiveResourceManager,
         fmt::format("Worker {} is terminated. Diagnostics: Container released on a *lost* node", kContainer));
  jm.Add(Day("10:20:00,500"), "INFO", kActiveResourceManager,
         fmt::format("Worker {} is terminated. Diagnostics: Container released on a *lost* node", other));
  const Analysis a = ScanInProcess({dir.Write("jobmanager.log", jm.text())});
  const auto lost = OfKind(a, "taskmanager_lost");
  ASSERT_EQ(lost.size(), 2u) << Describe(a);
  EXPECT_NE(lost[0]->scope.container, lost[1]->scope.container);
}

// The heartbeat timeout is also the cause the failed tasks carry: one
// failover diagnosed as a lost TaskManager, plus the one loss itself.
TEST(Incidents, HeartbeatTimeoutThatFailsTasksIsOneFailoverAndOneLoss) {
  TempDir dir;
  SyntheticLog jm;
  jm.Add(Day("10:00:00,000"), "INFO", kExecutionGraph, JobLine("Orders", "CREATED", "RUNNING"));
  jm.Add(Day("10:20:00,000"), "INFO", kActiveResourceManager,
         fmt::format("The heartbeat of TaskManager with id {}(worker7.example.com:45454) timed out.", kContainer));
  jm.Add(Day("10:20:00,010"), "INFO", kExecutionGraph,
         fmt::format("Map (1/2) ({}) switched from RUNNING to FAILED on {} @ worker7.example.com (dataPort=40023).",
                     kAttempt1, kContainer));
  jm.More(fmt::format("java.util.concurrent.TimeoutException: Heartbeat of TaskManager with id "
                      "{}(worker7.example.com:45454) timed out.",
                      kContainer));
  jm.More("\tat org.apache.flink.runtime.jobmaster.JobMaster$TaskManagerHeartbeatListener.notifyHeartbeatTimeout("
          "JobMaster.java:1371) ~[flink-dist-1.15.4.jar:1.15.4]");
  jm.Add(Day("10:20:00,020"), "INFO", kExecutionGraph,
         fmt::format("Map (2/2) ({}) switched from RUNNING to FAILED on {} @ worker7.example.com (dataPort=40023).",
                     kAttempt2, kContainer));
  jm.More(fmt::format("java.util.concurrent.TimeoutException: Heartbeat of TaskManager with id "
                      "{}(worker7.example.com:45454) timed out.",
                      kContainer));
  jm.More("\tat org.apache.flink.runtime.jobmaster.JobMaster$TaskManagerHeartbeatListener.notifyHeartbeatTimeout("
          "JobMaster.java:1371) ~[flink-dist-1.15.4.jar:1.15.4]");
  jm.Add(Day("10:20:00,030"), "INFO", kExecutionGraph, JobLine("Orders", "RUNNING", "RESTARTING"));
  jm.Add(Day("10:20:02,000"), "INFO", kActiveResourceManager,
         fmt::format("Worker {} is terminated. Diagnostics: Container released on a *lost* node", kContainer));
  jm.Add(Day("10:20:30,030"), "INFO", kExecutionGraph, JobLine("Orders", "RESTARTING", "RUNNING"));
  const Analysis a = ScanInProcess({dir.Write("jobmanager.log", jm.text())});

  const auto failovers = OfKind(a, "job_failover");
  ASSERT_EQ(failovers.size(), 1u) << Describe(a);
  EXPECT_EQ(failovers[0]->diagnosis.cause, "taskmanager_lost");
  ASSERT_TRUE(failovers[0]->scope.host.has_value());
  EXPECT_EQ(*failovers[0]->scope.host, "worker7.example.com");
  EXPECT_EQ(OfKind(a, "taskmanager_lost").size(), 1u) << Describe(a);
}

void AddNoResourceFailure(SyntheticLog& jm, std::string_view clock, std::string_view attempt) {
  jm.Add(Day(clock), "WARN", kSlotPool,
         "Could not acquire the minimum required resources, failing slot requests. Acquired: []. Current slot pool "
         "status: Registered TMs: 0, registered slots: 0 free slots: 0");
  jm.Add(Day(clock), "INFO", kExecutionGraph,
         fmt::format("Source: orders (1/1) ({}) switched from SCHEDULED to FAILED on [unassigned resource].",
                     attempt));
  jm.More("java.util.concurrent.CompletionException: "
          "org.apache.flink.runtime.jobmanager.scheduler.NoResourceAvailableException: Could not acquire the minimum "
          "required resources.");
  jm.More("\tat java.util.concurrent.CompletableFuture.encodeThrowable(CompletableFuture.java:292) ~[?:1.8.0_292]");
  jm.More("Caused by: org.apache.flink.runtime.jobmanager.scheduler.NoResourceAvailableException: Could not acquire "
          "the minimum required resources.");
  jm.More("\t... 30 more");
}

std::string Clock(int minute_of_day, int second) {
  return fmt::format("{:02d}:{:02d}:{:02d},000", minute_of_day / 60, minute_of_day % 60, second);
}

// Two shortage episodes two hours apart: each is one incident, however many
// lines (slot pool WARN, the failing attempt, its restarts) it has.
TEST(Incidents, ResourceShortageIsOneIncidentPerEpisode) {
  TempDir dir;
  SyntheticLog jm;
  jm.Add(Day("09:59:00,000"), "INFO", kExecutionGraph, JobLine("Orders", "CREATED", "RUNNING"));
  const std::string_view attempts[] = {kAttempt1, kAttempt2, kAttempt3};
  int n = 0;
  for (const int start_minute : {10 * 60, 12 * 60}) {
    for (int retry = 0; retry < 3; ++retry) {
      const std::string attempt = retry == 0 ? std::string(attempts[n % 3]) : fmt::format("{:032x}", 1000 + n);
      ++n;
      AddNoResourceFailure(jm, Clock(start_minute + retry, 0), attempt);
      jm.Add(Day(Clock(start_minute + retry, 1)), "INFO", kExecutionGraph, JobLine("Orders", "RUNNING", "RESTARTING"));
      jm.Add(Day(Clock(start_minute + retry, 11)), "INFO", kExecutionGraph, JobLine("Orders", "RESTARTING", "RUNNING"));
    }
  }
  const Analysis a = ScanInProcess({dir.Write("jobmanager.log", jm.text())});
  const auto shortages = OfKind(a, "resource_shortage");
  for (const Incident* inc : shortages) EXPECT_EQ(inc->job_id, kJob) << "not an attempt id: " << inc->title;
  ASSERT_EQ(shortages.size(), 2u) << Describe(a);
  EXPECT_EQ(shortages[0]->severity, "warning");
  EXPECT_EQ(shortages[0]->start, "2024-03-01T10:00:00.000");
  EXPECT_EQ(shortages[1]->start, "2024-03-01T12:00:00.000");
}

// A shortage that goes on for half an hour (a restart attempt every minute,
// never more than a minute between lines) is still one episode.
TEST(Incidents, ContinuousResourceShortageOverHalfAnHourIsOneIncident) {
  TempDir dir;
  SyntheticLog jm;
  jm.Add(Day("09:59:00,000"), "INFO", kExecutionGraph, JobLine("Orders", "CREATED", "RUNNING"));
  for (int minute = 0; minute < 30; ++minute) {
    AddNoResourceFailure(jm, Clock(10 * 60 + minute, 0), fmt::format("{:032x}", 5000 + minute));
    jm.Add(Day(Clock(10 * 60 + minute, 1)), "INFO", kExecutionGraph, JobLine("Orders", "RUNNING", "RESTARTING"));
    jm.Add(Day(Clock(10 * 60 + minute, 11)), "INFO", kExecutionGraph, JobLine("Orders", "RESTARTING", "RUNNING"));
  }
  const Analysis a = ScanInProcess({dir.Write("jobmanager.log", jm.text())});
  EXPECT_EQ(OfKind(a, "resource_shortage").size(), 1u) << Describe(a);
}

// Negative control: a job that starts, checkpoints quickly and finishes has
// nothing to report.
TEST(Incidents, CleanLifecycleHasNoIncidents) {
  TempDir dir;
  SyntheticLog jm;
  jm.Add(Day("10:00:00,000"), "INFO", kExecutionGraph, JobLine("Orders", "CREATED", "RUNNING"));
  jm.Add(Day("10:00:00,100"), "INFO", kExecutionGraph,
         fmt::format("Map (1/1) ({}) switched from SCHEDULED to DEPLOYING.", kAttempt1));
  jm.Add(Day("10:00:00,200"), "INFO", kExecutionGraph,
         fmt::format("Map (1/1) ({}) switched from DEPLOYING to INITIALIZING.", kAttempt1));
  jm.Add(Day("10:00:00,300"), "INFO", kExecutionGraph,
         fmt::format("Map (1/1) ({}) switched from INITIALIZING to RUNNING.", kAttempt1));
  int64_t epoch = 1709287210000;  // 2024-03-01T10:00:10Z: this log is in UTC
  for (int id = 1; id <= 5; ++id) {
    jm.Add(Day(fmt::format("10:00:{:02d},004", id * 10)), "INFO", kCheckpointCoordinator,
           fmt::format("Triggering checkpoint {} (type=CheckpointType{{name='Checkpoint', "
                       "sharingFilesStrategy=FORWARD_BACKWARD}}) @ {} for job {}.",
                       id, epoch, kJob));
    jm.Add(Day(fmt::format("10:00:{:02d},090", id * 10)), "INFO", kCheckpointCoordinator,
           fmt::format("Completed checkpoint {} for job {} (8338 bytes, checkpointDuration=72 ms, "
                       "finalizationTime=12 ms).",
                       id, kJob));
    epoch += 10'000;
  }
  jm.Add(Day("10:01:00,000"), "INFO", kExecutionGraph,
         fmt::format("Map (1/1) ({}) switched from RUNNING to FINISHED.", kAttempt1));
  jm.Add(Day("10:01:00,100"), "INFO", kExecutionGraph, JobLine("Orders", "RUNNING", "FINISHED"));
  jm.Add(Day("10:01:00,200"), "INFO", kDispatcher, fmt::format("Job {} reached terminal state FINISHED.", kJob));
  const Analysis a = ScanInProcess({dir.Write("jobmanager.log", jm.text())});

  EXPECT_TRUE(a.incidents.empty()) << Describe(a);
  EXPECT_EQ(a.checkpoints.completed, 5u);
  EXPECT_EQ(a.checkpoints.failed, 0u);
  EXPECT_EQ(a.checkpoints.pending, 0u);
  const JobSummary* job = FindJob(a, kJob);
  ASSERT_NE(job, nullptr);
  EXPECT_EQ(job->final_state, "FINISHED");
  EXPECT_EQ(job->restarts, 0u);
  EXPECT_EQ(job->task_failures, 0u);
  ASSERT_EQ(a.inputs.size(), 1u);
  EXPECT_EQ(a.inputs[0].tz_source, "epoch");
}

// Since 1.9 a pipelined region restarts on its own: the job stays RUNNING,
// only "N tasks should be restarted …" and the region's tasks say so.
TEST(Incidents, RegionFailoverWithoutJobRestartIsAFailoverThatRecovers) {
  TempDir dir;
  SyntheticLog jm;
  jm.Add(Day("10:00:00,000"), "INFO", kExecutionGraph, JobLine("Orders", "CREATED", "RUNNING"));
  jm.Add(Day("10:05:00,200"), "INFO", kExecutionGraph, JmTaskFailed("Map (1/2)", kAttempt1, "tm-host-1"));
  jm.More("java.lang.IllegalArgumentException: negative amount");
  jm.More("\tat com.example.Amounts.check(Amounts.java:9) ~[orders.jar:?]");
  jm.Add(Day("10:05:00,210"), "INFO", kRegionFailover,
         "Calculating tasks to restart to recover the failed task cbc357ccb763df2852fee8c4fc7d55f2_0.");
  jm.Add(Day("10:05:00,211"), "INFO", kRegionFailover,
         "2 tasks should be restarted to recover the failed task cbc357ccb763df2852fee8c4fc7d55f2_0.");
  jm.Add(Day("10:05:00,220"), "INFO", kExecutionGraph,
         fmt::format("Sink: out (1/2) ({}) switched from RUNNING to CANCELING.", kAttempt2));
  jm.Add(Day("10:05:00,240"), "INFO", kExecutionGraph,
         fmt::format("Sink: out (1/2) ({}) switched from CANCELING to CANCELED.", kAttempt2));
  jm.Add(Day("10:05:01,300"), "INFO", kExecutionGraph,
         fmt::format("Map (1/2) ({}) switched from DEPLOYING to INITIALIZING.", kAttempt3));
  jm.Add(Day("10:05:01,400"), "INFO", kExecutionGraph,
         fmt::format("Map (1/2) ({}) switched from INITIALIZING to RUNNING.", kAttempt3));
  const Analysis a = ScanInProcess({dir.Write("jobmanager.log", jm.text())});

  const auto failovers = OfKind(a, "job_failover");
  ASSERT_EQ(failovers.size(), 1u) << Describe(a);
  EXPECT_EQ(failovers[0]->severity, "critical");
  EXPECT_EQ(Fact(*failovers[0], "tasks_restarted"), "2");
  EXPECT_TRUE(OfKind(a, "task_failure").empty()) << Describe(a);
  const JobSummary* job = FindJob(a, kJob);
  ASSERT_NE(job, nullptr);
  EXPECT_EQ(job->restarts, 1u) << "restarts count region failovers too";
  EXPECT_EQ(job->final_state, "RUNNING");
  // The job never stopped and the failed subtask runs again: not "not running again".
  EXPECT_NE(Fact(*failovers[0], "recovered"), "false") << failovers[0]->title;
}

// A session cluster runs several jobs: one job's failover is not another's.
TEST(Incidents, FailoverIsAttributedToItsOwnJobOnly) {
  TempDir dir;
  constexpr std::string_view kOtherJob = "a12c04ac7f5d8418d8ab27931bf517b7";
  SyntheticLog jm;
  jm.Add(Day("10:00:00,000"), "INFO", kExecutionGraph, JobLine("Orders", "CREATED", "RUNNING"));
  jm.Add(Day("10:00:01,000"), "INFO", kExecutionGraph,
         fmt::format("Job Payments ({}) switched from state CREATED to RUNNING.", kOtherJob));
  jm.Add(Day("10:05:00,200"), "INFO", kExecutionGraph,
         fmt::format("Charge (1/1) ({}) switched from RUNNING to FAILED on 10.0.0.7:41234-abc123 @ tm-host-1 "
                     "(dataPort=41235).",
                     kAttempt1));
  jm.More("java.lang.IllegalStateException: card processor unavailable");
  jm.Add(Day("10:05:00,300"), "INFO", kExecutionGraph,
         fmt::format("Job Payments ({}) switched from state RUNNING to RESTARTING.", kOtherJob));
  jm.Add(Day("10:05:10,300"), "INFO", kExecutionGraph,
         fmt::format("Job Payments ({}) switched from state RESTARTING to RUNNING.", kOtherJob));
  const Analysis a = ScanInProcess({dir.Write("jobmanager.log", jm.text())});

  const auto failovers = OfKind(a, "job_failover");
  ASSERT_EQ(failovers.size(), 1u) << Describe(a);
  EXPECT_EQ(failovers[0]->job_id, kOtherJob);
  ASSERT_TRUE(failovers[0]->root_cause.has_value());
  EXPECT_EQ(failovers[0]->root_cause->class_name, "java.lang.IllegalStateException");
  const JobSummary* orders = FindJob(a, kJob);
  const JobSummary* payments = FindJob(a, kOtherJob);
  ASSERT_NE(orders, nullptr);
  ASSERT_NE(payments, nullptr);
  EXPECT_EQ(orders->restarts, 0u);
  EXPECT_EQ(payments->restarts, 1u);
  EXPECT_EQ(payments->name, "Payments");
}

// A user cancelling a job is not a failure.
TEST(Incidents, UserCancelHasNoIncidents) {
  TempDir dir;
  SyntheticLog jm;
  jm.Add(Day("10:00:00,000"), "INFO", kExecutionGraph, JobLine("Orders", "CREATED", "RUNNING"));
  jm.Add(Day("11:00:00,000"), "INFO", kExecutionGraph, JobLine("Orders", "RUNNING", "CANCELLING"));
  jm.Add(Day("11:00:00,010"), "INFO", kExecutionGraph,
         fmt::format("Map (1/1) ({}) switched from RUNNING to CANCELING.", kAttempt1));
  jm.Add(Day("11:00:00,090"), "INFO", kExecutionGraph,
         fmt::format("Map (1/1) ({}) switched from CANCELING to CANCELED.", kAttempt1));
  jm.Add(Day("11:00:00,100"), "INFO", kExecutionGraph, JobLine("Orders", "CANCELLING", "CANCELED"));
  const Analysis a = ScanInProcess({dir.Write("jobmanager.log", jm.text())});
  EXPECT_TRUE(a.incidents.empty()) << Describe(a);
  const JobSummary* job = FindJob(a, kJob);
  ASSERT_NE(job, nullptr);
  EXPECT_EQ(job->final_state, "CANCELED");
}

// Quirk 12: the adaptive scheduler rescales by cancelling and redeploying;
// no exception anywhere. That is a rescale (info), not a failure.
TEST(Incidents, AdaptiveRescaleIsInfoNotAFailure) {
  TempDir dir;
  SyntheticLog jm;
  jm.Add(Day("10:00:00,000"), "INFO", kExecutionGraph, JobLine("Orders", "CREATED", "RUNNING"));
  jm.Add(Day("10:30:00,000"), "INFO", "org.apache.flink.runtime.scheduler.adaptive.DefaultStateTransitionManager",
         "Transitioning from Stabilizing to Transitioning.");
  jm.Add(Day("10:30:00,010"), "INFO", kExecutionGraph, JobLine("Orders", "RUNNING", "CANCELLING"));
  jm.Add(Day("10:30:00,020"), "INFO", kExecutionGraph,
         fmt::format("Map (1/2) ({}) switched from RUNNING to CANCELING.", kAttempt1));
  jm.Add(Day("10:30:00,090"), "INFO", kExecutionGraph,
         fmt::format("Map (1/2) ({}) switched from CANCELING to CANCELED.", kAttempt1));
  jm.Add(Day("10:30:00,100"), "INFO", kExecutionGraph, JobLine("Orders", "CANCELLING", "CANCELED"));
  jm.Add(Day("10:30:01,000"), "INFO", kExecutionGraph, JobLine("Orders", "CREATED", "RUNNING"));
  const Analysis a = ScanInProcess({dir.Write("jobmanager.log", jm.text())});
  ASSERT_EQ(OfKind(a, "rescale").size(), 1u) << Describe(a);
  EXPECT_EQ(OfKind(a, "rescale")[0]->severity, "info");
  for (const Incident& inc : a.incidents) EXPECT_EQ(inc.severity, "info") << Describe(a);
  const JobSummary* job = FindJob(a, kJob);
  ASSERT_NE(job, nullptr);
  EXPECT_EQ(job->final_state, "RUNNING");
}

// The same failure 100 times (a poll loop, a retrying sink) is one row of
// the exception table: numbers, addresses and ids in the message differ.
TEST(Incidents, ExceptionTableGroupsIdenticalFailuresDifferingOnlyInNumbersAndIds) {
  TempDir dir;
  SyntheticLog tm;
  for (int i = 0; i < 100; ++i) {
    tm.Add(Day(fmt::format("10:{:02d}:{:02d},{:03d}", i / 60, i % 60, i)), "WARN", kKafkaReader,
           fmt::format("Failed to commit consumer offsets for checkpoint {}", 1200 + i));
    tm.More(fmt::format("org.apache.kafka.clients.consumer.RetriableCommitFailedException: Offset commit failed "
                        "with a retriable exception. You should retry committing the latest consumed offsets."));
    tm.More("\tat org.apache.kafka.clients.consumer.internals.ConsumerCoordinator$OffsetCommitResponseHandler.handle("
            "ConsumerCoordinator.java:1250) ~[kafka-clients-3.2.3.jar:?]");
    tm.More(fmt::format("Caused by: org.apache.kafka.common.errors.TimeoutException: Request {} to node "
                        "10.0.{}.{}:9092 (id: {} rack: null) for group orders-{:016x} timed out after {} ms",
                        9000 + i * 7, i % 4, 10 + i, 1000 + i % 3, 0x5f3a9c2e00000000ULL + 7919ULL * (i + 1),
                        30000 + i));
    tm.More("\t... 12 more");
  }
  for (int i = 0; i < 3; ++i) {
    tm.Add(Day(fmt::format("11:00:0{},000", i)), "ERROR", "org.apache.flink.runtime.taskexecutor.TaskExecutor",
           "Could not send heartbeat to the ResourceManager.");
    tm.More("java.lang.IllegalStateException: Not connected to the ResourceManager");
  }
  const Analysis a = ScanInProcess({dir.Write("taskmanager.log", tm.text())});

  ASSERT_GE(a.exceptions.size(), 2u);
  const ExceptionSummary& top = a.exceptions[0];
  EXPECT_EQ(top.count, 100u);
  EXPECT_EQ(top.class_name, "org.apache.kafka.clients.consumer.RetriableCommitFailedException");
  EXPECT_EQ(top.root_class, "org.apache.kafka.common.errors.TimeoutException");
  EXPECT_EQ(top.first_time, "2024-03-01T10:00:00.000");
  EXPECT_EQ(top.last_time, "2024-03-01T10:01:39.099");
  EXPECT_EQ(top.first_line, 1u);
  EXPECT_EQ(a.exceptions[1].count, 3u);
  EXPECT_EQ(a.exceptions[1].class_name, "java.lang.IllegalStateException");
  EXPECT_EQ(a.exceptions.size(), 2u);
}

}  // namespace
}  // namespace flinkscan
