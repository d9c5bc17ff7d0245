// `flinkscan grep SELECTOR... PATH...`: whole matching records (header line
// plus its continuation lines: stack frames, Caused by) prefixed once with
// `source:line: `, in input order, and nothing else.

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "tests/cli/run_binary.h"
#include "tests/engine/synthetic_log.h"
#include "tests/engine/test_files.h"

namespace flinkscan {
namespace {

using testing::Day;
using testing::JobTransitionMessage;
using testing::Log4j2Line;
using testing::Quote;
using testing::ReadFile;
using testing::TempDir;

constexpr std::string_view kExecutionGraph = "org.apache.flink.runtime.executiongraph.ExecutionGraph";
constexpr std::string_view kTask = "org.apache.flink.runtime.taskmanager.Task";
constexpr std::string_view kCoordinator = "org.apache.flink.runtime.checkpoint.CheckpointCoordinator";
constexpr std::string_view kFailureManager = "org.apache.flink.runtime.checkpoint.CheckpointFailureManager";
constexpr std::string_view kUserFunction = "com.flink.example.stream.function.stateful.ListCheckpointedExample";
constexpr std::string_view kJob = "c506b6c290cc2d96a0e3f0eea10395c4";
constexpr std::string_view kAttempt = "3e1f5a7c9b2d4f6a8c0e2b4d6f8a1c3e";

// A log that remembers each record's text and first line number, to build
// grep's expected output.
class SyntheticLog {
 public:
  struct Record {
    uint64_t line;
    std::string text;  // without the final newline
  };
  size_t Add(std::string_view clock, std::string_view level, std::string_view logger, std::string_view message) {
    std::string header = Log4j2Line(Day(clock), level, logger, message);
    header.pop_back();  // records are joined with '\n' by text() and Expected()
    records_.push_back({lines_ + 1, std::move(header)});
    ++lines_;
    return records_.size() - 1;
  }
  void More(std::string_view line) {
    records_.back().text += '\n';
    records_.back().text += line;
    ++lines_;
  }
  std::string text() const {
    std::string out;
    for (const Record& r : records_) out += r.text + "\n";
    return out;
  }
  // What grep prints for these records of the log at `path`.
  std::string Expected(const std::string& path, const std::vector<size_t>& which) const {
    std::string out;
    for (size_t i : which) out += fmt::format("{}:{}: {}\n", path, records_[i].line, records_[i].text);
    return out;
  }

