// A plain log read through memory maps (engine/mapped_file.h) that is
// truncated while it is scanned: no SIGBUS, exit 0, the stream ends where the
// file ended with an error naming it, and no zero byte of a lost page is
// counted as log content (every line of these files is a record, so a zero
// byte would show as a continuation or rejected line).

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <sys/wait.h>

#include "tests/hostile/hostile_run.h"

namespace flinkscan {
namespace {

using testing::AccountOf;
using testing::InputAccount;
using testing::Log4j2Record;
using testing::ParsedJson;
using testing::Quote;
using testing::ReadFile;
using testing::TempDir;

struct TruncatedScan {
  int exit_code = -1;
  std::string report;
  std::string err;
};

// Scans `path` with `args`, truncating it to `new_size` after `delay`.
TruncatedScan ScanWhileTruncating(const TempDir& dir, const std::string& path, const std::string& args,
                                  std::chrono::milliseconds delay, uint64_t new_size) {
  const std::string out_path = dir.path() + "/report.json";
  const std::string err_path = dir.path() + "/stderr";
  const std::string command = "env -u FLINKSCAN_READ_FILES " + std::string(FLINKSCAN_BINARY) +
                              " scan --format json " + args + " " + Quote(path) + " > " + Quote(out_path) +
                              " 2> " + Quote(err_path);
  FILE* shell = ::popen(command.c_str(), "r");
  if (shell == nullptr) return {};
  std::this_thread::sleep_for(delay);
  EXPECT_EQ(::truncate(path.c_str(), static_cast<off_t>(new_size)), 0);
  const int status = ::pclose(shell);
  TruncatedScan scan;
  scan.exit_code =
      WIFEXITED(status) ? WEXITSTATUS(status) : (WIFSIGNALED(status) ? 128 + WTERMSIG(status) : -1);
  scan.report = ReadFile(out_path);
  scan.err = ReadFile(err_path);
  return scan;
}

// 1 MiB of single-line records and where each record starts.
struct Block {
  std::string text;
  std::vector<uint64_t> record_starts;
};

Block MakeBlock() {
  Block block;
  for (int i = 0; block.text.size() < (1u << 20); ++i) {
    block.record_starts.push_back(block.text.size());
    block.text += Log4j2Record(i, "Checkpoint " + std::to_string(i) +
                                      " of job 00000000000000000000000000000001 expired before completing.");
  }
  return block;
}

void WriteBlocks(const std::string& path, const Block& block, int count) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  for (int i = 0; i < count; ++i) out << block.text;
}

void ExpectCleanEnd(const TruncatedScan& scan, const std::string& path, uint64_t new_size, uint64_t full) {
  ASSERT_EQ(scan.exit_code, 0) << scan.err;
  ParsedJson report(scan.report);
  ASSERT_TRUE(report.parsed()) << scan.err;
  const InputAccount a = AccountOf(report, path);
  EXPECT_GE(a.bytes, new_size);  // the rest of the file is still read after the truncation
  EXPECT_LE(a.bytes, full);
  EXPECT_EQ(a.records + a.continuation_lines + a.free_text_lines + a.rejected_lines, a.lines);
  EXPECT_EQ(a.records, a.lines) << "every line of the file is a record: zeros were counted as content";
  EXPECT_EQ(a.continuation_lines + a.rejected_lines + a.free_text_lines, 0u);
  // Cut short after it was opened: the error says so. (Truncated before it was opened, it is only a
  // smaller file; read to its end, it is the whole file.)
  if (a.bytes > new_size && a.bytes < full) {
    EXPECT_NE(a.AllErrors().find("file shrank to"), std::string::npos) << a.AllErrors();
    EXPECT_NE(scan.err.find(path + ": byte "), std::string::npos) << scan.err;  // stderr names the file
  }
  if (a.bytes == full) {
    EXPECT_TRUE(a.errors.empty()) << a.AllErrors();
  }
  std::printf("truncated to %llu: %llu of %llu bytes scanned, %zu error(s)\n",
              static_cast<unsigned long long>(new_size), static_cast<unsigned long long>(a.bytes),
              static_cast<unsigned long long>(full), a.errors.size());
}

TEST(MappedTruncation, LargeFileTruncatedToASmallSizeRepeatedly) {
  // Normal chunks on two threads over 96 MiB: the truncation lands at a different phase of the scan each
  // time (reader ahead of the scanners, windows in flight, or after the end).
  TempDir dir;
  const std::string path = dir.path() + "/taskmanager.log";
  const Block block = MakeBlock();
  constexpr int kBlocks = 96;
  const uint64_t full = kBlocks * block.text.size();
  const std::vector<uint64_t> sizes = {0, block.record_starts[1], block.record_starts[30], block.text.size(),
                                       3 * block.text.size() + block.record_starts[5]};
  const std::vector<int> delays_ms = {60, 150, 300, 500, 800};
  for (size_t round = 0; round < sizes.size(); ++round) {
    SCOPED_TRACE("round " + std::to_string(round) + ": to " + std::to_string(sizes[round]) + " bytes after " +
                 std::to_string(delays_ms[round]) + " ms");
    WriteBlocks(path, block, kBlocks);
    const TruncatedScan scan =
        ScanWhileTruncating(dir, path, "-j 2", std::chrono::milliseconds(delays_ms[round]), sizes[round]);
    ExpectCleanEnd(scan, path, sizes[round], full);
  }
}

TEST(MappedTruncation, TruncatedWhileOneThreadReadsSmallChunks) {
  TempDir dir;
  const std::string path = dir.path() + "/jobmanager.log";
  const Block block = MakeBlock();
  constexpr int kBlocks = 48;
  const uint64_t full = kBlocks * block.text.size();
  for (const int delay : {20, 150}) {
    SCOPED_TRACE("after " + std::to_string(delay) + " ms");
    WriteBlocks(path, block, kBlocks);
    const TruncatedScan scan = ScanWhileTruncating(
        dir, path, "-j 1 --chunk-bytes 65536", std::chrono::milliseconds(delay), block.record_starts[100]);
    ExpectCleanEnd(scan, path, block.record_starts[100], full);
  }
}

TEST(MappedTruncation, ShrunkBeforeTheScanStartsIsJustASmallerFile) {
  TempDir dir;
  const Block block = MakeBlock();
  const std::string path = dir.Write("jobmanager.log", block.text);
  ASSERT_EQ(::truncate(path.c_str(), static_cast<off_t>(block.record_starts[10])), 0);
  const testing::CapturedRun run = testing::RunCaptured("scan --format json " + Quote(path));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  ParsedJson report(run.out);
  ASSERT_TRUE(report.parsed());
  const InputAccount a = AccountOf(report, path);
  EXPECT_EQ(a.bytes, block.record_starts[10]);
  EXPECT_EQ(a.records, 10u);
  EXPECT_TRUE(a.errors.empty()) << a.AllErrors();
}

}  // namespace
}  // namespace flinkscan
