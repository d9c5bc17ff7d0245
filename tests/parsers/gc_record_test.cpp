#include "parsers/gc_record.h"

#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "parsers/record_header.h"

namespace flinkscan {
namespace {

bool StartsGc(std::string_view line) { return StartsGcRecord(line.data(), line.data() + line.size()); }
bool Starts(std::string_view line) { return StartsRecord(line.data(), line.data() + line.size()); }

RecordHeader MustParse(std::string_view line) {
  Result<RecordHeader> header = ParseGcHeader(line);
  EXPECT_TRUE(header.ok()) << header.message() << " for: " << line;
  return header.ok() ? header.value() : RecordHeader{};
}

// 2022-08-01T17:16:33.170 as if UTC.
constexpr int64_t kCms0 = 1659374193170;

// --- StartsGcRecord -----------------------------------------------------------------

TEST(StartsGcRecord, Jdk8Stamps) {
  // samples-real/gc-cms-parnew-printgcid-jdk8.log
  EXPECT_TRUE(
      StartsGc("2022-08-01T17:16:33.170+0000: 0.169: #0: [GC (Allocation Failure) 2022-08-01T17:16:33.171"
               "+0000: 0.170: #0: [ParNew: 8678K->1081K(9792K), 0.0088699 secs]"));
  EXPECT_TRUE(StartsGc("2022-08-01T17:16:33.200+0000: 0.199: #2: [CMS-concurrent-mark-start]"));
  EXPECT_TRUE(
      StartsGc("2014-03-12T21:18:20.385-0500: 13289.993: Total time for which application threads were "
               "stopped: 0.0052850 seconds"));
  EXPECT_TRUE(StartsGc("2022-08-01T17:16:33.170+0000: [GC (Allocation Failure) [PSYoungGen: 1K->0K(2K)]"));
  // Uptime only (-XX:+PrintGCTimeStamps without date stamps), also with a decimal comma.
  EXPECT_TRUE(StartsGc("189074.607: [Full GC 10192M->7271M(10240M)"));
  EXPECT_TRUE(StartsGc("0.169: #0: [GC (Allocation Failure) [PSYoungGen: 1K->0K(2K)]"));
  EXPECT_TRUE(StartsGc("0,169: [GC (Allocation Failure) [PSYoungGen: 1K->0K(2K)]"));
  EXPECT_TRUE(
      StartsGc("13289.993: Total time for which application threads were stopped: 0.0052850 seconds"));
  EXPECT_TRUE(StartsGc("13289.993: Application time: 0.2 seconds"));
  // No stamp at all (-XX:+PrintGCDetails alone).
  EXPECT_TRUE(
      StartsGc("[GC (Allocation Failure) [PSYoungGen: 65536K->10720K(76288K)] 65536K->10736K(251392K), "
               "0.0104130 secs]"));
  EXPECT_TRUE(StartsGc("[GC pause (young), 0.0123 secs]"));
  EXPECT_TRUE(StartsGc("[GC--[PSYoungGen: 1K->2K(3K)] 4K->5K(6K), 0.1 secs]"));
  EXPECT_TRUE(StartsGc("[Full GC (Ergonomics) [PSYoungGen: 1K->0K(2K)]"));
}

TEST(StartsGcRecord, UnifiedDecorators) {
  // samples-real/gc-g1-unified-gc-all-safepoint-jdk17.log
  EXPECT_TRUE(
      StartsGc("[2022-01-29T16:34:51.642+0000][233ms][info][gc          ] GC(5) Concurrent Mark Cycle"));
  EXPECT_TRUE(StartsGc(
      "[2022-01-29T16:34:51.655+0000][246ms][info][safepoint   ] Safepoint \"G1CollectForAllocation\""));
  EXPECT_TRUE(StartsGc("[0.202s][info][gc] GC(0) Pause Young (G1 Evacuation Pause) 14M->12M(128M) 6.529ms"));
  EXPECT_TRUE(StartsGc("[2,048s][info][gc] GC(1) Garbage Collection (Warmup) 208M(20%)->164M(16%)"));
  EXPECT_TRUE(
      StartsGc("[233ms][info][gc] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 2M->1M(8M) 1.0ms"));
  EXPECT_TRUE(StartsGc("[2330000000ns][info][gc] GC(0) Pause Full (System.gc()) 2M->1M(8M) 1.0ms"));
  EXPECT_TRUE(StartsGc("[info][gc] GC(0) Pause Young (Allocation Failure) 2M->1M(8M) 1.0ms"));
  EXPECT_TRUE(StartsGc("[warning][gc,alloc] GC(3) To-space exhausted"));
  EXPECT_TRUE(StartsGc("[gc] GC(0) Pause Young (Allocation Failure) 2M->1M(8M) 1.0ms"));
  EXPECT_TRUE(StartsGc("[gc,start    ] GC(6) Pause Young (Normal) (G1 Evacuation Pause)"));
}

TEST(StartsGcRecord, NeverLog4jOrOrdinaryText) {
  EXPECT_FALSE(
      StartsGc("2022-05-27 16:13:00,417 INFO  org.apache.flink.runtime.checkpoint.CheckpointCoordinator"
               "    [] - No checkpoint found during restore."));
  EXPECT_FALSE(StartsGc("2020-04-18 11:58:50,512 INFO  org.apache.flink.runtime.jobmaster.JobMaster  - Hi"));
  EXPECT_FALSE(StartsGc("08:55:45,960 INFO  org.apache.flink.runtime.taskmanager.Task [] - Source"));
  EXPECT_FALSE(StartsGc("025-07-14 12:00:32,165 INFO  a.b.C [] - cut first line"));
  EXPECT_FALSE(StartsGc("[main] INFO org.example.Job - started"));
  EXPECT_FALSE(StartsGc("[Times: user=0.01 sys=0.00, real=0.01 secs]"));
  EXPECT_FALSE(StartsGc("[CIRCULAR REFERENCE: java.io.IOException]"));
  EXPECT_FALSE(StartsGc("[INFO] Building flink-examples"));
  EXPECT_FALSE(StartsGc("[Fatal] boom"));
  EXPECT_FALSE(StartsGc("[]"));
  EXPECT_FALSE(StartsGc("["));
  EXPECT_FALSE(StartsGc(""));
  EXPECT_FALSE(StartsGc("12345 records processed"));
  EXPECT_FALSE(StartsGc("1.5: done"));
  EXPECT_FALSE(StartsGc("3.14159"));
  EXPECT_FALSE(StartsGc("2022-08-01T17:16:33.170Z user output without a colon"));
  EXPECT_FALSE(
      StartsGc("   [Eden: 7168.0K(7168.0K)->0.0B(4096.0K) Survivors: 0.0B->1024.0K Heap: 1K(2K)->1K(2K)]"));
  EXPECT_FALSE(StartsGc(" [Times: user=0.01 sys=0.00, real=0.01 secs]"));
  EXPECT_FALSE(StartsGc("{Heap before GC invocations=1470 (full 99):"));
  EXPECT_FALSE(StartsGc("Desired survivor size 208764928 bytes, new threshold 15 (max 15)"));
}

TEST(StartsGcRecord, StopsAtTheLineEnd) {
  // `end` may run past the line: the next line's text must not make this one a record.
  const std::string two = "0.169\n: [GC (Allocation Failure)";
  EXPECT_FALSE(StartsGcRecord(two.data(), two.data() + two.size()));
  const std::string unified = "[info\n][gc] GC(0)";
  EXPECT_FALSE(StartsGcRecord(unified.data(), unified.data() + unified.size()));
}

TEST(StartsGcRecord, StartsRecordDispatchesToIt) {
  EXPECT_TRUE(Starts("2022-08-01T17:16:33.170+0000: 0.169: #0: [GC (Allocation Failure) x"));
  EXPECT_TRUE(Starts("[0.202s][info][gc] GC(0) Pause Young (G1 Evacuation Pause) 14M->12M(128M) 6.529ms"));
  EXPECT_TRUE(Starts("0.169: [GC (Allocation Failure) [PSYoungGen: 1K->0K(2K)]"));
  EXPECT_TRUE(Starts("2022-05-27 16:13:00,417 INFO  a.b.C [] - still log4j"));
  EXPECT_FALSE(Starts("   [Parallel Time: 5.2 ms, GC Workers: 2]"));
  EXPECT_FALSE(Starts(" (concurrent mode failure): 23591969K->23342845K(25165824K), 127.2159440 secs]"));
}

// --- ParseGcHeader ---------------------------------------------------------------

TEST(ParseGcHeader, Jdk8DateUptimeAndId) {
  const RecordHeader h = MustParse(
      "2022-08-01T17:16:33.170+0000: 0.169: #0: [GC (Allocation Failure) 2022-08-01T17:16:33.171+0000: "
      "0.170: "
      "#0: [ParNew: 8678K->1081K(9792K), 0.0088699 secs] 8678K->8064K(31680K), 0.0106548 secs]");
  EXPECT_EQ(h.layout, Layout::kGcJdk8);
  EXPECT_TRUE(h.time.has_date);
  EXPECT_EQ(h.time.ms, kCms0);
  EXPECT_EQ(h.offset_minutes, 0);
  EXPECT_EQ(h.uptime_ms, 169);
  EXPECT_EQ(h.message.substr(0, 21), "#0: [GC (Allocation F");
  EXPECT_EQ(h.level, Level::kUnknown);
}

TEST(ParseGcHeader, Jdk8Offsets) {
  EXPECT_EQ(MustParse("2022-07-26T21:00:40.750+0800: 3.117: #0: [GC (Allocation Failure) x").offset_minutes,
            480);
  EXPECT_EQ(
      MustParse("2014-03-12T21:18:20.385-0500: 13289.993: Total time for which application threads were "
                "stopped: 0.0052850 seconds")
          .offset_minutes,
      -300);
  const RecordHeader h = MustParse("2022-07-26T21:00:40.750+0800: [GC (Allocation Failure) x");
  EXPECT_EQ(h.offset_minutes, 480);
  EXPECT_FALSE(h.uptime_ms.has_value());
  EXPECT_EQ(h.message, "[GC (Allocation Failure) x");
}

TEST(ParseGcHeader, Jdk8UptimeOnlyIsADatelessTime) {
  const RecordHeader h = MustParse("189074.607: [Full GC 10192M->7271M(10240M)");
  EXPECT_EQ(h.layout, Layout::kGcJdk8);
  EXPECT_FALSE(h.time.has_date);
  EXPECT_EQ(h.time.ms, 189074607);
  EXPECT_EQ(h.uptime_ms, 189074607);
  EXPECT_FALSE(h.offset_minutes.has_value());
  EXPECT_EQ(h.message, "[Full GC 10192M->7271M(10240M)");
  // Decimal comma.
  EXPECT_EQ(MustParse("0,169: #4: [GC (Allocation Failure) x").uptime_ms, 169);
}

TEST(ParseGcHeader, Jdk8WithoutStamps) {
  const RecordHeader h =
      MustParse("[GC (Allocation Failure) [PSYoungGen: 1K->0K(2K)] 3K->1K(4K), 0.01 secs]\r");
  EXPECT_EQ(h.layout, Layout::kGcJdk8);
  EXPECT_FALSE(h.time.known());
  EXPECT_EQ(h.message.back(), ']');
}

TEST(ParseGcHeader, UnifiedTimeUptimeLevelTags) {
  const RecordHeader h = MustParse(
      "[2022-01-29T16:34:51.649+0000][240ms][info][gc,phases   ] GC(6)   Pre Evacuate Collection Set: 1.0ms");
  EXPECT_EQ(h.layout, Layout::kGcUnified);
  EXPECT_TRUE(h.time.has_date);
  EXPECT_EQ(h.time.ms, 1643474091649);
  EXPECT_EQ(h.offset_minutes, 0);
  EXPECT_EQ(h.uptime_ms, 240);
  EXPECT_EQ(h.level, Level::kInfo);
  EXPECT_EQ(h.logger, "gc,phases");
  EXPECT_EQ(h.message, "GC(6)   Pre Evacuate Collection Set: 1.0ms");
}

TEST(ParseGcHeader, UnifiedUptimeForms) {
  RecordHeader h =
      MustParse("[0.202s][info][gc] GC(0) Pause Young (G1 Evacuation Pause) 14M->12M(128M) 6.529ms");
  EXPECT_EQ(h.uptime_ms, 202);
  EXPECT_FALSE(h.time.has_date);
  EXPECT_EQ(h.time.ms, 202);
  EXPECT_FALSE(h.offset_minutes.has_value());
  EXPECT_EQ(h.message, "GC(0) Pause Young (G1 Evacuation Pause) 14M->12M(128M) 6.529ms");
  EXPECT_EQ(MustParse("[2,048s][info][gc] GC(1) Garbage Collection (Warmup)").uptime_ms, 2048);
  EXPECT_EQ(MustParse("[233ms][info][gc] GC(1) x").uptime_ms, 233);
  EXPECT_EQ(MustParse("[2330000000ns][info][gc] GC(1) x").uptime_ms, 2330);
  h = MustParse("[warning][gc,alloc] GC(3) To-space exhausted");
  EXPECT_EQ(h.level, Level::kWarn);
  EXPECT_EQ(h.logger, "gc,alloc");
  EXPECT_FALSE(h.time.known());
  EXPECT_EQ(MustParse("[gc] GC(0) Pause Young (Allocation Failure) 2M->1M(8M) 1.0ms").logger, "gc");
}

TEST(ParseGcHeader, UnifiedEpochAndOtherDecorators) {
  // timemillis is an epoch: a wall time in UTC.
  RecordHeader h = MustParse("[1643474091642ms][info][gc] GC(0) x");
  EXPECT_TRUE(h.time.has_date);
  EXPECT_EQ(h.time.ms, 1643474091642);
  EXPECT_EQ(h.offset_minutes, 0);
  // time with a colon offset, hostname, pid and tid, then tags.
  h = MustParse("[2022-08-17T00:34:03.651+08:00][worker-7][4242][4243][0.003s][info][os,cpu] CPU: total 12");
  EXPECT_EQ(h.offset_minutes, 480);
  EXPECT_EQ(h.uptime_ms, 3);
  EXPECT_EQ(h.logger, "os,cpu");
  EXPECT_EQ(h.message, "CPU: total 12");
}

TEST(ParseGcHeader, RejectsOtherLines) {
  EXPECT_FALSE(ParseGcHeader("[main] INFO org.example.Job - started").ok());
  EXPECT_FALSE(ParseGcHeader("hello").ok());
  EXPECT_FALSE(ParseGcHeader("1.5: done").ok());
  EXPECT_FALSE(ParseGcHeader("").ok());
}

TEST(ParseGcHeader, ParseHeaderDispatchesToIt) {
  Result<RecordHeader> h = ParseHeader("2022-08-01T17:16:33.170+0000: 0.169: #0: [GC (Allocation Failure) x");
  ASSERT_TRUE(h.ok()) << h.message();
  EXPECT_EQ(h.value().layout, Layout::kGcJdk8);
  h = ParseHeader("[0.202s][info][gc] GC(0) Pause Young (G1 Evacuation Pause) 14M->12M(128M) 6.529ms");
  ASSERT_TRUE(h.ok()) << h.message();
  EXPECT_EQ(h.value().layout, Layout::kGcUnified);
}

}  // namespace
}  // namespace flinkscan