 private:
  std::vector<Record> records_;
  uint64_t lines_ = 0;
};

struct CheckpointLog {
  SyntheticLog log;
  std::vector<size_t> checkpoint_records;
  size_t expired_record = 0;
};

// Appends a checkpoint story to `c.log`, noting which records are checkpoint records.
void AppendCheckpointStory(CheckpointLog& c) {
  SyntheticLog& log = c.log;
  log.Add("10:00:00,000", "INFO", kExecutionGraph,
          JobTransitionMessage("State machine job", kJob, "CREATED", "RUNNING"));
  c.checkpoint_records.push_back(log.Add(
      "10:00:10,003", "INFO", kCoordinator,
      fmt::format("Triggering checkpoint 1 (type=CheckpointType{{name='Checkpoint', "
                  "sharingFilesStrategy=FORWARD_BACKWARD}}) @ 1709287210000 for job {}.",
                  kJob)));
  // User code that merely mentions checkpoints is not a checkpoint record.
  log.Add("10:00:10,004", "INFO", kUserFunction, "snapshotState subTask: 1, checkpointId: 1, words: [a, d]");
  c.checkpoint_records.push_back(
      log.Add("10:00:10,090", "INFO", kCoordinator,
              fmt::format("Completed checkpoint 1 for job {} (8338 bytes, checkpointDuration=87 ms, "
                          "finalizationTime=3 ms).",
                          kJob)));
  c.checkpoint_records.push_back(log.Add(
      "10:01:10,003", "INFO", kCoordinator,
      fmt::format("Triggering checkpoint 2 (type=CheckpointType{{name='Checkpoint', "
                  "sharingFilesStrategy=FORWARD_BACKWARD}}) @ 1709287270000 for job {}.",
                  kJob)));
  c.expired_record = log.Add("10:11:10,004", "INFO", kCoordinator,
                             fmt::format("Checkpoint 2 of job {} expired before completing.", kJob));
  c.checkpoint_records.push_back(c.expired_record);
  c.checkpoint_records.push_back(log.Add(
      "10:11:10,006", "WARN", kFailureManager,
      fmt::format("Failed to trigger or complete checkpoint 2 for job {}. (1 consecutive failed attempts so far)",
                  kJob)));
  log.More("org.apache.flink.runtime.checkpoint.CheckpointException: Checkpoint expired before completing.");
  log.More("\tat org.apache.flink.runtime.checkpoint.CheckpointCoordinator$CheckpointCanceller.run("
           "CheckpointCoordinator.java:2143) [flink-dist-1.15.4.jar:1.15.4]");
  log.More("\tat java.lang.Thread.run(Thread.java:750) [?:1.8.0_292]");
  log.Add("10:11:20,000", "INFO", kExecutionGraph,
          fmt::format("Map (1/2) ({}) switched from RUNNING to CANCELING.", kAttempt));
}

CheckpointLog MakeCheckpointLog() {
  CheckpointLog c;
  AppendCheckpointStory(c);
  return c;
}

TEST(Grep, CheckpointPrintsWholeRecordsWithFileAndLineAndNothingElse) {
  TempDir dir;
  const CheckpointLog c = MakeCheckpointLog();
  const std::string path = dir.Write("jobmanager.log", c.log.text());
  const testing::RunResult r = testing::RunFlinkscan("grep checkpoint " + Quote(path));
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, c.log.Expected(path, c.checkpoint_records));
}

TEST(Grep, PatternIdSelectsOnlyThatPattern) {
  TempDir dir;
  const CheckpointLog c = MakeCheckpointLog();
  const std::string path = dir.Write("jobmanager.log", c.log.text());
  const testing::RunResult r = testing::RunFlinkscan("grep checkpoint.expired " + Quote(path));
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, c.log.Expected(path, {c.expired_record}));
}

// Line numbers are the file's, however the input is cut into chunks.
TEST(Grep, LineNumbersDoNotDependOnChunking) {
  TempDir dir;
  CheckpointLog c;
  for (int copy = 0; copy < 40; ++copy) AppendCheckpointStory(c);
  const std::string path = dir.Write("jobmanager.log", c.log.text());
  const std::string expected = c.log.Expected(path, c.checkpoint_records);
  const testing::RunResult whole = testing::RunFlinkscan("grep checkpoint " + Quote(path));
  EXPECT_EQ(whole.exit_code, 0);
  EXPECT_EQ(whole.out, expected);
  const testing::RunResult tiny = testing::RunFlinkscan("grep checkpoint --chunk-bytes 300 -j 3 " + Quote(path));
  EXPECT_EQ(tiny.exit_code, 0);
  EXPECT_EQ(tiny.out, expected);
}

