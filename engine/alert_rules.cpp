#include "engine/alert_rules.h"

#include <simdjson.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "engine/checkpoint_table.h"
#include "engine/event_formatter.h"

namespace flinkscan {
namespace {

constexpr std::string_view kCheckpointDuration = "checkpoint_duration";
constexpr std::string_view kCheckpointFailureRate = "checkpoint_failure_rate";
constexpr std::string_view kNoMetrics = "no Slf4jReporter metrics in the input";

Status RuleError(const std::string& origin, std::string_view key, std::string_view what) {
  return Status::Error(fmt::format("{}: {}: {}", origin, key, what));
}

bool IsSeverity(std::string_view s) { return s == "info" || s == "warning" || s == "critical"; }

// Time of the record that ended a checkpoint (or triggered it), for windows.
const StoredEvent* EndEvent(const CheckpointState& c) { return c.end ? c.end : c.trigger; }

bool Finished(const CheckpointState& c) { return c.status != "pending"; }
bool Failed(const CheckpointState& c) { return c.status != "pending" && c.status != "completed"; }

void AddAlertEvidence(Alert& alert, const EventFormatter& fmt, const StoredEvent* e, size_t max) {
  if (e != nullptr && alert.evidence.size() < max) alert.evidence.push_back(fmt.MakeEvidence(*e));
}

std::vector<std::string> JobsOf(const std::vector<CheckpointState>& checkpoints) {
  std::vector<std::string> jobs;
  for (const CheckpointState& c : checkpoints) {
    if (std::find(jobs.begin(), jobs.end(), c.job_id) == jobs.end()) jobs.push_back(c.job_id);
  }
  return jobs;
}

void EvaluateDuration(const AlertRule& rule, const AlertRules& rules,
                      const std::vector<CheckpointState>& checkpoints, const EventFormatter& fmt,
                      Analysis& analysis) {
  for (const std::string& job : JobsOf(checkpoints)) {
    Alert alert;
    size_t slow = 0;
    for (const CheckpointState& c : checkpoints) {
      if (c.job_id != job || c.duration_ms < 0 || static_cast<double>(c.duration_ms) <= rule.threshold)
        continue;
      if (slow++ == 0 && c.trigger != nullptr) alert.start = fmt.Time(*c.trigger);
      if (const StoredEvent* end = EndEvent(c)) alert.end = fmt.Time(*end);
      alert.value = std::max(alert.value, static_cast<double>(c.duration_ms));
      AddAlertEvidence(alert, fmt, EndEvent(c), rules.max_evidence);
    }
    if (slow == 0) continue;
    alert.rule = rule.name;
    alert.severity = rule.severity;
    alert.threshold = rule.threshold;
    alert.job_id = job;
    alert.text = fmt::format("{} checkpoint(s) took longer than {} ms (longest {} ms)", slow, rule.threshold,
                             alert.value);
    analysis.alerts.push_back(std::move(alert));
  }
}

// Per job: the rate over the scanned span; when that stays under the
// threshold, the worst sliding window (of failure_window_ms, ending at each
// finished checkpoint) that holds enough checkpoints to judge.
void EvaluateFailureRate(const AlertRule& rule, const AlertRules& rules,
                         const std::vector<CheckpointState>& checkpoints, const EventFormatter& fmt,
                         Analysis& analysis) {
  for (const std::string& job : JobsOf(checkpoints)) {
    std::vector<const CheckpointState*> finished;
    for (const CheckpointState& c : checkpoints) {
      if (c.job_id == job && c.kind == CheckpointKind::kCheckpoint && Finished(c)) finished.push_back(&c);
    }
    if (finished.empty()) continue;
    size_t failed_total = 0;
    for (const CheckpointState* c : finished) failed_total += Failed(*c) ? 1 : 0;
    const double span_rate = static_cast<double>(failed_total) / static_cast<double>(finished.size());

    size_t first = 0, last = finished.size();  // the offending range [first, last)
    double rate = span_rate;
    bool fired = span_rate > rule.threshold;
    std::string scope = "over the scanned span";
    if (!fired) {
      std::vector<const CheckpointState*> timed;
      for (const CheckpointState* c : finished) {
        const StoredEvent* e = EndEvent(*c);
        if (e != nullptr && e->time.known()) timed.push_back(c);
      }
      std::stable_sort(timed.begin(), timed.end(), [](const CheckpointState* x, const CheckpointState* y) {
        return EndEvent(*x)->sort_key < EndEvent(*y)->sort_key;
      });
      double worst = -1;
      size_t begin = 0, failed_in_window = 0;
      for (size_t end = 0; end < timed.size(); ++end) {
        failed_in_window += Failed(*timed[end]) ? 1 : 0;
        const int64_t window_end = EndEvent(*timed[end])->sort_key;
        while (EndEvent(*timed[begin])->sort_key <= window_end - rules.failure_window_ms) {
          failed_in_window -= Failed(*timed[begin]) ? 1 : 0;
          ++begin;
        }
        const size_t count = end - begin + 1;
        if (count < rules.failure_window_min_checkpoints) continue;
        const double window_rate = static_cast<double>(failed_in_window) / static_cast<double>(count);
        if (window_rate > rule.threshold && window_rate > worst) {
          worst = window_rate;
          first = begin;
          last = end + 1;
        }
      }
      if (worst < 0) continue;
      fired = true;
      rate = worst;
      finished.assign(timed.begin(), timed.end());
      scope = fmt::format("within {} min", rules.failure_window_ms / 60'000);
    }
    if (!fired) continue;

    Alert alert;
    alert.rule = rule.name;
    alert.severity = rule.severity;
    alert.value = rate;
    alert.threshold = rule.threshold;
    alert.job_id = job;
    size_t failed = 0;
    for (size_t i = first; i < last; ++i) {
      const CheckpointState& c = *finished[i];
      const StoredEvent* when = c.trigger ? c.trigger : EndEvent(c);
      if (i == first && when != nullptr) alert.start = fmt.Time(*when);
      if (const StoredEvent* end = EndEvent(c)) alert.end = fmt.Time(*end);
      if (Failed(c)) {
        ++failed;
        AddAlertEvidence(alert, fmt, EndEvent(c), rules.max_evidence);
      }
    }
    alert.text = fmt::format("{} of {} checkpoints failed {} ({:.0f} %, threshold {:.0f} %)", failed,
                             last - first, scope, rate * 100, rule.threshold * 100);
    analysis.alerts.push_back(std::move(alert));
  }
}

}  // namespace

std::vector<AlertRule> DefaultAlertRules() {
  return {
      {"checkpoint_duration", 30'000, "warning", true},
      {"checkpoint_failure_rate", 0.2, "warning", true},
      {"backpressure", 0.8, "warning", true},
      {"latency", 60'000, "warning", true},
      {"slot_usage", 0.9, "warning", true},
  };
}

const AlertRule* AlertRules::Find(std::string_view name) const {
  for (const AlertRule& r : rules) {
    if (r.name == name) return &r;
  }
  return nullptr;
}

Result<AlertRules> ParseAlertRules(std::string_view json, const std::string& origin) {
  AlertRules result;
  simdjson::dom::parser parser;
  const simdjson::padded_string padded(json);
  simdjson::dom::element root;
  if (auto error = parser.parse(padded).get(root)) {
    return Status::Error(origin + ": not valid JSON: " + simdjson::error_message(error));
  }
  simdjson::dom::object top;
  if (root.get_object().get(top)) return RuleError(origin, "(document)", "expected a JSON object");
  for (auto [key, value] : top) {
    if (key != "rules") return RuleError(origin, key, "unknown key (expected \"rules\")");
    simdjson::dom::object rules;
    if (value.get_object().get(rules)) return RuleError(origin, "rules", "expected an object of rule names");
    for (auto [name, body] : rules) {
      const std::string where = "rules." + std::string(name);
      AlertRule* rule = nullptr;
      for (AlertRule& r : result.rules) {
        if (r.name == name) rule = &r;
      }
      if (rule == nullptr) {
        return RuleError(
            origin, where,
            "unknown rule (known: checkpoint_duration, checkpoint_failure_rate, backpressure, latency, "
            "slot_usage)");
      }
      simdjson::dom::object fields;
      if (body.get_object().get(fields)) return RuleError(origin, where, "expected an object");
      for (auto [field, v] : fields) {
        const std::string at = where + "." + std::string(field);
        if (field == "threshold") {
          double threshold = 0;
          if (v.is_int64()) {
            threshold = static_cast<double>(v.get_int64().value());
          } else if (v.is_uint64()) {
            threshold = static_cast<double>(v.get_uint64().value());
          } else if (v.get_double().get(threshold)) {
            return RuleError(origin, at, "expected a number");
          }
          if (threshold < 0) return RuleError(origin, at, "must not be negative");
          const bool share = rule->name == "checkpoint_failure_rate" || rule->name == "backpressure" ||
                             rule->name == "slot_usage";
          if (share && threshold > 1)
            return RuleError(origin, at, "is a share: expected a value between 0 and 1");
          rule->threshold = threshold;
        } else if (field == "severity") {
          std::string_view severity;
          if (v.get_string().get(severity)) return RuleError(origin, at, "expected a string");
          if (!IsSeverity(severity)) return RuleError(origin, at, "expected info, warning or critical");
          rule->severity = std::string(severity);
        } else if (field == "enabled") {
          bool enabled = true;
          if (v.get_bool().get(enabled)) return RuleError(origin, at, "expected true or false");
          rule->enabled = enabled;
        } else {
          return RuleError(origin, at, "unknown key (expected threshold, severity or enabled)");
        }
      }
    }
  }
  return result;
}

Result<AlertRules> LoadAlertRules(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Error(path + ": cannot read the rules file");
  std::ostringstream text;
  text << in.rdbuf();
  return ParseAlertRules(text.str(), path);
}

void EvaluateAlerts(const AlertRules& rules, const std::vector<CheckpointState>& checkpoints,
                    const EventFormatter& fmt, Analysis& analysis) {
  for (const AlertRule& rule : rules.rules) {
    if (!rule.enabled) continue;
    if (rule.name == kCheckpointDuration) {
      EvaluateDuration(rule, rules, checkpoints, fmt, analysis);
    } else if (rule.name == kCheckpointFailureRate) {
      EvaluateFailureRate(rule, rules, checkpoints, fmt, analysis);
    } else {
      analysis.alerts_not_evaluated.push_back({rule.name, std::string(kNoMetrics)});
    }
  }
}

}  // namespace flinkscan
