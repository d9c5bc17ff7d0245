// Slf4jReporter report bodies (flink-log-formats.md §10): lines, sections,
// values, metric names matched from the right, scopes split on their anchors.

#include "parsers/slf4j_metrics.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace flinkscan {
namespace {

constexpr std::string_view kReport =
    "=========================== Starting metrics report ===========================\n"
    "\n"
    "-- Counters -------------------------------------------------------------------\n"
    "tm-1.taskmanager.tm-1:4133-3c5e1a.Orders Job.Source: Kafka -> Map.0.numRecordsIn: 1200\n"
    "\n"
    "-- Gauges ---------------------------------------------------------------------\n"
    "tm-1.taskmanager.tm-1:4133-3c5e1a.Orders Job.Source: Kafka -> Map.0.backPressuredTimeMsPerSecond: 912\n"
    "tm-1.taskmanager.tm-1:4133-3c5e1a.Orders Job.Source: Kafka -> Map.0.isBackPressured: true\n"
    "tm-1.taskmanager.tm-1:4133-3c5e1a.Orders Job.Source: Kafka -> Map.0.busyTimeMsPerSecond: NaN\n"
    "jm.example.com.jobmanager.taskSlotsAvailable: 0\r\n"
    "\n"
    "-- Meters ---------------------------------------------------------------------\n"
    "tm-1.taskmanager.tm-1:4133-3c5e1a.Orders Job.Source: Kafka -> Map.0.numRecordsInPerSecond: 20.5\n"
    "\n"
    "-- Histograms -----------------------------------------------------------------\n"
    "tm-1.taskmanager.tm-1:4133-3c5e1a.Orders Job.latency.source_id.bc76.operator_id.ea63.operator_subtask_index.0"
    ".latency: count=128, min=1, max=90, mean=12.5, stddev=3.1, p50=10.0, p75=14.0, p95=40.0, p98=60.0, p99=80.0, "
    "p999=90.0\n"
    "\n"
    "=========================== Finished metrics report ===========================\n"
    "tm-1.taskmanager.after.finish.numRecordsIn: 5\n";

std::vector<MetricLine> ReadAll(std::string_view report) {
  Slf4jMetricReader reader(report);
  std::vector<MetricLine> out;
  MetricLine line;
  while (reader.Next(line)) out.push_back(line);
  EXPECT_TRUE(reader.started());
  return out;
}

TEST(Slf4jMetrics, ReadsEveryLineOfEverySectionAndStopsAtTheFinishRule) {
  const std::vector<MetricLine> lines = ReadAll(kReport);
  ASSERT_EQ(lines.size(), 7u);
  EXPECT_EQ(lines[0].section, MetricSection::kCounters);
  EXPECT_EQ(lines[0].name, MetricName::kOther);  // numRecordsIn (a counter) is not used
  EXPECT_DOUBLE_EQ(lines[0].value, 1200);
  EXPECT_EQ(lines[1].section, MetricSection::kGauges);
  EXPECT_EQ(lines[1].name, MetricName::kBackPressuredTimeMsPerSecond);
  EXPECT_EQ(lines[1].scope, "tm-1.taskmanager.tm-1:4133-3c5e1a.Orders Job.Source: Kafka -> Map.0");
  EXPECT_DOUBLE_EQ(lines[1].value, 912);
  EXPECT_EQ(lines[2].name, MetricName::kIsBackPressured);
  EXPECT_TRUE(lines[2].has_value);
  EXPECT_DOUBLE_EQ(lines[2].value, 1);
  EXPECT_EQ(lines[3].name, MetricName::kBusyTimeMsPerSecond);
  EXPECT_FALSE(lines[3].has_value);  // NaN
  EXPECT_EQ(lines[4].name, MetricName::kTaskSlotsAvailable);
  EXPECT_EQ(lines[4].value_text, "0");  // CRLF trimmed
  EXPECT_EQ(lines[5].section, MetricSection::kMeters);
  EXPECT_DOUBLE_EQ(lines[5].value, 20.5);
  EXPECT_EQ(lines[6].section, MetricSection::kHistograms);
  EXPECT_EQ(lines[6].name, MetricName::kLatency);
  EXPECT_EQ(lines[6].histogram.count, 128);
  EXPECT_DOUBLE_EQ(lines[6].histogram.max, 90);
  EXPECT_DOUBLE_EQ(lines[6].histogram.p99, 80);
  EXPECT_DOUBLE_EQ(lines[6].value, 80);
}

TEST(Slf4jMetrics, LinesBeforeTheStartRuleAndCutReportsAreHandled) {
  Slf4jMetricReader reader("a.b.numRecordsInPerSecond: 3\n=== Starting metrics report ===\n-- Meters --\n"
                           "x.taskmanager.t.j.v.0.numRecordsInPerSecond: 4\n");
  MetricLine line;
  ASSERT_TRUE(reader.Next(line));
  EXPECT_DOUBLE_EQ(line.value, 4);
  EXPECT_FALSE(reader.Next(line));
  EXPECT_FALSE(reader.finished());  // cut before the finish rule
}

TEST(Slf4jMetrics, NameMatchesOnlyAWholeComponent) {
  const std::vector<MetricLine> lines =
      ReadAll("=== Starting metrics report ===\n-- Gauges --\nhost.jobmanager.mytaskSlotsTotal: 3\n"
              "host.jobmanager.taskSlotsTotal: 4\nhost.taskmanager.t.Status.JVM.Memory.Heap.Used: 1024\n"
              "host.taskmanager.t.j.v.0.latency: 7\n");
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0].name, MetricName::kOther);
  EXPECT_EQ(lines[1].name, MetricName::kTaskSlotsTotal);
  EXPECT_EQ(lines[2].name, MetricName::kHeapUsed);
  EXPECT_EQ(lines[2].scope, "host.taskmanager.t");
  EXPECT_EQ(lines[3].name, MetricName::kOther);  // a gauge named latency is not the latency histogram
}