TEST(Grep, FailuresInADirectoryCoverEveryLogWithWholeTraces) {
  TempDir dir;
  SyntheticLog jm;
  jm.Add("10:00:00,000", "INFO", kExecutionGraph, JobTransitionMessage("Orders", kJob, "CREATED", "RUNNING"));
  const size_t jm_failed = jm.Add(
      "10:05:00,200", "INFO", kExecutionGraph,
      fmt::format("Map (1/2) ({}) switched from RUNNING to FAILED on 10.0.0.7:41234-abc123 @ tm-host-7 "
                  "(dataPort=41235).",
                  kAttempt));
  jm.More("java.lang.OutOfMemoryError: Java heap space");
  jm.More("\tat java.util.Arrays.copyOf(Arrays.java:3236) ~[?:1.8.0_292]");
  const size_t jm_restarting = jm.Add("10:05:00,220", "INFO", kExecutionGraph,
                                      JobTransitionMessage("Orders", kJob, "RUNNING", "RESTARTING"));
  jm.Add("10:05:10,230", "INFO", kExecutionGraph,
         JobTransitionMessage("Orders", kJob, "RESTARTING", "RUNNING"));
  jm.Add("10:06:00,003", "INFO", kCoordinator,
         fmt::format("Completed checkpoint 3 for job {} (8338 bytes, checkpointDuration=87 ms, "
                     "finalizationTime=3 ms).",
                     kJob));
  SyntheticLog tm;
  tm.Add("10:00:00,400", "INFO", kTask,
         fmt::format("Map (1/2)#0 ({}) switched from INITIALIZING to RUNNING.", kAttempt));
  const size_t tm_failed = tm.Add(
      "10:05:00,150", "WARN", kTask,
      fmt::format("Map (1/2)#0 ({}) switched from RUNNING to FAILED with failure cause:", kAttempt));
  tm.More("java.lang.OutOfMemoryError: Java heap space");
  tm.More("\tat java.util.Arrays.copyOf(Arrays.java:3236) ~[?:1.8.0_292]");
  tm.Add("10:05:00,160", "INFO", kTask, fmt::format("Freeing task resources for Map (1/2)#0 ({}).", kAttempt));

  const std::string jm_path = dir.Write("logs/flink-flink-standalonesession-0-jm-host.log", jm.text());
  const std::string tm_path = dir.Write("logs/flink-flink-taskexecutor-0-tm-host-7.log", tm.text());
  const testing::RunResult r = testing::RunFlinkscan("grep failures " + Quote(dir.path() + "/logs"));
  EXPECT_EQ(r.exit_code, 0);
  // Directory order is by base name: standalonesession before taskexecutor.
  const std::string expected = jm.Expected(jm_path, {jm_failed}) + tm.Expected(tm_path, {tm_failed});
  // RESTARTING is a failure-family record too (a warning-level pattern); accept it either way,
  // but nothing informational (RUNNING, checkpoints completed, task INITIALIZING->RUNNING, Freeing).
  const std::string with_restart =
      jm.Expected(jm_path, {jm_failed, jm_restarting}) + tm.Expected(tm_path, {tm_failed});
  EXPECT_TRUE(r.out == expected || r.out == with_restart) << r.out;
}

TEST(Grep, UnknownSelectorExitsTwoAndSaysWhich) {
  TempDir dir;
  const std::string path = dir.Write("jobmanager.log", MakeCheckpointLog().log.text());
  const std::string err_path = dir.path() + "/stderr";
  const std::string command =
      fmt::format("{} grep chekpoint {} 2> {}", FLINKSCAN_BINARY, Quote(path), Quote(err_path));
  const int status = std::system(command.c_str());
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 2);
  const std::string err = ReadFile(err_path);
  EXPECT_NE(err.find("chekpoint"), std::string::npos) << err;
  EXPECT_NE(err.find("patterns list"), std::string::npos) << err;
}

TEST(Grep, UnknownSelectorAfterDoubleDashStyleIsAlsoRejected) {
  TempDir dir;
  const std::string path = dir.Write("jobmanager.log", MakeCheckpointLog().log.text());
  const testing::RunResult r = testing::RunFlinkscan("grep nosuchthing -- " + Quote(path));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(r.out.empty());
}

TEST(Grep, MissingPathExitsTwo) {
  const testing::RunResult r = testing::RunFlinkscan("grep checkpoint /nonexistent/flinkscan-qa/jobmanager.log");
  EXPECT_EQ(r.exit_code, 2);
}

TEST(Grep, StdinIsNamedDash) {
  TempDir dir;
  const CheckpointLog c = MakeCheckpointLog();
  const std::string path = dir.Write("jobmanager.log", c.log.text());
  const testing::RunResult r = testing::RunFlinkscan("grep checkpoint.expired -", path);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, c.log.Expected("-", {c.expired_record}));
}

}  // namespace
}  // namespace flinkscan
