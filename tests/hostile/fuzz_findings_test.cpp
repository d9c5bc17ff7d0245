// Regression tests for what the fuzzers found (docs/reliability.md lists each
// finding; the inputs are also kept in tests/fuzz/corpus/<target>/regression-*,
// which ctest replays under the sanitizers).

#include <string>

#include <gtest/gtest.h>

#include "engine/scan.h"
#include "parsers/gc_record.h"
#include "parsers/json_record.h"
#include "report/json_report.h"
#include "tests/engine/scan_in_process.h"
#include "tests/engine/test_files.h"

namespace flinkscan {
namespace {

// fuzz_record_header / fuzz_gc_record: an 18-digit unified-logging decorator
// in seconds overflowed int64 when rescaled to milliseconds (UBSan). It now
// saturates at 10^15 ms, which (being over ten years) reads as an epoch stamp.
TEST(FuzzFindings, HugeGcUptimeSaturatesInsteadOfOverflowing) {
  const std::string line = "[20666666666666666066666666s][info][gc] GC(1) Pause Young 10M->5M(20M) 1.000ms";
  Result<RecordHeader> header = ParseGcHeader(line);
  ASSERT_TRUE(header.ok()) << header.message();
  EXPECT_EQ(header.value().time.ms, 1'000'000'000'000'000);
  EXPECT_EQ(header.value().message, "GC(1) Pause Young 10M->5M(20M) 1.000ms");
}

// fuzz_json_record: an epochSecond of 16000001600000000 overflowed
// seconds * 1000 (UBSan). A stamp that far out is no time at all.
TEST(FuzzFindings, AbsurdJsonEpochSecondIsNoTime) {
  const std::string line =
      R"({"instant":{"epochSecond":16000001600000000,"nanoOfSecond":1},)"
      R"("level":"WARN","loggerName":"x","message":"m"})";
  Result<RecordHeader> header = ParseJsonHeader(line);
  ASSERT_TRUE(header.ok()) << header.message();
  EXPECT_FALSE(header.value().time.known());
  EXPECT_EQ(header.value().message, "m");
}

// fuzz_differential: a stream's layout came from each chunk's first parsed
// header, so a file whose first header has no level ("none") became "mixed"
// when cut into small chunks. Now it is the first known layout, and "mixed"
// means JSON and text headers, whatever the chunking.
TEST(FuzzFindings, LayoutDoesNotDependOnChunking) {
  testing::TempDir dir;
  const std::string log4j2 = " INFO  org.apache.flink.runtime.jobmaster.JobMaster                 [] - Starting.\n";
  const std::string path = dir.Write(
      "jobmanager.log", "2019-05-17 15:43:08,068 storage is set to 'jobmanager'\n2022-05-27 16:13:00,417" + log4j2 +
                            "2022-05-27 16:13:00,444" + log4j2 + "2022-05-27 16:13:00,460" + log4j2 +
                            "2019-05-17 15:43:08,213 INFO  org.apache.flink.runtime.executiongraph.ExecutionGraph"
                            "        - Job x (dd4f07c1f866b7afff42759d7a35de3a) switched from state RUNNING to "
                            "FAILED.\n");
  const Analysis whole = testing::ScanInProcess({path}, {}, {.threads = 1, .chunk_bytes = 2u << 20});
  const Analysis cut = testing::ScanInProcess({path}, {}, {.threads = 3, .chunk_bytes = 98});
  ASSERT_EQ(whole.inputs.size(), 1u);
  EXPECT_EQ(whole.inputs[0].layout, "log4j2");
  EXPECT_EQ(RenderJson(cut, JsonOptions{false}), RenderJson(whole, JsonOptions{false}));
}

// fuzz_differential: a chunk's last time came from its last header only, so a
// last header with a damaged time hid the one before it in a single chunk but
// not when the file was cut into small chunks. Now it is the last readable time.
TEST(FuzzFindings, LastTimeDoesNotDependOnChunking) {
  testing::TempDir dir;
  std::string log;
  for (int i = 0; i < 12; ++i) {
    log += "2024-03-01 10:00:" + std::to_string(10 + i) +
           ",000 INFO  org.apache.flink.runtime.jobmaster.JobMaster [] - Step " + std::to_string(i) + ".\n";
  }
  log += "2024-02-30 25:61:61,000 INFO  org.apache.flink.runtime.jobmaster.JobMaster [] - Damaged stamp.\n";
  const std::string path = dir.Write("jobmanager.log", log);
  const Analysis whole = testing::ScanInProcess({path}, {}, {.threads = 1, .chunk_bytes = 2u << 20});
  const Analysis cut = testing::ScanInProcess({path}, {}, {.threads = 3, .chunk_bytes = 98});
  ASSERT_EQ(whole.inputs.size(), 1u);
  EXPECT_EQ(whole.inputs[0].last_time, "2024-03-01T10:00:21.000");
  EXPECT_EQ(RenderJson(cut, JsonOptions{false}), RenderJson(whole, JsonOptions{false}));
}

}  // namespace
}  // namespace flinkscan
