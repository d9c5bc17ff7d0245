// Bounded metric series (engine/metric_series.h): samples from reports, the
// point budget (merge, never grow), the series cap, and the end-to-end path
// from a TaskManager log to Analysis::metrics.

#include "engine/metric_series.h"

#include <string>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "tests/engine/scan_in_process.h"
#include "tests/engine/slf4j_report.h"
#include "tests/engine/test_files.h"

namespace flinkscan {
namespace {

using testing::Day;
using testing::MetricReportLines;
using testing::Slf4jReportRecord;
using testing::TaskMetric;

std::string Body(const MetricReportLines& m) {
  const std::string record = Slf4jReportRecord("2024-03-01 10:00:00,000", m);
  return record.substr(record.find('\n') + 1);
}

WallTime Minute(int m) { return WallTime{int64_t{m} * 60'000, true}; }

TEST(MetricSeries, ReportValuesBecomeSamplesPerSubtask) {
  MetricSeriesStore store;
  MetricReportLines m;
  m.gauges = {TaskMetric("Job", "Map", 0, "backPressuredTimeMsPerSecond") + ": 900",
              TaskMetric("Job", "Map", 1, "backPressuredTimeMsPerSecond") + ": 100",
              TaskMetric("Job", "Map", 0, "isBackPressured") + ": true",
              "flink-jm.jobmanager.taskSlotsAvailable: 1", "flink-jm.jobmanager.taskSlotsTotal: 4"};
  m.meters = {TaskMetric("Job", "Map", 0, "numRecordsInPerSecond") + ": 12.5"};
  store.AddReport(0, 7, Minute(1), Body(m));
  EXPECT_EQ(store.reports(), 1u);
  EXPECT_EQ(store.values(), 6u);
  const ResolvedMetrics r = store.Resolve({StreamClock{}}, {});
  // backpressure ×2 (isBackPressured ignored beside the measured time), records in, slot usage
  ASSERT_EQ(r.series.size(), 4u);
  EXPECT_EQ(r.series[0].metric, SeriesMetric::kBackpressure);
  EXPECT_EQ(r.series[0].job, "Job");
  EXPECT_EQ(r.series[0].vertex, "Map");
  EXPECT_EQ(r.series[0].subtask, 0);
  EXPECT_DOUBLE_EQ(r.series[0].points[0].mean, 0.9);
  EXPECT_EQ(r.series[0].points[0].line, 7u);
  EXPECT_DOUBLE_EQ(r.series[1].points[0].mean, 0.1);
  EXPECT_EQ(r.series[3].metric, SeriesMetric::kSlotUsage);
  EXPECT_DOUBLE_EQ(r.series[3].points[0].mean, 0.75);
}

TEST(MetricSeries, PointsStayWithinBudgetAndKeepMinMaxAndCount) {
  MetricSeriesOptions options;
  options.points_per_series = 8;
  MetricSeriesStore store(options);
  for (int i = 0; i < 1000; ++i) {
    MetricReportLines m;
    m.gauges = {TaskMetric("Job", "Map", 0, "busyTimeMsPerSecond") + fmt::format(": {}", i == 500 ? 1000 : 100)};
    store.AddReport(0, static_cast<uint64_t>(i + 1), Minute(i), Body(m));
  }
  ASSERT_EQ(store.series().size(), 1u);
  const RawMetricSeries& s = store.series()[0];
  EXPECT_LE(s.points.size(), 8u);
  uint64_t samples = 0;
  double max = 0, min = 1;
  for (const RawMetricPoint& p : s.points) {
    samples += p.count;
    max = std::max(max, p.max);
    min = std::min(min, p.min);
  }
  EXPECT_EQ(samples, 1000u);
  EXPECT_DOUBLE_EQ(max, 1.0);
  EXPECT_DOUBLE_EQ(min, 0.1);
  EXPECT_EQ(s.points.front().first_ms, 0);
  EXPECT_EQ(s.points.back().last_ms, 999 * 60'000);
}

TEST(MetricSeries, SeriesBeyondTheCapAreCountedNotKept) {
  MetricSeriesOptions options;
  options.max_series = 3;
  MetricSeriesStore store(options);
  MetricReportLines m;
  for (int i = 0; i < 10; ++i) m.gauges.push_back(TaskMetric("Job", "Map", i, "busyTimeMsPerSecond") + ": 5");
  store.AddReport(0, 1, Minute(0), Body(m));
  store.AddReport(0, 2, Minute(1), Body(m));
  EXPECT_EQ(store.series().size(), 3u);
  EXPECT_EQ(store.dropped_samples(), 14u);
}

TEST(MetricSeries, WatermarkLagNeedsTheZoneAndKnownJobNamesSplitDottedJobs) {
  MetricSeriesStore store;
  MetricReportLines m;
  // 10:00 naive; watermark 09:58 UTC.
  m.gauges = {TaskMetric("insert-into_cat.db.sink", "Map", 0, "currentInputWatermark") + ": 1709287080000"};
  const WallTime ten{1709287200000 % kMillisPerDay + 19783LL * kMillisPerDay, true};
  store.AddReport(0, 1, ten, Body(m));
  const ResolvedMetrics unknown = store.Resolve({StreamClock{0, false}}, {"insert-into_cat.db.sink"});
  ASSERT_EQ(unknown.series.size(), 1u);
  EXPECT_FALSE(unknown.series[0].usable);
  EXPECT_EQ(unknown.series[0].job, "insert-into_cat.db.sink");
  EXPECT_EQ(unknown.series[0].vertex, "Map");
  const ResolvedMetrics utc = store.Resolve({StreamClock{0, true}}, {});
  EXPECT_TRUE(utc.series[0].usable);
  EXPECT_DOUBLE_EQ(utc.series[0].points[0].mean, 120'000);
  // UTC+2 wall clock: the same line is two hours earlier on the axis.
  const ResolvedMetrics plus2 = store.Resolve({StreamClock{-7'200'000, true}}, {});
  EXPECT_DOUBLE_EQ(plus2.series[0].points[0].mean, 120'000 - 7'200'000);
}

TEST(MetricSeries, ScanFillsTheMetricsSummary) {
  testing::TempDir dir;
  std::string log;
  for (int i = 0; i < 6; ++i) {
    MetricReportLines m;
    m.gauges = {TaskMetric("Orders", "Window", 0, "backPressuredTimeMsPerSecond") + ": 950",
                TaskMetric("Orders", "Window", 1, "backPressuredTimeMsPerSecond") + ": 50",
                TaskMetric("Orders", "Window", 0, "busyTimeMsPerSecond") + ": 10",
                "flink-jm.jobmanager.taskSlotsAvailable: 0", "flink-jm.jobmanager.taskSlotsTotal: 2"};
    m.meters = {TaskMetric("Orders", "Window", 0, "numRecordsInPerSecond") + ": 10",
                TaskMetric("Orders", "Window", 1, "numRecordsInPerSecond") + ": 30"};
    log += Slf4jReportRecord(Day(fmt::format("10:0{}:00,000", i)), m);
  }
  const Analysis a = testing::ScanInProcess({dir.Write("taskmanager.log", log)});
  EXPECT_EQ(a.metrics.reports, 6u);
  ASSERT_EQ(a.metrics.vertices.size(), 1u);
  const VertexMetrics& v = a.metrics.vertices[0];
  EXPECT_EQ(v.job, "Orders");
  EXPECT_EQ(v.vertex, "Window");
  EXPECT_EQ(v.subtasks, 2);
  ASSERT_EQ(v.backpressure.samples.size(), 6u);
  EXPECT_DOUBLE_EQ(v.backpressure.samples[0].value, 0.95);  // the most back-pressured subtask
  EXPECT_EQ(v.backpressure.samples[0].time, "2024-03-01T10:00:00.000");
  ASSERT_EQ(v.records_in_per_second.samples.size(), 6u);
  EXPECT_DOUBLE_EQ(v.records_in_per_second.samples[0].value, 40);  // summed over subtasks
  ASSERT_EQ(v.per_subtask.size(), 2u);
  EXPECT_DOUBLE_EQ(*v.per_subtask[1].backpressure_mean, 0.05);
  EXPECT_DOUBLE_EQ(a.metrics.slot_usage.max, 1.0);
  EXPECT_EQ(a.metrics.first_time, "2024-03-01T10:00:00.000");
  EXPECT_EQ(a.metrics.last_time, "2024-03-01T10:05:00.000");
  // Reports are not events: the bounded series hold them.
  EXPECT_EQ(a.totals.events, 0u);
}

}  // namespace
}  // namespace flinkscan
