#pragma once
// Alert rules (design.md "Alerts", issue 5): defaults, the `--rules FILE`
// overrides, and their evaluation over the checkpoint table.
//
// Default severity: warning for every rule, as for the checkpoint_failures and
// slow_checkpoint incidents (design.md): critical stays reserved for a job that
// failed, failed over or lost memory/TaskManagers, so `--fail-on critical` does
// not fire on a job that still runs. A rules file may raise any rule. backpressure, latency and
// slot_usage need Slf4jReporter metric blocks, which the engine does not parse
// yet: they are listed in Analysis::alerts_not_evaluated instead of firing.

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "engine/analysis.h"

namespace flinkscan {

struct AlertRule {
  std::string name;  // checkpoint_duration | checkpoint_failure_rate | backpressure | latency | slot_usage
  double threshold = 0;  // unit per rule name (design.md "Alert rule names")
  std::string severity;  // warning | critical | info
  bool enabled = true;
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
// every key is optional except that rule names must be known. `origin` names
// the file in error messages.
Result<AlertRules> ParseAlertRules(std::string_view json, const std::string& origin);
Result<AlertRules> LoadAlertRules(const std::string& path);

class EventFormatter;
struct CheckpointState;

// Appends fired alerts to analysis.alerts and the enabled rules that lack
// data to analysis.alerts_not_evaluated.
void EvaluateAlerts(const AlertRules& rules, const std::vector<CheckpointState>& checkpoints,
                    const EventFormatter& fmt, Analysis& analysis);

}  // namespace flinkscan
