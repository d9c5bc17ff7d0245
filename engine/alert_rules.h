#pragma once
// Alert rules (design.md "Alerts", issue 5): defaults, the `--rules FILE`
// overrides, and their evaluation over the checkpoint table.
//
// Default severity: warning for every rule, as for the checkpoint_failures and
// slow_checkpoint incidents (design.md): critical stays reserved for a job that
// failed, failed over or lost memory/TaskManagers, so `--fail-on critical` does
// not fire on a job that still runs. A rules file may raise any rule.
//
// backpressure, latency and slot_usage read Slf4jReporter metrics
// (engine/metric_series.h): backpressure and slot_usage fire when every sample
// of a subtask / of the JobManager stays above the threshold for `duration_ms`
// (samples no further apart than that duration); latency fires on any sample
// above it unless a duration is set. slot_usage falls back to log evidence (slot
// shortage records: NoResourceAvailableException, "Could not acquire the minimum
// required resources", slot request timeouts). A rule without data is listed in
// Analysis::alerts_not_evaluated with the reason, instead of firing or staying quiet.

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "engine/analysis.h"
#include "engine/metric_series.h"
#include "engine/stored_event.h"

namespace flinkscan {

struct AlertRule {
  std::string name;  // checkpoint_duration | checkpoint_failure_rate | backpressure | latency | slot_usage
  double threshold = 0;  // unit per rule name (design.md "Alert rule names")
  std::string severity;  // warning | critical | info
  bool enabled = true;
  // How long a metric must stay above the threshold (backpressure, latency,
  // slot_usage; "duration_seconds" in a rules file). 0: one sample is enough.
  int64_t duration_ms = 0;
};

// The five rules of design.md with their default thresholds and severities.
std::vector<AlertRule> DefaultAlertRules();

struct AlertRules {
  std::vector<AlertRule> rules = DefaultAlertRules();
  // checkpoint_failure_rate over sliding windows: window length and the
  // fewest finished checkpoints a window needs before its rate means anything.
  int64_t failure_window_ms = 3'600'000;
  size_t failure_window_min_checkpoints = 5;
  size_t max_evidence = 20;

  const AlertRule* Find(std::string_view name) const;
};

// Parses a rules document `{"rules": {"<name>": {"threshold": N, "severity": S, "enabled": B}}}`;
// every key is optional except that rule names must be known. backpressure,
// latency and slot_usage also take "duration_seconds"; checkpoint_failure_rate
// takes "window_seconds" (> 0) and "min_checkpoints" (>= 1). `origin` names the
// file in error messages.
Result<AlertRules> ParseAlertRules(std::string_view json, const std::string& origin);
Result<AlertRules> LoadAlertRules(const std::string& path);

class EventFormatter;
struct CheckpointState;

// What the rules read. `events`: all events in time order (slot shortage
// records are the slot_usage rule's evidence when no metrics exist).
struct AlertInputs {
  const std::vector<CheckpointState>& checkpoints;
  const ResolvedMetrics& metrics;
  const std::vector<StoredEvent>& events;
};

// Appends fired alerts to analysis.alerts and the enabled rules that lack
// data to analysis.alerts_not_evaluated.
void EvaluateAlerts(const AlertRules& rules, const AlertInputs& inputs, const EventFormatter& fmt,
                    Analysis& analysis);
// Checkpoint rules only (no metrics, no log evidence).
void EvaluateAlerts(const AlertRules& rules, const std::vector<CheckpointState>& checkpoints,
                    const EventFormatter& fmt, Analysis& analysis);

// A run of consecutive points above a threshold (engine/metric_series.h):
// [first, last] indexes into the series' points, and the highest mean in it.
struct MetricRun {
  size_t first = 0;
  size_t last = 0;
  double peak = 0;
};
// Runs whose every point stays above `threshold` (its min; with duration 0 its
// max) for at least `duration_ms`, with no gap between points longer than
// max(duration_ms, 1 min).
std::vector<MetricRun> RunsAbove(const std::vector<MetricPoint>& points, double threshold, int64_t duration_ms);

}  // namespace flinkscan
