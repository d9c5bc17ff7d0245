// The `flinkscan` binary end to end: exit codes (design.md "Exit codes"),
// report files written atomically, JSON contract basics, stdin, colour.

#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <string>
#include <string_view>

#include <fmt/format.h>
#include <simdjson.h>

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
using testing::WithoutTiming;

constexpr std::string_view kExecutionGraph = "org.apache.flink.runtime.executiongraph.ExecutionGraph";
constexpr std::string_view kCoordinator = "org.apache.flink.runtime.checkpoint.CheckpointCoordinator";
constexpr std::string_view kJob = "8c4f2a9e1b3d5c7f9a0b2c4d6e8f1a3b";
constexpr std::string_view kAttempt = "3e1f5a7c9b2d4f6a8c0e2b4d6f8a1c3e";

std::string Line(std::string_view clock, std::string_view level, std::string_view logger, std::string_view message) {
  return Log4j2Line(Day(clock), level, logger, message);
}
std::string JobLine(std::string_view from, std::string_view to) {
  return JobTransitionMessage("Orders", kJob, from, to);
}

// Starts, checkpoints, finishes: nothing to report.
std::string CleanLog() {
  return Line("10:00:00,000", "INFO", kExecutionGraph, JobLine("CREATED", "RUNNING")) +
         Line("10:00:10,003", "INFO", kCoordinator,
              fmt::format("Triggering checkpoint 1 (type=CHECKPOINT) @ 1709287210000 for job {}.", kJob)) +
         Line("10:00:10,090", "INFO", kCoordinator,
              fmt::format("Completed checkpoint 1 for job {} (8338 bytes, checkpointDuration=87 ms, "
                          "finalizationTime=3 ms).",
                          kJob)) +
         Line("10:01:00,000", "INFO", kExecutionGraph, JobLine("RUNNING", "FINISHED"));
}

// Only warning-level trouble: one checkpoint expired.
std::string WarningLog() {
  return Line("10:00:00,000", "INFO", kExecutionGraph, JobLine("CREATED", "RUNNING")) +
         Line("10:00:10,003", "INFO", kCoordinator,
              fmt::format("Triggering checkpoint 1 (type=CHECKPOINT) @ 1709287210000 for job {}.", kJob)) +
         Line("10:10:10,004", "INFO", kCoordinator,
              fmt::format("Checkpoint 1 of job {} expired before completing.", kJob)) +
         Line("10:11:00,003", "INFO", kCoordinator,
              fmt::format("Triggering checkpoint 2 (type=CHECKPOINT) @ 1709287860000 for job {}.", kJob)) +
         Line("10:11:00,090", "INFO", kCoordinator,
              fmt::format("Completed checkpoint 2 for job {} (8338 bytes, checkpointDuration=87 ms, "
                          "finalizationTime=3 ms).",
                          kJob));
}

// A failover: critical.
std::string CriticalLog() {
  return Line("10:00:00,000", "INFO", kExecutionGraph, JobLine("CREATED", "RUNNING")) +
         Line("10:05:00,200", "INFO", kExecutionGraph,
              fmt::format("Map (1/2) ({}) switched from RUNNING to FAILED on 10.0.0.7:41234-abc123 @ tm-host-7 "
                          "(dataPort=41235).",
                          kAttempt)) +
         "java.lang.OutOfMemoryError: Java heap space\n"
         "\tat java.util.Arrays.copyOf(Arrays.java:3236) ~[?:1.8.0_292]\n" +
         Line("10:05:00,220", "INFO", kExecutionGraph, JobLine("RUNNING", "RESTARTING")) +
         Line("10:05:10,230", "INFO", kExecutionGraph, JobLine("RESTARTING", "RUNNING"));
}

