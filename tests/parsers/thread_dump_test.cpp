#include "parsers/thread_dump.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace flinkscan {
namespace {

TEST(ThreadHeader, Jdk8) {
  ThreadHeader h;
  ASSERT_TRUE(ParseThreadHeader("\"Legacy Source Thread - Source: Custom Source (1/1)#0\" #58 prio=5 os_prio=0 "
                                "tid=0x00007f6ad8032000 nid=0x6cf8 runnable [0x00007f6a9c7f6000]",
                                h));
  EXPECT_EQ(h.name, "Legacy Source Thread - Source: Custom Source (1/1)#0");
  EXPECT_EQ(h.number, 58);
  EXPECT_FALSE(h.daemon);
  EXPECT_EQ(h.priority, 5);
  EXPECT_EQ(h.cpu_ms, -1);
  EXPECT_EQ(h.tid, "0x00007f6ad8032000");
  EXPECT_EQ(h.nid, "0x6cf8");
  EXPECT_EQ(h.status, "runnable");
}

TEST(ThreadHeader, Jdk11AddsCpuAndElapsed) {
  ThreadHeader h;
  ASSERT_TRUE(ParseThreadHeader("\"Reference Handler\" #2 daemon prio=10 os_prio=0 cpu=0.92ms elapsed=3601.18s "
                                "tid=0x00007f1e8c0e4000 nid=0x5c waiting on condition  [0x00007f1e6c5fe000]",
                                h));
  EXPECT_EQ(h.name, "Reference Handler");
  EXPECT_TRUE(h.daemon);
  EXPECT_EQ(h.priority, 10);
  EXPECT_DOUBLE_EQ(h.cpu_ms, 0.92);
  EXPECT_DOUBLE_EQ(h.elapsed_s, 3601.18);
  EXPECT_EQ(h.status, "waiting on condition");
}

TEST(ThreadHeader, Jdk17BlockedThread) {
  ThreadHeader h;
  ASSERT_TRUE(ParseThreadHeader("\"Map -> Enrich (1/2)#0\" #71 prio=5 os_prio=0 cpu=5120.33ms elapsed=902.10s "
                                "tid=0x00007f8c2c1a4000 nid=0x4d waiting for monitor entry  [0x00007f8bf5dfe000]",
                                h));
  EXPECT_EQ(h.name, "Map -> Enrich (1/2)#0");
  EXPECT_EQ(h.number, 71);
  EXPECT_EQ(h.status, "waiting for monitor entry");
}

TEST(ThreadHeader, Jdk21OsThreadIdAndDecimalNid) {
  ThreadHeader h;
  ASSERT_TRUE(ParseThreadHeader("\"Source: Kafka (1/1)#0\" #66 [4711] prio=5 os_prio=0 cpu=700.25ms elapsed=120.50s "
                                "tid=0x00007f0a1c2b3000 nid=4711 runnable  [0x00007f09e3bfe000]",
                                h));
  EXPECT_EQ(h.number, 66);
  EXPECT_EQ(h.os_thread_id, 4711);
  EXPECT_EQ(h.nid, "4711");
  EXPECT_EQ(h.status, "runnable");
}

TEST(ThreadHeader, VmThreadHasNoNumber) {
  ThreadHeader h;
  ASSERT_TRUE(ParseThreadHeader("\"VM Thread\" os_prio=0 cpu=1260.44ms elapsed=3601.20s tid=0x00007f1e8c0d9000 "
                                "nid=0x5b runnable  ",
                                h));
  EXPECT_EQ(h.name, "VM Thread");
  EXPECT_EQ(h.number, -1);
  EXPECT_FALSE(ParseThreadHeader("\"key\": \"value\"", h));
}

TEST(LockLine, Shapes) {
  LockLine l;
  ASSERT_TRUE(ParseLockLine("- waiting to lock <0x00000000d1c0ffee> (a com.example.enrich.RateTable)", false, l));
  EXPECT_EQ(l.action, LockAction::kWaitingToLock);
  EXPECT_EQ(l.address, "0x00000000d1c0ffee");
  EXPECT_EQ(l.class_name, "com.example.enrich.RateTable");
  ASSERT_TRUE(ParseLockLine("- parking to wait for  <0x00000000c3b2a1d0> (a java.util.concurrent.CompletableFuture$Signaller)",
                            false, l));
  EXPECT_EQ(l.action, LockAction::kParkingToWaitFor);
  EXPECT_EQ(l.class_name, "java.util.concurrent.CompletableFuture$Signaller");
  ASSERT_TRUE(ParseLockLine("- <0x00000000c0c0a0b0> (a java.util.concurrent.ThreadPoolExecutor$Worker)", true, l));
  EXPECT_EQ(l.action, LockAction::kOwnsSynchronizer);
  ASSERT_TRUE(ParseLockLine("- eliminated <owner is scalar replaced> (a java.lang.Object)", false, l));
  EXPECT_EQ(l.address, "");
  EXPECT_FALSE(ParseLockLine("- None", true, l));
}

TEST(ThreadDumpText, ItemsInOrder) {
  const std::string text =
      "2024-09-02 14:00:00\n"
      "Full thread dump OpenJDK 64-Bit Server VM (17.0.10+7 mixed mode, sharing):\n"
      "\n"
      "\"Map -> Enrich (1/2)#0\" #71 prio=5 os_prio=0 cpu=5120.33ms elapsed=902.10s tid=0x00007f8c2c1a4000 nid=0x4d "
      "waiting for monitor entry  [0x00007f8bf5dfe000]\n"
      "   java.lang.Thread.State: BLOCKED (on object monitor)\n"
      "\tat com.example.enrich.RateTable.lookup(RateTable.java:64)\n"
      "\t- waiting to lock <0x00000000d1c0ffee> (a com.example.enrich.RateTable)\n"
      "\tat java.lang.Thread.run(java.base@17.0.10/Thread.java:840)\n"
      "\n"
      "JNI global refs: 31, weak refs: 0\n";
  std::vector<ThreadDumpItem> items;
  ParseThreadDumpText(text, items);
  ASSERT_EQ(items.size(), 4u);
  EXPECT_EQ(items[0].kind, ThreadDumpItemKind::kTimestamp);
  EXPECT_TRUE(items[0].time.has_date);
  EXPECT_EQ(items[1].kind, ThreadDumpItemKind::kDumpStart);
  EXPECT_EQ(items[1].text, "OpenJDK 64-Bit Server VM (17.0.10+7 mixed mode, sharing)");
  ASSERT_EQ(items[2].kind, ThreadDumpItemKind::kThread);
  const ThreadStack& t = items[2].thread;
  EXPECT_EQ(t.state, "BLOCKED");
  EXPECT_EQ(t.state_detail, "on object monitor");
  ASSERT_EQ(t.frames.size(), 2u);
  EXPECT_EQ(t.frames[0], "com.example.enrich.RateTable.lookup(RateTable.java:64)");
  ASSERT_NE(t.BlockedOn(), nullptr);
  EXPECT_EQ(t.BlockedOn()->frame, 0u);
  EXPECT_EQ(items[3].kind, ThreadDumpItemKind::kDumpEnd);
}

TEST(ThreadDumpText, DeadlockReport) {
  const std::string text =
      "Found one Java-level deadlock:\n"
      "=============================\n"
      "\"Thread-1\":\n"
      "  waiting to lock monitor 0x00007f3b1c006000 (object 0x000000076ab63e80, a java.lang.Object),\n"
      "  which is held by \"Thread-0\"\n"
      "\n"
      "Java stack information for the threads listed above:\n"
      "===================================================\n"
      "\"Thread-1\":\n"
      "\tat com.example.Transfer.debit(Transfer.java:20)\n"
      "\n"
      "Found 1 deadlock.\n";
  std::vector<ThreadDumpItem> items;
  ParseThreadDumpText(text, items);
  ASSERT_EQ(items.size(), 4u);
  EXPECT_EQ(items[0].kind, ThreadDumpItemKind::kDeadlockStart);
  ASSERT_EQ(items[1].kind, ThreadDumpItemKind::kDeadlockWait);
  EXPECT_EQ(items[1].wait.thread, "Thread-1");
  EXPECT_EQ(items[1].wait.object, "0x000000076ab63e80");
  EXPECT_EQ(items[1].wait.class_name, "java.lang.Object");
  EXPECT_EQ(items[1].wait.holder, "Thread-0");
  ASSERT_EQ(items[2].kind, ThreadDumpItemKind::kDeadlockStack);
  EXPECT_EQ(items[2].thread.frames.size(), 1u);
  EXPECT_EQ(items[3].kind, ThreadDumpItemKind::kDeadlockEnd);
  EXPECT_EQ(items[3].count, 1);
}

TEST(StuckTask, FramesWithoutAt) {
  const std::string record =
      "2021-06-16 15:07:26,168 WARN  org.apache.flink.runtime.taskmanager.Task                    [] - Task "
      "'Interval Join (1/1)#0' did not react to cancelling signal for 30 seconds, but is stuck in method:\n"
      " java.net.SocketInputStream.socketRead0(Native Method)\n"
      "java.net.SocketInputStream.socketRead(SocketInputStream.java:116)\n"
      "java.lang.Thread.run(Thread.java:748)\n";
  const std::vector<std::string_view> frames = StuckTaskFrames(record);
  ASSERT_EQ(frames.size(), 3u);
  EXPECT_EQ(frames[0], "java.net.SocketInputStream.socketRead0(Native Method)");
  EXPECT_EQ(frames[2], "java.lang.Thread.run(Thread.java:748)");
}

}  // namespace
}  // namespace flinkscan
