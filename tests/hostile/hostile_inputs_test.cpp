// Hostile files and directories: YARN envelopes whose LogLength lies or is no
// number, a directory with symlink loops, an unreadable file, a FIFO, a file
// truncated while it is scanned, and reports written to a full device or a
// file that cannot grow (exit 2, no half-written report left behind).

#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "tests/hostile/hostile_run.h"

namespace flinkscan {
namespace {

namespace fs = std::filesystem;
using testing::AccountOf;
using testing::ContractLines;
using testing::InputAccount;
using testing::Log4j2Record;
using testing::ParsedJson;
using testing::Quote;
using testing::ReadFile;
using testing::RunCaptured;
using testing::RunShell;
using testing::TempDir;

std::string JobLog() { return testing::SmallFailingJobLog(); }

// As `yarn logs` writes a section: the body, a newline, the end marker.
std::string YarnSection(const std::string& log_type, const std::string& length, const std::string& body) {
  return "LogType:" + log_type + "\nLogLastModifiedTime:Mon Jan 01 00:00:00 +0000 2024\nLogLength:" + length +
         "\nLogContents:\n" + body + "\nEnd of LogType:" + log_type + "\n\n";
}

TEST(HostileInputs, YarnEnvelopeWithLyingAndNonNumericLogLength) {
  TempDir dir;
  const std::string tm_body = Log4j2Record(5, "TaskManager up.");
  const std::string yarn =
      "Container: container_1_0001_01_000001 on host_1\nLogAggregationType: AGGREGATED\n"
      "====================================================================\n" +
      YarnSection("jobmanager.log", "99999", JobLog()) + YarnSection("taskmanager.log", "abc", tm_body) +
      "Container: container_1_0001_01_000002 on host_2\n====\n" +
      YarnSection("taskmanager.log", "5", tm_body);
  const std::string path = dir.Write("application_1_0001.txt", yarn);
  const auto run = RunCaptured("scan --format json " + Quote(path));
  EXPECT_EQ(run.exit_code, 0) << run.err;
  ParsedJson report(run.out);
  ASSERT_TRUE(report.parsed());
  const InputAccount all = AccountOf(report, path);
  EXPECT_EQ(all.bytes, yarn.size()) << "envelope + sections add up to the file";
  EXPECT_EQ(all.lines, ContractLines(yarn));
  EXPECT_EQ(all.records + all.continuation_lines + all.free_text_lines + all.rejected_lines, all.lines);
  const std::string errors = all.AllErrors();
  EXPECT_NE(errors.find("LogLength 99999 of container_1_0001_01_000001/jobmanager.log exceeds"),
            std::string::npos)
      << errors;
  EXPECT_NE(errors.find("LogLength \"abc\" of container_1_0001_01_000001/taskmanager.log is not a number"),
            std::string::npos)
      << errors;
  EXPECT_NE(
      errors.find("LogLength 5 of container_1_0001_01_000002/taskmanager.log is not followed by its end "
                  "marker"),
      std::string::npos)
      << errors;
  EXPECT_NE(run.err.find(path + ": byte "), std::string::npos) << run.err;
  // The lying section is framed by its end marker: the job inside is whole.
  EXPECT_EQ(testing::Str(report.Job("00000000000000000000000000000001")["final_state"]), "FAILED");
}

TEST(HostileInputs, DirectoryWithSymlinkLoopsIsWalkedOnce) {
  TempDir dir;
  const std::string root = dir.path() + "/logs";
  const std::string log = dir.Write("logs/a/jobmanager.log", JobLog());
  fs::create_directory_symlink("..", root + "/a/up");
  fs::create_directory_symlink(root, root + "/a/root");
  fs::create_symlink(root + "/a/loop2", root + "/a/loop1");
  fs::create_symlink(root + "/a/loop1", root + "/a/loop2");
  const auto run = RunCaptured("scan --format json " + Quote(root));
  EXPECT_EQ(run.exit_code, 0) << run.err;
  ParsedJson report(run.out);
  ASSERT_TRUE(report.parsed());
  EXPECT_EQ(report.Count("inputs"), 1u) << run.out;
  EXPECT_EQ(AccountOf(report, log).bytes, JobLog().size());
  std::string skipped;
  for (auto s : testing::Array(report["skipped"]))
    skipped += testing::Str(s["path"]) + ": " + testing::Str(s["reason"]) + "\n";
  EXPECT_NE(skipped.find(root + "/a/up: symbolic link to a directory (not followed)"), std::string::npos)
      << skipped;
  EXPECT_NE(skipped.find(root + "/a/loop1"), std::string::npos) << skipped;
}

TEST(HostileInputs, UnreadableFileIsListedAndTheRestScanned) {
  // Tests may run as root, which reads any mode-000 file; /proc/self/mem is
  // a file no one can read from offset 0 (EIO). A mode-000 file is used too
  // when the tests run as a normal user.
  TempDir dir;
  const std::string log = dir.Write("logs/jobmanager.log", JobLog());
  fs::create_symlink("/proc/self/mem", dir.path() + "/logs/taskmanager.log");
  if (::geteuid() != 0) {
    const std::string locked = dir.Write("logs/locked.log", JobLog());
    ::chmod(locked.c_str(), 0);
  }
  const auto run = RunCaptured("scan --format json " + Quote(dir.path() + "/logs"));
  EXPECT_EQ(run.exit_code, 0) << run.err;
  ParsedJson report(run.out);
  ASSERT_TRUE(report.parsed());
  EXPECT_EQ(AccountOf(report, log).records, 3u);
  std::string skipped;
  for (auto s : testing::Array(report["skipped"]))
    skipped += testing::Str(s["path"]) + ": " + testing::Str(s["reason"]) + "\n";
  EXPECT_NE(skipped.find("taskmanager.log: cannot read: Input/output error"), std::string::npos) << skipped;
  if (::geteuid() != 0) {
    EXPECT_NE(skipped.find("locked.log"), std::string::npos) << skipped;
  }

  // Named on its own it is an input whose error says where reading failed.
  const auto alone = RunCaptured("scan --format json /proc/self/mem");
  ParsedJson alone_report(alone.out);
  ASSERT_TRUE(alone_report.parsed()) << alone.err;
  const InputAccount mem = AccountOf(alone_report, "/proc/self/mem");
  EXPECT_EQ(mem.bytes, 0u);
  EXPECT_NE(mem.AllErrors().find("byte 0: read failed: Input/output error"), std::string::npos)
      << mem.AllErrors();
  EXPECT_NE(alone.err.find("/proc/self/mem: byte 0: read failed"), std::string::npos) << alone.err;
}

TEST(HostileInputs, FifoIsReadToItsEnd) {
  TempDir dir;
  const std::string fifo = dir.path() + "/jobmanager.log";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const std::string log = JobLog();
  // The writer waits for a reader without blocking forever: if the scan never opens the FIFO (a broken
  // build, an early exit), the test fails instead of hanging in join().
  std::thread writer([&] {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    int fd = -1;
    while ((fd = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC)) < 0 &&
           std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (fd < 0) return;
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    for (size_t done = 0; done < log.size();) {
      const ssize_t n = ::write(fd, log.data() + done, log.size() - done);
      if (n <= 0) break;
      done += static_cast<size_t>(n);
    }
    ::close(fd);
  });
  const auto run = RunCaptured("scan --format json " + Quote(fifo));
  writer.join();
  EXPECT_EQ(run.exit_code, 0) << run.err;
  ParsedJson report(run.out);
  ASSERT_TRUE(report.parsed());
  const InputAccount a = AccountOf(report, fifo);
  EXPECT_EQ(a.bytes, log.size());
  EXPECT_EQ(a.records, 3u);
}

TEST(HostileInputs, FileTruncatedWhileScannedEndsCleanly) {
  // One reader thread and 4 KiB chunks make the scan of 64 MiB slow enough
  // that the truncation lands while it runs (if it does not, the scan simply
  // saw the whole file: the assertions hold either way).
  TempDir dir;
  const std::string path = dir.path() + "/jobmanager.log";
  std::string block;
  for (int i = 0; block.size() < (1u << 20); ++i)
    block += Log4j2Record(i, "Checkpoint " + std::to_string(i) +
                                 " of job 00000000000000000000000000000001 expired before completing.");
  {
    std::ofstream out(path, std::ios::binary);
    for (int i = 0; i < 64; ++i) out << block;
  }
  const uint64_t full = 64 * block.size();
  const std::string out_path = dir.path() + "/report.json";
  const std::string err_path = dir.path() + "/stderr";
  const std::string command = std::string(FLINKSCAN_BINARY) + " scan --format json -j 1 --chunk-bytes 4096 " +
                              Quote(path) + " > " + Quote(out_path) + " 2> " + Quote(err_path) +
                              " & echo $!; wait";
  FILE* shell = ::popen(command.c_str(), "r");
  ASSERT_NE(shell, nullptr);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  ::truncate(path.c_str(), static_cast<off_t>(block.size()));
  const int status = ::pclose(shell);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << ReadFile(err_path);
  ParsedJson report(ReadFile(out_path));
  ASSERT_TRUE(report.parsed()) << ReadFile(err_path);
  const InputAccount a = AccountOf(report, path);
  EXPECT_GE(a.bytes, block.size());
  EXPECT_LE(a.bytes, full);
  EXPECT_EQ(a.records + a.continuation_lines + a.free_text_lines + a.rejected_lines, a.lines);
}

TEST(HostileInputs, OutputToAFullDeviceExitsTwoAndNamesIt) {
  TempDir dir;
  const std::string log = dir.Write("jobmanager.log", JobLog());
  const auto run = RunCaptured("scan --format json -o /dev/full " + Quote(log));
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("/dev/full: write failed: No space left on device"), std::string::npos) << run.err;
}

TEST(HostileInputs, OutputThatCannotGrowLeavesNoHalfWrittenReport) {
  // A file-size limit makes write() fail part-way (EFBIG) as a full disk
  // would: exit 2, the older report untouched, no temp file left.
  TempDir dir;
  const std::string log = dir.Write("jobmanager.log", JobLog());
  const std::string report = dir.Write("out/report.json", "older report\n");
  const std::string err_path = dir.path() + "/stderr";
  const testing::RunResult run =
      RunShell("trap '' XFSZ; ulimit -f 1; " + std::string(FLINKSCAN_BINARY) + " scan --format json -o " +
               Quote(report) + " " + Quote(log) + " 2> " + Quote(err_path) + "; echo $?");
  EXPECT_EQ(run.out, "2\n") << ReadFile(err_path);
  EXPECT_NE(ReadFile(err_path).find(report + ": write failed"), std::string::npos) << ReadFile(err_path);
  EXPECT_EQ(ReadFile(report), "older report\n");
  size_t files = 0;
  for (const auto& entry : fs::directory_iterator(dir.path() + "/out")) files += entry.is_regular_file();
  EXPECT_EQ(files, 1u) << "no temp file left beside the report";
}

}  // namespace
}  // namespace flinkscan
