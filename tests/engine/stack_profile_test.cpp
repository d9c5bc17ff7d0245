#include "engine/stack_profile.h"

#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "bench/thread_dump_generator.h"
#include "tests/engine/scan_in_process.h"
#include "tests/engine/test_files.h"

namespace flinkscan {
namespace {

std::string StacksDir() { return std::string(FLINKSCAN_FIXTURES_DIR) + "/stacks/"; }

std::string Folded(const Analysis& analysis, const std::string& kind) {
  std::string out;
  for (const StackProfileSummary& p : analysis.stacks.profiles) {
    if (p.kind != kind) continue;
    for (const FoldedStack& s : p.stacks) out += s.stack + " " + std::to_string(s.count) + "\n";
  }
  return out;
}

TEST(NormalizeFrame, Rules) {
  const FrameOptions plain;
  const FrameOptions lines{true};
  EXPECT_EQ(NormalizeFrame("java.lang.Thread.run(java.base@17.0.2/Thread.java:833)", plain), "java.lang.Thread.run");
  EXPECT_EQ(NormalizeFrame("java.lang.Thread.run(java.base@17.0.2/Thread.java:833)", lines),
            "java.lang.Thread.run(Thread.java:833)");
  EXPECT_EQ(NormalizeFrame("java.base/java.lang.Thread.run(Thread.java:833)", plain), "java.lang.Thread.run");
  EXPECT_EQ(NormalizeFrame("app//com.foo.Bar.baz(Bar.java:1)", plain), "com.foo.Bar.baz");
  EXPECT_EQ(NormalizeFrame("com.foo.Job$$Lambda$123/0x0000000800c0b448.run(Unknown Source)", plain),
            "com.foo.Job$$Lambda.run");
  EXPECT_EQ(NormalizeFrame("com.foo.Job$$Lambda$5/1418481495.run(Unknown Source)", plain), "com.foo.Job$$Lambda.run");
  EXPECT_EQ(NormalizeFrame("com.foo.Job$$Lambda/0x00007f09b8123456.run(Unknown Source)", plain),
            "com.foo.Job$$Lambda.run");
  EXPECT_EQ(NormalizeFrame("com.sun.proxy.$Proxy12.invoke(Unknown Source)", plain), "com.sun.proxy.$Proxy.invoke");
  EXPECT_EQ(NormalizeFrame("jdk.proxy2.$Proxy45.invoke(Unknown Source)", plain), "jdk.proxy.$Proxy.invoke");
  EXPECT_EQ(NormalizeFrame("sun.reflect.GeneratedMethodAccessor7.invoke(Unknown Source)", plain),
            "sun.reflect.GeneratedMethodAccessor.invoke");
  EXPECT_EQ(NormalizeFrame("com.foo.Svc$$EnhancerByCGLIB$$a1b2c3d4.call(<generated>)", plain),
            "com.foo.Svc$$EnhancerByCGLIB.call");
  EXPECT_EQ(NormalizeFrame("com.foo.$ProxyFactory.make(F.java:1)", plain), "com.foo.$ProxyFactory.make");
  EXPECT_EQ(NormalizeFrame("java.net.SocketInputStream.socketRead0:-2", plain), "java.net.SocketInputStream.socketRead0");
  EXPECT_EQ(NormalizeFrame("a.B.c:12", lines), "a.B.c:12");
  EXPECT_EQ(NormalizeFrame("a.B.m([Ljava.lang.String;)\x1b[31m", plain), "a.B.m");
  EXPECT_EQ(NormalizeFrame("a;B\x1b.m(X.java:1)", plain), "a,B?.m");
}

TEST(FoldedProfile, BoundedWithOverflow) {
  FoldedProfile profile(2);
  profile.Add({"A", "b"}, 1);
  profile.Add({"A", "c"}, 2);
  profile.Add({"A", "d"}, 5);
  profile.Add({"A", "b"}, 1);
  EXPECT_EQ(profile.samples(), 9u);
  EXPECT_EQ(profile.overflow_samples(), 5u);
  const std::vector<FoldedStack> sorted = profile.Sorted();
  ASSERT_EQ(sorted.size(), 2u);
  EXPECT_EQ(sorted[0].stack, "A;b");
  EXPECT_EQ(sorted[0].count, 2u);
}

TEST(StackProfile, Jdk17BlockedAcrossDumps) {
  const Analysis a = testing::ScanInProcess({StacksDir() + "taskmanager-jdk17-blocked.out"});
  EXPECT_EQ(a.stacks.thread_dumps, 2u);
  EXPECT_EQ(a.stacks.threads, 6u);
  EXPECT_EQ(Folded(a, "dumps"),
            "BLOCKED;java.lang.Thread.run;org.apache.flink.streaming.api.operators.StreamMap.processElement;"
            "com.example.enrich.EnrichFunction.map;com.example.enrich.RateTable.lookup 4\n"
            "RUNNABLE;java.lang.Thread.run;java.util.concurrent.ThreadPoolExecutor$Worker.run;"
            "com.example.enrich.RateTable.refresh;sun.nio.ch.NioSocketImpl.park;sun.nio.ch.Net.poll 2\n");
  const Incident* stuck = nullptr;
  for (const Incident& i : a.incidents) {
    if (i.kind == "stuck_threads") stuck = &i;
  }
  ASSERT_NE(stuck, nullptr);
  EXPECT_EQ(stuck->severity, "warning");
  EXPECT_EQ(stuck->title,
            "2 threads BLOCKED in com.example.enrich.RateTable.lookup on a com.example.enrich.RateTable monitor "
            "across 2 thread dumps, held by \"rate-refresher\" in com.example.enrich.RateTable.refresh");
  EXPECT_EQ(stuck->start, "2024-09-02T14:00:00.000");
  ASSERT_EQ(stuck->evidence.size(), 2u);
  EXPECT_NE(stuck->evidence[1].text.find("sun.nio.ch.Net.poll(Native Method)"), std::string::npos);
}

TEST(StackProfile, Jdk8DeadlockAndNormalisedFrames) {
  const Analysis a = testing::ScanInProcess({StacksDir() + "taskmanager-jdk8-deadlock.out"});
  EXPECT_EQ(a.stacks.deadlocks, 1u);
  EXPECT_EQ(Folded(a, "dumps"),
            "BLOCKED;java.lang.Thread.run;org.apache.flink.streaming.runtime.tasks.StreamTask.invoke;"
            "com.example.shop.PriceWindow$$Lambda.apply;com.example.shop.PriceCache.get 1\n"
            "RUNNABLE;org.apache.flink.streaming.runtime.tasks.SourceStreamTask$LegacySourceFunctionThread.run;"
            "org.apache.flink.streaming.api.operators.StreamSource.run;com.example.shop.FeedSource.run;"
            "java.net.SocketInputStream.read;java.net.SocketInputStream.socketRead;"
            "java.net.SocketInputStream.socketRead0 1\n");
  ASSERT_FALSE(a.incidents.empty());
  const Incident& deadlock = a.incidents.front();
  EXPECT_EQ(deadlock.kind, "stuck_threads");
  EXPECT_EQ(deadlock.severity, "critical");
  EXPECT_EQ(deadlock.title,
            "Java-level deadlock between \"Thread-1\", \"Thread-0\" (java.lang.Object), reported 1 time");
  ASSERT_TRUE(deadlock.root_cause.has_value());
  EXPECT_EQ(deadlock.root_cause->frame, "com.example.Transfer.debit");
}

TEST(StackProfile, StuckTasksAndFilters) {
  const std::string log = StacksDir() + "taskmanager-stuck-task.log";
  const Analysis a = testing::ScanInProcess({log});
  EXPECT_EQ(Folded(a, "stuck"),
            "Interval Join;java.lang.Thread.run;org.apache.flink.runtime.taskmanager.Task.run;"
            "org.apache.flink.runtime.taskmanager.Task.doRun;org.apache.flink.streaming.runtime.tasks.StreamTask.invoke;"
            "org.apache.flink.streaming.api.operators.co.IntervalJoinOperator.processElement1;"
            "com.example.join.RemoteLookup.fetch;java.net.SocketInputStream.read;"
            "java.net.SocketInputStream.socketRead;java.net.SocketInputStream.socketRead0 2\n");
  AggregatorOptions window;
  window.stacks.filter.until = WallTime{DaysFromCivil(2021, 6, 16) * kMillisPerDay + (15 * 3600 + 7 * 60 + 30) * 1000LL, true};
  const std::string one = Folded(testing::ScanInProcess({log}, window), "stuck");
  EXPECT_EQ(one.substr(one.rfind(' ') + 1), "1\n");
  AggregatorOptions other_task;
  other_task.stacks.filter.task = "Window";
  EXPECT_EQ(Folded(testing::ScanInProcess({log}, other_task), "stuck"), "");
  AggregatorOptions other_tm;
  other_tm.stacks.filter.taskmanager = "no-such-host";
  EXPECT_EQ(Folded(testing::ScanInProcess({log}, other_tm), "stuck"), "");
}

// N generated dumps with K threads stuck in a known method: the widest
// BLOCKED path ends in that method, and a stuck_threads incident names it.
TEST(StackProfile, GeneratedCorpusFindsTheStuckMethod) {
  bench::ThreadDumpCorpusOptions options;
  options.dumps = 6;
  options.threads = 30;
  options.stuck = 9;
  const bench::ThreadDumpCorpus corpus = bench::GenerateThreadDumpCorpus(options);
  testing::TempDir dir;
  const std::string path = dir.path() + "/taskmanager.out";
  std::ofstream(path, std::ios::binary) << corpus.text;
  const Analysis a = testing::ScanInProcess({path});
  EXPECT_EQ(a.stacks.thread_dumps, 6u);
  uint64_t widest = 0;
  std::string widest_stack;
  uint64_t samples = 0;
  for (const StackProfileSummary& p : a.stacks.profiles) {
    if (p.kind != "dumps") continue;
    samples = p.samples;
    for (const FoldedStack& s : p.stacks) {
      if (s.count > widest) {
        widest = s.count;
        widest_stack = s.stack;
      }
    }
  }
  EXPECT_EQ(samples, corpus.thread_samples);
  EXPECT_EQ(widest, corpus.blocked_samples);
  EXPECT_EQ(widest_stack.substr(0, 8), "BLOCKED;");
  EXPECT_EQ(widest_stack.substr(widest_stack.rfind(';') + 1), options.stuck_method);
  bool named = false;
  for (const Incident& i : a.incidents) {
    if (i.kind == "stuck_threads" && i.title.find(options.stuck_method) != std::string::npos &&
        i.title.find("9 threads BLOCKED") == 0 && i.title.find("across 6 thread dumps") != std::string::npos) {
      named = true;
    }
  }
  EXPECT_TRUE(named);
}

}  // namespace
}  // namespace flinkscan
