// --since / --until / --job over a finished Analysis.

#include "engine/analysis_filter.h"

#include <gtest/gtest.h>

#include <string>

namespace flinkscan {
namespace {

constexpr char kFraud[] = "61562e23c07a8a4fcc7b4a1d7ee8d3f0";
constexpr char kBilling[] = "0a448493b4782967b150582570326227";

Incident MakeIncident(const std::string& kind, const std::string& job_id, const std::string& start,
                      const std::string& end) {
  Incident incident;
  incident.kind = kind;
  incident.severity = "warning";
  incident.job_id = job_id;
  incident.start = start;
  incident.end = end;
  return incident;
}

CheckpointItem Checkpoint(const std::string& job_id, int64_t id, const std::string& status, const std::string& time,
                          int64_t duration_ms) {
  CheckpointItem item;
  item.job_id = job_id;
  item.id = id;
  item.status = status;
  item.trigger_time = time;
  item.duration_ms = duration_ms;
  return item;
}

JobSummary Job(const std::string& id, const std::string& name, const std::string& first, const std::string& last,
               const std::string& final_state) {
  JobSummary job;
  job.job_id = id;
  job.name = name;
  job.transitions = {{first, "CREATED", "RUNNING", "jm.log", 1}, {last, "RUNNING", final_state, "jm.log", 2}};
  job.final_state = final_state;
  return job;
}

// Two jobs over one day; Billing finished at noon.
Analysis Day() {
  Analysis a;
  a.time_span_start = "2024-03-01T00:00:00.000";
  a.time_span_end = "2024-03-01T23:00:00.000+08:00";
  a.totals.lines = 1000;
  a.jobs = {Job(kFraud, "Fraud Detection", "2024-03-01T00:00:00.000", "2024-03-01T22:00:00.000", "RESTARTING"),
            Job(kBilling, "Billing", "2024-03-01T00:00:00.000", "2024-03-01T12:00:00.000", "FINISHED")};
  a.incidents = {MakeIncident("job_failover", kFraud, "2024-03-01T02:00:00.000", "2024-03-01T02:05:00.000"),
                 MakeIncident("job_failover", kBilling, "2024-03-01T05:00:00.000", "2024-03-01T05:01:00.000"),
                 MakeIncident("taskmanager_lost", "", "2024-03-01T21:00:00.000", ""),
                 MakeIncident("checkpoint_failures", kFraud, "2024-03-01T20:50:00.000", "2024-03-01T21:10:00.000")};
  a.checkpoints.items = {Checkpoint(kFraud, 1, "completed", "2024-03-01T01:00:00.000", 1000),
                         Checkpoint(kFraud, 2, "expired", "2024-03-01T21:00:00.000", 60000),
                         Checkpoint(kFraud, 3, "completed", "2024-03-01T22:00:00.000", 2000),
                         Checkpoint(kBilling, 1, "completed", "2024-03-01T03:00:00.000", 9000)};
  a.checkpoints.completed = 3;
  a.checkpoints.failed = 1;
  ExceptionSummary early;
  early.class_name = "java.io.IOException";
  early.first_time = "2024-03-01T01:00:00.000";
  early.last_time = "2024-03-01T03:00:00.000";
  early.job_ids = {kBilling};
  ExceptionSummary late = early;
  late.class_name = "java.lang.OutOfMemoryError";
  late.first_time = "2024-03-01T20:00:00.000";
  late.last_time = "2024-03-01T22:00:00.000";
  late.job_ids = {};
  a.exceptions = {early, late};
  GcPauseItem pause;
  pause.time = "2024-03-01T04:00:00.000+08:00";
  a.gc.items = {pause};
  pause.time = "2024-03-01T21:30:00.000+08:00";
  a.gc.items.push_back(pause);
  a.gc.pauses = 500;
  Alert alert;
  alert.rule = "checkpoint_duration";
  alert.job_id = kFraud;
  alert.start = alert.end = "2024-03-01T21:00:00.000";
  a.alerts = {alert};
  return a;
}

TEST(ParseWallClock, ReadsTheReportsFormsAndIgnoresOffsets) {
  const int64_t day = 19783LL * 86'400'000;  // 2024-03-01
  EXPECT_EQ(ParseWallClock("2024-03-01"), day);
  EXPECT_EQ(ParseWallClock("2024-03-01T06:30"), day + 6 * 3'600'000 + 30 * 60'000);
  EXPECT_EQ(ParseWallClock("2024-03-01 06:30:15"), day + 6 * 3'600'000 + 30 * 60'000 + 15'000);
  EXPECT_EQ(ParseWallClock("2024-03-01T06:30:15.250+08:00"), day + 6 * 3'600'000 + 30 * 60'000 + 15'250);
  EXPECT_EQ(ParseWallClock("2024-03-01T06:30:15,5Z"), day + 6 * 3'600'000 + 30 * 60'000 + 15'500);
  EXPECT_EQ(ParseWallClock("1969-12-31T23:59:59.000"), -1000);
  EXPECT_FALSE(ParseWallClock("T06:30:15.000"));
  EXPECT_FALSE(ParseWallClock("yesterday"));
  EXPECT_FALSE(ParseWallClock("2024-13-01"));
  EXPECT_FALSE(ParseWallClock("2024-03-01T25:00"));
  EXPECT_FALSE(ParseWallClock("2024-03-01T06:30 tomorrow"));
}

TEST(ParseRelativeMillis, ReadsUnits) {
  EXPECT_EQ(ParseRelativeMillis("24h"), 86'400'000);
  EXPECT_EQ(ParseRelativeMillis("90m"), 5'400'000);
  EXPECT_EQ(ParseRelativeMillis("7d"), 7 * 86'400'000LL);
  EXPECT_EQ(ParseRelativeMillis("30s"), 30'000);
  EXPECT_FALSE(ParseRelativeMillis("h"));
  EXPECT_FALSE(ParseRelativeMillis("24"));
  EXPECT_FALSE(ParseRelativeMillis("2x4h"));
}

TEST(AnalysisFilter, NothingAskedChangesNothing) {
  Analysis a = Day();
  ASSERT_TRUE(FilterAnalysis(a, {}).ok());
  EXPECT_FALSE(a.filter.has_value());
  EXPECT_EQ(a.incidents.size(), 4u);
}

TEST(AnalysisFilter, RelativeSinceCountsBackFromTheLatestTime) {
  Analysis a = Day();
  ASSERT_TRUE(FilterAnalysis(a, {"3h", "", ""}).ok());
  ASSERT_TRUE(a.filter.has_value());
  EXPECT_EQ(a.filter->since, "2024-03-01T20:00:00.000");
  EXPECT_EQ(a.filter->until, "");
  // Incidents that meet the window, including one that started before it.
  ASSERT_EQ(a.incidents.size(), 2u);
  EXPECT_EQ(a.incidents[0].kind, "taskmanager_lost");
  EXPECT_EQ(a.incidents[1].kind, "checkpoint_failures");
  ASSERT_EQ(a.checkpoints.items.size(), 2u);
  EXPECT_EQ(a.checkpoints.completed, 1u);
  EXPECT_EQ(a.checkpoints.failed, 1u);
  EXPECT_EQ(a.checkpoints.max_duration_ms, 60000);
  ASSERT_EQ(a.exceptions.size(), 1u);
  EXPECT_EQ(a.exceptions[0].class_name, "java.lang.OutOfMemoryError");
  ASSERT_EQ(a.gc.items.size(), 1u);
  EXPECT_EQ(a.gc.pauses, 500u);  // whole-input figure
  EXPECT_EQ(a.alerts.size(), 1u);
  // Billing finished at noon; Fraud Detection ran across the window, one transition inside it.
  ASSERT_EQ(a.jobs.size(), 1u);
  EXPECT_EQ(a.jobs[0].job_id, kFraud);
  ASSERT_EQ(a.jobs[0].transitions.size(), 1u);
  EXPECT_EQ(a.jobs[0].transitions[0].to, "RESTARTING");
  EXPECT_EQ(a.totals.lines, 1000u);
}

TEST(AnalysisFilter, AbsoluteWindow) {
  Analysis a = Day();
  ASSERT_TRUE(FilterAnalysis(a, {"2024-03-01 01:30", "2024-03-01T05:00:00", ""}).ok());
  ASSERT_EQ(a.incidents.size(), 2u);
  EXPECT_EQ(a.incidents[0].job_id, kFraud);
  EXPECT_EQ(a.incidents[1].job_id, kBilling);
  ASSERT_EQ(a.checkpoints.items.size(), 1u);
  EXPECT_EQ(a.checkpoints.items[0].job_id, kBilling);
  EXPECT_EQ(a.exceptions.size(), 1u);
  EXPECT_EQ(a.gc.items.size(), 1u);
  EXPECT_TRUE(a.alerts.empty());
  EXPECT_EQ(a.jobs.size(), 2u);
}

TEST(AnalysisFilter, JobByNameKeepsItsItemsAndThoseOfNoJob) {
  Analysis a = Day();
  ASSERT_TRUE(FilterAnalysis(a, {"", "", "Billing"}).ok());
  EXPECT_EQ(a.filter->job_ids, std::vector<std::string>{kBilling});
  ASSERT_EQ(a.incidents.size(), 2u);
  EXPECT_EQ(a.incidents[0].job_id, kBilling);
  EXPECT_EQ(a.incidents[1].kind, "taskmanager_lost");
  ASSERT_EQ(a.jobs.size(), 1u);
  EXPECT_EQ(a.jobs[0].name, "Billing");
  ASSERT_EQ(a.checkpoints.items.size(), 1u);
  EXPECT_EQ(a.checkpoints.completed, 1u);
  EXPECT_EQ(a.exceptions.size(), 2u);  // one names Billing, one names no job
  EXPECT_TRUE(a.alerts.empty());
}

TEST(AnalysisFilter, JobByIdPrefix) {
  Analysis a = Day();
  ASSERT_TRUE(FilterAnalysis(a, {"", "", "61562e23"}).ok());
  EXPECT_EQ(a.filter->job_ids, std::vector<std::string>{kFraud});
  ASSERT_EQ(a.jobs.size(), 1u);
  EXPECT_EQ(a.jobs[0].job_id, kFraud);
  EXPECT_EQ(a.exceptions.size(), 1u);
}

TEST(AnalysisFilter, UnknownJobLeavesOnlyItemsOfNoJob) {
  Analysis a = Day();
  ASSERT_TRUE(FilterAnalysis(a, {"", "", "Payments"}).ok());
  EXPECT_TRUE(a.filter->job_ids.empty());
  EXPECT_TRUE(a.jobs.empty());
  ASSERT_EQ(a.incidents.size(), 1u);
  EXPECT_EQ(a.incidents[0].kind, "taskmanager_lost");
}

TEST(AnalysisFilter, RejectsBadBounds) {
  Analysis a = Day();
  Status s = FilterAnalysis(a, {"last tuesday", "", ""});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message().rfind("--since last tuesday: expected a local time", 0), 0u) << s.message();
  s = FilterAnalysis(a, {"2024-03-01T10:00", "2024-03-01T09:00", ""});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), "--since 2024-03-01T10:00 is after --until 2024-03-01T09:00");
  Analysis undated;
  undated.time_span_end = "T10:00:00.000";
  s = FilterAnalysis(undated, {"", "2h", ""});
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("the input has no dated time"), std::string::npos) << s.message();
  EXPECT_EQ(a.incidents.size(), 4u);  // a rejected filter narrows nothing
}

}  // namespace
}  // namespace flinkscan

