#pragma once
// Synthetic Flink logs for tests: lines in Flink's log4j2 default layout
// (flink-log-formats.md), so that a test states only the story it tells
// (times, loggers, messages) and every test writes the layout the same way.

#include <cstdint>
#include <string>
#include <string_view>

#include <fmt/format.h>

namespace flinkscan::testing {

// One record header line in Flink's log4j2 default layout
// `%d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n`, line break included.
// `time` is written as given: "2024-03-01 10:00:00,000", or time-only
// "10:00:00,000" as MiniCluster and some IDE setups print it.
inline std::string Log4j2Line(std::string_view time, std::string_view level, std::string_view logger,
                              std::string_view message) {
  return fmt::format("{} {:<5} {:<60} [] - {}\n", time, level, logger, message);
}

// The day every synthetic log is written on: "10:00:00,000" -> "2024-03-01 10:00:00,000".
inline std::string Day(std::string_view clock) { return fmt::format("2024-03-01 {}", clock); }

// ExecutionGraph's job transition message (all Flink versions).
inline std::string JobTransitionMessage(std::string_view job_name, std::string_view job_id,
                                        std::string_view from, std::string_view to) {
  return fmt::format("Job {} ({}) switched from state {} to {}.", job_name, job_id, from, to);
}

// A log that knows its line numbers, so tests can check that evidence and
// checkpoint items point at the right line.
class SyntheticLog {
 public:
  // Appends a record header line; returns its 1-based line number.
  uint64_t Add(std::string_view time, std::string_view level, std::string_view logger,
               std::string_view message) {
    text_ += Log4j2Line(time, level, logger, message);
    return ++lines_;
  }
  // Appends a continuation line (stack frame, Caused by, …).
  void More(std::string_view line) {
    text_ += line;
    text_ += '\n';
    ++lines_;
  }
  const std::string& text() const { return text_; }

 private:
  std::string text_;
  uint64_t lines_ = 0;
};

}  // namespace flinkscan::testing