struct Outcome {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs the binary with stdout and stderr kept apart (stdin from `stdin_file`
// or /dev/null, so a test never waits on the terminal).
Outcome Invoke(const std::string& args, const std::string& stdin_file = "") {
  TempDir scratch;
  const std::string err_path = scratch.path() + "/stderr";
  const std::string command = fmt::format("{} {} < {} 2> {}", FLINKSCAN_BINARY, args,
                                          Quote(stdin_file.empty() ? "/dev/null" : stdin_file), Quote(err_path));
  testing::RunResult run = testing::RunShell(command);
  Outcome result;
  result.exit_code = run.exit_code;
  result.out = std::move(run.out);
  result.err = ReadFile(err_path);
  return result;
}

TEST(Cli, ScanExitsZeroAndPrintsAReport) {
  TempDir dir;
  const std::string log = dir.Write("jobmanager.log", CriticalLog());
  const Outcome r = Invoke("scan " + Quote(log));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("job_failover"), std::string::npos) << r.out;
}

TEST(Cli, UnknownOptionExitsTwoWithUsage) {
  TempDir dir;
  const std::string log = dir.Write("jobmanager.log", CleanLog());
  const Outcome r = Invoke("scan --frobnicate " + Quote(log));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--frobnicate"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty()) << "usage errors go to stderr";
}

TEST(Cli, MissingPathExitsTwoAndNamesIt) {
  const Outcome r = Invoke("scan /nonexistent/flinkscan-qa/jobmanager.log");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("/nonexistent/flinkscan-qa/jobmanager.log"), std::string::npos) << r.err;
}

TEST(Cli, NoPathAtAllExitsTwo) {
  const Outcome r = Invoke("scan");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_FALSE(r.err.empty());
}

TEST(Cli, NothingReadableExitsTwo) {
  TempDir dir;
  std::filesystem::create_directories(dir.path() + "/empty");
  const Outcome r = Invoke("scan " + Quote(dir.path() + "/empty"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no input could be read"), std::string::npos) << r.err;
}

// One readable input among unreadable ones: reported, not fatal.
TEST(Cli, MissingPathBesideAReadableOneIsNotFatal) {
  TempDir dir;
  const std::string log = dir.Write("jobmanager.log", CleanLog());
  const Outcome r = Invoke("scan --format json " + Quote(log) + " /nonexistent/flinkscan-qa/taskmanager.log");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("/nonexistent/flinkscan-qa/taskmanager.log"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("/nonexistent/flinkscan-qa/taskmanager.log"), std::string::npos)
      << "the report lists what could not be read";
}

TEST(Cli, FailOnWarning) {
  TempDir dir;
  const std::string clean = dir.Write("clean.log", CleanLog());
  const std::string warning = dir.Write("warning.log", WarningLog());
  const std::string critical = dir.Write("critical.log", CriticalLog());
  EXPECT_EQ(Invoke("scan --fail-on warning " + Quote(clean)).exit_code, 0);
  EXPECT_EQ(Invoke("scan --fail-on warning " + Quote(warning)).exit_code, 1);
  EXPECT_EQ(Invoke("scan --fail-on warning " + Quote(critical)).exit_code, 1);
}

TEST(Cli, FailOnCritical) {
  TempDir dir;
  const std::string clean = dir.Write("clean.log", CleanLog());
  const std::string warning = dir.Write("warning.log", WarningLog());
  const std::string critical = dir.Write("critical.log", CriticalLog());
  EXPECT_EQ(Invoke("scan --fail-on critical " + Quote(clean)).exit_code, 0);
  EXPECT_EQ(Invoke("scan --fail-on critical " + Quote(warning)).exit_code, 0);
  EXPECT_EQ(Invoke("scan --fail-on critical " + Quote(critical)).exit_code, 1);
  // The report is still written when the level is reached.
  const Outcome r = Invoke("scan --fail-on critical --format json " + Quote(critical));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("\"job_failover\""), std::string::npos);
}

TEST(Cli, OutputFileIsWrittenAndNoTempFileIsLeft) {
  TempDir dir;
  const std::string log = dir.Write("input/jobmanager.log", CriticalLog());
  std::filesystem::create_directories(dir.path() + "/out");
  const std::string report = dir.path() + "/out/report.json";
  const Outcome r = Invoke("scan --format json -o " + Quote(report) + " " + Quote(log));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.out.empty()) << "the report went to the file, not stdout";
  std::set<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path() + "/out")) {
    names.insert(entry.path().filename().string());
  }
  EXPECT_EQ(names, std::set<std::string>{"report.json"});
  simdjson::dom::parser parser;
  const simdjson::padded_string json(ReadFile(report));
  auto doc = parser.parse(json);
  ASSERT_FALSE(doc.error()) << simdjson::error_message(doc.error());
}