namespace flinkscan {
namespace {

MetricChart Chart(std::initializer_list<std::pair<const char*, double>> points) {
  MetricChart chart;
  for (const auto& [time, value] : points) chart.samples.push_back({time, value, value, value});
  return chart;
}

TEST(AnalysisFilter, MetricsNarrowedByWindowAndJobName) {
  Analysis a = Day();
  VertexMetrics fraud;
  fraud.job = "Fraud Detection";
  fraud.vertex = "Source: Kafka";
  fraud.backpressure = Chart({{"2024-03-01T01:00:00.000", 0.2}, {"2024-03-01T21:00:00.000", 0.9},
                              {"2024-03-01T22:00:00.000", 0.7}});
  VertexMetrics billing;
  billing.job = "Billing";
  billing.vertex = "Sink";
  billing.backpressure = Chart({{"2024-03-01T21:00:00.000", 0.5}});
  a.metrics.vertices = {fraud, billing};
  a.metrics.slot_usage = Chart({{"2024-03-01T01:00:00.000", 0.1}, {"2024-03-01T21:30:00.000", 0.95}});

  AnalysisFilterOptions options;
  options.since = "2024-03-01T20:00";
  options.job = "Fraud Detection";
  ASSERT_TRUE(FilterAnalysis(a, options).ok());

  ASSERT_EQ(a.metrics.vertices.size(), 1u);
  const MetricChart& kept = a.metrics.vertices[0].backpressure;
  ASSERT_EQ(kept.samples.size(), 2u);
  EXPECT_EQ(kept.samples[0].time, "2024-03-01T21:00:00.000");
  EXPECT_DOUBLE_EQ(kept.max, 0.9);
  EXPECT_DOUBLE_EQ(kept.mean, 0.8);
  ASSERT_EQ(a.metrics.slot_usage.samples.size(), 1u);
  EXPECT_DOUBLE_EQ(a.metrics.slot_usage.mean, 0.95);
}

}  // namespace
}  // namespace flinkscan
