// Alert rules (design.md "Alerts", issue 5 item 2): each rule fires, stays
// quiet, or is reported as not evaluable; checkpoint failure rate over the
// scanned span and over sliding 1 h windows; `--rules FILE` validation.

#include "engine/alert_rules.h"

#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "tests/engine/scan_in_process.h"
#include "tests/engine/slf4j_report.h"
#include "tests/engine/checkpoint_log.h"
#include "tests/engine/synthetic_log.h"
#include "tests/engine/test_files.h"

namespace flinkscan {
namespace {

using testing::Day;
using testing::ScanInProcess;
using testing::SyntheticLog;
using testing::TempDir;

using testing::AddCompletion;
using testing::AddExpiry;
using testing::AddTrigger;
using testing::At;
using testing::kCoordinator;
using testing::kEpoch10h;

constexpr std::string_view kJob = testing::kCheckpointJob;
constexpr int64_t kMinute = 60'000;

uint64_t Completed(SyntheticLog& log, int64_t at, int64_t id, int64_t duration_ms = 890) {
  AddTrigger(log, at, id);
  return AddCompletion(log, at + duration_ms + 10, id, duration_ms);
}

void Expired(SyntheticLog& log, int64_t at, int64_t id) {
  AddTrigger(log, at, id);
  AddExpiry(log, at + 10'000, id);
}

Analysis Scan(const std::string& text, const AlertRules& rules = {}) {
  TempDir dir;
  const std::string path = dir.Write("jobmanager.log", text);
  AggregatorOptions options;
  options.alert_rules = rules;
  return ScanInProcess({path}, options);
}

const Alert* Fired(const Analysis& a, std::string_view rule) {
  for (const Alert& alert : a.alerts) {
    if (alert.rule == rule) return &alert;
  }
  return nullptr;
}

bool NotEvaluated(const Analysis& a, std::string_view rule) {
  for (const AlertNotEvaluated& n : a.alerts_not_evaluated) {
    if (n.rule == rule) return n.reason.rfind("no Slf4jReporter metrics in the input", 0) == 0;
  }
  return false;
}

AlertRules Parsed(std::string_view json) {
  Result<AlertRules> rules = ParseAlertRules(json, "rules.json");
  EXPECT_TRUE(rules.ok()) << rules.message();
  return rules.ok() ? rules.value() : AlertRules{};
}

TEST(AlertRules, CheckpointDurationFiresAboveDefaultWithEvidence) {
  SyntheticLog jm;
  Completed(jm, 0, 1);
  const uint64_t slow_line = Completed(jm, kMinute, 2, 45'000);
  const Analysis a = Scan(jm.text());
  const Alert* alert = Fired(a, "checkpoint_duration");
  ASSERT_NE(alert, nullptr);
  EXPECT_EQ(alert->severity, "warning");
  EXPECT_DOUBLE_EQ(alert->value, 45'000);
  EXPECT_DOUBLE_EQ(alert->threshold, 30'000);
  EXPECT_EQ(alert->job_id, kJob);
  EXPECT_EQ(alert->start, "2024-03-01T10:01:00.000+00:00");
  EXPECT_EQ(alert->end, "2024-03-01T10:01:45.010+00:00");
  ASSERT_EQ(alert->evidence.size(), 1u);
  EXPECT_EQ(alert->evidence[0].line, slow_line);
  EXPECT_NE(alert->evidence[0].source.find("jobmanager.log"), std::string::npos);
  EXPECT_FALSE(alert->text.empty());
}

TEST(AlertRules, CheckpointDurationQuietUnderThresholdOrWhenDisabled) {
  SyntheticLog jm;
  Completed(jm, 0, 1, 29'000);
  Completed(jm, kMinute, 2, 45'000);
  EXPECT_EQ(Fired(Scan(jm.text(), Parsed(R"({"rules": {"checkpoint_duration": {"threshold": 50000}}})")),
                  "checkpoint_duration"),
            nullptr);
  EXPECT_EQ(Fired(Scan(jm.text(), Parsed(R"({"rules": {"checkpoint_duration": {"enabled": false}}})")),
                  "checkpoint_duration"),
            nullptr);
  SyntheticLog fast;
  Completed(fast, 0, 1, 29'000);
  EXPECT_EQ(Fired(Scan(fast.text()), "checkpoint_duration"), nullptr);
}

TEST(AlertRules, OverriddenSeverityIsUsed) {
  SyntheticLog jm;
  Completed(jm, 0, 1, 45'000);
  const Analysis a =
      Scan(jm.text(), Parsed(R"({"rules": {"checkpoint_duration": {"severity": "critical"}}})"));
  const Alert* alert = Fired(a, "checkpoint_duration");
  ASSERT_NE(alert, nullptr);
  EXPECT_EQ(alert->severity, "critical");
}

TEST(AlertRules, FailureRateFiresOverTheScannedSpan) {
  SyntheticLog jm;
  for (int k = 0; k < 5; ++k) {
    if (k == 1 || k == 3) {
      Expired(jm, k * kMinute, k + 1);
    } else {
      Completed(jm, k * kMinute, k + 1);
    }
  }
  const Analysis a = Scan(jm.text());
  const Alert* alert = Fired(a, "checkpoint_failure_rate");
  ASSERT_NE(alert, nullptr);
  EXPECT_EQ(alert->severity, "warning");
  EXPECT_DOUBLE_EQ(alert->value, 0.4);
  EXPECT_DOUBLE_EQ(alert->threshold, 0.2);
  EXPECT_EQ(alert->evidence.size(), 2u);
  EXPECT_NE(alert->text.find("scanned span"), std::string::npos) << alert->text;
}

TEST(AlertRules, FailureRateQuietAtOrUnderThreshold) {
  SyntheticLog jm;
  for (int k = 0; k < 10; ++k) {
    // 2 of 10 (the first and the last): no window holds more than the 20 % threshold.
    if (k == 0 || k == 9) {
      Expired(jm, k * kMinute, k + 1);
    } else {
      Completed(jm, k * kMinute, k + 1);
    }
  }
  EXPECT_EQ(Fired(Scan(jm.text()), "checkpoint_failure_rate"), nullptr);
}

// 100 checkpoints over ~11 h, 3 failures: 3 % overall. Dense burst: the 3
// failures fall among 10 checkpoints inside one hour (isolated from the
// rest by more than an hour) → the sliding window fires.
TEST(AlertRules, FailureRateFiresOnASlidingWindow) {
  SyntheticLog jm;
  int64_t id = 1;
  for (int k = 0; k < 45; ++k) Completed(jm, k * 5 * kMinute, id++);
  for (int k = 0; k < 10; ++k) {
    const int64_t at = 300 * kMinute + k * 5 * kMinute;
    if (k == 2 || k == 5 || k == 7) {
      Expired(jm, at, id++);
    } else {
      Completed(jm, at, id++);
    }
  }
  for (int k = 0; k < 45; ++k) Completed(jm, 420 * kMinute + k * 5 * kMinute, id++);
  const Analysis a = Scan(jm.text());
  ASSERT_EQ(a.checkpoints.completed + a.checkpoints.failed, 100u);
  const Alert* alert = Fired(a, "checkpoint_failure_rate");
  ASSERT_NE(alert, nullptr);
  EXPECT_GT(alert->value, 0.2);
  EXPECT_EQ(alert->evidence.size(), 3u);
  EXPECT_NE(alert->text.find("within 60 min"), std::string::npos) << alert->text;
  EXPECT_GE(alert->start, "2024-03-01T15:00:00");
  EXPECT_LE(alert->end, "2024-03-01T15:46:00");
}

// The same 3 failures out of 100, spread so that no hour holds more than one.
TEST(AlertRules, FailureRateQuietWhenFailuresAreSpread) {
  SyntheticLog jm;
  for (int k = 0; k < 100; ++k) {
    if (k == 10 || k == 50 || k == 90) {
      Expired(jm, k * 5 * kMinute, k + 1);
    } else {
      Completed(jm, k * 5 * kMinute, k + 1);
    }
  }
  EXPECT_EQ(Fired(Scan(jm.text()), "checkpoint_failure_rate"), nullptr);
}

TEST(AlertRules, MetricRulesAreNotEvaluableWithoutMetrics) {
  SyntheticLog jm;
  Completed(jm, 0, 1);
  const Analysis a = Scan(jm.text());
  EXPECT_TRUE(NotEvaluated(a, "backpressure"));
  EXPECT_TRUE(NotEvaluated(a, "latency"));
  EXPECT_TRUE(NotEvaluated(a, "slot_usage"));
  EXPECT_FALSE(NotEvaluated(a, "checkpoint_duration"));
  EXPECT_EQ(Fired(a, "backpressure"), nullptr);
  EXPECT_EQ(Fired(a, "latency"), nullptr);
  EXPECT_EQ(Fired(a, "slot_usage"), nullptr);

  const Analysis disabled = Scan(jm.text(), Parsed(R"({"rules": {"backpressure": {"enabled": false}}})"));
  EXPECT_FALSE(NotEvaluated(disabled, "backpressure"));
  EXPECT_TRUE(NotEvaluated(disabled, "latency"));
}

TEST(AlertRulesFile, DefaultsFollowDesign) {
  const AlertRules rules;
  ASSERT_NE(rules.Find("checkpoint_duration"), nullptr);
  EXPECT_DOUBLE_EQ(rules.Find("checkpoint_duration")->threshold, 30'000);
  EXPECT_DOUBLE_EQ(rules.Find("checkpoint_failure_rate")->threshold, 0.2);
  EXPECT_EQ(rules.Find("checkpoint_failure_rate")->severity, "warning");
  EXPECT_DOUBLE_EQ(rules.Find("backpressure")->threshold, 0.8);
  EXPECT_DOUBLE_EQ(rules.Find("latency")->threshold, 60'000);
  EXPECT_DOUBLE_EQ(rules.Find("slot_usage")->threshold, 0.9);
}

TEST(AlertRulesFile, OverridesOnlyWhatItNames) {
  const AlertRules rules = Parsed(
      R"({"rules": {"checkpoint_duration": {"threshold": 45000, "severity": "critical", "enabled": true},
                    "checkpoint_failure_rate": {"threshold": 0.5}}})");
  EXPECT_DOUBLE_EQ(rules.Find("checkpoint_duration")->threshold, 45'000);
  EXPECT_EQ(rules.Find("checkpoint_duration")->severity, "critical");
  EXPECT_DOUBLE_EQ(rules.Find("checkpoint_failure_rate")->threshold, 0.5);
  EXPECT_EQ(rules.Find("checkpoint_failure_rate")->severity, "warning");
  EXPECT_DOUBLE_EQ(rules.Find("latency")->threshold, 60'000);
}

void ExpectRejected(std::string_view json, std::string_view key) {
  Result<AlertRules> rules = ParseAlertRules(json, "my-rules.json");
  ASSERT_FALSE(rules.ok()) << json;
  EXPECT_NE(rules.message().find("my-rules.json"), std::string::npos) << rules.message();
  EXPECT_NE(rules.message().find(key), std::string::npos) << rules.message();
}

TEST(AlertRulesFile, RejectsBadDocumentsNamingFileAndKey) {
  ExpectRejected(R"({"rules": {"cpu_usage": {"threshold": 1}}})", "rules.cpu_usage");
  ExpectRejected(R"({"rules": {"latency": {"threshold": "fast"}}})", "rules.latency.threshold");
  ExpectRejected(R"({"rules": {"latency": {"threshold": -5}}})", "rules.latency.threshold");
  ExpectRejected(R"({"rules": {"checkpoint_failure_rate": {"threshold": 1.5}}})",
                 "rules.checkpoint_failure_rate.threshold");
  ExpectRejected(R"({"rules": {"backpressure": {"threshold": 80}}})", "rules.backpressure.threshold");
  ExpectRejected(R"({"rules": {"latency": {"severity": "urgent"}}})", "rules.latency.severity");
  ExpectRejected(R"({"rules": {"latency": {"enabled": "yes"}}})", "rules.latency.enabled");
  ExpectRejected(R"({"rules": {"latency": {"window": 5}}})", "rules.latency.window");
  ExpectRejected(R"({"rules": {"latency": 5}})", "rules.latency");
  ExpectRejected(R"({"rulez": {}})", "rulez");
  ExpectRejected(R"([1, 2])", "document");
  ExpectRejected(R"({"rules": {)", "not valid JSON");
}

TEST(AlertRulesFile, LoadNamesAMissingFile) {
  Result<AlertRules> rules = LoadAlertRules("/nonexistent/rules.json");
  ASSERT_FALSE(rules.ok());
  EXPECT_NE(rules.message().find("/nonexistent/rules.json"), std::string::npos);
}


// --- Metric rules (Slf4jReporter reports, one per minute from 10:00) ---

using testing::MetricReportLines;
using testing::Slf4jReportRecord;
using testing::TaskMetric;

// One report per minute; `lines(minute)` gives its gauges.
template <typename Lines>
std::string Reports(int minutes, Lines lines) {
  std::string log;
  for (int i = 0; i < minutes; ++i) log += Slf4jReportRecord(At(i * kMinute), lines(i));
  return log;
}

MetricReportLines Backpressure(int ms_per_second) {
  MetricReportLines m;
  m.gauges = {TaskMetric("Orders", "Window", 0, "backPressuredTimeMsPerSecond") + fmt::format(": {}", ms_per_second),
              TaskMetric("Orders", "Window", 1, "backPressuredTimeMsPerSecond") + ": 0"};
  return m;
}

TEST(AlertRules, BackpressureFiresWhenSustainedForFiveMinutes) {
  const Analysis a = Scan(Reports(8, [](int i) { return Backpressure(i >= 1 ? 920 : 100); }));
  const Alert* alert = Fired(a, "backpressure");
  ASSERT_NE(alert, nullptr);
  EXPECT_DOUBLE_EQ(alert->value, 0.92);
  EXPECT_DOUBLE_EQ(alert->threshold, 0.8);
  EXPECT_EQ(alert->start, "2024-03-01T10:01:00.000");
  EXPECT_EQ(alert->end, "2024-03-01T10:07:00.000");
  EXPECT_NE(alert->text.find("Window"), std::string::npos) << alert->text;
  EXPECT_NE(alert->text.find("subtask(s) 0"), std::string::npos) << alert->text;
  ASSERT_EQ(alert->evidence.size(), 7u);
  EXPECT_EQ(alert->evidence[0].line, 15u);  // the second report's header line (a report is 14 lines)
  EXPECT_FALSE(NotEvaluated(a, "backpressure"));
}

TEST(AlertRules, BackpressureQuietWhenShortOrInterruptedAndShorterDurationFires) {
  // Above 80 % for 4 minutes, a dip, then 3 more minutes: never 5 minutes in a row.
  const auto lines = [](int i) { return Backpressure(i == 4 ? 500 : 900); };
  const Analysis a = Scan(Reports(8, lines));
  EXPECT_EQ(Fired(a, "backpressure"), nullptr);
  EXPECT_FALSE(NotEvaluated(a, "backpressure"));
  EXPECT_TRUE(a.alerts_not_evaluated.empty() || a.alerts_not_evaluated[0].rule != "backpressure");
  const Analysis shorter = Scan(Reports(8, lines), Parsed(R"({"rules": {"backpressure": {"duration_seconds": 180}}})"));
  EXPECT_NE(Fired(shorter, "backpressure"), nullptr);
}

TEST(AlertRules, BackpressureNotEvaluableWhenReportsLackTaskMetrics) {
  const Analysis a = Scan(Reports(3, [](int) {
    MetricReportLines m;
    m.gauges = {"flink-jm.jobmanager.numRegisteredTaskManagers: 2"};
    return m;
  }));
  EXPECT_EQ(Fired(a, "backpressure"), nullptr);
  bool found = false;
  for (const AlertNotEvaluated& n : a.alerts_not_evaluated) {
    if (n.rule == "backpressure") found = n.reason.find("backPressuredTimeMsPerSecond") != std::string::npos;
  }
  EXPECT_TRUE(found);
}

MetricReportLines EventLag(int lag_ms) {
  MetricReportLines m;
  m.gauges = {TaskMetric("Orders", "Source: Kafka", 0, "currentEmitEventTimeLag") + fmt::format(": {}", lag_ms)};
  return m;
}

TEST(AlertRules, LatencyFiresAboveOneMinuteAndStaysQuietBelow) {
  const Analysis high = Scan(Reports(3, [](int i) { return EventLag(i == 2 ? 95'000 : 1'000); }));
  const Alert* alert = Fired(high, "latency");
  ASSERT_NE(alert, nullptr);
  EXPECT_DOUBLE_EQ(alert->value, 95'000);
  EXPECT_EQ(alert->start, "2024-03-01T10:02:00.000");
  const Analysis low = Scan(Reports(3, [](int) { return EventLag(5'000); }));
  EXPECT_EQ(Fired(low, "latency"), nullptr);
  EXPECT_FALSE(NotEvaluated(low, "latency"));
}

TEST(AlertRules, LatencyFromWatermarksNeedsTheTimeZone) {
  // Report at 10:0i local; watermark 3 minutes behind 10:0i UTC.
  const auto lines = [](int i) {
    MetricReportLines m;
    m.gauges = {TaskMetric("Orders", "Window", 0, "currentInputWatermark") +
                fmt::format(": {}", kEpoch10h + i * kMinute - 3 * kMinute)};
    return m;
  };
  const Analysis unknown_zone = Scan(Reports(3, lines));
  EXPECT_EQ(Fired(unknown_zone, "latency"), nullptr);
  bool needs_tz = false;
  for (const AlertNotEvaluated& n : unknown_zone.alerts_not_evaluated) {
    if (n.rule == "latency") needs_tz = n.reason.find("--tz") != std::string::npos;
  }
  EXPECT_TRUE(needs_tz);

  TempDir dir;
  AggregatorOptions utc;
  utc.tz_offset_minutes = 0;
  const Analysis known = ScanInProcess({dir.Write("taskmanager.log", Reports(3, lines))}, utc);
  const Alert* alert = Fired(known, "latency");
  ASSERT_NE(alert, nullptr);
  EXPECT_DOUBLE_EQ(alert->value, 3 * kMinute);
}

MetricReportLines Slots(int available, int total) {
  MetricReportLines m;
  m.gauges = {testing::JobManagerMetric("taskSlotsAvailable") + fmt::format(": {}", available),
              testing::JobManagerMetric("taskSlotsTotal") + fmt::format(": {}", total)};
  return m;
}

TEST(AlertRules, SlotUsageFiresFromMetricsWhenSustained) {
  const Analysis full = Scan(Reports(7, [](int) { return Slots(0, 8); }));
  const Alert* alert = Fired(full, "slot_usage");
  ASSERT_NE(alert, nullptr);
  EXPECT_DOUBLE_EQ(alert->value, 1.0);
  EXPECT_EQ(alert->start, "2024-03-01T10:00:00.000");
  const Analysis half = Scan(Reports(7, [](int) { return Slots(4, 8); }));
  EXPECT_EQ(Fired(half, "slot_usage"), nullptr);
  EXPECT_FALSE(NotEvaluated(half, "slot_usage"));
}

TEST(AlertRules, SlotUsageFiresFromShortageRecordsWithoutMetrics) {
  SyntheticLog jm;
  Completed(jm, 0, 1);
  const uint64_t line = jm.Add(
      At(kMinute), "WARN", "org.apache.flink.runtime.jobmaster.slotpool.DeclarativeSlotPoolBridge",
      "Could not acquire the minimum required resources, failing slot requests. Acquired: []. Current slot pool "
      "status: Registered TMs: 1, registered slots: 2 free slots: 0");
  const Analysis a = Scan(jm.text());
  const Alert* alert = Fired(a, "slot_usage");
  ASSERT_NE(alert, nullptr);
  EXPECT_DOUBLE_EQ(alert->value, 1.0);
  ASSERT_EQ(alert->evidence.size(), 1u);
  EXPECT_EQ(alert->evidence[0].line, line);
  EXPECT_NE(alert->text.find("log evidence"), std::string::npos);
  EXPECT_FALSE(NotEvaluated(a, "slot_usage"));
}

TEST(AlertRulesFile, DurationsAndWindowsAreValidated) {
  const AlertRules rules = Parsed(
      R"({"rules": {"backpressure": {"duration_seconds": 60}, "checkpoint_failure_rate": {"window_seconds": 1800, "min_checkpoints": 3}}})");
  EXPECT_EQ(rules.Find("backpressure")->duration_ms, 60'000);
  EXPECT_EQ(rules.Find("slot_usage")->duration_ms, 300'000);
  EXPECT_EQ(rules.failure_window_ms, 1'800'000);
  EXPECT_EQ(rules.failure_window_min_checkpoints, 3u);
  ExpectRejected(R"({"rules": {"checkpoint_duration": {"duration_seconds": 60}}})",
                 "rules.checkpoint_duration.duration_seconds");
  ExpectRejected(R"({"rules": {"latency": {"duration_seconds": -1}}})", "rules.latency.duration_seconds");
  ExpectRejected(R"({"rules": {"latency": {"duration_seconds": "5m"}}})", "rules.latency.duration_seconds");
  ExpectRejected(R"({"rules": {"latency": {"window_seconds": 600}}})", "rules.latency.window_seconds");
  ExpectRejected(R"({"rules": {"checkpoint_failure_rate": {"window_seconds": 10}}})",
                 "rules.checkpoint_failure_rate.window_seconds");
  ExpectRejected(R"({"rules": {"checkpoint_failure_rate": {"min_checkpoints": 2.5}}})",
                 "rules.checkpoint_failure_rate.min_checkpoints");
}

}  // namespace
}  // namespace flinkscan