TEST(Cli, OutputFileReplacesAnOlderReport) {
  TempDir dir;
  const std::string log = dir.Write("jobmanager.log", CleanLog());
  const std::string report = dir.Write("report.txt", "an old report that is much longer than ... " +
                                                         std::string(100'000, 'x'));
  const Outcome r = Invoke("scan -o " + Quote(report) + " " + Quote(log));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const std::string text = ReadFile(report);
  EXPECT_EQ(text.find("an old report"), std::string::npos);
  EXPECT_FALSE(text.empty());
}

TEST(Cli, OutputToDevFullExitsTwo) {
  TempDir dir;
  const std::string log = dir.Write("jobmanager.log", CleanLog());
  const Outcome r = Invoke("scan --format json -o /dev/full " + Quote(log));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("/dev/full"), std::string::npos) << r.err;
}

TEST(Cli, OutputIntoMissingDirectoryExitsTwo) {
  TempDir dir;
  const std::string log = dir.Write("jobmanager.log", CleanLog());
  const Outcome r = Invoke("scan -o " + Quote(dir.path() + "/no/such/dir/report.txt") + " " + Quote(log));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_FALSE(r.err.empty());
}

TEST(Cli, JsonHasTheSchemaAndTheContractsTopLevelKeys) {
  TempDir dir;
  const std::string log = dir.Write("jobmanager.log", CriticalLog());
  const Outcome r = Invoke("scan --format json " + Quote(log));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  simdjson::dom::parser parser;
  const simdjson::padded_string json(r.out);
  simdjson::dom::element root;
  ASSERT_EQ(parser.parse(json).get(root), simdjson::SUCCESS) << r.out.substr(0, 500);
  std::string_view schema;
  ASSERT_EQ(root["schema"].get(schema), simdjson::SUCCESS);
  EXPECT_EQ(schema, "flinkscan/1");
  for (const char* key : {"inputs", "totals", "jobs", "checkpoints", "gc", "exceptions", "incidents", "alerts"}) {
    EXPECT_FALSE(root[key].error()) << "missing top-level key " << key;
  }
  simdjson::dom::array incidents;
  ASSERT_EQ(root["incidents"].get(incidents), simdjson::SUCCESS);
  ASSERT_GT(incidents.size(), 0u);
  for (simdjson::dom::element inc : incidents) {
    for (const char* key : {"kind", "severity", "start", "end", "job_id", "scope", "root_cause", "diagnosis",
                            "evidence"}) {
      EXPECT_FALSE(inc[key].error()) << "incident lacks " << key;
    }
    simdjson::dom::array evidence;
    ASSERT_EQ(inc["evidence"].get(evidence), simdjson::SUCCESS);
    for (simdjson::dom::element ev : evidence) {
      std::string_view source;
      int64_t line = 0;
      EXPECT_EQ(ev["source"].get(source), simdjson::SUCCESS);
      EXPECT_EQ(source, log);
      EXPECT_EQ(ev["line"].get(line), simdjson::SUCCESS);
      EXPECT_GT(line, 0);
    }
  }
  int64_t bytes = 0;
  ASSERT_EQ(root["totals"]["bytes"].get(bytes), simdjson::SUCCESS);
  EXPECT_EQ(static_cast<size_t>(bytes), CriticalLog().size());
}

// The same log through stdin: the same report except where the path is named.
TEST(Cli, StdinGivesTheSameJsonAsTheFile) {
  TempDir dir;
  const std::string log = dir.Write("input.log", CriticalLog() + WarningLog());
  const Outcome from_file = Invoke("scan --format json -j 1 " + Quote(log));
  const Outcome from_stdin = Invoke("scan --format json -j 1 -", log);
  ASSERT_EQ(from_file.exit_code, 0) << from_file.err;
  ASSERT_EQ(from_stdin.exit_code, 0) << from_stdin.err;
  std::string expected = WithoutTiming(from_file.out);
  for (size_t at = expected.find(log); at != std::string::npos; at = expected.find(log, at + 1)) {
    expected.replace(at, log.size(), "-");
  }
  EXPECT_EQ(WithoutTiming(from_stdin.out), expected);
  simdjson::dom::parser parser;
  const simdjson::padded_string json(from_stdin.out);
  simdjson::dom::element root;
  ASSERT_EQ(parser.parse(json).get(root), simdjson::SUCCESS);
  std::string_view path;
  ASSERT_EQ(root["inputs"].at(0)["path"].get(path), simdjson::SUCCESS);
  EXPECT_EQ(path, "-");
}

TEST(Cli, TextReportHasNoAnsiEscapesWhenNotATerminal) {
  TempDir dir;
  const std::string log = dir.Write("jobmanager.log", CriticalLog() + WarningLog());
  const Outcome r = Invoke("scan " + Quote(log));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.find('\x1b'), std::string::npos);
  const Outcome never = Invoke("scan --color never " + Quote(log));
  EXPECT_EQ(never.out.find('\x1b'), std::string::npos);
}

