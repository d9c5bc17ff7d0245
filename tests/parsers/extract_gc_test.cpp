// GC pause extraction (parsers/extract_gc.cpp) on real records from
// tests/fixtures/samples-real and GCViewer's test logs, plus templates from
// flink-log-formats.md §11 where no real text exists.

#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "parsers/extractor.h"
#include "tests/engine/test_files.h"
#include "tests/parsers/record_extraction.h"

namespace flinkscan {
namespace {

// Every record here is a GC pause candidate.
testing::Extraction Extract(std::string_view text) { return testing::Extract(EventKind::kGcPause, text); }
Event MustExtract(std::string_view text) { return testing::MustExtract(EventKind::kGcPause, text); }

// Lines [first, first + count) (1-based) of `text`, joined with '\n'.
std::string Lines(const std::string& text, size_t first, size_t count) {
  std::vector<std::string> lines;
  std::stringstream ss(text);
  for (std::string line; std::getline(ss, line);) lines.push_back(line);
  std::string out;
  for (size_t i = first - 1; i < first - 1 + count && i < lines.size(); ++i) {
    if (!out.empty()) out += '\n';
    out += lines[i];
  }
  return out;
}

// --- JDK 8 ------------------------------------------------------------------------

TEST(ExtractGc, ParNewPauseIsTheOuterFigure) {
  // samples-real/gc-cms-parnew-printgcid-jdk8.log, line 4.
  const Event e = MustExtract(
      "2022-08-01T17:16:33.170+0000: 0.169: #0: [GC (Allocation Failure) 2022-08-01T17:16:33.171+0000: "
      "0.170: "
      "#0: [ParNew: 8678K->1081K(9792K), 0.0088699 secs] 8678K->8064K(31680K), 0.0106548 secs] [Times: "
      "user=0.02 sys=0.00, real=0.01 secs] ");
  EXPECT_DOUBLE_EQ(e.pause_ms, 10.6548);
  EXPECT_EQ(e.gc_kind, "young");
  EXPECT_EQ(e.gc_collector, "ParNew");
  EXPECT_EQ(e.reason, "Allocation Failure");
  EXPECT_EQ(e.gc_id, 0);
  EXPECT_EQ(e.heap_before_kb, 8678);
  EXPECT_EQ(e.heap_after_kb, 8064);
  EXPECT_EQ(e.heap_capacity_kb, 31680);
  EXPECT_EQ(e.uptime_ms, 169);
  EXPECT_EQ(e.offset_minutes, 0);
  EXPECT_EQ(e.time.ms, 1659374193170);
  EXPECT_EQ(EventField(e, "pause_ms"), "10.6548");
}

TEST(ExtractGc, G1YoungPauseOf27Lines) {
  const std::string file = testing::ReadFile(testing::Fixture("gc-g1-printgcdetails-printgcid-jdk8.log"));
  const std::string record = Lines(file, 4, 27);
  ASSERT_EQ(record.substr(record.rfind('\n') + 1, 8), " [Times:");
  const Event e = MustExtract(record);
  EXPECT_DOUBLE_EQ(e.pause_ms, 8.757);
  EXPECT_EQ(EventField(e, "pause_ms"), "8.757");
  EXPECT_EQ(e.gc_kind, "young");
  EXPECT_EQ(e.gc_collector, "G1");
  EXPECT_EQ(e.reason, "G1 Evacuation Pause");
  // "[Eden: … Heap: 7168.0K(32768.0K)->6664.5K(32768.0K)]"
  EXPECT_EQ(e.heap_before_kb, 7168);
  EXPECT_EQ(e.heap_after_kb, 6665);
  EXPECT_EQ(e.heap_capacity_kb, 32768);
}

TEST(ExtractGc, G1InitialMarkMixedRemarkCleanup) {
  Event e = MustExtract(
      "2022-08-01T17:17:33.411+0000: 0.200: #3: [GC pause (G1 Evacuation Pause) (young) "
      "(initial-mark), 0.0037303 secs]");
  EXPECT_EQ(e.gc_kind, "initial_mark");
  EXPECT_DOUBLE_EQ(e.pause_ms, 3.7303);
  e = MustExtract(
      "2016-01-04T19:03:36.105+0100: 1.562: [GC pause (G1 Humongous Allocation) (mixed), 0.0123456 "
      "secs]");
  EXPECT_EQ(e.gc_kind, "mixed");
  EXPECT_EQ(e.reason, "G1 Humongous Allocation");
  EXPECT_EQ(e.offset_minutes, 60);
  // samples-real/gc-g1-printgcdetails-printgcid-jdk8.log: nested timestamped sub-phases.
  e = MustExtract(
      "2022-08-01T17:17:33.426+0000: 0.214: #4: [GC remark 2022-08-01T17:17:33.426+0000: 0.215: #4: "
      "[Finalize "
      "Marking, 0.0006628 secs] 2022-08-01T17:17:33.427+0000: 0.216: #4: [GC ref-proc, 0.0004662 secs] "
      "2022-08-01T17:17:33.428+0000: 0.217: #4: [Unloading, 0.0009861 secs], 0.0040559 secs]\n"
      " [Times: user=0.00 sys=0.00, real=0.00 secs]");
  EXPECT_EQ(e.gc_kind, "remark");
  EXPECT_DOUBLE_EQ(e.pause_ms, 4.0559);
  EXPECT_EQ(e.gc_id, 4);
  e = MustExtract(
      "2022-08-01T17:17:33.431+0000: 0.220: #4: [GC cleanup 41408K->41408K(128M), 0.0014223 secs]");
  EXPECT_EQ(e.gc_kind, "cleanup");
  EXPECT_EQ(e.heap_capacity_kb, 131072);
}

TEST(ExtractGc, CmsInitialMarkAndFinalRemark) {
  // samples-real/gc-cms-parnew-printgcid-jdk8.log, lines 6 and 14.
  Event e = MustExtract(
      "2022-08-01T17:16:33.198+0000: 0.197: #2: [GC (CMS Initial Mark) [1 CMS-initial-mark: "
      "15645K(21888K)] 18533K(31680K), 0.0010369 secs] [Times: user=0.00 sys=0.00, real=0.00 "
      "secs] ");
  EXPECT_EQ(e.gc_kind, "initial_mark");
  EXPECT_EQ(e.gc_collector, "CMS");
  EXPECT_DOUBLE_EQ(e.pause_ms, 1.0369);
  EXPECT_EQ(e.heap_before_kb, 18533);
  EXPECT_EQ(e.heap_capacity_kb, 31680);
  EXPECT_EQ(e.heap_after_kb, -1);
  e = MustExtract(
      "2022-08-01T17:16:33.230+0000: 0.229: #2: [GC (CMS Final Remark) [YG occupancy: 1868 K (9792 K)]"
      "2022-08-01T17:16:33.230+0000: 0.230: #2: [Rescan (parallel) , 0.0007821 "
      "secs]2022-08-01T17:16:33.231+0000: "
      "0.231: #2: [weak refs processing, 0.0004025 secs]2022-08-01T17:16:33.232+0000: 0.231: #2: [class "
      "unloading, 0.0005587 secs]2022-08-01T17:16:33.233+0000: 0.232: #2: [scrub symbol table, 0.0003980 "
      "secs]2022-08-01T17:16:33.233+0000: 0.233: #2: [scrub string table, 0.0002950 secs][1 CMS-remark: "
      "41674K(42048K)] 43542K(51840K), 0.0039463 secs] [Times: user=0.01 sys=0.00, real=0.01 secs] ");
  EXPECT_EQ(e.gc_kind, "remark");
  EXPECT_EQ(e.gc_collector, "CMS");
  EXPECT_DOUBLE_EQ(e.pause_ms, 3.9463);
}

TEST(ExtractGc, PromotionFailedAndConcurrentModeFailureAcrossLinesIsOneFullPause) {
  // GCViewer SampleSun1_7_0CMS_PrintTenuringDistributionPromotionFailure.txt: tenuring lines inside the
  // ParNew bracket, a concurrent sweep interleaved on the same physical line, the rest on the next.
  const Event e = MustExtract(
      "2014-03-12T21:18:26.029-0500: 13295.637: [GC2014-03-12T21:18:26.029-0500: 13295.637: [ParNew (0: "
      "promotion failure size = 11863)  (promotion failed)\n"
      "Desired survivor size 208764928 bytes, new threshold 15 (max 15)\n"
      "- age   1:  187860912 bytes,  187860912 total\n"
      ": 6906246K->6819243K(6932288K), 2.7300470 secs]2014-03-12T21:18:28.759-0500: 13298.367: "
      "[CMS2014-03-12T21:18:31.372-0500: 13300.980: [CMS-concurrent-sweep: 16.244/20.725 secs] [Times: "
      "user=100.59 sys=4.74, real=20.72 secs]\n"
      " (concurrent mode failure): 23591969K->23342845K(25165824K), 127.2159440 secs] "
      "30431568K->23342845K(32098112K), [CMS Perm : 137329K->97298K(262912K)], 129.9468220 secs] [Times: "
      "user=131.28 sys=0.07, real=129.93 secs]\n"
      "Heap after GC invocations=1471 (full 100):\n"
      " par new generation   total 6932288K, used 0K [0x00007fc05c000000, 0x00007fc21c000000)\n"
      "}");
  EXPECT_EQ(e.gc_kind, "full");
  EXPECT_EQ(e.gc_collector, "CMS");
  EXPECT_EQ(e.reason, "concurrent mode failure");
  EXPECT_DOUBLE_EQ(e.pause_ms, 129946.822);
  EXPECT_EQ(e.heap_before_kb, 30431568);
  EXPECT_EQ(e.heap_after_kb, 23342845);
  EXPECT_EQ(e.heap_capacity_kb, 32098112);
  EXPECT_EQ(e.offset_minutes, -300);
}

TEST(ExtractGc, PromotionFailedOnOneLine) {
  // Template (§11.1): JDK 8 CMS with PrintGCCause, everything on one line.
  const Event e = MustExtract(
      "2020-05-05T10:00:05.000+0200: 5.000: [GC (Allocation Failure) 2020-05-05T10:00:05.000+0200: 5.000: "
      "[ParNew (promotion failed): 100K->100K(100K), 0.0500000 secs]2020-05-05T10:00:05.050+0200: 5.050: "
      "[CMS: "
      "900K->500K(1000K), 1.5000000 secs] 1000K->500K(1100K), [Metaspace: 10K->10K(20K)], 1.5512345 secs] "
      "[Times: user=1.50 sys=0.00, real=1.55 secs]");
  EXPECT_EQ(e.gc_kind, "full");
  EXPECT_EQ(e.gc_collector, "CMS");
  EXPECT_EQ(e.reason, "promotion failed");
  EXPECT_DOUBLE_EQ(e.pause_ms, 1551.2345);
  EXPECT_EQ(e.heap_before_kb, 1000);
  EXPECT_EQ(e.heap_after_kb, 500);
}

TEST(ExtractGc, ParallelAndG1FullGcs) {
  // GCViewer SampleSun1_8_0ParallelPrintGCID.txt
  Event e = MustExtract(
      "2022-07-26T21:00:45.231+0800: 7.599: #2: [Full GC (System.gc()) [PSYoungGen: 98289K->0K(8257536K)] "
      "[ParOldGen: 32K->98112K(1048576K)] 98321K->98112K(9306112K), [Metaspace: 16471K->16471K(1064960K)], "
      "0.6492397 secs] [Times: user=1.52 sys=0.17, real=0.65 secs] ");
  EXPECT_EQ(e.gc_kind, "full");
  EXPECT_EQ(e.gc_collector, "Parallel");
  EXPECT_EQ(e.reason, "System.gc()");
  EXPECT_EQ(e.heap_before_kb, 98321);
  EXPECT_EQ(e.heap_after_kb, 98112);
  // JDK 8 G1 full GC with details: the Eden line names G1.
  e = MustExtract(
      "2016-03-01T12:00:00.000+0000: 8.000: [Full GC (Allocation Failure)  1009M->1009M(1024M), "
      "2.8153460 secs]\n   [Eden: 0.0B(51.0M)->0.0B(51.0M) Survivors: 0.0B->0.0B Heap: "
      "1009.9M(1024.0M)->1009.9M(1024.0M)], [Metaspace: 3K->3K(4K)]\n [Times: user=4.0 sys=0.0, "
      "real=2.81 secs]");
  EXPECT_EQ(e.gc_collector, "G1");
  EXPECT_DOUBLE_EQ(e.pause_ms, 2815.346);
  EXPECT_EQ(e.heap_capacity_kb, 1024 * 1024);
}

TEST(ExtractGc, DecimalCommas) {
  const Event e = MustExtract(
      "2016-01-04T19:03:36,105+0100: 1,562: [GC pause (G1 Evacuation Pause) (young), "
      "0,0087570 secs]");
  EXPECT_DOUBLE_EQ(e.pause_ms, 8.757);
  EXPECT_EQ(e.uptime_ms, 1562);
  const Event u = MustExtract(
      "[2,048s][info][gc] GC(1) Pause Young (Normal) (G1 Evacuation Pause) 24M->4M(256M) "
      "3,496ms");
  EXPECT_DOUBLE_EQ(u.pause_ms, 3.496);
  EXPECT_EQ(u.uptime_ms, 2048);
}

TEST(ExtractGc, NotPauses) {
  // G1 and CMS concurrent phases, the stopped-time line, a record cut before its figure.
  EXPECT_FALSE(Extract("2022-08-01T17:17:33.425+0000: 0.214: #4: [GC concurrent-mark-end, 0.0099227 secs]")
                   .status.ok());
  EXPECT_FALSE(Extract("2022-08-01T17:16:33.213+0000: 0.212: #2: [CMS-concurrent-mark: 0.005/0.013 secs] "
                       "[Times: user=0.01 sys=0.01, real=0.02 secs]")
                   .status.ok());
  EXPECT_FALSE(
      Extract("2014-03-12T21:18:20.385-0500: 13289.993: Total time for which application threads were "
              "stopped: 0.0052850 seconds")
          .status.ok());
  EXPECT_FALSE(
      Extract("189074.607: [Full GC 10192M->7271M(10240M)\nDesired survivor size 1 bytes").status.ok());
  // Unified: the gc,start line has no time; safepoints are not pauses.
  EXPECT_FALSE(
      Extract("[2022-01-29T16:34:51.644+0000][235ms][info][gc,start    ] GC(6) Pause Young (Normal) (G1 "
              "Evacuation Pause)")
          .status.ok());
  EXPECT_FALSE(
      Extract("[2022-01-29T16:34:51.655+0000][246ms][info][safepoint   ] Safepoint "
              "\"G1CollectForAllocation\", Time since last: 1634200 ns, Reaching safepoint: 92800 ns, At "
              "safepoint: 11173200 ns, Total: 11266000 ns")
          .status.ok());
  EXPECT_FALSE(
      Extract("[2022-01-29T16:34:51.719+0000][311ms][info][gc          ] GC(5) Concurrent Mark Cycle "
              "77.704ms")
          .status.ok());
}

// --- unified logging -------------------------------------------------------------

TEST(ExtractGc, UnifiedG1Summary) {
  // samples-real/gc-g1-unified-gc-all-safepoint-jdk17.log, line 95.
  const Event e = MustExtract(
      "[2022-01-29T16:34:51.699+0000][291ms][info][gc          ] GC(10) Pause Young "
      "(Normal) (G1 Evacuation Pause) 56M->56M(138M) 13.221ms");
  EXPECT_DOUBLE_EQ(e.pause_ms, 13.221);
  EXPECT_EQ(e.gc_kind, "young");
  EXPECT_EQ(e.gc_collector, "G1");
  EXPECT_EQ(e.reason, "G1 Evacuation Pause");
  EXPECT_EQ(e.gc_id, 10);
  EXPECT_EQ(e.heap_before_kb, 56 * 1024);
  EXPECT_EQ(e.heap_capacity_kb, 138 * 1024);
  EXPECT_EQ(e.uptime_ms, 291);
  EXPECT_EQ(e.offset_minutes, 0);
}

TEST(ExtractGc, UnifiedKinds) {
  EXPECT_EQ(MustExtract("[1.0s][info][gc] GC(3) Pause Young (Concurrent Start) (G1 Humongous Allocation) "
                        "10M->9M(64M) 2.1ms")
                .gc_kind,
            "initial_mark");
  EXPECT_EQ(
      MustExtract("[1.0s][info][gc] GC(3) Pause Young (Prepare Mixed) (G1 Evacuation Pause) 10M->9M(64M) "
                  "2.1ms")
          .gc_kind,
      "young");
  EXPECT_EQ(MustExtract("[1.0s][info][gc] GC(3) Pause Young (Mixed) (G1 Evacuation Pause) 10M->9M(64M) 2.1ms")
                .gc_kind,
            "mixed");
  // JDK 9-11 wording.
  Event e = MustExtract("[1.0s][info][gc] GC(3) Pause Initial Mark (G1 Evacuation Pause) 10M->9M(64M) 2.1ms");
  EXPECT_EQ(e.gc_kind, "initial_mark");
  EXPECT_EQ(e.gc_collector, "G1");
  e = MustExtract("[1.0s][info][gc] GC(4) Pause Full (System.gc()) 10M->3M(64M) 25.0ms");
  EXPECT_EQ(e.gc_kind, "full");
  EXPECT_EQ(e.reason, "System.gc()");
  EXPECT_EQ(e.gc_collector, "");
  // Generational ZGC and Shenandoah phases.
  e = MustExtract("[0.5s][info][gc,phases] GC(0) Y: Pause Mark Start (Major) 0.050ms");
  EXPECT_EQ(e.gc_collector, "ZGC");
  EXPECT_EQ(e.gc_kind, "initial_mark");
  EXPECT_EQ(e.reason, "");
  e = MustExtract(
      "[2022-08-17T00:34:05.369+0800][1.720s][info][gc          ] GC(0) Pause Final Mark (unload "
      "classes) 0.277ms");
  EXPECT_EQ(e.gc_collector, "Shenandoah");
  EXPECT_EQ(e.gc_kind, "remark");
  EXPECT_EQ(e.offset_minutes, 480);
}

}  // namespace
}  // namespace flinkscan
