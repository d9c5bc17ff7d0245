// JVM GC logs end to end (issue 3, item 3): the GC facts of
// tests/fixtures/samples-real/EXPECTED.md, and synthetic logs for what no real
// sample shows yet (full GCs, long pauses, GC time share, GC lines inside a
// TaskManager's .out, uptime-only unified logs).

#include <simdjson.h>

#include <cmath>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "tests/cli/json_report_reader.h"
#include "tests/cli/run_binary.h"
#include "tests/engine/test_files.h"

namespace flinkscan {
namespace {

using testing::Array;
using testing::Fact;
using testing::FixturePath;
using testing::Num;
using testing::Quote;
using testing::Str;
using testing::TempDir;

// The JSON report of one GC log, with its GC section at hand.
class Scan : public testing::ScanReport {
 public:
  explicit Scan(const std::string& path) : ScanReport(Quote(path)) {}
  simdjson::dom::element gc() const { return (*this)["gc"]; }
  simdjson::dom::element input() const { return (*this)["inputs"].at(0).value(); }
  std::vector<simdjson::dom::element> Items() const { return Array(gc()["items"].value()); }
  std::vector<simdjson::dom::element> GcIncidents() const { return Incidents("gc_pressure"); }
};

// The item with the largest pause.
simdjson::dom::element MaxItem(const Scan& scan) {
  std::vector<simdjson::dom::element> items = scan.Items();
  simdjson::dom::element best = items.front();
  for (simdjson::dom::element item : items) {
    if (Num(item["pause_ms"].value()) > Num(best["pause_ms"].value())) best = item;
  }
  return best;
}

// --- EXPECTED.md ---------------------------------------------------------------------

struct GcFacts {
  const char* file;
  uint64_t pauses;
  double max_ms;
  double total_ms;
  const char* max_time;
  int64_t max_gc_id;
  const char* max_kind;
};

class GcSample : public ::testing::TestWithParam<GcFacts> {};

TEST_P(GcSample, ReproducesExpectedMd) {
  const GcFacts& f = GetParam();
  const Scan scan(FixturePath(f.file));
  ASSERT_TRUE(scan.ok());
  EXPECT_EQ(scan.gc()["pauses"].get_uint64().value(), f.pauses);
  EXPECT_EQ(scan.gc()["full_gcs"].get_uint64().value(), 0u);
  EXPECT_DOUBLE_EQ(Num(scan.gc()["max_pause_ms"].value()), f.max_ms);
  EXPECT_NEAR(Num(scan.gc()["total_pause_ms"].value()), f.total_ms, 1e-9);
  EXPECT_EQ(scan.Items().size(), f.pauses);
  const simdjson::dom::element max = MaxItem(scan);
  EXPECT_EQ(Str(max["time"].value()), f.max_time);
  EXPECT_EQ(max["gc_id"].get_int64().value(), f.max_gc_id);
  EXPECT_EQ(Str(max["kind"].value()), f.max_kind);
  EXPECT_TRUE(scan.GcIncidents().empty()) << "EXPECTED.md: no GC incident";
  EXPECT_EQ(Str(scan.input()["kind"].value()), "gc");
  EXPECT_EQ(Str(scan.input()["layout"].value()), "gc");
  EXPECT_EQ(Str(scan.input()["tz_source"].value()), "explicit");  // "+0000" on every line
}

INSTANTIATE_TEST_SUITE_P(
    SamplesReal, GcSample,
    ::testing::Values(
        // 9 pauses summing to 58.304 ms; GC(10) 13.221 ms at 16:34:51.699+0000; safepoints and the
        // concurrent cycle are not pauses.
        GcFacts{"gc-g1-unified-gc-all-safepoint-jdk17.log", 9, 13.221, 58.304,
                "2022-01-29T16:34:51.699+00:00", 10, "young"},
        // 7 stop-the-world events summing to 35.4645 ms; #0 8.757 ms at 17:17:33.375+0000.
        GcFacts{"gc-g1-printgcdetails-printgcid-jdk8.log", 7, 8.757, 35.4645, "2022-08-01T17:17:33.375+00:00",
                0, "young"},
        // 10 pauses summing to 55.7297 ms; #0's outer figure 10.6548 ms at 17:16:33.170+0000.
        GcFacts{"gc-cms-parnew-printgcid-jdk8.log", 10, 10.6548, 55.7297, "2022-08-01T17:16:33.170+00:00", 0,
                "young"}),
    [](const ::testing::TestParamInfo<GcFacts>& info) {
      std::string name = info.param.file;
      for (char& c : name) {
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
      }
      return name;
    });

TEST(GcLogs, G1Jdk8KindsAndHeap) {
  const Scan scan(FixturePath("gc-g1-printgcdetails-printgcid-jdk8.log"));
  ASSERT_TRUE(scan.ok());
  std::vector<std::string> kinds;
  for (simdjson::dom::element item : scan.Items()) kinds.push_back(Str(item["kind"].value()));
  EXPECT_EQ(kinds, (std::vector<std::string>{"young", "young", "young", "initial_mark", "young", "remark",
                                             "cleanup"}));
  // Heap capacity 32768K at #0, 128M after #5 (EXPECTED.md).
  EXPECT_EQ(scan.Items()[0]["heap_capacity_kb"].get_int64().value(), 32768);
  EXPECT_EQ(scan.Items()[4]["heap_capacity_kb"].get_int64().value(), 131072);
  EXPECT_EQ(Str(scan.Items()[5]["collector"].value()), "G1");
}

TEST(GcLogs, CmsParNewPhases) {
  const Scan scan(FixturePath("gc-cms-parnew-printgcid-jdk8.log"));
  ASSERT_TRUE(scan.ok());
  int young = 0, initial_mark = 0, remark = 0;
  for (simdjson::dom::element item : scan.Items()) {
    const std::string kind = Str(item["kind"].value());
    young += kind == "young";
    initial_mark += kind == "initial_mark";
    remark += kind == "remark";
  }
  EXPECT_EQ(young, 8);
  EXPECT_EQ(initial_mark, 1);
  EXPECT_EQ(remark, 1);
}

// --- synthetic --------------------------------------------------------------------------

// GCViewer SampleSun1_7_0CMS_PrintTenuringDistributionPromotionFailure.txt (shortened): a ParNew
// collection that fails (promotion failed) into a CMS collection that fails (concurrent mode failure)
// while a concurrent sweep is interleaved on the same line.
constexpr const char* kCompoundFullGc =
    "2014-03-12T21:18:20.385-0500: 13289.993: Total time for which application threads were stopped: "
    "0.0052850 seconds\n"
    "2014-03-12T21:18:24.000-0500: 13293.608: [GC2014-03-12T21:18:24.000-0500: 13293.608: [ParNew: "
    "6524544K->407744K(6932288K), 0.2000000 secs] 30000000K->23900000K(32098112K), 0.2012345 secs] [Times: "
    "user=1.00 sys=0.00, real=0.20 secs]\n"
    "2014-03-12T21:18:26.029-0500: 13295.637: [GC2014-03-12T21:18:26.029-0500: 13295.637: [ParNew (0: "
    "promotion "
    "failure size = 11863)  (promotion failed)\n"
    "Desired survivor size 208764928 bytes, new threshold 15 (max 15)\n"
    "- age   1:  187860912 bytes,  187860912 total\n"
    ": 6906246K->6819243K(6932288K), 2.7300470 secs]2014-03-12T21:18:28.759-0500: 13298.367: "
    "[CMS2014-03-12T21:18:31.372-0500: 13300.980: [CMS-concurrent-sweep: 16.244/20.725 secs] [Times: "
    "user=100.59 sys=4.74, real=20.72 secs]\n"
    " (concurrent mode failure): 23591969K->23342845K(25165824K), 127.2159440 secs] "
    "30431568K->23342845K(32098112K), [CMS Perm : 137329K->97298K(262912K)], 129.9468220 secs] [Times: "
    "user=131.28 sys=0.07, real=129.93 secs]\n"
    "2014-03-12T21:20:35.976-0500: 13425.584: Total time for which application threads were stopped: "
    "129.9531350 seconds\n";

TEST(GcLogs, CompoundFullGcIsOneFullPauseAndGcPressure) {
  TempDir dir;
  const Scan scan(dir.Write("gc.log", kCompoundFullGc));
  ASSERT_TRUE(scan.ok());
  EXPECT_EQ(scan.gc()["pauses"].get_uint64().value(), 2u);  // the ParNew pause and the one full pause
  EXPECT_EQ(scan.gc()["full_gcs"].get_uint64().value(), 1u);
  EXPECT_DOUBLE_EQ(Num(scan.gc()["max_pause_ms"].value()), 129946.822);
  const simdjson::dom::element full = scan.Items()[1];
  EXPECT_EQ(Str(full["kind"].value()), "full");
  EXPECT_EQ(Str(full["collector"].value()), "CMS");
  EXPECT_EQ(Str(full["cause"].value()), "concurrent mode failure");
  EXPECT_EQ(Str(full["time"].value()), "2014-03-12T21:18:26.029-05:00");
  EXPECT_EQ(full["line"].get_uint64().value(), 3u);
  const std::vector<simdjson::dom::element> incidents = scan.GcIncidents();
  ASSERT_EQ(incidents.size(), 1u);
  const simdjson::dom::element inc = incidents[0];
  EXPECT_EQ(Str(inc["severity"].value()), "warning");
  EXPECT_EQ(Str(inc["diagnosis"]["cause"].value()), "gc_full_heap");
  EXPECT_EQ(Fact(inc, "full_gcs"), "1");
  EXPECT_EQ(Fact(inc, "long_pauses"), "1");
  EXPECT_EQ(Fact(inc, "max_pause_ms"), "129946.822");
  EXPECT_EQ(Str(inc["start"].value()), "2014-03-12T21:18:26.029-05:00");
  EXPECT_EQ(inc["evidence"].at(0)["line"].get_uint64().value(), 3u);
  EXPECT_EQ(Str(scan.input()["tz_source"].value()), "explicit");
}

TEST(GcLogs, PauseOverOneSecondIsGcPressure) {
  TempDir dir;
  const Scan scan(dir.Write(
      "taskmanager-gc.log",
      "[2024-03-01T10:00:00.000+0100][5.000s][info][gc] GC(7) Pause Young (Normal) (G1 Evacuation Pause) "
      "900M->850M(1024M) 12.000ms\n"
      "[2024-03-01T10:00:04.000+0100][9.000s][info][gc,start] GC(8) Pause Young (Normal) (G1 Evacuation "
      "Pause)\n"
      "[2024-03-01T10:00:05.500+0100][10.500s][info][gc] GC(8) Pause Young (Normal) (G1 Evacuation Pause) "
      "1000M->990M(1024M) 1500.000ms\n"
      "[2024-03-01T10:00:05.501+0100][10.501s][info][safepoint] Safepoint \"G1CollectForAllocation\", Time "
      "since "
      "last: 1 ns, Reaching safepoint: 1 ns, At safepoint: 1500000000 ns, Total: 1500000001 ns\n"));
  ASSERT_TRUE(scan.ok());
  EXPECT_EQ(scan.gc()["pauses"].get_uint64().value(), 2u);
  EXPECT_EQ(scan.gc()["full_gcs"].get_uint64().value(), 0u);
  const std::vector<simdjson::dom::element> incidents = scan.GcIncidents();
  ASSERT_EQ(incidents.size(), 1u);
  EXPECT_EQ(Str(incidents[0]["diagnosis"]["cause"].value()), "gc_long_pause");
  EXPECT_EQ(Str(incidents[0]["start"].value()), "2024-03-01T10:00:05.500+01:00");
  EXPECT_EQ(Fact(incidents[0], "long_pauses"), "1");
  EXPECT_EQ(Fact(incidents[0], "collector"), "G1");
}

TEST(GcLogs, GcTimeShareOverAMinuteIsOneIncident) {
  // 400 ms every 1.5 s: 27 % of every minute, no single long pause, no full GC.
  std::string log;
  for (int i = 0; i < 80; ++i) {
    const int ms = 10'000 + i * 1500;
    log += fmt::format(
        "[{}ms][info][gc] GC({}) Pause Young (Allocation Failure) 900M->500M(1024M) 400.000ms\n", ms, i);
  }
  TempDir dir;
  const Scan scan(dir.Write("gc.log", log));
  ASSERT_TRUE(scan.ok());
  EXPECT_EQ(scan.gc()["pauses"].get_uint64().value(), 80u);
  const std::vector<simdjson::dom::element> incidents = scan.GcIncidents();
  ASSERT_EQ(incidents.size(), 1u);
  EXPECT_EQ(Str(incidents[0]["diagnosis"]["cause"].value()), "gc_time_share");
  EXPECT_GT(std::stod(Fact(incidents[0], "max_gc_time_share")), 0.2);
}

TEST(GcLogs, GcLinesInsideATaskManagerOut) {
  TempDir dir;
  const Scan scan(dir.Write(
      "flink-flink-taskexecutor-0-tm-host-7.out",
      "Starting the word count with parallelism 4\n"
      "2022-08-01T17:16:33.170+0000: 0.169: [GC (Allocation Failure) [PSYoungGen: 65536K->10720K(76288K)] "
      "65536K->10736K(251392K), 0.0104130 secs] [Times: user=0.03 sys=0.01, real=0.01 secs] \n"
      "(hello,1)\n"
      "(world,1)\n"
      "2022-08-01T17:16:35.000+0000: 2.000: [Full GC (Ergonomics) [PSYoungGen: 10720K->0K(76288K)] "
      "[ParOldGen: "
      "16K->10500K(175104K)] 10736K->10500K(251392K), [Metaspace: 3000K->3000K(1056768K)], 0.0500000 secs] "
      "[Times: user=0.10 sys=0.00, real=0.05 secs] \n"
      "(hello,2)\n"));
  ASSERT_TRUE(scan.ok());
  EXPECT_EQ(Str(scan.input()["kind"].value()), "stdout");
  EXPECT_EQ(scan.input()["records"].get_uint64().value(), 2u);
  EXPECT_EQ(scan.gc()["pauses"].get_uint64().value(), 2u);
  EXPECT_EQ(scan.gc()["full_gcs"].get_uint64().value(), 1u);
  EXPECT_EQ(Str(scan.Items()[1]["collector"].value()), "Parallel");
  EXPECT_EQ(Str(scan.Items()[1]["cause"].value()), "Ergonomics");
  const std::vector<simdjson::dom::element> incidents = scan.GcIncidents();
  ASSERT_EQ(incidents.size(), 1u);
  EXPECT_EQ(Str(incidents[0]["scope"]["host"].value()), "tm-host-7");
  EXPECT_NE(Str(incidents[0]["scope"]["taskmanager"].value()), "<null>");
  EXPECT_NE(Str(incidents[0]["title"].value()).find("TaskManager"), std::string::npos);
}

TEST(GcLogs, UnifiedUptimeOnlyStaysRelative) {
  TempDir dir;
  const Scan scan(dir.Write(
      "gc.log",
      "[0.010s][info][gc] Using G1\n"
      "[0.202s][info][gc,start] GC(0) Pause Young (Normal) (G1 Evacuation Pause)\n"
      "[0.210s][info][gc] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 14M->12M(128M) 6.529ms\n"
      "[90000,250s][info][gc] GC(1) Pause Young (Normal) (G1 Evacuation Pause) 24M->12M(128M) 3,496ms\n"));
  ASSERT_TRUE(scan.ok());
  EXPECT_EQ(scan.gc()["pauses"].get_uint64().value(), 2u);
  EXPECT_DOUBLE_EQ(Num(scan.gc()["total_pause_ms"].value()), 10.025);
  EXPECT_EQ(Str(scan.input()["tz_source"].value()), "uptime");
  EXPECT_EQ(Str(scan.input()["first_time"].value()), "T00:00:00.010");
  EXPECT_EQ(Str(scan.Items()[0]["time"].value()), "T00:00:00.210");
  // Time since JVM start; like every date-less time it wraps at midnight, uptime_ms does not.
  EXPECT_EQ(Str(scan.Items()[1]["time"].value()), "T01:00:00.250");
  EXPECT_EQ(scan.Items()[1]["uptime_ms"].get_int64().value(), 90000250);
}

TEST(GcLogs, UptimeOnlyLinesGetWallTimesWhenTheStreamDatesTheJvmStart) {
  TempDir dir;
  const Scan scan(dir.Write(
      "gc.log",
      "2022-08-01T17:16:33.170+0000: 0.169: [GC (Allocation Failure) [PSYoungGen: 1K->0K(2K)] 3K->1K(4K), "
      "0.0100000 secs]\n"
      "5.169: [GC (Allocation Failure) [PSYoungGen: 1K->0K(2K)] 3K->1K(4K), 0.0200000 secs]\n"));
  ASSERT_TRUE(scan.ok());
  EXPECT_EQ(Str(scan.Items()[1]["time"].value()), "2022-08-01T17:16:38.170+00:00");
  EXPECT_EQ(Str(scan.input()["tz_source"].value()), "explicit");
}

}  // namespace
}  // namespace flinkscan
