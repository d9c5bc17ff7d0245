#include "engine/alert_rules.h"

#include <simdjson.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "engine/checkpoint_table.h"
#include "engine/event_formatter.h"

namespace flinkscan {
namespace {

constexpr std::string_view kCheckpointDuration = "checkpoint_duration";
constexpr std::string_view kCheckpointFailureRate = "checkpoint_failure_rate";
constexpr std::string_view kBackpressure = "backpressure";
constexpr std::string_view kLatency = "latency";
constexpr std::string_view kSlotUsage = "slot_usage";
constexpr std::string_view kNoMetrics = "no Slf4jReporter metrics in the input";
constexpr int64_t kMinGapMs = 60'000;

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

// One finished checkpoint of a failure-rate judgement: a tracked one, or a
// routine one folded into a count that left its times (checkpoint_folder.h).
struct Judged {
  int64_t end_key = 0;
  const CheckpointState* state = nullptr;  // null: folded, completed
  uint32_t stream = 0;
  WallTime trigger_time, end_time;          // folded only
};

bool Failed(const Judged& j) { return j.state != nullptr && Failed(*j.state); }

// Tracked checkpoints with a known end time and the folded ones they carry, in time order.
std::vector<Judged> TimedForWindows(const std::vector<const CheckpointState*>& finished) {
  std::vector<Judged> timed;
  for (const CheckpointState* c : finished) {
    const StoredEvent* e = EndEvent(*c);
    if (e == nullptr || !e->time.known()) continue;
    timed.push_back({e->sort_key, c, e->stream, {}, {}});
    if (c->folded_times == nullptr) continue;
    // Same stream, same zone: the folded times shift to sort keys as the carrier's does.
    const int64_t shift = e->sort_key - e->time.ms;
    for (const FoldedCheckpointTime& f : *c->folded_times) {
      timed.push_back({f.end_ms + shift, nullptr, e->stream, WallTime{f.trigger_ms, e->time.has_date},
                       WallTime{f.end_ms, e->time.has_date}});
    }
  }
  std::stable_sort(timed.begin(), timed.end(),
                   [](const Judged& x, const Judged& y) { return x.end_key < y.end_key; });
  return timed;
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
    // Routine completions folded into a kept one (checkpoint_folder.h) count in the span's denominator.
    uint64_t folded_total = 0;
    for (const CheckpointState* c : finished) {
      failed_total += Failed(*c) ? 1 : 0;
      folded_total += c->folded_completions;
    }
    const double span_rate =
        static_cast<double>(failed_total) / static_cast<double>(finished.size() + folded_total);

    std::vector<Judged> judged_list;
    size_t first = 0, last = 0;  // the offending range [first, last) of judged_list
    double rate = span_rate;
    bool fired = span_rate > rule.threshold;
    const bool over_span = fired;
    std::string scope = "over the scanned span";
    if (fired) {
      for (const CheckpointState* c : finished) judged_list.push_back({0, c, 0, {}, {}});
      last = judged_list.size();
    } else {
      judged_list = TimedForWindows(finished);
      const std::vector<Judged>& timed = judged_list;
      double worst = -1;
      size_t begin = 0, failed_in_window = 0;
      for (size_t end = 0; end < timed.size(); ++end) {
        failed_in_window += Failed(timed[end]) ? 1 : 0;
        const int64_t window_end = timed[end].end_key;
        while (timed[begin].end_key <= window_end - rules.failure_window_ms) {
          failed_in_window -= Failed(timed[begin]) ? 1 : 0;
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
    uint64_t judged = last - first;
    for (size_t i = first; i < last; ++i) {
      const Judged& j = judged_list[i];
      if (j.state == nullptr) {
        if (i == first) alert.start = fmt.Time(j.stream, j.trigger_time);
        alert.end = fmt.Time(j.stream, j.end_time);
        continue;
      }
      const CheckpointState& c = *j.state;
      if (over_span) judged += c.folded_completions;  // the span counts every folded one
      const StoredEvent* when = c.trigger ? c.trigger : EndEvent(c);
      if (i == first && when != nullptr) alert.start = fmt.Time(*when);
      if (const StoredEvent* end = EndEvent(c)) alert.end = fmt.Time(*end);
      if (Failed(c)) {
        ++failed;
        AddAlertEvidence(alert, fmt, EndEvent(c), rules.max_evidence);
      }
    }
    alert.text = fmt::format("{} of {} checkpoints failed {} ({:.0f} %, threshold {:.0f} %)", failed,
                             judged, scope, rate * 100, rule.threshold * 100);
    analysis.alerts.push_back(std::move(alert));
  }
}

}  // namespace

std::vector<AlertRule> DefaultAlertRules() {
  return {
      {"checkpoint_duration", 30'000, "warning", true},
      {"checkpoint_failure_rate", 0.2, "warning", true},
      {"backpressure", 0.8, "warning", true, 300'000},
      {"latency", 60'000, "warning", true, 0},
      {"slot_usage", 0.9, "warning", true, 300'000},
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
        } else if (field == "duration_seconds" || field == "window_seconds" || field == "min_checkpoints") {
          const bool metric_rule = rule->name == kBackpressure || rule->name == kLatency || rule->name == kSlotUsage;
          const bool rate_rule = rule->name == kCheckpointFailureRate;
          if (field == "duration_seconds" && !metric_rule) {
            return RuleError(origin, at, "applies to backpressure, latency and slot_usage only");
          }
          if (field != "duration_seconds" && !rate_rule) {
            return RuleError(origin, at, "applies to checkpoint_failure_rate only");
          }
          double number = 0;
          if (v.is_int64()) {
            number = static_cast<double>(v.get_int64().value());
          } else if (v.is_uint64()) {
            number = static_cast<double>(v.get_uint64().value());
          } else if (v.get_double().get(number)) {
            return RuleError(origin, at, "expected a number");
          }
          // A week bounds every duration: beyond it a typo (ms for s) is likelier than intent.
          constexpr double kWeekSeconds = 7 * 24 * 3600;
          if (field == "duration_seconds") {
            if (number < 0 || number > kWeekSeconds) {
              return RuleError(origin, at, "expected seconds between 0 and 604800 (one week)");
            }
            rule->duration_ms = static_cast<int64_t>(number * 1000);
          } else if (field == "window_seconds") {
            if (number < 60 || number > kWeekSeconds) {
              return RuleError(origin, at, "expected seconds between 60 and 604800 (one week)");
            }
            result.failure_window_ms = static_cast<int64_t>(number * 1000);
          } else {
            if (number < 1 || number != std::floor(number) || number > 1e6) {
              return RuleError(origin, at, "expected a whole number of checkpoints, at least 1");
            }
            result.failure_window_min_checkpoints = static_cast<size_t>(number);
          }
        } else {
          return RuleError(origin, at,
                           "unknown key (expected threshold, severity, enabled, duration_seconds, window_seconds "
                           "or min_checkpoints)");
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

std::vector<MetricRun> RunsAbove(const std::vector<MetricPoint>& points, double threshold, int64_t duration_ms) {
  std::vector<MetricRun> runs;
  const int64_t max_gap = std::max(duration_ms, kMinGapMs);
  std::optional<MetricRun> open;
  auto close = [&]() {
    if (open && points[open->last].end_ms - points[open->first].start_ms >= duration_ms) runs.push_back(*open);
    open.reset();
  };
  for (size_t i = 0; i < points.size(); ++i) {
    const MetricPoint& p = points[i];
    const bool above = duration_ms > 0 ? p.min > threshold : p.max > threshold;
    if (!above) {
      close();
      continue;
    }
    if (open && p.start_ms - points[open->last].end_ms > max_gap) close();
    if (!open) open = MetricRun{i, i, p.mean};
    open->last = i;
    open->peak = std::max(open->peak, duration_ms > 0 ? p.mean : p.max);
  }
  close();
  return runs;
}

namespace {

std::string PercentOrMs(SeriesMetric metric, double value) {
  if (SeriesMetricUnit(metric) == "share") return fmt::format("{:.0f} %", value * 100);
  return fmt::format("{:.0f} ms", value);
}

std::string ThresholdText(const AlertRule& rule) {
  if (rule.name == kLatency) return fmt::format("{:.0f} ms", rule.threshold);
  return fmt::format("{:.0f} %", rule.threshold * 100);
}

// One alert per (job, vertex) or per process: every series of the group whose
// points stay above the rule's threshold long enough.
void EvaluateMetricRule(const AlertRule& rule, const AlertRules& rules, const ResolvedMetrics& metrics,
                        const std::vector<SeriesMetric>& kinds, const EventFormatter& fmt, Analysis& analysis) {
  struct Group {
    Alert alert;
    int64_t start = INT64_MAX, end = INT64_MIN;
    std::vector<std::string> subtasks;
    std::string what;
  };
  std::vector<std::pair<std::string, Group>> groups;
  for (const ResolvedMetricSeries& s : metrics.series) {
    if (std::find(kinds.begin(), kinds.end(), s.metric) == kinds.end() || !s.usable) continue;
    const std::vector<MetricRun> runs = RunsAbove(s.points, rule.threshold, rule.duration_ms);
    if (runs.empty()) continue;
    const std::string key = s.job + "\x1f" + s.vertex + "\x1f" + (s.vertex.empty() ? s.host : "");
    auto it = std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.first == key; });
    if (it == groups.end()) {
      groups.push_back({key, Group{}});
      it = groups.end() - 1;
      it->second.what = s.vertex.empty() ? (s.host.empty() ? std::string("the cluster") : s.host)
                                          : fmt::format("{}{}", s.vertex, s.job.empty() ? "" : " of job " + s.job);
    }
    Group& g = it->second;
    if (s.subtask >= 0) g.subtasks.push_back(std::to_string(s.subtask));
    for (const MetricRun& run : runs) {
      const MetricPoint& first = s.points[run.first];
      const MetricPoint& last = s.points[run.last];
      if (first.start_ms < g.start) {
        g.start = first.start_ms;
        g.alert.start = MetricPointTime(first, fmt);
      }
      if (last.end_ms > g.end) {
        g.end = last.end_ms;
        g.alert.end = MetricPointEndTime(last, fmt);
      }
      g.alert.value = std::max(g.alert.value, run.peak);
      for (size_t i = run.first; i <= run.last && g.alert.evidence.size() < rules.max_evidence; ++i) {
        g.alert.evidence.push_back(MetricEvidence(s, s.points[i], fmt));
      }
    }
  }
  for (auto& [key, g] : groups) {
    Alert& alert = g.alert;
    alert.rule = rule.name;
    alert.severity = rule.severity;
    alert.threshold = rule.threshold;
    const SeriesMetric unit_of = kinds.front();
    std::string subtasks;
    for (size_t i = 0; i < g.subtasks.size() && i < 8; ++i) subtasks += (i ? ", " : "") + g.subtasks[i];
    if (g.subtasks.size() > 8) subtasks += ", …";
    alert.text = fmt::format("{} above {} {}{} (peak {}){}", g.what, ThresholdText(rule),
                             rule.duration_ms > 0 ? "for at least " : "",
                             rule.duration_ms > 0 ? fmt::format("{} s", rule.duration_ms / 1000) : "",
                             PercentOrMs(unit_of, alert.value),
                             subtasks.empty() ? "" : fmt::format("; subtask(s) {}", subtasks));
    analysis.alerts.push_back(std::move(alert));
  }
}

// Slot shortage records, when no slot metrics exist: every one says a slot
// request could not be served, i.e. usage was at 100 %.
bool EvaluateSlotShortage(const AlertRule& rule, const AlertRules& rules, const std::vector<StoredEvent>& events,
                          const EventFormatter& fmt, Analysis& analysis) {
  std::vector<std::pair<std::string, Alert>> by_job;
  std::vector<size_t> counts;
  for (const StoredEvent& e : events) {
    if (e.kind != EventKind::kResourceShortage) continue;
    auto it = std::find_if(by_job.begin(), by_job.end(), [&](const auto& j) { return j.first == e.job_id; });
    if (it == by_job.end()) {
      by_job.push_back({e.job_id, Alert{}});
      counts.push_back(0);
      it = by_job.end() - 1;
      it->second.start = fmt.Time(e);
    }
    ++counts[static_cast<size_t>(it - by_job.begin())];
    it->second.end = fmt.Time(e);
    AddAlertEvidence(it->second, fmt, &e, rules.max_evidence);
  }
  if (by_job.empty()) return false;
  if (!(1.0 > rule.threshold)) return true;  // evaluated: 100 % does not exceed a 100 % threshold
  for (size_t i = 0; i < by_job.size(); ++i) {
    Alert& alert = by_job[i].second;
    alert.rule = rule.name;
    alert.severity = rule.severity;
    alert.value = 1.0;
    alert.threshold = rule.threshold;
    alert.job_id = by_job[i].first;
    alert.text = fmt::format(
        "{} slot shortage record(s){}: slot requests could not be served (no free slot; from log evidence, no "
        "Slf4jReporter slot metrics, so how long usage stayed above {:.0f} % is not known)",
        counts[i], alert.job_id.empty() ? "" : " for job " + alert.job_id, rule.threshold * 100);
    analysis.alerts.push_back(std::move(alert));
  }
  return true;
}

}  // namespace

void EvaluateAlerts(const AlertRules& rules, const AlertInputs& inputs, const EventFormatter& fmt,
                    Analysis& analysis) {
  const ResolvedMetrics& metrics = inputs.metrics;
  const bool any_metrics = metrics.reports > 0;
  for (const AlertRule& rule : rules.rules) {
    if (!rule.enabled) continue;
    if (rule.name == kCheckpointDuration) {
      EvaluateDuration(rule, rules, inputs.checkpoints, fmt, analysis);
    } else if (rule.name == kCheckpointFailureRate) {
      EvaluateFailureRate(rule, rules, inputs.checkpoints, fmt, analysis);
    } else if (rule.name == kBackpressure) {
      if (metrics.Has(SeriesMetric::kBackpressure)) {
        EvaluateMetricRule(rule, rules, metrics, {SeriesMetric::kBackpressure}, fmt, analysis);
      } else {
        analysis.alerts_not_evaluated.push_back(
            {rule.name, any_metrics ? "the Slf4jReporter reports hold no backPressuredTimeMsPerSecond or "
                                      "isBackPressured (task metrics)"
                                    : std::string(kNoMetrics)});
      }
    } else if (rule.name == kLatency) {
      const std::vector<SeriesMetric> kinds = {SeriesMetric::kEventTimeLag, SeriesMetric::kLatency,
                                               SeriesMetric::kWatermarkLag};
      if (metrics.Has(SeriesMetric::kEventTimeLag) || metrics.Has(SeriesMetric::kLatency) ||
          metrics.HasUsable(SeriesMetric::kWatermarkLag)) {
        EvaluateMetricRule(rule, rules, metrics, kinds, fmt, analysis);
      } else if (metrics.Has(SeriesMetric::kWatermarkLag)) {
        analysis.alerts_not_evaluated.push_back(
            {rule.name, "currentInputWatermark is an epoch time but the log's time zone is unknown (no epoch in "
                        "the log): pass --tz to compare them"});
      } else {
        analysis.alerts_not_evaluated.push_back(
            {rule.name, any_metrics ? "the Slf4jReporter reports hold no currentInputWatermark, "
                                      "currentEmitEventTimeLag or latency histogram"
                                    : std::string(kNoMetrics)});
      }
    } else if (rule.name == kSlotUsage) {
      if (metrics.Has(SeriesMetric::kSlotUsage)) {
        EvaluateMetricRule(rule, rules, metrics, {SeriesMetric::kSlotUsage}, fmt, analysis);
      } else if (!EvaluateSlotShortage(rule, rules, inputs.events, fmt, analysis)) {
        analysis.alerts_not_evaluated.push_back(
            {rule.name, std::string(any_metrics ? "the Slf4jReporter reports hold no taskSlotsAvailable/"
                                                  "taskSlotsTotal (JobManager metrics)"
                                                : kNoMetrics) +
                            ", and no slot shortage records in the input"});
      }
    }
  }
}

void EvaluateAlerts(const AlertRules& rules, const std::vector<CheckpointState>& checkpoints,
                    const EventFormatter& fmt, Analysis& analysis) {
  const ResolvedMetrics none;
  const std::vector<StoredEvent> no_events;
  EvaluateAlerts(rules, {checkpoints, none, no_events}, fmt, analysis);
}

}  // namespace flinkscan
