// Regression tests for what the fuzzers found (docs/reliability.md lists each
// finding; the inputs are also kept in tests/fuzz/corpus/<target>/regression-*,
// which ctest replays under the sanitizers).

#include <string>

#include <gtest/gtest.h>

#include "parsers/gc_record.h"
#include "parsers/json_record.h"

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

}  // namespace
}  // namespace flinkscan
