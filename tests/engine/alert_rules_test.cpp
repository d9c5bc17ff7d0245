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
#include "tests/engine/synthetic_log.h"
#include "tests/engine/test_files.h"

namespace flinkscan {
namespace {

using testing::Day;
using testing::ScanInProcess;
using testing::SyntheticLog;
using testing::TempDir;

constexpr std::string_view kCoordinator = "org.apache.flink.runtime.checkpoint.CheckpointCoordinator";
constexpr std::string_view kJob = "c506b6c290cc2d96a0e3f0eea10395c4";
constexpr int64_t kEpoch10h = 1709287200000;  // 2024-03-01T10:00:00Z
constexpr int64_t kMinute = 60'000;

std::string At(int64_t ms_after_10h) {
  const int64_t m = ms_after_10h / kMinute, s = ms_after_10h / 1000 % 60, ms = ms_after_10h % 1000;
  return Day(fmt::format("{:02d}:{:02d}:{:02d},{:03d}", 10 + m / 60, m % 60, s, ms));
}

void Trigger(SyntheticLog& log, int64_t at, int64_t id) {
  log.Add(At(at), "INFO", kCoordinator,
          fmt::format("Triggering checkpoint {} (type=CheckpointType{{name='Checkpoint', "
                      "sharingFilesStrategy=FORWARD_BACKWARD}}) @ {} for job {}.",
                      id, kEpoch10h + at, kJob));
}

uint64_t Completed(SyntheticLog& log, int64_t at, int64_t id, int64_t duration_ms = 890) {
  Trigger(log, at, id);
  return log.Add(At(at + duration_ms + 10), "INFO", kCoordinator,
                 fmt::format("Completed checkpoint {} for job {} (8338 bytes, checkpointDuration={} ms, "
                             "finalizationTime=25 ms).",
                             id, kJob, duration_ms));
}

void Expired(SyntheticLog& log, int64_t at, int64_t id) {
  Trigger(log, at, id);
  log.Add(At(at + 10'000), "INFO", kCoordinator,
          fmt::format("Checkpoint {} of job {} expired before completing.", id, kJob));
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
    if (n.rule == rule) return n.reason == "no Slf4jReporter metrics in the input";
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

}  // namespace
}  // namespace flinkscan
