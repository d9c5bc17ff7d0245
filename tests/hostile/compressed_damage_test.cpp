// Hostile compressed inputs: empty files, a 0-byte .gz, gzip/zstd/tar cut at
// several offsets, and a compression bomb stopped by --max-decoded-bytes.
// Each case: the exit code, an error naming the file and the byte, and the
// records read before the damage kept.

#include <zstd.h>

#include <cstdlib>
#include <string>

#include <gtest/gtest.h>

#include "tests/hostile/hostile_run.h"

namespace flinkscan {
namespace {

using testing::AccountOf;
using testing::InputAccount;
using testing::ParsedJson;
using testing::Quote;
using testing::ReadFile;
using testing::RunCaptured;
using testing::TempDir;

void Shell(const std::string& command) { ASSERT_EQ(std::system(command.c_str()), 0) << command; }

// A log of `records` records, a few with stack traces: enough that a cut
// anywhere leaves some records before it and loses some after it.
std::string ManyRecords(int records) {
  std::string log;
  for (int i = 0; i < records; ++i) {
    log += testing::Log4j2Record(i, "Checkpoint " + std::to_string(i) +
                                        " of job 00000000000000000000000000000001 " +
                                        "expired before completing.");
    if (i % 7 == 0) log += "java.io.IOException: disk " + std::to_string(i) + "\n\tat a.b.C.d(C.java:1)\n";
  }
  return log;
}

std::string ZstdOf(const std::string& data) {
  std::string out(ZSTD_compressBound(data.size()), '\0');
  out.resize(ZSTD_compress(out.data(), out.size(), data.data(), data.size(), 3));
  return out;
}

std::string GzipOf(const TempDir& dir, const std::string& data) {
  const std::string in = dir.Write("gzip-input.raw", data);
  Shell("gzip -n -c " + Quote(in) + " > " + Quote(in + ".gz"));
  return ReadFile(in + ".gz");
}

TEST(HostileCompressed, EmptyPlainFileIsAnInputWithNothingInIt) {
  TempDir dir;
  const std::string path = dir.Write("jobmanager.log", "");
  const auto run = RunCaptured("scan --format json " + Quote(path));
  EXPECT_EQ(run.exit_code, 0) << run.err;
  ParsedJson report(run.out);
  ASSERT_TRUE(report.parsed()) << run.out;
  const InputAccount account = AccountOf(report, path);
  EXPECT_EQ(account.streams, 1u);
  EXPECT_EQ(account.bytes, 0u);
  EXPECT_EQ(account.lines, 0u);
  EXPECT_TRUE(account.errors.empty()) << account.AllErrors();
}

TEST(HostileCompressed, ZeroByteGzipIsEmptyNotAnError) {
  // A 0-byte file has no magic bytes: it is an empty log, whatever its name.
  TempDir dir;
  const std::string path = dir.Write("jobmanager.log.gz", "");
  const auto run = RunCaptured("scan --format json " + Quote(path));
  EXPECT_EQ(run.exit_code, 0) << run.err;
  ParsedJson report(run.out);
  ASSERT_TRUE(report.parsed()) << run.out;
  const InputAccount account = AccountOf(report, path);
  EXPECT_EQ(account.streams, 1u);
  EXPECT_EQ(account.bytes, 0u);
}

TEST(HostileCompressed, GzipHeaderOnlyIsReportedWithTheOffset) {
  TempDir dir;
  const std::string gz = GzipOf(dir, ManyRecords(10));
  const std::string path = dir.Write("jobmanager.log.gz", gz.substr(0, 10));
  const auto run = RunCaptured("scan --format json " + Quote(path));
  ParsedJson report(run.out);
  ASSERT_TRUE(report.parsed()) << run.out << run.err;
  const InputAccount account = AccountOf(report, path);
  ASSERT_FALSE(account.errors.empty());
  EXPECT_NE(account.errors[0].find("compressed byte"), std::string::npos) << account.AllErrors();
  EXPECT_EQ(account.records, 0u);
}

// Cut at 1/8 … 7/8 of the compressed size: the error names the file and a
// compressed byte offset, and the records before the cut are kept (more of
// them the later the cut).
void ExpectCutsKeepThePrefix(const std::string& name, const std::string& whole,
                             const std::string& expected_words) {
  TempDir dir;
  uint64_t previous_records = 0;
  for (int eighth = 1; eighth <= 7; ++eighth) {
    const size_t cut = whole.size() * static_cast<size_t>(eighth) / 8;
    const std::string path = dir.Write(std::to_string(eighth) + "-" + name, whole.substr(0, cut));
    const auto run = RunCaptured("scan --format json " + Quote(path));
    EXPECT_EQ(run.exit_code, 0) << name << " cut at " << cut << ": " << run.err;
    ParsedJson report(run.out);
    ASSERT_TRUE(report.parsed()) << run.out;
    const InputAccount account = AccountOf(report, path);
    ASSERT_FALSE(account.errors.empty()) << name << " cut at " << cut;
    EXPECT_NE(account.AllErrors().find(expected_words), std::string::npos) << account.AllErrors();
    EXPECT_GE(account.records, previous_records) << name << " cut at " << cut;
    previous_records = account.records;
    // The text report names the file beside the damage.
    const auto text = RunCaptured("scan --color never " + Quote(path));
    EXPECT_NE(text.out.find(path), std::string::npos);
    EXPECT_NE(text.out.find(expected_words), std::string::npos) << text.out;
  }
  EXPECT_GT(previous_records, 100u) << name << ": a cut at 7/8 keeps most records";
}

TEST(HostileCompressed, TruncatedGzipAtSeveralOffsets) {
  TempDir dir;
  ExpectCutsKeepThePrefix("jobmanager.log.gz", GzipOf(dir, ManyRecords(4000)), "compressed byte ");
}

TEST(HostileCompressed, TruncatedZstdAtSeveralOffsets) {
  ExpectCutsKeepThePrefix("jobmanager.log.zst", ZstdOf(ManyRecords(4000)), "compressed byte ");
}

TEST(HostileCompressed, TruncatedTarAtSeveralOffsets) {
  TempDir dir;
  dir.Write("tree/jobmanager.log", ManyRecords(3000));
  dir.Write("tree/taskmanager.log", ManyRecords(1000));
  const std::string tar = dir.path() + "/logs.tar";
  Shell("tar -C " + Quote(dir.path() + "/tree") + " -cf " + Quote(tar) + " jobmanager.log taskmanager.log");
  ExpectCutsKeepThePrefix("logs.tar", ReadFile(tar), "tar byte ");
}

TEST(HostileCompressed, CompressionBombIsStoppedWithAClearMessage) {
  // 64 MiB of log lines compress to a few hundred KiB; a 1 MiB ceiling stops
  // the decoder, says so, and keeps what was decoded before.
  TempDir dir;
  std::string log;
  const std::string line =
      testing::Log4j2Record(1, "Checkpoint 1 of job 00000000000000000000000000000001 expired.");
  while (log.size() < (64u << 20)) log += line;
  const std::string path = dir.Write("jobmanager.log.zst", ZstdOf(log));
  const auto run = RunCaptured("scan --format json --max-decoded-bytes 1048576 " + Quote(path));
  EXPECT_EQ(run.exit_code, 0) << run.err;
  ParsedJson report(run.out);
  ASSERT_TRUE(report.parsed()) << run.out;
  const InputAccount account = AccountOf(report, path);
  EXPECT_EQ(account.bytes, 1048576u);
  EXPECT_GT(account.records, 1000u) << "what was decoded before the limit is scanned";
  EXPECT_NE(
      account.AllErrors().find("decoded size limit: stopped after 1048576 decoded bytes (--max-decoded-bytes "
                               "1048576)"),
      std::string::npos)
      << account.AllErrors();

  // Under the limit nothing is said.
  const auto roomy = RunCaptured("scan --format json --max-decoded-bytes 1073741824 " + Quote(path));
  ParsedJson full(roomy.out);
  ASSERT_TRUE(full.parsed());
  EXPECT_TRUE(AccountOf(full, path).errors.empty()) << AccountOf(full, path).AllErrors();
  EXPECT_EQ(AccountOf(full, path).bytes, log.size());
}

TEST(HostileCompressed, MaxDecodedBytesMustBeAPositiveCount) {
  const auto run = RunCaptured("scan --max-decoded-bytes zero /dev/null");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("--max-decoded-bytes"), std::string::npos) << run.err;
}

}  // namespace
}  // namespace flinkscan
