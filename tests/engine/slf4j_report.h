#pragma once
// Slf4jReporter metric reports for tests, written from the reporter's template
// (flink-log-formats.md §10; no real dump is public): the header line ends
// after " - " and the report starts on the next line.

#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "tests/engine/synthetic_log.h"

namespace flinkscan::testing {

inline constexpr std::string_view kSlf4jReporter = "org.apache.flink.metrics.slf4j.Slf4jReporter";

struct MetricReportLines {
  std::vector<std::string> counters;
  std::vector<std::string> gauges;
  std::vector<std::string> meters;
  std::vector<std::string> histograms;
};

// The whole record, line break included.
inline std::string Slf4jReportRecord(std::string_view time, const MetricReportLines& m) {
  std::string out = Log4j2Line(time, "INFO", kSlf4jReporter, "");
  out += "=========================== Starting metrics report ===========================\n\n";
  auto section = [&](std::string_view rule, const std::vector<std::string>& lines) {
    out += rule;
    out += '\n';
    for (const std::string& line : lines) out += line + '\n';
    out += '\n';
  };
  section("-- Counters -------------------------------------------------------------------", m.counters);
  section("-- Gauges ---------------------------------------------------------------------", m.gauges);
  section("-- Meters ---------------------------------------------------------------------", m.meters);
  section("-- Histograms -----------------------------------------------------------------", m.histograms);
  out += "=========================== Finished metrics report ===========================\n";
  return out;
}

// Task-scope identifier with Flink's default scope format.
inline std::string TaskMetric(std::string_view job, std::string_view task, int subtask, std::string_view name,
                              std::string_view tm = "flink-tm-1:41337-3c5e1a") {
  return fmt::format("flink-tm-1.taskmanager.{}.{}.{}.{}.{}", tm, job, task, subtask, name);
}

inline std::string JobManagerMetric(std::string_view name) { return fmt::format("flink-jm.jobmanager.{}", name); }

}  // namespace flinkscan::testing
