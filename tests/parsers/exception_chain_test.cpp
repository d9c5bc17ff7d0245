#include "parsers/exception_chain.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <string_view>

namespace flinkscan {
namespace {

// samples-real/tm-kafka-offset-out-of-range-source-failed-flink1172.log, lines 30-71.
constexpr std::string_view kKafkaTaskFailure =
    "2025-07-14 12:00:32,174 WARN  org.apache.flink.runtime.taskmanager.Task                    [] - Source: src_event_point_source_v2[1] -> Calc[2] (3/3)#140 (b4261ffe742ad92556738fcad2166ca0_cbc357ccb763df2852fee8c4fc7d55f2_2_140) switched from RUNNING to FAILED with failure cause:\n"
    "java.lang.RuntimeException: One or more fetchers have encountered exception\n"
    "\tat org.apache.flink.connector.base.source.reader.fetcher.SplitFetcherManager.checkErrors(SplitFetcherManager.java:261) ~[flink-connector-base-1.17.2.jar:1.17.2]\n"
    "\tat org.apache.flink.connector.base.source.reader.SourceReaderBase.getNextFetch(SourceReaderBase.java:169) ~[flink-connector-base-1.17.2.jar:1.17.2]\n"
    "\tat org.apache.flink.connector.base.source.reader.SourceReaderBase.pollNext(SourceReaderBase.java:131) ~[flink-connector-base-1.17.2.jar:1.17.2]\n"
    "\tat org.apache.flink.connector.base.source.reader.SourceReaderBase.pollNext(SourceReaderBase.java:157) ~[flink-connector-base-1.17.2.jar:1.17.2]\n"
    "\tat org.apache.flink.streaming.api.operators.SourceOperator.emitNext(SourceOperator.java:419) ~[flink-dist-1.17.2.jar:1.17.2]\n"
    "\tat org.apache.flink.streaming.runtime.io.StreamTaskSourceInput.emitNext(StreamTaskSourceInput.java:68) ~[flink-dist-1.17.2.jar:1.17.2]\n"
    "\tat org.apache.flink.streaming.runtime.io.StreamOneInputProcessor.processInput(StreamOneInputProcessor.java:65) ~[flink-dist-1.17.2.jar:1.17.2]\n"
    "\tat org.apache.flink.streaming.runtime.tasks.StreamTask.processInput(StreamTask.java:550) ~[flink-dist-1.17.2.jar:1.17.2]\n"
    "\tat org.apache.flink.streaming.runtime.tasks.mailbox.MailboxProcessor.runMailboxLoop(MailboxProcessor.java:231) ~[flink-dist-1.17.2.jar:1.17.2]\n"
    "\tat org.apache.flink.streaming.runtime.tasks.StreamTask.runMailboxLoop(StreamTask.java:839) ~[flink-dist-1.17.2.jar:1.17.2]\n"
    "\tat org.apache.flink.streaming.runtime.tasks.StreamTask.invoke(StreamTask.java:788) ~[flink-dist-1.17.2.jar:1.17.2]\n"
    "\tat org.apache.flink.runtime.taskmanager.Task.runWithSystemExitMonitoring(Task.java:952) ~[flink-dist-1.17.2.jar:1.17.2]\n"
    "\tat org.apache.flink.runtime.taskmanager.Task.restoreAndInvoke(Task.java:931) [flink-dist-1.17.2.jar:1.17.2]\n"
    "\tat org.apache.flink.runtime.taskmanager.Task.doRun(Task.java:745) [flink-dist-1.17.2.jar:1.17.2]\n"
    "\tat org.apache.flink.runtime.taskmanager.Task.run(Task.java:562) [flink-dist-1.17.2.jar:1.17.2]\n"
    "\tat java.lang.Thread.run(Thread.java:829) [?:?]\n"
    "Caused by: java.lang.RuntimeException: SplitFetcher thread 0 received unexpected exception while polling the records\n"
    "\tat org.apache.flink.connector.base.source.reader.fetcher.SplitFetcher.runOnce(SplitFetcher.java:165) ~[flink-connector-base-1.17.2.jar:1.17.2]\n"
    "\tat org.apache.flink.connector.base.source.reader.fetcher.SplitFetcher.run(SplitFetcher.java:114) ~[flink-connector-base-1.17.2.jar:1.17.2]\n"
    "\tat java.util.concurrent.Executors$RunnableAdapter.call(Executors.java:515) ~[?:?]\n"
    "\tat java.util.concurrent.FutureTask.run(FutureTask.java:264) ~[?:?]\n"
    "\tat java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1128) ~[?:?]\n"
    "\tat java.util.concurrent.ThreadPoolExecutor$Worker.run(ThreadPoolExecutor.java:628) ~[?:?]\n"
    "\t... 1 more\n"
    "Caused by: org.apache.kafka.clients.consumer.OffsetOutOfRangeException: Fetch position FetchPosition{offset=447013888, offsetEpoch=Optional.empty, currentLeader=LeaderAndEpoch{leader=Optional[10.101.100.75:9092 (id: 2 rack: null)], epoch=14}} is out of range for partition flink-event-point-riskrule-processed-3\n"
    "\tat org.apache.kafka.clients.consumer.internals.Fetcher.handleOffsetOutOfRange(Fetcher.java:1405) ~[kafka-clients-3.2.3.jar:?]\n"
    "\tat org.apache.kafka.clients.consumer.internals.Fetcher.initializeCompletedFetch(Fetcher.java:1357) ~[kafka-clients-3.2.3.jar:?]\n"
    "\tat org.apache.kafka.clients.consumer.internals.Fetcher.collectFetch(Fetcher.java:658) ~[kafka-clients-3.2.3.jar:?]\n"
    "\tat org.apache.kafka.clients.consumer.KafkaConsumer.pollForFetches(KafkaConsumer.java:1286) ~[kafka-clients-3.2.3.jar:?]\n"
    "\tat org.apache.kafka.clients.consumer.KafkaConsumer.poll(KafkaConsumer.java:1242) ~[kafka-clients-3.2.3.jar:?]\n"
    "\tat org.apache.kafka.clients.consumer.KafkaConsumer.poll(KafkaConsumer.java:1215) ~[kafka-clients-3.2.3.jar:?]\n"
    "\tat org.apache.flink.connector.kafka.source.reader.KafkaPartitionSplitReader.fetch(KafkaPartitionSplitReader.java:101) ~[flink-connector-kafka-1.17.2.jar:1.17.2]\n"
    "\tat org.apache.flink.connector.base.source.reader.fetcher.FetchTask.run(FetchTask.java:58) ~[flink-connector-base-1.17.2.jar:1.17.2]\n"
    "\tat org.apache.flink.connector.base.source.reader.fetcher.SplitFetcher.runOnce(SplitFetcher.java:162) ~[flink-connector-base-1.17.2.jar:1.17.2]\n"
    "\tat org.apache.flink.connector.base.source.reader.fetcher.SplitFetcher.run(SplitFetcher.java:114) ~[flink-connector-base-1.17.2.jar:1.17.2]\n"
    "\tat java.util.concurrent.Executors$RunnableAdapter.call(Executors.java:515) ~[?:?]\n"
    "\tat java.util.concurrent.FutureTask.run(FutureTask.java:264) ~[?:?]\n"
    "\tat java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1128) ~[?:?]\n"
    "\tat java.util.concurrent.ThreadPoolExecutor$Worker.run(ThreadPoolExecutor.java:628) ~[?:?]\n"
    "\t... 1 more";

// samples-real/minicluster-jm-tm-combined-timeonly-region-restart-flink1135.log, lines 28-45
// (the TM line with the throwable inline, 16 frames, then a blank line).
constexpr std::string_view kInlineTaskFailure =
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
    "";

// samples-real/jm-log4j1-checkpoint-decline-task-not-ready-failing-flink19.log, lines 3-9.
constexpr std::string_view kLog4j1Discard =
    "2019-05-17 15:43:08,208 INFO  org.apache.flink.runtime.checkpoint.CheckpointCoordinator     - Discarding checkpoint 66 of job dd4f07c1f866b7afff42759d7a35de3f.\n"
    "org.apache.flink.runtime.checkpoint.decline.CheckpointDeclineTaskNotReadyException: Task Source: Custom Source (1/1) was not running\n"
    "\tat org.apache.flink.runtime.taskmanager.Task$1.run(Task.java:1150)\n"
    "\tat java.util.concurrent.CompletableFuture$AsyncRun.run(CompletableFuture.java:1626)\n"
    "\tat java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1149)\n"
    "\tat java.util.concurrent.ThreadPoolExecutor$Worker.run(ThreadPoolExecutor.java:624)\n"
    "\tat java.lang.Thread.run(Thread.java:748)";

TEST(ExceptionChain, KafkaOffsetOutOfRange) {
  const ExceptionChain chain = ParseExceptionChain(kKafkaTaskFailure);
  ASSERT_TRUE(chain.present);
  EXPECT_EQ(chain.depth, 3u);
  EXPECT_EQ(chain.outer.class_name, "java.lang.RuntimeException");
  EXPECT_EQ(chain.outer.message, "One or more fetchers have encountered exception");
  EXPECT_EQ(chain.outer.first_frame,
            "org.apache.flink.connector.base.source.reader.fetcher.SplitFetcherManager.checkErrors("
            "SplitFetcherManager.java:261)");
  EXPECT_EQ(chain.links[1].class_name, "java.lang.RuntimeException");
  EXPECT_EQ(chain.links[1].message,
            "SplitFetcher thread 0 received unexpected exception while polling the records");
  EXPECT_EQ(chain.root.class_name, "org.apache.kafka.clients.consumer.OffsetOutOfRangeException");
  EXPECT_EQ(chain.root.message.substr(0, 47), "Fetch position FetchPosition{offset=447013888, ");
  EXPECT_TRUE(chain.root.message.ends_with("is out of range for partition flink-event-point-riskrule-processed-3"));
  EXPECT_EQ(chain.root.first_frame,
            "org.apache.kafka.clients.consumer.internals.Fetcher.handleOffsetOutOfRange(Fetcher.java:1405)");
  EXPECT_EQ(chain.links[2].class_name, chain.root.class_name);
  EXPECT_EQ(chain.frames, 16u + 6u + 14u);
}

TEST(ExceptionChain, InlineTaskManagerFailure) {
  const size_t cause = kInlineTaskFailure.find("with failure cause: ");
  ASSERT_NE(cause, std::string_view::npos);
  const std::string_view inline_start = kInlineTaskFailure.substr(cause + 20);
  const ExceptionChain chain = ParseExceptionChain(kInlineTaskFailure, inline_start);
  ASSERT_TRUE(chain.present);
  EXPECT_EQ(chain.depth, 1u);
  EXPECT_EQ(chain.outer.class_name, "java.lang.RuntimeException");
  EXPECT_EQ(chain.outer.message, "error dirty data");
  EXPECT_EQ(chain.root.class_name, "java.lang.RuntimeException");
  EXPECT_EQ(chain.root.first_frame,
            "com.flink.example.stream.function.stateful.ListCheckpointedExample$2.flatMap("
            "ListCheckpointedExample.java:53)");
  EXPECT_EQ(chain.frames, 16u);

  // Without the inline start the header line is not read as a throwable.
  EXPECT_FALSE(ParseExceptionChain(kInlineTaskFailure).present);
}

TEST(ExceptionChain, Log4j1CheckpointDecline) {
  const ExceptionChain chain = ParseExceptionChain(kLog4j1Discard);
  ASSERT_TRUE(chain.present);
  EXPECT_EQ(chain.depth, 1u);
  EXPECT_EQ(chain.outer.class_name,
            "org.apache.flink.runtime.checkpoint.decline.CheckpointDeclineTaskNotReadyException");
  EXPECT_EQ(chain.outer.message, "Task Source: Custom Source (1/1) was not running");
  EXPECT_EQ(chain.root.class_name, chain.outer.class_name);
  EXPECT_EQ(chain.root.first_frame, "org.apache.flink.runtime.taskmanager.Task$1.run(Task.java:1150)");
  EXPECT_EQ(chain.frames, 5u);
}

TEST(ExceptionChain, InlineCauseInWrapperMessageIsRoot) {
  const std::string record =
      "2022-05-27 16:13:00,463 WARN  a.b.C [] - failed\n"
      "java.util.concurrent.CompletionException: java.io.IOException: disk full\n"
      "\tat a.b.C.run(C.java:1) ~[flink-dist-1.17.2.jar:1.17.2]\n"
      "\tat a.b.D.run(D.java:2) [?:?]";
  const ExceptionChain chain = ParseExceptionChain(record);
  ASSERT_TRUE(chain.present);
  EXPECT_EQ(chain.depth, 1u);
  EXPECT_EQ(chain.outer.class_name, "java.util.concurrent.CompletionException");
  EXPECT_EQ(chain.outer.message, "java.io.IOException: disk full");
  EXPECT_EQ(chain.root.class_name, "java.io.IOException");
  EXPECT_EQ(chain.root.message, "disk full");
  EXPECT_EQ(chain.root.first_frame, "a.b.C.run(C.java:1)");
  EXPECT_EQ(chain.frames, 2u);
}

TEST(ExceptionChain, NestedInlineWrappers) {
  const ExceptionChain chain = ParseExceptionChain(
      "2022-05-27 16:13:00,463 WARN  a.b.C [] - failed\n"
      "java.util.concurrent.CompletionException: java.lang.RuntimeException: java.io.IOException: x\n");
  EXPECT_EQ(chain.root.class_name, "java.io.IOException");
  EXPECT_EQ(chain.root.message, "x");
}

TEST(ExceptionChain, SuppressedIsNotACause) {
  const ExceptionChain chain = ParseExceptionChain(
      "2022-05-27 16:13:00,463 ERROR a.b.C [] - failed\n"
      "java.lang.Exception: outer\n"
      "\tat a.b.C.run(C.java:1)\n"
      "\tSuppressed: java.lang.IllegalStateException: closing\n"
      "\t\tat a.b.E.close(E.java:9)\n"
      "\tCaused by: java.io.IOException: inside suppressed\n"
      "\t\t... 3 more\n"
      "Caused by: java.lang.IllegalArgumentException: real cause\n"
      "\tat a.b.F.f(F.java:3)\n"
      "\t... 2 more");
  ASSERT_TRUE(chain.present);
  EXPECT_EQ(chain.depth, 2u);
  EXPECT_EQ(chain.root.class_name, "java.lang.IllegalArgumentException");
  EXPECT_EQ(chain.root.message, "real cause");
  EXPECT_EQ(chain.root.first_frame, "a.b.F.f(F.java:3)");
  EXPECT_EQ(chain.outer.first_frame, "a.b.C.run(C.java:1)");
  EXPECT_EQ(chain.frames, 3u);
}

TEST(ExceptionChain, CrlfAndExpandedOrDroppedTabs) {
  const ExceptionChain chain = ParseExceptionChain(
      "2022-05-27 16:13:00,463 ERROR a.b.C [] - failed\r\n"
      "java.lang.RuntimeException: boom\r\n"
      "        at a.b.C.run(C.java:1) ~[classes/:?]\r\n"
      "Caused by: java.io.IOException: inner\r\n"
      "at a.b.D.run(D.java:2)\r\n");
  ASSERT_TRUE(chain.present);
  EXPECT_EQ(chain.outer.message, "boom");
  EXPECT_EQ(chain.outer.first_frame, "a.b.C.run(C.java:1)");
  EXPECT_EQ(chain.root.class_name, "java.io.IOException");
  EXPECT_EQ(chain.root.message, "inner");
  EXPECT_EQ(chain.root.first_frame, "a.b.D.run(D.java:2)");
  EXPECT_EQ(chain.frames, 2u);
}

TEST(ExceptionChain, DiagnosticsAreNotThrowables) {
  // samples-real/jm-yarn-worker-terminated-pmem-exceeded-flink1121.log (lines shortened).
  const ExceptionChain chain = ParseExceptionChain(
      "2021-12-06 00:16:36,280 INFO  org.apache.flink.runtime.resourcemanager.active.ActiveResourceManager [] - "
      "Worker container_e10_1634010428940_125776_01_000003 is terminated. Diagnostics: Container "
      "[pid=122806,containerID=container_e10_1634010428940_125776_01_000003] is running beyond physical memory "
      "limits.\n"
      "Dump of the process-tree for container_e10_1634010428940_125776_01_000003 :\n"
      "\t|- PID PPID PGRPID SESSID CMD_NAME USER_MODE_TIME(MILLIS) SYSTEM_TIME(MILLIS) VMEM_USAGE(BYTES)\n"
      "\t|- 122920 122806 122806 122806 (java) 1926809 110163 6567804928 1048262 /usr/local/jdk8/bin/java ");
  EXPECT_FALSE(chain.present);
  EXPECT_EQ(chain.frames, 0u);
}

TEST(ExceptionChain, ExceptionInThreadOnAFirstLineWithoutHeader) {
  const ExceptionChain chain = ParseExceptionChain(
      "Exception in thread \"main\" java.lang.OutOfMemoryError: Java heap space\n"
      "\tat java.util.Arrays.copyOf(Arrays.java:3332)");
  ASSERT_TRUE(chain.present);
  EXPECT_EQ(chain.outer.class_name, "java.lang.OutOfMemoryError");
  EXPECT_EQ(chain.outer.message, "Java heap space");
  EXPECT_EQ(chain.root.first_frame, "java.util.Arrays.copyOf(Arrays.java:3332)");
}

TEST(ExceptionChain, CausedByWithoutOuter) {
  // An excerpt that starts mid-trace.
  const ExceptionChain chain = ParseExceptionChain(
      "\tat a.b.C.run(C.java:1)\n"
      "Caused by: java.io.IOException: inner\n"
      "\tat a.b.D.run(D.java:2)");
  ASSERT_TRUE(chain.present);
  EXPECT_EQ(chain.depth, 1u);
  EXPECT_EQ(chain.outer.class_name, "java.io.IOException");
  EXPECT_EQ(chain.root.first_frame, "a.b.D.run(D.java:2)");
  EXPECT_EQ(chain.frames, 2u);
}

TEST(ExceptionChain, NoThrowable) {
  EXPECT_FALSE(ParseExceptionChain("").present);
  EXPECT_FALSE(ParseExceptionChain("2022-05-27 16:13:00,463 INFO  a.b.C [] - java.lang.Foo: bar").present);
  // samples-real/jm-standalone-log4j1-multiline-sql-jobname-flink110.log: a multi-line job name.
  EXPECT_FALSE(ParseExceptionChain(
                   "2020-04-18 11:58:50,520 INFO  org.apache.flink.runtime.executiongraph.ExecutionGraph        - "
                   "Job default: SELECT HOUR(TUMBLE_START(ts, INTERVAL '1' HOUR)), COUNT(*)\n"
                   "FROM user_behavior\n"
                   "WHERE behavior = 'buy'\n"
                   "GROUP BY TUMBLE(ts, INTERVAL '1' HOUR) (eb9e2c44fdcd2f6719188f515ddad7ae) switched from state "
                   "CREATED to RUNNING.")
                   .present);
}

TEST(ExceptionChain, NulBytesAndNoFinalNewline) {
  std::string record = "2022-05-27 16:13:00,463 ERROR a.b.C [] - x\njava.lang.RuntimeException: a";
  record.push_back('\0');
  record += "b\n\tat a.b.C.run(C.java:1)\0";
  record.push_back('\0');
  record += "\nCaused by: java.io.IOException";
  const ExceptionChain chain = ParseExceptionChain(record);
  ASSERT_TRUE(chain.present);
  EXPECT_EQ(chain.outer.message, std::string_view("a\0b", 3));
  EXPECT_EQ(chain.root.class_name, "java.io.IOException");
  EXPECT_TRUE(chain.root.message.empty());
  EXPECT_EQ(chain.depth, 2u);
}

TEST(ExceptionChain, DeepChainIsBoundedAndLinear) {
  constexpr int kDepth = 10'000;
  std::string record = "2022-05-27 16:13:00,463 ERROR a.b.C [] - deep\njava.lang.RuntimeException: level 0\n";
  for (int i = 1; i < kDepth; ++i) {
    record += "Caused by: java.lang.RuntimeException: level " + std::to_string(i) + "\n";
    record += "\tat a.b.C.f" + std::to_string(i) + "(C.java:1)\n";
  }
  record += "\t... 1 more";
  const auto start = std::chrono::steady_clock::now();
  const ExceptionChain chain = ParseExceptionChain(record);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(chain.present);
  EXPECT_EQ(chain.depth, static_cast<uint32_t>(kDepth));
  EXPECT_EQ(chain.frames, static_cast<uint32_t>(kDepth - 1));
  EXPECT_EQ(chain.links[ExceptionChain::kMaxKeptLinks - 1].message, "level 7");
  EXPECT_EQ(chain.root.message, "level 9999");
  EXPECT_EQ(chain.root.first_frame, "a.b.C.f9999(C.java:1)");
  EXPECT_LT(std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count(), 500);
}

TEST(ExceptionChain, HostileLongClassNameLine) {
  // One huge dotted identifier with inline wrappers: stays linear.
  std::string line = "2022-05-27 16:13:00,463 ERROR a.b.C [] - x\n";
  for (int i = 0; i < 5'000; ++i) line += "a.b.CException: ";
  line += "end";
  const auto start = std::chrono::steady_clock::now();
  const ExceptionChain chain = ParseExceptionChain(line);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(chain.present);
  EXPECT_EQ(chain.root.message, "end");
  EXPECT_LT(std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count(), 500);
}

TEST(LooksLikeThrowableLine, Shapes) {
  EXPECT_TRUE(LooksLikeThrowableLine("java.lang.RuntimeException: error dirty data"));
  EXPECT_TRUE(LooksLikeThrowableLine("org.apache.flink.util.FlinkRuntimeException"));
  EXPECT_TRUE(LooksLikeThrowableLine("java.lang.OutOfMemoryError: Java heap space"));
  EXPECT_TRUE(LooksLikeThrowableLine("java.lang.Throwable"));
  EXPECT_TRUE(LooksLikeThrowableLine("com.foo.BadThing: went wrong"));
  EXPECT_TRUE(LooksLikeThrowableLine("com.foo.Outer$InnerException: x"));
  EXPECT_TRUE(LooksLikeThrowableLine("java.io.IOException:"));
  EXPECT_TRUE(LooksLikeThrowableLine("java.io.IOException\r"));
  EXPECT_FALSE(LooksLikeThrowableLine("com.foo.BadThing"));
  EXPECT_FALSE(LooksLikeThrowableLine("Caused by: java.io.IOException: x"));
  EXPECT_FALSE(LooksLikeThrowableLine("Dump of the process-tree for container_e10_1634010428940_125776_01_000003 :"));
  EXPECT_FALSE(LooksLikeThrowableLine("RuntimeException: undotted"));
  EXPECT_FALSE(LooksLikeThrowableLine("akka.tcp://flink@10.73.131.241:6122"));
  EXPECT_FALSE(LooksLikeThrowableLine("e.g. Something: else"));
  EXPECT_FALSE(LooksLikeThrowableLine("Exception.java:53"));
  EXPECT_FALSE(LooksLikeThrowableLine("default: SELECT HOUR(TUMBLE_START(ts, INTERVAL '1' HOUR)), COUNT(*)"));
  EXPECT_FALSE(LooksLikeThrowableLine("\tat java.lang.Thread.run(Thread.java:748)"));
  EXPECT_FALSE(LooksLikeThrowableLine("java.lang.RuntimeException:x"));
  EXPECT_FALSE(LooksLikeThrowableLine(""));
}

}  // namespace
}  // namespace flinkscan
