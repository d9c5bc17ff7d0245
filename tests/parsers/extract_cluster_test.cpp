#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <string_view>

#include "parsers/event.h"
#include "parsers/extractor.h"
#include "tests/parsers/record_extraction.h"

namespace flinkscan {
namespace {

using testing::MakeRecordWithOptionalHeader;

// Cluster records include headerless ones (YARN container diagnostics, JSON
// lines, stdout traces), so here a missing header is not a test failure.
Event MustExtract(EventKind kind, std::string_view text) {
  return testing::MustExtractFrom(kind, MakeRecordWithOptionalHeader(text));
}

bool Rejects(EventKind kind, std::string_view text) {
  Event event;
  return !ExtractEvent(kind, MakeRecordWithOptionalHeader(text), event).ok();
}

std::string Field(const Event& event, std::string_view name) {
  return EventField(event, name).value_or("<unset>");
}

// samples-real/jm-k8s-worker-pod-oomkilled-exit137.log, lines 1-3.
constexpr std::string_view kAkkaAssociation =
    "2022-05-19 17:46:40,102 WARN  akka.remote.ReliableDeliverySupervisor                       [] - Association with remote system [akka.tcp://flink@10.73.131.241:6122] has failed, address is now gated for [50] ms. Reason: [Association failed with [akka.tcp://flink@10.73.131.241:6122]] Caused by: [java.net.ConnectException: Connection refused: /10.73.131.241:6122]";
constexpr std::string_view kK8sWorkerTerminated =
    "2022-05-19 17:46:40,261 WARN  org.apache.flink.runtime.resourcemanager.active.ActiveResourceManager [] - Worker flink-4760-1652949469041-taskmanager-1-3 is terminated. Diagnostics: Pod terminated, container termination statuses: [flink-task-manager(exitCode=137, reason=OOMKilled, message=null)], pod status: Failed(reason=null, message=null)";
constexpr std::string_view kK8sClosingConnection =
    "2022-05-19 17:46:40,262 WARN  org.apache.flink.runtime.resourcemanager.active.ActiveResourceManager [] - Closing TaskExecutor connection flink-4760-1652949469041-taskmanager-1-3 because: Pod terminated, container termination statuses: [flink-task-manager(exitCode=137, reason=OOMKilled, message=null)], pod status: Failed(reason=null, message=null)";

// samples-real/jm-yarn-worker-terminated-pmem-exceeded-flink1121.log (whole file).
constexpr std::string_view kYarnPmemWorker =
    "2021-12-06 00:16:36,280 INFO  org.apache.flink.runtime.resourcemanager.active.ActiveResourceManager [] - Worker container_e10_1634010428940_125776_01_000003 is terminated. Diagnostics: Container [pid=122806,containerID=container_e10_1634010428940_125776_01_000003] is running beyond physical memory limits. Current usage: 4.0 GB of 4 GB physical memory used; 6.2 GB of 8.4 GB virtual memory used. Killing container.\n"
    "Dump of the process-tree for container_e10_1634010428940_125776_01_000003 :\n"
    "\t|- PID PPID PGRPID SESSID CMD_NAME USER_MODE_TIME(MILLIS) SYSTEM_TIME(MILLIS) VMEM_USAGE(BYTES) RSSMEM_USAGE(PAGES) FULL_CMD_LINE\n"
    "\t|- 122920 122806 122806 122806 (java) 1926809 110163 6567804928 1048262 /usr/local/jdk8/bin/java -Xmx2383706830 -Xms2383706830 -XX:MaxDirectMemorySize=493921243 -XX:MaxMetaspaceSize=268435456 ";

// samples-real/yarn-container-diagnostics-exit-103-killed-143.txt, lines 1-3, 5 and 6.
constexpr std::string_view kYarnMarkedFailed =
    "Container container_e07_1669378398064_0904_01_000002 marked as failed.\n"
    " Exit code:-103.\n"
    " Diagnostics: org.apache.hudi.org.openjdk.jol.vm.sa.AttachMain ";
constexpr std::string_view kYarnKilledOnRequest =
    "[2023-08-01 18:17:56.141]Container killed on request. Exit code is 143";
constexpr std::string_view kYarnNonZeroExit =
    "[2023-08-01 18:17:56.149]Container exited with a non-zero exit code 143. ";

// samples-real/jm-json-log4j2-jsonlayout-k8s-flink1112.log, line 1 (cut after the thrown message).
constexpr std::string_view kJsonRemoteTaskManager =
    "{\"thread\":\"flink-akka.actor.default-dispatcher-9923\",\"level\":\"INFO\",\"loggerName\":\"org.apache.flink.runtime.executiongraph.ExecutionGraph\",\"message\":\"INDEX_MESSAGE_KEYED_PROCESSOR -> SECURITY_MAPPING_PROCESSOR -> Sink: SECURITY_MAPPING_SINK (2/10) (f682d65339f1ae8ed4d3cf8732b0300e) switched from RUNNING to FAILED on org.apache.flink.runtime.jobmaster.slotpool.SingleLogicalSlot@6929f626.\",\"thrown\":{\"commonElementCount\":0,\"localizedMessage\":\"Connection unexpectedly closed by remote task manager '10.57.3.239/10.57.3.239:41885'. This might indicate that the remote task manager was lost.\",";

TEST(ExtractCluster, K8sPodOomKilledWorker) {
  const Event e = MustExtract(EventKind::kWorkerTerminated, kK8sWorkerTerminated);
  EXPECT_EQ(Field(e, "taskmanager_id"), "flink-4760-1652949469041-taskmanager-1-3");
  EXPECT_EQ(Field(e, "pod"), "flink-4760-1652949469041-taskmanager-1-3");
  EXPECT_EQ(Field(e, "container_id"), "<unset>");
  EXPECT_EQ(Field(e, "exit_code"), "137");
  EXPECT_EQ(Field(e, "oom_kind"), "pod_oomkilled");
  EXPECT_EQ(Field(e, "reason"),
            "Pod terminated, container termination statuses: [flink-task-manager(exitCode=137, reason=OOMKilled, "
            "message=null)], pod status: Failed(reason=null, message=null)");
  EXPECT_EQ(e.level, Level::kWarn);
  EXPECT_FALSE(e.exception.present);
}

TEST(ExtractCluster, K8sClosingTaskExecutorConnection) {
  const Event e = MustExtract(EventKind::kWorkerTerminated, kK8sClosingConnection);
  EXPECT_EQ(Field(e, "taskmanager_id"), "flink-4760-1652949469041-taskmanager-1-3");
  EXPECT_EQ(Field(e, "pod"), "flink-4760-1652949469041-taskmanager-1-3");
  EXPECT_EQ(Field(e, "exit_code"), "137");
  EXPECT_EQ(Field(e, "oom_kind"), "pod_oomkilled");
  EXPECT_EQ(Field(e, "reason").substr(0, 15), "Pod terminated,");
}

TEST(ExtractCluster, AkkaAssociationFailed) {
  const Event e = MustExtract(EventKind::kTaskManagerUnreachable, kAkkaAssociation);
  EXPECT_EQ(Field(e, "host"), "10.73.131.241");
  EXPECT_EQ(Field(e, "location"), "akka.tcp://flink@10.73.131.241:6122");
  EXPECT_EQ(Field(e, "reason"), "association failed");
  const Event pekko = MustExtract(
      EventKind::kTaskManagerUnreachable,
      "2024-01-02 03:04:05,678 WARN  org.apache.pekko.remote.ReliableDeliverySupervisor [] - Association with "
      "remote system [pekko.tcp://flink@tm-1.example:6122] has failed, address is now gated for [50] ms.");
  EXPECT_EQ(Field(pekko, "host"), "tm-1.example");
}

TEST(ExtractCluster, YarnPmemWorkerTerminated) {
  const Event e = MustExtract(EventKind::kWorkerTerminated, kYarnPmemWorker);
  EXPECT_EQ(Field(e, "taskmanager_id"), "container_e10_1634010428940_125776_01_000003");
  EXPECT_EQ(Field(e, "container_id"), "container_e10_1634010428940_125776_01_000003");
  EXPECT_EQ(Field(e, "pod"), "<unset>");
  EXPECT_EQ(Field(e, "oom_kind"), "container_pmem");
  EXPECT_EQ(Field(e, "exit_code"), "<unset>");
  EXPECT_EQ(Field(e, "reason").substr(0, 34), "Container [pid=122806,containerID=");
  EXPECT_FALSE(e.exception.present);  // the process-tree dump is not a stack trace
  EXPECT_EQ(e.time.ms, 1638749796280);
}

TEST(ExtractCluster, YarnPmemAsOutOfMemory) {
  const Event e = MustExtract(EventKind::kOutOfMemory, kYarnPmemWorker);
  EXPECT_EQ(Field(e, "oom_kind"), "container_pmem");
  EXPECT_EQ(Field(e, "container_id"), "container_e10_1634010428940_125776_01_000003");
  EXPECT_EQ(Field(e, "reason"),
            "4.0 GB of 4 GB physical memory used; 6.2 GB of 8.4 GB virtual memory used. Killing container.");
  EXPECT_EQ(Field(e, "taskmanager_id"), "container_e10_1634010428940_125776_01_000003");
}

TEST(ExtractCluster, K8sOomKilledAsOutOfMemory) {
  const Event e = MustExtract(EventKind::kOutOfMemory, kK8sWorkerTerminated);
  EXPECT_EQ(Field(e, "oom_kind"), "pod_oomkilled");
  EXPECT_EQ(Field(e, "pod"), "flink-4760-1652949469041-taskmanager-1-3");
  EXPECT_EQ(Field(e, "taskmanager_id"), "flink-4760-1652949469041-taskmanager-1-3");
  EXPECT_EQ(Field(e, "exit_code"), "137");
  EXPECT_EQ(Field(e, "reason"), "OOMKilled");
  const Event closing = MustExtract(EventKind::kOutOfMemory, kK8sClosingConnection);
  EXPECT_EQ(Field(closing, "pod"), "flink-4760-1652949469041-taskmanager-1-3");
}

TEST(ExtractCluster, WorkerTerminatedWithYarnStatusDiagnostics) {
  // Flink passes YARN's container status on: "Container … marked as failed.\n Exit code:-103.\n Diagnostics: …"
  const Event e = MustExtract(
      EventKind::kWorkerTerminated,
      "2023-08-01 18:17:57,000 INFO  org.apache.flink.runtime.resourcemanager.active.ActiveResourceManager [] - "
      "Worker container_e07_1669378398064_0904_01_000002 is terminated. Diagnostics: Container "
      "container_e07_1669378398064_0904_01_000002 marked as failed.\n"
      " Exit code:-103.\n"
      " Diagnostics: [2023-08-01 18:17:56.141]Container killed on request. Exit code is 143\n"
      "[2023-08-01 18:17:56.149]Container exited with a non-zero exit code 143. ");
  EXPECT_EQ(Field(e, "container_id"), "container_e07_1669378398064_0904_01_000002");
  EXPECT_EQ(Field(e, "exit_code"), "-103");
  EXPECT_EQ(Field(e, "oom_kind"), "container_vmem");
  EXPECT_EQ(Field(e, "reason"), "Container container_e07_1669378398064_0904_01_000002 marked as failed.");
}

TEST(ExtractCluster, YarnContainerMarkedAsFailed) {
  const Event e = MustExtract(EventKind::kContainerExit, kYarnMarkedFailed);
  EXPECT_EQ(Field(e, "container_id"), "container_e07_1669378398064_0904_01_000002");
  EXPECT_EQ(Field(e, "exit_code"), "-103");
  EXPECT_EQ(Field(e, "oom_kind"), "container_vmem");
  EXPECT_EQ(Field(e, "reason"), "Container container_e07_1669378398064_0904_01_000002 marked as failed.");
}

TEST(ExtractCluster, YarnBracketedExitLines) {
  const Event killed = MustExtract(EventKind::kContainerExit, kYarnKilledOnRequest);
  EXPECT_EQ(Field(killed, "exit_code"), "143");
  EXPECT_EQ(Field(killed, "reason"), "Container killed on request. Exit code is 143");
  EXPECT_EQ(Field(killed, "container_id"), "<unset>");
  EXPECT_EQ(Field(killed, "oom_kind"), "<unset>");
  const Event exited = MustExtract(EventKind::kContainerExit, kYarnNonZeroExit);
  EXPECT_EQ(Field(exited, "exit_code"), "143");
  EXPECT_EQ(Field(exited, "reason"), "Container exited with a non-zero exit code 143.");
}

TEST(ExtractCluster, ContainerLaunchFailed) {
  const Event e = MustExtract(EventKind::kContainerLaunchFailed,
                              "Exception from container-launch.\n"
                              "Container id: container_e02_1620000000000_0001_01_000002\n"
                              "Exit code: 239\n"
                              "Stack trace: ExitCodeException exitCode=239:");
  EXPECT_EQ(Field(e, "container_id"), "container_e02_1620000000000_0001_01_000002");
  EXPECT_EQ(Field(e, "exit_code"), "239");
  EXPECT_TRUE(Rejects(EventKind::kContainerLaunchFailed, kYarnKilledOnRequest));
}

TEST(ExtractCluster, RemoteTaskManagerInJsonMessage) {
  const Event e = MustExtract(EventKind::kTaskManagerUnreachable, kJsonRemoteTaskManager);
  EXPECT_EQ(Field(e, "host"), "10.57.3.239");
  EXPECT_EQ(Field(e, "location"), "10.57.3.239/10.57.3.239:41885");
}

TEST(ExtractCluster, RemoteTransportExceptionAsCause) {
  const Event e = MustExtract(
      EventKind::kTaskManagerUnreachable,
      "2021-03-01 10:00:00,000 INFO  org.apache.flink.runtime.executiongraph.ExecutionGraph       [] - Map (1/2) "
      "(0123456789abcdef0123456789abcdef) switched from RUNNING to FAILED on tm-3 @ host-3 (dataPort=40001).\n"
      "org.apache.flink.runtime.io.network.netty.exception.RemoteTransportException: Connection unexpectedly "
      "closed by remote task manager '/10.0.0.7:40001'. This might indicate that the remote task manager was "
      "lost.\n"
      "\tat org.apache.flink.runtime.io.network.netty.CreditBasedPartitionRequestClientHandler.channelInactive("
      "CreditBasedPartitionRequestClientHandler.java:160) ~[flink-dist_2.11-1.12.2.jar:1.12.2]");
  EXPECT_EQ(Field(e, "host"), "10.0.0.7");
  EXPECT_EQ(Field(e, "root_class"), "org.apache.flink.runtime.io.network.netty.exception.RemoteTransportException");
}

TEST(ExtractCluster, NoLongerReachable) {
  const Event e = MustExtract(
      EventKind::kTaskManagerUnreachable,
      "2022-01-25 22:57:48,250 INFO  org.apache.flink.runtime.jobmaster.JobMaster                 [] - "
      "Disconnect TaskExecutor container_1642990216503_0004_01_000013(bdnode102.hjq.com:46324) because: "
      "TaskManager with id container_1642990216503_0004_01_000013(bdnode102.hjq.com:46324) is no longer "
      "reachable.");
  EXPECT_EQ(Field(e, "taskmanager_id"), "container_1642990216503_0004_01_000013");
  EXPECT_EQ(Field(e, "container_id"), "container_1642990216503_0004_01_000013");
  EXPECT_EQ(Field(e, "host"), "bdnode102.hjq.com");
  EXPECT_TRUE(Rejects(EventKind::kTaskManagerUnreachable, kK8sWorkerTerminated));
}

TEST(ExtractCluster, HeartbeatTimeouts) {
  // ≤1.11 ResourceManager: two spaces before "timed out" (log4j1 line, unwrapped).
  constexpr std::string_view kOld =
      "2018-08-07 05:43:13,867 INFO  org.apache.flink.runtime.resourcemanager.StandaloneResourceManager  - "
      "Closing TaskExecutor connection 2689b4542574aeffb6c1568a130908c2 because: The heartbeat of TaskManager "
      "with id 2689b4542574aeffb6c1568a130908c2  timed out.";
  const Event old = MustExtract(EventKind::kHeartbeatTimeout, kOld);
  EXPECT_EQ(Field(old, "reason"), "TaskManager");
  EXPECT_EQ(Field(old, "taskmanager_id"), "2689b4542574aeffb6c1568a130908c2");
  const Event closing = MustExtract(EventKind::kWorkerTerminated, kOld);
  EXPECT_EQ(Field(closing, "taskmanager_id"), "2689b4542574aeffb6c1568a130908c2");
  EXPECT_EQ(Field(closing, "reason"),
            "The heartbeat of TaskManager with id 2689b4542574aeffb6c1568a130908c2  timed out.");
  EXPECT_EQ(Field(closing, "exit_code"), "<unset>");

  const Event jm = MustExtract(EventKind::kHeartbeatTimeout,
                               "2021-03-01 10:00:00,000 INFO  org.apache.flink.runtime.taskexecutor.TaskExecutor "
                               "[] - The heartbeat of JobManager with id 5a09018a62b24958656d354f31556d5d timed "
                               "out.");
  EXPECT_EQ(Field(jm, "reason"), "JobManager");
  EXPECT_EQ(Field(jm, "taskmanager_id"), "5a09018a62b24958656d354f31556d5d");

  const Event rm = MustExtract(EventKind::kHeartbeatTimeout,
                               "2021-03-01 10:00:00,000 INFO  org.apache.flink.runtime.taskexecutor.TaskExecutor "
                               "[] - The heartbeat of ResourceManager with id 0a448493b4782967b150582570326227 "
                               "timed out.");
  EXPECT_EQ(Field(rm, "reason"), "ResourceManager");

  // ≥1.12 JobMaster cause with metadata, on a continuation line.
  const Event cause = MustExtract(
      EventKind::kHeartbeatTimeout,
      "2021-03-01 10:00:00,000 INFO  org.apache.flink.runtime.executiongraph.ExecutionGraph       [] - Job x "
      "(5a09018a62b24958656d354f31556d5d) switched from state RUNNING to RESTARTING.\n"
      "java.util.concurrent.TimeoutException: Heartbeat of TaskManager with id "
      "container_e10_1634010428940_125776_01_000003(node-7.example:43231) timed out.\n"
      "\tat org.apache.flink.runtime.jobmaster.JobMaster$TaskManagerHeartbeatListener.notifyHeartbeatTimeout("
      "JobMaster.java:1299) ~[flink-dist_2.12-1.12.1.jar:1.12.1]");
  EXPECT_EQ(Field(cause, "taskmanager_id"), "container_e10_1634010428940_125776_01_000003");
  EXPECT_EQ(Field(cause, "container_id"), "container_e10_1634010428940_125776_01_000003");
  EXPECT_EQ(Field(cause, "host"), "node-7.example");
  EXPECT_EQ(Field(cause, "root_class"), "java.util.concurrent.TimeoutException");

  EXPECT_TRUE(Rejects(EventKind::kHeartbeatTimeout, "2021-03-01 10:00:00,000 INFO  a.B [] - heartbeat of nobody"));
}

TEST(ExtractCluster, TaskManagerRegistered) {
  const Event yarn = MustExtract(
      EventKind::kTaskManagerRegistered,
      "2022-01-25 22:57:48,250 INFO  org.apache.flink.runtime.resourcemanager.active.ActiveResourceManager [] - "
      "Registering TaskManager with ResourceID container_1642990216503_0004_01_000013(bdnode102.hjq.com:46324) "
      "(akka.tcp://flink@bdnode102.hjq.com:40342/user/rpc/taskmanager_0) at ResourceManager");
  EXPECT_EQ(Field(yarn, "taskmanager_id"), "container_1642990216503_0004_01_000013");
  EXPECT_EQ(Field(yarn, "host"), "bdnode102.hjq.com");
  const Event standalone = MustExtract(
      EventKind::kTaskManagerRegistered,
      "2020-04-18 11:42:45,858 INFO  org.apache.flink.runtime.resourcemanager.StandaloneResourceManager  - "
      "Registering TaskManager with ResourceID ddf441898e05993ca96163409ecde9b3 "
      "(akka.tcp://flink@127.0.0.1:49813/user/taskmanager_0) at ResourceManager");
  EXPECT_EQ(Field(standalone, "taskmanager_id"), "ddf441898e05993ca96163409ecde9b3");
  EXPECT_EQ(Field(standalone, "host"), "127.0.0.1");
  const Event local = MustExtract(
      EventKind::kTaskManagerRegistered,
      "15:33:57,393 INFO  org.apache.flink.runtime.resourcemanager.StandaloneResourceManager [] - Registering "
      "TaskManager with ResourceID a7c681c7-48a2-4491-803a-535036a51fcb (akka://flink/user/rpc/taskmanager_0) at "
      "ResourceManager");
  EXPECT_EQ(Field(local, "taskmanager_id"), "a7c681c7-48a2-4491-803a-535036a51fcb");
  EXPECT_EQ(Field(local, "host"), "<unset>");
}

TEST(ExtractCluster, ResourceShortage) {
  const Event acquire = MustExtract(
      EventKind::kResourceShortage,
      "2022-03-11 21:46:04,458 WARN  org.apache.flink.runtime.jobmaster.slotpool.DeclarativeSlotPoolBridge [] - "
      "Could not acquire the minimum required resources, failing slot requests. Acquired: []. Current slot pool "
      "status: Registered TMs: 0, registered slots: 0 free slots: 0");
  EXPECT_EQ(Field(acquire, "reason").substr(0, 48), "Could not acquire the minimum required resources");
  EXPECT_EQ(Field(acquire, "job_id"), "<unset>");

  const Event fulfill = MustExtract(
      EventKind::kResourceShortage,
      "2022-03-11 21:46:04,458 WARN  org.apache.flink.runtime.resourcemanager.slotmanager.DeclarativeSlotManager "
      "[] - Could not fulfill resource requirements of job a12c04ac7f5d8418d8ab27931bf517b7. Free slots: 0");
  EXPECT_EQ(Field(fulfill, "job_id"), "a12c04ac7f5d8418d8ab27931bf517b7");

  const Event exception = MustExtract(
      EventKind::kResourceShortage,
      "2022-03-11 21:46:04,458 INFO  org.apache.flink.runtime.executiongraph.ExecutionGraph       [] - Job "
      "Streaming WordCount (f69c1ca4892ecbc08d4247ded254f467) switched from state RUNNING to RESTARTING.\n"
      "org.apache.flink.runtime.JobException: Recovery is suppressed by NoRestartBackoffTimeStrategy\n"
      "\tat org.apache.flink.runtime.executiongraph.failover.flip1.ExecutionFailureHandler.handleFailure("
      "ExecutionFailureHandler.java:138) ~[flink-dist_2.12-1.14.4.jar:1.14.4]\n"
      "Caused by: org.apache.flink.runtime.jobmanager.scheduler.NoResourceAvailableException: Could not acquire "
      "the minimum required resources.");
  EXPECT_EQ(Field(exception, "reason"), "Could not acquire the minimum required resources.");
  EXPECT_EQ(Field(exception, "job_id"), "f69c1ca4892ecbc08d4247ded254f467");
  EXPECT_EQ(Field(exception, "root_class"),
            "org.apache.flink.runtime.jobmanager.scheduler.NoResourceAvailableException");

  const Event old = MustExtract(
      EventKind::kResourceShortage,
      "2019-05-17 15:43:08,068 INFO  org.apache.flink.runtime.executiongraph.ExecutionGraph        - Job x "
      "(dd4f07c1f866b7afff42759d7a35de3f) switched from state RUNNING to FAILING.\n"
      "org.apache.flink.runtime.jobmanager.scheduler.NoResourceAvailableException: Could not allocate all "
      "requires slots within timeout of 300000 ms. Slots required: 2, slots allocated: 0");
  EXPECT_EQ(Field(old, "reason").substr(0, 40), "Could not allocate all requires slots wi");
  EXPECT_TRUE(Rejects(EventKind::kResourceShortage, kK8sWorkerTerminated));
}

TEST(ExtractCluster, JvmOutOfMemoryKinds) {
  struct Case {
    std::string_view text;
    std::string_view kind;
  };
  const Case cases[] = {
      {"Caused by: java.lang.OutOfMemoryError: Java heap space", "heap"},
      {"java.lang.OutOfMemoryError: GC overhead limit exceeded", "gc_overhead"},
      {"java.lang.OutOfMemoryError: Metaspace. The metaspace out-of-memory error has occurred. This can mean two "
       "things: ...",
       "metaspace"},
      {"java.lang.OutOfMemoryError: Direct buffer memory. The direct out-of-memory error has occurred. This can "
       "mean two things: ...",
       "direct"},
      {"java.lang.OutOfMemoryError: unable to create new native thread", "native_thread"},
      {"java.lang.OutOfMemoryError: unable to create native thread: possibly out of memory or process/resource "
       "limits reached",
       "native_thread"},
      {"java.lang.OutOfMemoryError: Requested array size exceeds VM limit", "other"},
  };
  for (const Case& c : cases) {
    const std::string record =
        "2022-03-11 21:46:04,458 ERROR org.apache.flink.runtime.taskexecutor.TaskManagerRunner [] - Fatal error "
        "occurred while executing the TaskManager. Shutting it down...\n" +
        std::string(c.text) + "\n\tat java.nio.Bits.reserveMemory(Bits.java:175) ~[?:1.8.0_161]";
    const Event e = MustExtract(EventKind::kOutOfMemory, record);
    EXPECT_EQ(Field(e, "oom_kind"), c.kind) << c.text;
    EXPECT_EQ(Field(e, "root_class"), "java.lang.OutOfMemoryError") << c.text;
  }
  const Event heap = MustExtract(EventKind::kOutOfMemory, "java.lang.OutOfMemoryError: Java heap space");
  EXPECT_EQ(Field(heap, "reason"), "Java heap space");
  EXPECT_TRUE(Rejects(EventKind::kOutOfMemory, kAkkaAssociation));
}

TEST(ExtractCluster, JobManagerStopped) {
  const Event signal = MustExtract(
      EventKind::kJobManagerStopped,
      "2022-05-27 16:20:00,000 INFO  org.apache.flink.runtime.entrypoint.ClusterEntrypoint        [] - RECEIVED "
      "SIGNAL 15: SIGTERM. Shutting down as requested.");
  EXPECT_EQ(Field(signal, "reason"), "RECEIVED SIGNAL 15: SIGTERM");

  const Event failed = MustExtract(
      EventKind::kJobManagerStopped,
      "2022-05-27 16:20:00,000 INFO  org.apache.flink.runtime.entrypoint.ClusterEntrypoint        [] - Shutting "
      "YarnJobClusterEntrypoint down with application status FAILED. Diagnostics Cluster entrypoint has been "
      "closed externally..");
  EXPECT_EQ(Field(failed, "to_state"), "FAILED");
  EXPECT_EQ(Field(failed, "reason").substr(0, 14), "FAILED. Diagno");
  EXPECT_TRUE(Rejects(EventKind::kJobManagerStopped,
                      "2022-05-27 16:20:00,000 INFO  org.apache.flink.runtime.entrypoint.ClusterEntrypoint [] - "
                      "Shutting StandaloneSessionClusterEntrypoint down with application status SUCCEEDED. "
                      "Diagnostics null."));

  const Event fatal = MustExtract(
      EventKind::kJobManagerStopped,
      "2025-10-17 02:13:44,381 ERROR org.apache.flink.runtime.taskexecutor.TaskManagerRunner [] - Fatal error "
      "occurred while executing the TaskManager. Shutting it down...\n"
      "java.lang.OutOfMemoryError: Metaspace. The metaspace out-of-memory error has occurred.");
  EXPECT_EQ(Field(fatal, "reason"), "Fatal error occurred while executing the TaskManager. Shutting it down...");
  EXPECT_EQ(Field(fatal, "root_class"), "java.lang.OutOfMemoryError");
  EXPECT_EQ(fatal.level, Level::kError);
}

TEST(ExtractCluster, StartupFacts) {
  const Event v110 = MustExtract(
      EventKind::kStartupFact,
      "2020-02-28 00:03:44,009 INFO  org.apache.flink.runtime.entrypoint.ClusterEntrypoint         -  Starting "
      "StandaloneSessionClusterEntrypoint (Version: 1.10.0, Rev:aa4eb8f, Date:07.02.2020 @ 19:18:19 CET)");
  EXPECT_EQ(Field(v110, "reason"), "flink_version");
  EXPECT_EQ(Field(v110, "job_name"), "1.10.0");
  const Event yarn_tm = MustExtract(
      EventKind::kStartupFact,
      "2022-12-30 12:19:23,733 INFO  org.apache.flink.yarn.YarnTaskExecutorRunner                 [] -  Starting "
      "YARN TaskExecutor runner (Version: 1.14.0, Scala: 2.12, Rev:460b386, Date:2021-09-22T08:39:40+02:00)");
  EXPECT_EQ(Field(yarn_tm, "job_name"), "1.14.0");
  const Event jvm = MustExtract(
      EventKind::kStartupFact,
      "2025-03-26 11:50:40,253 INFO  org.apache.flink.runtime.entrypoint.ClusterEntrypoint        [] -  JVM: "
      "OpenJDK 64-Bit Server VM - Eclipse Adoptium - 17/17.0.14+7");
  EXPECT_EQ(Field(jvm, "reason"), "jvm");
  EXPECT_EQ(Field(jvm, "job_name"), "OpenJDK 64-Bit Server VM - Eclipse Adoptium - 17/17.0.14+7");
  const Event heap = MustExtract(
      EventKind::kStartupFact,
      "2025-03-26 11:50:40,258 INFO  org.apache.flink.runtime.entrypoint.ClusterEntrypoint        [] -  Maximum "
      "heap size: 1024 MiBytes");
  EXPECT_EQ(Field(heap, "reason"), "max_heap");
  EXPECT_EQ(Field(heap, "job_name"), "1024 MiBytes");
  const Event collapsed = MustExtract(
      EventKind::kStartupFact,
      "2025-03-26 11:50:40,250 INFO org.apache.flink.runtime.entrypoint.ClusterEntrypoint [] - Starting "
      "StandaloneSessionClusterEntrypoint (Version: 2.0.0, Scala: 2.12, Rev:cc017da, "
      "Date:2025-03-10T07:29:37+01:00)");
  EXPECT_EQ(Field(collapsed, "job_name"), "2.0.0");
  EXPECT_TRUE(Rejects(EventKind::kStartupFact,
                      "2025-03-26 11:50:40,457 INFO  org.apache.flink.runtime.entrypoint.ClusterEntrypoint [] - "
                      "Starting StandaloneSessionClusterEntrypoint."));
}

TEST(ExtractCluster, GenericException) {
  // samples-real/tm-kafka-offset-out-of-range-source-failed-flink1172.log, lines 2-20.
  const Event error = MustExtract(EventKind::kException,
    "2025-07-14 12:00:32,165 ERROR org.apache.flink.connector.base.source.reader.fetcher.SplitFetcherManager [] - Received uncaught exception.\n"
    "java.lang.RuntimeException: SplitFetcher thread 0 received unexpected exception while polling the records\n"
    "\tat org.apache.flink.connector.base.source.reader.fetcher.SplitFetcher.runOnce(SplitFetcher.java:165) ~[flink-connector-base-1.17.2.jar:1.17.2]\n"
    "\tat org.apache.flink.connector.base.source.reader.fetcher.SplitFetcher.run(SplitFetcher.java:114) [flink-connector-base-1.17.2.jar:1.17.2]\n"
    "\tat java.util.concurrent.Executors$RunnableAdapter.call(Executors.java:515) [?:?]\n"
    "\tat java.util.concurrent.FutureTask.run(FutureTask.java:264) [?:?]\n"
    "\tat java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1128) [?:?]\n"
    "\tat java.util.concurrent.ThreadPoolExecutor$Worker.run(ThreadPoolExecutor.java:628) [?:?]\n"
    "\tat java.lang.Thread.run(Thread.java:829) [?:?]\n"
    "Caused by: org.apache.kafka.clients.consumer.OffsetOutOfRangeException: Fetch position FetchPosition{offset=447013888, offsetEpoch=Optional.empty, currentLeader=LeaderAndEpoch{leader=Optional[10.101.100.75:9092 (id: 2 rack: null)], epoch=14}} is out of range for partition flink-event-point-riskrule-processed-3\n"
    "\tat org.apache.kafka.clients.consumer.internals.Fetcher.handleOffsetOutOfRange(Fetcher.java:1405) ~[kafka-clients-3.2.3.jar:?]\n"
    "\tat org.apache.kafka.clients.consumer.internals.Fetcher.initializeCompletedFetch(Fetcher.java:1357) ~[kafka-clients-3.2.3.jar:?]\n"
    "\tat org.apache.kafka.clients.consumer.internals.Fetcher.collectFetch(Fetcher.java:658) ~[kafka-clients-3.2.3.jar:?]\n"
    "\tat org.apache.kafka.clients.consumer.KafkaConsumer.pollForFetches(KafkaConsumer.java:1286) ~[kafka-clients-3.2.3.jar:?]\n"
    "\tat org.apache.kafka.clients.consumer.KafkaConsumer.poll(KafkaConsumer.java:1242) ~[kafka-clients-3.2.3.jar:?]\n"
    "\tat org.apache.kafka.clients.consumer.KafkaConsumer.poll(KafkaConsumer.java:1215) ~[kafka-clients-3.2.3.jar:?]\n"
    "\tat org.apache.flink.connector.kafka.source.reader.KafkaPartitionSplitReader.fetch(KafkaPartitionSplitReader.java:101) ~[flink-connector-kafka-1.17.2.jar:1.17.2]\n"
    "\tat org.apache.flink.connector.base.source.reader.fetcher.FetchTask.run(FetchTask.java:58) ~[flink-connector-base-1.17.2.jar:1.17.2]\n"
    "\tat org.apache.flink.connector.base.source.reader.fetcher.SplitFetcher.runOnce(SplitFetcher.java:162) ~[flink-connector-base-1.17.2.jar:1.17.2]");
  EXPECT_EQ(Field(error, "reason"), "Received uncaught exception.");
  EXPECT_EQ(Field(error, "exception_class"), "java.lang.RuntimeException");
  EXPECT_EQ(Field(error, "root_class"), "org.apache.kafka.clients.consumer.OffsetOutOfRangeException");
  EXPECT_EQ(error.exception.depth, 2u);

  // samples-real/minicluster-jm-tm-combined-timeonly-region-restart-flink1135.log, lines 28-45.
  const Event inline_failure = MustExtract(EventKind::kException,
    "08:56:22,255 WARN  org.apache.flink.runtime.taskmanager.Task                    [] - Flat Map (2/2)#0 (c92d839a41f6cc8a2427cd537b5c1a0e) switched from RUNNING to FAILED with failure cause: java.lang.RuntimeException: error dirty data\n"
    "\tat com.flink.example.stream.function.stateful.ListCheckpointedExample$2.flatMap(ListCheckpointedExample.java:53)\n"
    "\tat com.flink.example.stream.function.stateful.ListCheckpointedExample$2.flatMap(ListCheckpointedExample.java:47)\n"
    "\tat org.apache.flink.streaming.api.operators.StreamFlatMap.processElement(StreamFlatMap.java:47)\n"
    "\tat org.apache.flink.streaming.runtime.tasks.OneInputStreamTask$StreamTaskNetworkOutput.emitRecord(OneInputStreamTask.java:205)\n"
    "\tat org.apache.flink.streaming.runtime.io.AbstractStreamTaskNetworkInput.processElement(AbstractStreamTaskNetworkInput.java:134)\n"
    "\tat org.apache.flink.streaming.runtime.io.AbstractStreamTaskNetworkInput.emitNext(AbstractStreamTaskNetworkInput.java:105)\n"
    "\tat org.apache.flink.streaming.runtime.io.StreamOneInputProcessor.processInput(StreamOneInputProcessor.java:66)\n"
    "\tat org.apache.flink.streaming.runtime.tasks.StreamTask.processInput(StreamTask.java:423)\n"
    "\tat org.apache.flink.streaming.runtime.tasks.mailbox.MailboxProcessor.runMailboxLoop(MailboxProcessor.java:204)\n"
    "\tat org.apache.flink.streaming.runtime.tasks.StreamTask.runMailboxLoop(StreamTask.java:684)\n"
    "\tat org.apache.flink.streaming.runtime.tasks.StreamTask.executeInvoke(StreamTask.java:639)\n"
    "\tat org.apache.flink.streaming.runtime.tasks.StreamTask.runWithCleanUpOnFail(StreamTask.java:650)\n"
    "\tat org.apache.flink.streaming.runtime.tasks.StreamTask.invoke(StreamTask.java:623)\n"
    "\tat org.apache.flink.runtime.taskmanager.Task.doRun(Task.java:779)\n"
    "\tat org.apache.flink.runtime.taskmanager.Task.run(Task.java:566)\n"
    "\tat java.lang.Thread.run(Thread.java:748)\n"
    "");
  EXPECT_EQ(Field(inline_failure, "exception_class"), "java.lang.RuntimeException");
  EXPECT_EQ(Field(inline_failure, "exception_message"), "error dirty data");
  EXPECT_EQ(inline_failure.exception.root.first_frame,
            "com.flink.example.stream.function.stateful.ListCheckpointedExample$2.flatMap("
            "ListCheckpointedExample.java:53)");

  // An ERROR line without a throwable still counts; an INFO line does not.
  const Event bare = MustExtract(EventKind::kException,
                                 "2022-05-27 16:13:00,463 ERROR a.b.C [] - Something went wrong");
  EXPECT_FALSE(bare.exception.present);
  EXPECT_EQ(Field(bare, "reason"), "Something went wrong");
  EXPECT_TRUE(Rejects(EventKind::kException, "2022-05-27 16:13:00,463 INFO  a.b.C [] - all good"));

  const Event stdout_trace = MustExtract(EventKind::kException,
                                         "Exception in thread \"main\" java.lang.IllegalStateException: bad\n"
                                         "\tat a.b.Main.main(Main.java:3)");
  EXPECT_EQ(Field(stdout_trace, "exception_class"), "java.lang.IllegalStateException");
}

}  // namespace
}  // namespace flinkscan
