#pragma once
// Running the real `flinkscan` binary on hostile inputs: exit code, stdout
// and stderr kept apart (the message must name the file), and the JSON
// report's accounting read back.

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <sys/wait.h>

#include "tests/cli/json_report_reader.h"
#include "tests/cli/run_binary.h"
#include "tests/engine/test_files.h"

namespace flinkscan::testing {

struct CapturedRun {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs `flinkscan ARGS` (shell words; tests quote paths) with stderr captured.
inline CapturedRun RunCaptured(const std::string& args, const std::string& stdin_file = "/dev/null") {
  TempDir scratch;
  const std::string err_path = scratch.path() + "/stderr";
  const RunResult run = RunShell(std::string(FLINKSCAN_BINARY) + " " + args + " < " + Quote(stdin_file) +
                                 " 2>" + Quote(err_path));
  return {run.exit_code, run.out, ReadFile(err_path)};
}

// What the report says about one input path (all its streams summed), and
// the errors it lists for it.
struct InputAccount {
  uint64_t bytes = 0;
  uint64_t lines = 0;
  uint64_t records = 0;
  uint64_t continuation_lines = 0;
  uint64_t free_text_lines = 0;
  uint64_t rejected_lines = 0;
  size_t streams = 0;
  std::vector<std::string> errors;

  std::string AllErrors() const {
    std::string all;
    for (const std::string& e : errors) all += e + "\n";
    return all;
  }
};

inline InputAccount AccountOf(const ParsedJson& report, const std::string& path) {
  InputAccount account;
  for (simdjson::dom::element input : Array(report["inputs"])) {
    if (Str(input["path"]) != path) continue;
    ++account.streams;
    account.bytes += static_cast<uint64_t>(Int(input["bytes"]));
    account.lines += static_cast<uint64_t>(Int(input["lines"]));
    account.records += static_cast<uint64_t>(Int(input["records"]));
    account.continuation_lines += static_cast<uint64_t>(Int(input["continuation_lines"]));
    account.free_text_lines += static_cast<uint64_t>(Int(input["free_text_lines"]));
    account.rejected_lines += static_cast<uint64_t>(Int(input["rejected_lines"]));
    for (simdjson::dom::element e : Array(input["errors"])) account.errors.push_back(Str(e));
  }
  return account;
}

// Lines as the JSON contract counts them: "\n"s, plus one for a last line without one.
inline uint64_t ContractLines(const std::string& bytes) {
  uint64_t lines = 0;
  for (char c : bytes) lines += c == '\n';
  if (!bytes.empty() && bytes.back() != '\n') ++lines;
  return lines;
}

// Log4j2 lines of a small failing job, used wherever a test needs real records.
inline std::string Log4j2Record(int second, const std::string& message) {
  char stamp[32];
  std::snprintf(stamp, sizeof stamp, "2024-03-01 10:%02d:%02d,%03d", second / 60 % 60, second % 60,
                second % 1000);
  return std::string(stamp) + " INFO  org.apache.flink.runtime.executiongraph.ExecutionGraph [] - " +
         message + "\n";
}

inline std::string SmallFailingJobLog() {
  return Log4j2Record(1,
                      "Starting execution of job 'hostile' (00000000000000000000000000000001) under job "
                      "master id x.") +
         Log4j2Record(
             2, "Job hostile (00000000000000000000000000000001) switched from state RUNNING to FAILING.") +
         "java.lang.RuntimeException: boom\n\tat a.b.C.d(C.java:1)\n" +
         Log4j2Record(
             3, "Job hostile (00000000000000000000000000000001) switched from state FAILING to FAILED.");
}

}  // namespace flinkscan::testing
