// Hostile bytes inside plain files: random binary, invalid UTF-8, NUL bytes,
// CRLF and CR-only line ends, a 200 MB line, 10^6 one-byte lines, a Caused-by
// chain 10^4 deep, and timestamps out of order, far in the future or invalid.
// Each case: exit code, accounting (every byte and line of the file is in the
// report), the message that names the file, and what is still found.

#include <fstream>
#include <random>
#include <string>

#include <gtest/gtest.h>
#include <sys/resource.h>

#include "tests/hostile/hostile_run.h"

namespace flinkscan {
namespace {

using testing::AccountOf;
using testing::ContractLines;
using testing::InputAccount;
using testing::Log4j2Record;
using testing::ParsedJson;
using testing::Quote;
using testing::RunCaptured;
using testing::TempDir;

struct Scanned {
  int exit_code = -1;
  std::string err;
  std::string json;
  InputAccount account;
};

Scanned ScanJson(const std::string& path, const std::string& extra = "") {
  const auto run = RunCaptured("scan --format json " + extra + " " + Quote(path));
  Scanned s{run.exit_code, run.err, run.out, {}};
  ParsedJson report(run.out);
  EXPECT_TRUE(report.parsed()) << run.out.substr(0, 2000) << run.err;
  if (report.parsed()) s.account = AccountOf(report, path);
  return s;
}

// Every line of the file is a record line, a continuation line, an explained
// free-text line or a counted reject.
void ExpectEverythingAccounted(const InputAccount& a, const std::string& bytes) {
  EXPECT_EQ(a.bytes, bytes.size());
  EXPECT_EQ(a.lines, ContractLines(bytes));
  EXPECT_EQ(a.records + a.continuation_lines + a.free_text_lines + a.rejected_lines, a.lines);
}

std::string FailingJobWith(const std::string& middle) {
  return Log4j2Record(
             1, "Job hostile (00000000000000000000000000000001) switched from state RUNNING to FAILING.") +
         "java.lang.RuntimeException: boom\n\tat a.b.C.d(C.java:1)\n" + middle +
         Log4j2Record(
             3, "Job hostile (00000000000000000000000000000001) switched from state FAILING to FAILED.");
}

TEST(HostileBytes, RandomBinaryIsReportedAndCountedNotParsed) {
  TempDir dir;
  std::mt19937 random(7);
  std::string bytes(256u << 10, '\0');
  for (char& c : bytes) c = static_cast<char>(random());
  const std::string path = dir.Write("core.bin", bytes);
  const Scanned s = ScanJson(path);
  EXPECT_EQ(s.exit_code, 0);
  ExpectEverythingAccounted(s.account, bytes);
  EXPECT_EQ(s.account.records, 0u);
  ASSERT_FALSE(s.account.errors.empty());
  EXPECT_EQ(s.account.errors[0].rfind("byte 0: looks binary", 0), 0u) << s.account.AllErrors();
  EXPECT_NE(s.err.find(path + ": byte 0: looks binary"), std::string::npos) << s.err;
  // The JSON stays valid UTF-8 even though rejected examples quote the bytes.
  EXPECT_TRUE(ParsedJson(s.json).parsed());
}

TEST(HostileBytes, InvalidUtf8AndNulBytesInsideRecordsKeepTheRecords) {
  TempDir dir;
  const std::string junk =
      std::string("\xff\xfe\xc3(\xa0\xa1 \xf0\x28\x8c\x28 ") + std::string(3, '\0') + "\x80\n";
  const std::string bytes = FailingJobWith(junk + junk);
  const std::string path = dir.Write("jobmanager.log", bytes);
  const Scanned s = ScanJson(path);
  EXPECT_EQ(s.exit_code, 0) << s.err;
  ExpectEverythingAccounted(s.account, bytes);
  EXPECT_EQ(s.account.records, 2u);
  EXPECT_EQ(s.account.continuation_lines, 4u);
  ParsedJson report(s.json);
  ASSERT_TRUE(report.parsed());
  EXPECT_EQ(testing::Str(report.Job("00000000000000000000000000000001")["final_state"]), "FAILED");
}

TEST(HostileBytes, CrlfLineEndsAreLineEnds) {
  TempDir dir;
  std::string bytes;
  for (char c : FailingJobWith("")) bytes += c == '\n' ? std::string("\r\n") : std::string(1, c);
  const std::string path = dir.Write("jobmanager.log", bytes);
  const Scanned s = ScanJson(path);
  EXPECT_EQ(s.exit_code, 0) << s.err;
  ExpectEverythingAccounted(s.account, bytes);
  EXPECT_EQ(s.account.records, 2u);
  ParsedJson report(s.json);
  EXPECT_EQ(testing::Str(report.Job("00000000000000000000000000000001")["final_state"]), "FAILED");
}

TEST(HostileBytes, CrOnlyLineEndsAreOneLineAsTheContractCountsThem) {
  // Classic-Mac line ends are not line ends for the JSON contract (lines are
  // "\n"s): the file is one line and one record, every byte accounted, and
  // its first record is still read.
  TempDir dir;
  std::string bytes;
  for (char c : FailingJobWith("")) bytes += c == '\n' ? '\r' : c;
  const std::string path = dir.Write("jobmanager.log", bytes);
  const Scanned s = ScanJson(path);
  EXPECT_EQ(s.exit_code, 0) << s.err;
  ExpectEverythingAccounted(s.account, bytes);
  EXPECT_EQ(s.account.lines, 1u);
  EXPECT_EQ(s.account.records, 1u);
}

TEST(HostileBytes, TwoHundredMegabyteLineIsOneLineInBoundedMemory) {
  TempDir dir;
  const std::string path = dir.path() + "/jobmanager.log";
  const std::string first = Log4j2Record(1, "");
  const std::string last = Log4j2Record(2,
                                        "Job hostile (00000000000000000000000000000001) switched from state "
                                        "RUNNING to FAILED.");
  const size_t payload = 200u << 20;
  {
    std::ofstream out(path, std::ios::binary);
    out << first.substr(0, first.size() - 1);
    const std::string block(1u << 20, 'x');
    for (size_t i = 0; i < payload / block.size(); ++i) out << block;
    out << "\n" << last;
  }
  struct rusage before {};
  getrusage(RUSAGE_CHILDREN, &before);
  const auto run = RunCaptured("scan --format json " + Quote(path));
  struct rusage after {};
  getrusage(RUSAGE_CHILDREN, &after);
  EXPECT_EQ(run.exit_code, 0) << run.err;
  ParsedJson report(run.out);
  ASSERT_TRUE(report.parsed());
  const InputAccount a = AccountOf(report, path);
  EXPECT_EQ(a.bytes, first.size() + payload + last.size());
  EXPECT_EQ(a.lines, 2u);
  EXPECT_EQ(a.records, 2u);
  EXPECT_EQ(testing::Str(report.Job("00000000000000000000000000000001")["final_state"]), "FAILED");
  // The line is held once while its record is scanned (about twice its size
  // with the read-ahead), never copied per thread. ru_maxrss is in KiB.
  EXPECT_LT(after.ru_maxrss, 1024 * 1024) << "peak RSS of the scan, KiB";
}

TEST(HostileBytes, MillionOneByteLinesAreCountedAndRejected) {
  TempDir dir;
  std::string bytes;
  bytes.reserve(2'000'000);
  for (int i = 0; i < 1'000'000; ++i) bytes += "x\n";
  const std::string path = dir.Write("jobmanager.log", bytes);
  const Scanned s = ScanJson(path);
  EXPECT_EQ(s.exit_code, 0) << s.err;
  ExpectEverythingAccounted(s.account, bytes);
  EXPECT_EQ(s.account.rejected_lines, 1'000'000u);
  // Rejects are counted; only the first few are quoted (bounded report).
  ParsedJson report(s.json);
  const auto examples = testing::Array(testing::Array(report["inputs"])[0]["rejected_examples"]);
  EXPECT_LE(examples.size(), 20u);
  EXPECT_LT(s.json.size(), 64u << 10);
}

TEST(HostileBytes, CausedByChainTenThousandDeepFindsTheRootAndStaysSmall) {
  TempDir dir;
  std::string chain = "java.lang.RuntimeException: level 0\n\tat a.b.C.d(C.java:1)\n";
  for (int i = 1; i <= 10'000; ++i) {
    chain += "Caused by: java.lang.IllegalStateException: level " + std::to_string(i) +
             "\n\tat a.b.C.d(C.java:" + std::to_string(i) + ")\n";
  }
  const std::string bytes =
      Log4j2Record(1,
                   "Job hostile (00000000000000000000000000000001) switched from state RUNNING to FAILED.") +
      chain;
  const std::string path = dir.Write("jobmanager.log", bytes);
  const Scanned s = ScanJson(path);
  EXPECT_EQ(s.exit_code, 0) << s.err;
  ExpectEverythingAccounted(s.account, bytes);
  EXPECT_EQ(s.account.records, 1u);
  EXPECT_NE(s.json.find("level 10000"), std::string::npos) << "the innermost cause is the root";
  EXPECT_LT(s.json.size(), 256u << 10) << "links past the first few are counted, not copied";
}

TEST(HostileBytes, TimestampsOutOfOrderInTheFarFutureOrInvalid) {
  TempDir dir;
  const std::string job = "of job 00000000000000000000000000000001 expired before completing.";
  const auto line = [&](const std::string& stamp, int id) {
    return stamp + " INFO  org.apache.flink.runtime.checkpoint.CheckpointCoordinator [] - Checkpoint " +
           std::to_string(id) + " " + job + "\n";
  };
  const std::string bytes = line("2024-03-01 10:00:05,000", 1) + line("2024-03-01 09:00:00,000", 2) +
                            line("9999-12-31 23:59:59,999", 3) + line("2024-02-30 25:61:61,000", 4) +
                            line("0000-00-00 00:00:00,000", 5);
  const std::string path = dir.Write("jobmanager.log", bytes);
  const Scanned s = ScanJson(path);
  EXPECT_EQ(s.exit_code, 0) << s.err;
  ExpectEverythingAccounted(s.account, bytes);
  EXPECT_EQ(s.account.records, 5u) << "an impossible date still opens a record";
  ParsedJson report(s.json);
  ASSERT_TRUE(report.parsed());
  // Every checkpoint is listed, whatever its time.
  for (int64_t id = 1; id <= 5; ++id) EXPECT_EQ(testing::Int(report.Checkpoint(id)["id"]), id);
  EXPECT_EQ(testing::Str(report.Checkpoint(3)["end_time"]), "9999-12-31T23:59:59.999");
  EXPECT_EQ(testing::Str(report.Checkpoint(4)["end_time"]), "<null>") << "February 30th at 25:61 is no time";
  EXPECT_EQ(testing::Str(report.Checkpoint(5)["end_time"]), "<null>");
}

}  // namespace
}  // namespace flinkscan
