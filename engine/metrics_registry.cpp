#include "engine/metrics_registry.h"

#include <algorithm>
#include <climits>

namespace flinkscan {
namespace {

constexpr size_t kStateValues = 16;  // Flink's JobStatus has 10; room for old spellings

std::string Truncated(std::string_view value, size_t max_bytes) {
  return std::string(value.substr(0, std::min(value.size(), max_bytes)));
}

std::string_view CheckpointStatus(EventKind kind) {
  switch (kind) {
    case EventKind::kCheckpointCompleted: return "completed";
    case EventKind::kCheckpointDeclined: return "declined";
    case EventKind::kCheckpointExpired: return "expired";
    case EventKind::kCheckpointFailed: return "failed";
    case EventKind::kCheckpointAborted: return "aborted";
    default: return "";
  }
}

std::string_view TaskManagerLossCause(const Event& e) {
  switch (e.kind) {
    case EventKind::kHeartbeatTimeout: return e.reason == "TaskManager" ? "heartbeat_timeout" : "";
    case EventKind::kTaskManagerUnreachable: return "unreachable";
    case EventKind::kWorkerTerminated: return "worker_terminated";
    default: return "";
  }
}

bool CarriesExitCode(const Event& e) {
  return e.exit_code != INT32_MIN &&
         (e.kind == EventKind::kContainerExit || e.kind == EventKind::kWorkerTerminated ||
          e.kind == EventKind::kContainerLaunchFailed);
}

MetricFamily CounterOut(std::string name, std::string help, const std::map<std::vector<std::string>, double>& series,
                        const std::vector<std::string>& label_names) {
  MetricFamily family{std::move(name), std::move(help), MetricType::kCounter, {}};
  for (const auto& [key, value] : series) {
    MetricSeries out;
    for (size_t i = 0; i < label_names.size(); ++i) out.labels.emplace_back(label_names[i], key[i]);
    out.value = value;
    family.series.push_back(std::move(out));
  }
  return family;
}

MetricFamily GaugeOut(std::string name, std::string help, double value) {
  MetricFamily family{std::move(name), std::move(help), MetricType::kGauge, {}};
  MetricSeries out;
  out.value = value;
  family.series.push_back(std::move(out));
  return family;
}

}  // namespace

std::string BoundedLabel::Admit(std::string_view value) {
  std::string fitted = Truncated(value, max_bytes_);
  if (kept_.count(fitted)) return fitted;
  if (kept_.size() >= cap_) return kOverflowLabelValue;
  kept_.insert(fitted);
  return fitted;
}

const std::vector<double>& MetricsRegistry::CheckpointDurationBuckets() {
  static const std::vector<double> buckets = {0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600};
  return buckets;
}

const std::vector<double>& MetricsRegistry::GcPauseBuckets() {
  static const std::vector<double> buckets = {0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
  return buckets;
}

MetricsRegistry::MetricsRegistry(MetricCaps caps)
    : caps_(caps),
      job_ids_(caps.job_ids, caps.label_value_bytes),
      classes_(caps.exception_classes, caps.label_value_bytes),
      hosts_(caps.hosts, caps.label_value_bytes),
      containers_(caps.containers, caps.label_value_bytes),
      exit_codes_(caps.exit_codes, caps.label_value_bytes) {
  checkpoint_duration_.bounds = CheckpointDurationBuckets();
  gc_pause_.bounds = GcPauseBuckets();
}

MetricsRegistry::Key MetricsRegistry::Fit(const std::map<Key, double>& series, Key key) const {
  if (series.size() < caps_.series_per_family || series.count(key)) return key;
  return Key(key.size(), kOverflowLabelValue);
}

MetricsRegistry::Key MetricsRegistry::Fit(const std::map<Key, HistogramValue>& series, Key key) const {
  if (series.size() < caps_.series_per_family || series.count(key)) return key;
  return Key(key.size(), kOverflowLabelValue);
}

void MetricsRegistry::Count(CounterFamily& family, Key key, double by) {
  family.series[Fit(family.series, std::move(key))] += by;
}

void MetricsRegistry::Record(HistogramFamily& family, Key key, double value) {
  HistogramValue& h = family.series[Fit(family.series, std::move(key))];
  if (h.bucket_counts.empty()) {
    h.upper_bounds = family.bounds;
    h.bucket_counts.assign(family.bounds.size() + 1, 0);
  }
  const size_t bucket =
      static_cast<size_t>(std::lower_bound(family.bounds.begin(), family.bounds.end(), value) - family.bounds.begin());
  ++h.bucket_counts[bucket];
  h.sum += value;
  ++h.count;
}

void MetricsRegistry::NoteJob(std::string_view job_id, uint32_t stream) {
  if (stream_job_.size() <= stream) stream_job_.resize(stream + 1);
  stream_job_[stream] = job_ids_.Admit(job_id);
}

std::string MetricsRegistry::JobOf(uint32_t stream) const {
  return stream < stream_job_.size() && !stream_job_[stream].empty() ? stream_job_[stream] : "unknown";
}

void MetricsRegistry::Observe(const Chunk& chunk, const StreamAccount& account) {
  const std::string kind(StreamKindName(account.kind));
  Count(bytes_, {kind}, static_cast<double>(chunk.size + chunk.filtered_bytes));
  Count(lines_, {kind}, static_cast<double>(chunk.stats.lines));
  Count(records_, {kind}, static_cast<double>(chunk.stats.records));
  uint64_t counted_exception_line = 0;  // a record can yield two events (a task failure and its OOM)
  for (const Event& e : chunk.events) {
    if (!e.job_id.empty()) NoteJob(e.job_id, chunk.stream);
    const std::string job = JobOf(chunk.stream);
    if (e.exception.present && e.line != counted_exception_line) {
      counted_exception_line = e.line;
      Count(exceptions_, {classes_.Admit(e.exception.outer.class_name), job, kind});
    }
    if (const std::string_view status = CheckpointStatus(e.kind); !status.empty()) {
      Count(checkpoints_, {job, std::string(status)});
    }
    if (e.kind == EventKind::kCheckpointCompleted && e.duration_ms >= 0) {
      Record(checkpoint_duration_, {job}, static_cast<double>(e.duration_ms) / 1000.0);
    }
    if (e.kind == EventKind::kJobTransition && !e.to_state.empty()) {
      Count(job_transitions_, {job, Truncated(e.to_state, kStateValues * 2)});
      if (e.to_state == "RESTARTING") Count(restarts_, {job});
    }
    if (const std::string_view cause = TaskManagerLossCause(e); !cause.empty()) {
      Count(tm_lost_, {std::string(cause)});
    }
    if (CarriesExitCode(e)) Count(container_exits_, {exit_codes_.Admit(std::to_string(e.exit_code))});
    if (e.oom_kind != OomKind::kNone) Count(oom_, {std::string(OomKindName(e.oom_kind))});
    if (e.kind == EventKind::kGcPause && e.pause_ms >= 0) {
      Record(gc_pause_, {hosts_.Admit(account.host), containers_.Admit(account.container)}, e.pause_ms / 1000.0);
    }
  }
}

std::vector<std::string> MetricsRegistry::MetricNames() {
  std::vector<std::string> names;
  const Analysis empty;
  RunFigures follow;
  follow.follow = true;
  for (const RunFigures& run : {follow, RunFigures{}}) {
    for (const MetricFamily& f : MetricsRegistry().Families(&empty, run)) names.push_back(f.name);
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

std::vector<MetricFamily> MetricsRegistry::Families(const Analysis* analysis, const RunFigures& run) const {
  std::vector<MetricFamily> out;
  out.push_back(CounterOut("flinkscan_bytes_read_total", "Log bytes scanned, by the kind of log.", bytes_.series,
                           {"source_kind"}));
  out.push_back(CounterOut("flinkscan_lines_read_total", "Log lines scanned, by the kind of log.", lines_.series,
                           {"source_kind"}));
  out.push_back(CounterOut("flinkscan_records_read_total", "Log records (header lines) scanned, by the kind of log.",
                           records_.series, {"source_kind"}));
  out.push_back(CounterOut("flinkscan_exceptions_total",
                           "Log records carrying a throwable, by outermost class, job and the kind of log "
                           "(a task failure is logged by the JobManager and by the TaskManager).",
                           exceptions_.series, {"class", "job_id", "source_kind"}));
  out.push_back(CounterOut("flinkscan_checkpoints_total",
                           "Checkpoint outcomes logged, by job and status (a declined checkpoint is logged once "
                           "per declining task).",
                           checkpoints_.series, {"job_id", "status"}));
  out.push_back(CounterOut("flinkscan_job_restarts_total", "Job transitions to RESTARTING.", restarts_.series,
                           {"job_id"}));
  out.push_back(CounterOut("flinkscan_job_transitions_total", "Job state transitions, by job and new state.",
                           job_transitions_.series, {"job_id", "state"}));
  out.push_back(CounterOut("flinkscan_taskmanagers_lost_total",
                           "TaskManager losses logged: heartbeat_timeout, unreachable, worker_terminated.",
                           tm_lost_.series, {"cause"}));
  out.push_back(CounterOut("flinkscan_container_exits_total", "Container and worker exits with an exit code.",
                           container_exits_.series, {"exit_code"}));
  out.push_back(CounterOut("flinkscan_out_of_memory_total", "Out-of-memory errors and kills, by kind.", oom_.series,
                           {"kind"}));
  for (const auto* h : {&checkpoint_duration_, &gc_pause_}) {
    const bool checkpoint = h == &checkpoint_duration_;
    MetricFamily family{checkpoint ? "flinkscan_checkpoint_duration_seconds" : "flinkscan_gc_pause_seconds",
                        checkpoint ? "Durations of completed checkpoints, by job."
                                   : "Stop-the-world GC pauses from JVM GC logs, by host and container.",
                        MetricType::kHistogram,
                        {}};
    const std::vector<std::string> names =
        checkpoint ? std::vector<std::string>{"job_id"} : std::vector<std::string>{"host", "container"};
    for (const auto& [key, value] : h->series) {
      MetricSeries s;
      for (size_t i = 0; i < names.size(); ++i) s.labels.emplace_back(names[i], key[i]);
      s.histogram = value;
      family.series.push_back(std::move(s));
    }
    out.push_back(std::move(family));
  }
  if (analysis) {
    std::map<Key, double> incidents, alerts;
    for (const Incident& i : analysis->incidents) incidents[{i.kind, i.severity}] += 1;
    for (const Alert& a : analysis->alerts) alerts[{a.rule, a.severity}] += 1;
    MetricFamily inc = CounterOut("flinkscan_incidents", "Incidents in the current report, by kind and severity.",
                                  incidents, {"kind", "severity"});
    inc.type = MetricType::kGauge;
    out.push_back(std::move(inc));
    MetricFamily al = CounterOut("flinkscan_alerts", "Alerts the built-in rules raise in the current report.",
                                 alerts, {"rule", "severity"});
    al.type = MetricType::kGauge;
    out.push_back(std::move(al));
  }
  if (run.follow) {
    const FollowFigures& f = run.follow_figures;
    out.push_back(GaugeOut("flinkscan_follow_files", "Files currently followed.", static_cast<double>(f.files)));
    out.push_back(GaugeOut("flinkscan_follow_lag_bytes", "Bytes written to followed files but not scanned yet.",
                           static_cast<double>(f.lag_bytes)));
    MetricFamily rotations = GaugeOut("flinkscan_follow_rotations_total", "Followed files that were rotated away.",
                                      static_cast<double>(f.rotations));
    rotations.type = MetricType::kCounter;
    out.push_back(std::move(rotations));
    MetricFamily truncations = GaugeOut("flinkscan_follow_truncations_total",
                                        "Followed files that shrank and were read again from the start.",
                                        static_cast<double>(f.truncations));
    truncations.type = MetricType::kCounter;
    out.push_back(std::move(truncations));
    out.push_back(GaugeOut("flinkscan_follow_last_poll_timestamp_seconds", "When the followed files were last polled.",
                           f.last_poll_unix_seconds));
    out.push_back(GaugeOut("flinkscan_uptime_seconds", "Seconds since `flinkscan serve` started.", run.seconds));
  } else {
    out.push_back(GaugeOut("flinkscan_scan_timestamp_seconds", "When the scan finished (textfile freshness).",
                           run.finished_unix_seconds));
    out.push_back(GaugeOut("flinkscan_scan_duration_seconds", "How long the scan took.", run.seconds));
  }
  std::sort(out.begin(), out.end(), [](const MetricFamily& a, const MetricFamily& b) { return a.name < b.name; });
  return out;
}

}  // namespace flinkscan
