#include <gtest/gtest.h>

#include <string>

#include "tests/cli/run_binary.h"

namespace flinkscan::testing {
namespace {

std::string Stacks(const std::string& name) { return Quote(std::string(FLINKSCAN_FIXTURES_DIR) + "/stacks/" + name); }

TEST(StacksCli, FoldedDumpsOfOneKind) {
  const RunResult r = RunFlinkscan("stacks --kind dumps --folded " + Stacks("taskmanager-jdk21.out"));
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out,
            "RUNNABLE;java.lang.Thread.run;java.lang.Thread.runWith;com.example.ingest.Poller$$Lambda.run;"
            "org.apache.kafka.clients.consumer.KafkaConsumer.poll;sun.nio.ch.EPoll.wait 1\n");
}

TEST(StacksCli, LinesKept) {
  const RunResult r = RunFlinkscan("stacks --kind dumps --lines " + Stacks("taskmanager-jdk21.out"));
  EXPECT_EQ(r.out,
            "RUNNABLE;java.lang.Thread.run(Thread.java:1583);java.lang.Thread.runWith(Thread.java:1596);"
            "com.example.ingest.Poller$$Lambda.run(Unknown Source);"
            "org.apache.kafka.clients.consumer.KafkaConsumer.poll(KafkaConsumer.java:1250);"
            "sun.nio.ch.EPoll.wait(Native Method) 1\n");
}

TEST(StacksCli, EveryKindIsPrefixed) {
  const RunResult r =
      RunFlinkscan("stacks " + Stacks("taskmanager-stuck-task.log") + " " + Stacks("vertex-flamegraph.json"));
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out,
            "stuck;Interval Join;java.lang.Thread.run;org.apache.flink.runtime.taskmanager.Task.run;"
            "org.apache.flink.runtime.taskmanager.Task.doRun;org.apache.flink.streaming.runtime.tasks.StreamTask.invoke;"
            "org.apache.flink.streaming.api.operators.co.IntervalJoinOperator.processElement1;"
            "com.example.join.RemoteLookup.fetch;java.net.SocketInputStream.read;"
            "java.net.SocketInputStream.socketRead;java.net.SocketInputStream.socketRead0 2\n"
            "flink;java.lang.Thread.run;org.apache.flink.runtime.taskmanager.Task.run;"
            "org.apache.flink.streaming.runtime.tasks.StreamTask.invoke 1\n"
            "flink;java.lang.Thread.run;org.apache.flink.runtime.taskmanager.Task.run;"
            "org.apache.flink.streaming.runtime.tasks.StreamTask.invoke;com.example.Map.map 2\n"
            "flink;java.lang.Thread.run;org.apache.flink.runtime.taskmanager.Task.run;"
            "org.apache.flink.streaming.runtime.tasks.StreamTask.invoke;com.example.sink.HttpSink.invoke;"
            "java.net.SocketInputStream.socketRead0 7\n");
}

TEST(StacksCli, ExceptionsOfARealLog) {
  const RunResult r = RunFlinkscan("stacks --kind exceptions " +
                                   Quote(FixturePath("tm-kafka-offset-out-of-range-source-failed-flink1172.log")));
  EXPECT_EQ(r.exit_code, 0);
  ASSERT_FALSE(r.out.empty());
  EXPECT_EQ(r.out.rfind("org.apache.kafka.clients.consumer.OffsetOutOfRangeException;java.lang.Thread.run;", 0), 0u);
}

TEST(StacksCli, SvgAndUsageErrors) {
  const RunResult svg = RunFlinkscan("stacks --format svg " + Stacks("taskmanager-jdk17-blocked.out"));
  EXPECT_EQ(svg.exit_code, 0);
  EXPECT_NE(svg.out.find("<svg id=\"fg-svg\""), std::string::npos);
  EXPECT_NE(svg.out.find("data-n=\"com.example.enrich.RateTable.lookup\""), std::string::npos);
  EXPECT_EQ(RunFlinkscan("stacks --kind bogus " + Stacks("taskmanager-jdk21.out")).exit_code, 2);
  EXPECT_EQ(RunFlinkscan("stacks --folded --format svg " + Stacks("taskmanager-jdk21.out")).exit_code, 2);
  EXPECT_EQ(RunFlinkscan("stacks --since yesterday " + Stacks("taskmanager-jdk21.out")).exit_code, 2);
  EXPECT_EQ(RunFlinkscan("stacks /no/such/file").exit_code, 2);
}

TEST(StacksCli, TimeWindow) {
  const RunResult r = RunFlinkscan("stacks --kind dumps --since 2024-09-02T14:00:10 " +
                                   Stacks("taskmanager-jdk17-blocked.out"));
  EXPECT_EQ(r.out,
            "BLOCKED;java.lang.Thread.run;org.apache.flink.streaming.api.operators.StreamMap.processElement;"
            "com.example.enrich.EnrichFunction.map;com.example.enrich.RateTable.lookup 2\n"
            "RUNNABLE;java.lang.Thread.run;java.util.concurrent.ThreadPoolExecutor$Worker.run;"
            "com.example.enrich.RateTable.refresh;sun.nio.ch.NioSocketImpl.park;sun.nio.ch.Net.poll 1\n");
}

}  // namespace
}  // namespace flinkscan::testing
