#include "report/prometheus_exposition.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine/metrics_registry.h"

namespace flinkscan {
namespace {

TEST(PrometheusExpositionTest, CounterWithHelpTypeAndLabels) {
  MetricFamily family{"flinkscan_checkpoints_total", "Checkpoint outcomes.", MetricType::kCounter, {}};
  family.series.push_back({{{"job_id", "abc"}, {"status", "completed"}}, 3, {}});
  family.series.push_back({{{"job_id", "abc"}, {"status", "declined"}}, 0.5, {}});
  EXPECT_EQ(RenderPrometheus({family}),
            "# HELP flinkscan_checkpoints_total Checkpoint outcomes.\n"
            "# TYPE flinkscan_checkpoints_total counter\n"
            "flinkscan_checkpoints_total{job_id=\"abc\",status=\"completed\"} 3\n"
            "flinkscan_checkpoints_total{job_id=\"abc\",status=\"declined\"} 0.5\n");
}

TEST(PrometheusExpositionTest, GaugeWithoutLabels) {
  MetricFamily family{"flinkscan_follow_lag_bytes", "Lag.\nSecond \\ line", MetricType::kGauge, {}};
  family.series.push_back({{}, 1234567, {}});
  EXPECT_EQ(RenderPrometheus({family}),
            "# HELP flinkscan_follow_lag_bytes Lag.\\nSecond \\\\ line\n"
            "# TYPE flinkscan_follow_lag_bytes gauge\n"
            "flinkscan_follow_lag_bytes 1234567\n");
}

TEST(PrometheusExpositionTest, HistogramBucketsAreCumulativeAndEndInInf) {
  MetricFamily family{"flinkscan_gc_pause_seconds", "Pauses.", MetricType::kHistogram, {}};
  MetricSeries s;
  s.labels = {{"host", "tm-1"}};
  s.histogram.upper_bounds = {0.01, 0.1};
  s.histogram.bucket_counts = {2, 1, 4};
  s.histogram.sum = 12.25;
  s.histogram.count = 7;
  family.series.push_back(s);
  EXPECT_EQ(RenderPrometheus({family}),
            "# HELP flinkscan_gc_pause_seconds Pauses.\n"
            "# TYPE flinkscan_gc_pause_seconds histogram\n"
            "flinkscan_gc_pause_seconds_bucket{host=\"tm-1\",le=\"0.01\"} 2\n"
            "flinkscan_gc_pause_seconds_bucket{host=\"tm-1\",le=\"0.1\"} 3\n"
            "flinkscan_gc_pause_seconds_bucket{host=\"tm-1\",le=\"+Inf\"} 7\n"
            "flinkscan_gc_pause_seconds_sum{host=\"tm-1\"} 12.25\n"
            "flinkscan_gc_pause_seconds_count{host=\"tm-1\"} 7\n");
}

TEST(PrometheusExpositionTest, LabelValuesAreEscapedAndMadeValidUtf8) {
  EXPECT_EQ(EscapeLabelValue("a\\b\"c\nd"), "a\\\\b\\\"c\\nd");
  EXPECT_EQ(EscapeLabelValue("tab\there\x1b[31m"), "tab here [31m");
  EXPECT_EQ(EscapeLabelValue("caf\xc3\xa9"), "caf\xc3\xa9");
  EXPECT_EQ(EscapeLabelValue("bad\xff\xc3"), "bad\xEF\xBF\xBD\xEF\xBF\xBD");
  MetricFamily family{"m_total", "h", MetricType::kCounter, {{{{"class", "x\"}\n# TYPE evil gauge"}}, 1, {}}}};
  const std::string out = RenderPrometheus({family});
  // Log text cannot end the label value, start a line or inject a metric.
  EXPECT_EQ(out, "# HELP m_total h\n# TYPE m_total counter\nm_total{class=\"x\\\"}\\n# TYPE evil gauge\"} 1\n");
}

// A registry fed events naming more jobs than the cap.
Chunk ChunkWithCheckpoints(const std::vector<std::string>& job_ids) {
  Chunk chunk;
  chunk.stream = 0;
  chunk.first_in_stream = true;
  for (const std::string& job : job_ids) {
    Event e;
    e.kind = EventKind::kCheckpointCompleted;
    e.job_id = job;
    e.duration_ms = 1500;
    chunk.events.push_back(e);
  }
  chunk.size = 100;
  chunk.stats.lines = 10;
  return chunk;
}

const MetricFamily& Find(const std::vector<MetricFamily>& families, const std::string& name) {
  for (const MetricFamily& f : families) {
    if (f.name == name) return f;
  }
  ADD_FAILURE() << "no family " << name;
  static const MetricFamily none;
  return none;
}

TEST(MetricsRegistryTest, JobLabelsAreCappedWithAnOverflowValue) {
  MetricCaps caps;
  caps.job_ids = 3;
  MetricsRegistry registry(caps);
  std::vector<std::string> jobs;
  for (int i = 0; i < 10; ++i) jobs.push_back("job" + std::to_string(i));
  StreamAccount account;
  account.kind = StreamKind::kJobManager;
  registry.Observe(ChunkWithCheckpoints(jobs), account);
  const std::vector<MetricFamily> families = registry.Families(nullptr, RunFigures{});
  const MetricFamily& checkpoints = Find(families, "flinkscan_checkpoints_total");
  ASSERT_EQ(checkpoints.series.size(), 4u);  // job0..job2 and "other"
  double other = 0, total = 0;
  for (const MetricSeries& s : checkpoints.series) {
    total += s.value;
    if (s.labels[0].second == "other") other = s.value;
  }
  EXPECT_EQ(other, 7);
  EXPECT_EQ(total, 10);
  const MetricFamily& durations = Find(families, "flinkscan_checkpoint_duration_seconds");
  ASSERT_EQ(durations.series.size(), 4u);
  EXPECT_EQ(durations.series[0].histogram.count, 1u);
  // 1.5 s falls in the le="2.5" bucket.
  const std::vector<double>& bounds = MetricsRegistry::CheckpointDurationBuckets();
  const size_t at = static_cast<size_t>(std::find(bounds.begin(), bounds.end(), 2.5) - bounds.begin());
  EXPECT_EQ(durations.series[0].histogram.bucket_counts[at], 1u);
  EXPECT_EQ(Find(families, "flinkscan_bytes_read_total").series.at(0).value, 100);
  EXPECT_EQ(Find(families, "flinkscan_lines_read_total").series.at(0).labels.at(0).second, "jobmanager");
}

TEST(MetricsRegistryTest, SeriesPerFamilyAreCapped) {
  MetricCaps caps;
  caps.job_ids = 1000;
  caps.series_per_family = 5;
  MetricsRegistry registry(caps);
  std::vector<std::string> jobs;
  for (int i = 0; i < 50; ++i) jobs.push_back("job" + std::to_string(i));
  registry.Observe(ChunkWithCheckpoints(jobs), StreamAccount{});
  const std::vector<MetricFamily> families = registry.Families(nullptr, RunFigures{});
  const MetricFamily& checkpoints = Find(families, "flinkscan_checkpoints_total");
  EXPECT_EQ(checkpoints.series.size(), 6u);  // five kept, one overflow series
  EXPECT_EQ(checkpoints.series.back().labels[1].second, "other");
}

TEST(MetricsRegistryTest, LongLabelValuesAreCut) {
  MetricCaps caps;
  caps.label_value_bytes = 8;
  MetricsRegistry registry(caps);
  registry.Observe(ChunkWithCheckpoints({"0123456789abcdef"}), StreamAccount{});
  const std::vector<MetricFamily> families = registry.Families(nullptr, RunFigures{});
  const MetricFamily& checkpoints = Find(families, "flinkscan_checkpoints_total");
  ASSERT_EQ(checkpoints.series.size(), 1u);
  EXPECT_EQ(checkpoints.series[0].labels[0].second, "01234567");
}

TEST(MetricsRegistryTest, EventsWithoutAJobBelongToTheStreamsLastJob) {
  MetricsRegistry registry;
  const std::vector<std::string> jobs = {"jobA"};  // the events' views point in here
  Chunk chunk = ChunkWithCheckpoints(jobs);
  Event declined;
  declined.kind = EventKind::kCheckpointDeclined;
  chunk.events.push_back(declined);
  registry.Observe(chunk, StreamAccount{});
  const std::vector<MetricFamily> families = registry.Families(nullptr, RunFigures{});
  const MetricFamily& checkpoints = Find(families, "flinkscan_checkpoints_total");
  ASSERT_EQ(checkpoints.series.size(), 2u);
  EXPECT_EQ(checkpoints.series[1].labels[0].second, "jobA");
  EXPECT_EQ(checkpoints.series[1].labels[1].second, "declined");
}

TEST(MetricsRegistryTest, IncidentAndAlertGaugesComeFromTheAnalysis) {
  Analysis analysis;
  analysis.incidents.resize(3);
  analysis.incidents[0].kind = analysis.incidents[1].kind = "job_failover";
  analysis.incidents[0].severity = analysis.incidents[1].severity = "critical";
  analysis.incidents[2].kind = "slow_checkpoint";
  analysis.incidents[2].severity = "warning";
  const std::vector<MetricFamily> families = MetricsRegistry().Families(&analysis, RunFigures{});
  const MetricFamily& incidents = Find(families, "flinkscan_incidents");
  EXPECT_EQ(incidents.type, MetricType::kGauge);
  ASSERT_EQ(incidents.series.size(), 2u);
  EXPECT_EQ(incidents.series[0].labels[0].second, "job_failover");
  EXPECT_EQ(incidents.series[0].value, 2);
  const std::vector<std::string> names = MetricsRegistry::MetricNames();
  for (const char* name : {"flinkscan_incidents", "flinkscan_follow_lag_bytes", "flinkscan_scan_timestamp_seconds",
                           "flinkscan_gc_pause_seconds", "flinkscan_exceptions_total"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), name), names.end()) << name;
  }
}

}  // namespace
}  // namespace flinkscan