TEST(Cli, ColorAlwaysEmitsAnsiEscapes) {
  TempDir dir;
  const std::string log = dir.Write("jobmanager.log", CriticalLog());
  const Outcome r = Invoke("scan --color always " + Quote(log));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\x1b["), std::string::npos);
}

// A report written to a file is for reading later: no colour even with auto.
TEST(Cli, TextReportFileHasNoAnsiEscapes) {
  TempDir dir;
  const std::string log = dir.Write("jobmanager.log", CriticalLog());
  const std::string report = dir.path() + "/report.txt";
  ASSERT_EQ(Invoke("scan -o " + Quote(report) + " " + Quote(log)).exit_code, 0);
  EXPECT_EQ(ReadFile(report).find('\x1b'), std::string::npos);
}

TEST(Cli, PatternsListShowsIdsAndCategories) {
  const Outcome r = Invoke("patterns list");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  size_t lines = 0;
  for (char c : r.out) lines += c == '\n';
  EXPECT_GT(lines, 40u);
  for (const char* id : {"checkpoint.expired", "checkpoint.completed.v114", "memory.heap", "job.transition.failing",
                         "taskmanager.heartbeat_timeout.taskmanager", "resource.no_resource_available"}) {
    EXPECT_NE(r.out.find(id), std::string::npos) << id;
  }
  // Each id's row names its category.
  const size_t row = r.out.find("memory.heap");
  ASSERT_NE(row, std::string::npos);
  const std::string line = r.out.substr(row, r.out.find('\n', row) - row);
  EXPECT_NE(line.find("oom"), std::string::npos) << line;
  const size_t cp_row = r.out.find("checkpoint.expired");
  const std::string cp_line = r.out.substr(cp_row, r.out.find('\n', cp_row) - cp_row);
  EXPECT_NE(cp_line.find(" checkpoint "), std::string::npos) << cp_line;
}

TEST(Cli, HelpAndVersionExitZero) {
  const Outcome help = Invoke("--help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("Usage"), std::string::npos);
  const Outcome version = Invoke("--version");
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_EQ(version.out.rfind("flinkscan ", 0), 0u) << version.out;
}

TEST(Cli, SlowCheckpointThresholdOption) {
  TempDir dir;
  const std::string log = dir.Write("jobmanager.log", CleanLog());  // one 87 ms checkpoint
  const Outcome by_default = Invoke("scan --format json " + Quote(log));
  EXPECT_EQ(by_default.out.find("\"slow_checkpoint\""), std::string::npos);
  const Outcome strict = Invoke("scan --format json --slow-checkpoint-ms 50 " + Quote(log));
  EXPECT_NE(strict.out.find("\"slow_checkpoint\""), std::string::npos);
}

TEST(Cli, TzOptionSetsCliTzSource) {
  TempDir dir;
  const std::string log = dir.Write("jobmanager.log", CriticalLog());
  const Outcome r = Invoke("scan --format json --tz +08:00 " + Quote(log));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  simdjson::dom::parser parser;
  const simdjson::padded_string json(r.out);
  simdjson::dom::element root;
  ASSERT_EQ(parser.parse(json).get(root), simdjson::SUCCESS);
  std::string_view tz_source;
  ASSERT_EQ(root["inputs"].at(0)["tz_source"].get(tz_source), simdjson::SUCCESS);
  EXPECT_EQ(tz_source, "cli");
  EXPECT_NE(r.out.find("\"2024-03-01T10:05:00.200+08:00\""), std::string::npos);
}

}  // namespace
}  // namespace flinkscan