TEST(Slf4jMetrics, SplitsTaskScopesWithDottedHostsAndTaskManagerIds) {
  const MetricScope task =
      SplitMetricScope("ip-10-0-0-7.ec2.internal.taskmanager.ip-10-0-0-7.ec2.internal:4133-3c5e1a.Orders Job."
                       "Sink: Print to Std. Out.12");
  EXPECT_EQ(task.component, MetricScope::Component::kTaskManager);
  EXPECT_EQ(task.host, "ip-10-0-0-7.ec2.internal");
  EXPECT_EQ(task.taskmanager_id, "ip-10-0-0-7.ec2.internal:4133-3c5e1a");
  EXPECT_EQ(task.job_and_vertex, "Orders Job.Sink: Print to Std. Out");
  EXPECT_EQ(task.subtask, 12);
  std::string_view job, vertex;
  SplitJobAndVertex(task.job_and_vertex, job, vertex);
  EXPECT_EQ(job, "Orders Job");
  EXPECT_EQ(vertex, "Sink: Print to Std. Out");

  const MetricScope yarn = SplitMetricScope("node-3.taskmanager.container_e01_1_0001_01_000002.WordCount");
  EXPECT_EQ(yarn.taskmanager_id, "container_e01_1_0001_01_000002");
  EXPECT_EQ(yarn.job_and_vertex, "WordCount");
  EXPECT_EQ(yarn.subtask, -1);

  const MetricScope jm = SplitMetricScope("jm.example.com.jobmanager");
  EXPECT_EQ(jm.component, MetricScope::Component::kJobManager);
  EXPECT_EQ(jm.host, "jm.example.com");
  EXPECT_EQ(jm.job_and_vertex, "");

  const MetricScope custom = SplitMetricScope("my.custom.scope");
  EXPECT_EQ(custom.component, MetricScope::Component::kUnknown);
  EXPECT_EQ(custom.job_and_vertex, "my.custom.scope");
}

}  // namespace
}  // namespace flinkscan
