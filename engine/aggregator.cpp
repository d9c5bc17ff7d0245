#include "engine/aggregator.h"

#include <algorithm>
#include <filesystem>
#include <set>

#include "engine/checkpoint_table.h"
#include "engine/event_formatter.h"
#include "engine/baseline.h"
#include "engine/exception_table.h"
#include "engine/gc_summary.h"
#include "engine/incident_builder.h"
#include "engine/metric_incidents.h"
#include "engine/stack_incidents.h"
#include "engine/diagnosis.h"
#include "engine/job_graph.h"
#include "engine/taskmanager_table.h"

namespace flinkscan {
namespace {

constexpr size_t kMaxRejectedExamples = 5;
constexpr size_t kMaxRejectedText = 200;

// flink-<user>-<daemon>-<id>-<host>.log -> <host>
std::string HostFromFlinkFileName(const std::string& path) {
  std::string name = std::filesystem::path(path).filename().string();
  if (name.rfind("flink-", 0) != 0) return "";
  for (const char* daemon : {"-standalonesession-", "-taskexecutor-", "-jobmanager-", "-taskmanager-",
                             "-standalonejob-", "-client-", "-historyserver-", "-sql-gateway-"}) {
    const size_t at = name.find(daemon);
    if (at == std::string::npos) continue;
    size_t p = at + std::string_view(daemon).size();
    if (std::string_view(daemon) != "-client-") {
      while (p < name.size() && std::isdigit(static_cast<unsigned char>(name[p]))) ++p;
      if (p < name.size() && name[p] == '-') ++p;
    }
    size_t end = name.find(".log", p);
    if (end == std::string::npos) end = name.find(".out", p);
    if (end == std::string::npos) end = name.size();
    return name.substr(p, end - p);
  }
  return "";
}

constexpr int64_t kUnknownTimeSortKey = INT64_MIN / 4;

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

}  // namespace

namespace {

// Routine checkpoints fold only where no output can tell (checkpoint_folder.h):
// faster than the slow-checkpoint threshold and every duration alert.
CheckpointFoldingRules FoldingRulesFor(const AggregatorOptions& options) {
  CheckpointFoldingRules rules;
  rules.keep_first_per_job = options.max_checkpoint_items;
  rules.routine_max_duration_ms = options.slow_checkpoint_ms;
  for (const AlertRule& rule : options.alert_rules.rules) {
    if (rule.name == "checkpoint_duration" && rule.enabled) {
      rules.routine_max_duration_ms =
          std::min(rules.routine_max_duration_ms, static_cast<int64_t>(std::max(0.0, rule.threshold)));
    }
  }
  // Pairs near a checkpoint failure are kept for the failure-rate windows only.
  const AlertRule* rate = options.alert_rules.Find("checkpoint_failure_rate");
  rules.failure_window_ms = rate != nullptr && rate->enabled ? options.alert_rules.failure_window_ms : 0;
  return rules;
}

}  // namespace

Aggregator::Aggregator(AggregatorOptions options)
    : options_(options),
      checkpoint_folder_(FoldingRulesFor(options_)),
      metric_store_(options_.metric_series),
      stack_collector_(options_.stacks) {}

WallTime Aggregator::AdjustRollover(StreamAccount& s, WallTime t) {
  if (!t.known() || t.has_date) return t;
  const int64_t tod = t.ms;
  // A time-only clock that jumps back by more than half a day passed midnight.
  if (s.last_time_of_day >= 0 && tod < s.last_time_of_day - kMillisPerDay / 2) ++s.rollover_days;
  s.last_time_of_day = tod;
  return WallTime{tod + s.rollover_days * kMillisPerDay, false};
}

void Aggregator::Consume(const Chunk& chunk) {
  if (chunk.first_in_stream) {
    // The reader numbers streams in the order it first meets them.
    if (streams_.size() <= chunk.stream) streams_.resize(chunk.stream + 1);
    StreamAccount& fresh = streams_[chunk.stream];
    fresh.info = chunk.stream_info;
    fresh.path = fresh.info.path;
    fresh.stream = fresh.info.StreamName();
    fresh.kind = fresh.info.kind;
    fresh.host = !fresh.info.host.empty() ? fresh.info.host : HostFromFlinkFileName(fresh.info.member.empty() ? fresh.info.path : fresh.info.member);
    fresh.container = fresh.info.container;
  }
  StreamAccount& s = streams_[chunk.stream];
  s.bytes += chunk.size + chunk.filtered_bytes;
  if (!chunk.open_failed) any_opened_ = true;
  if (!chunk.read_error.empty()) s.errors.push_back(chunk.read_error);
  const uint64_t line_base = s.lines;
  for (const RejectedLine& r : chunk.rejected_examples) {
    if (s.rejected_examples.size() >= kMaxRejectedExamples) break;
    s.rejected_examples.push_back(
        {line_base + r.line, std::string(r.text.substr(0, std::min(r.text.size(), kMaxRejectedText)))});
  }
  const ChunkStats& st = chunk.stats;
  s.lines += st.lines;
  s.records += st.records;
  s.matched_records += st.matched_records;
  s.unparsed_records += st.unparsed_records;
  s.rejected_lines += st.rejected_lines;
  s.continuation_lines += st.continuation_lines;
  s.free_text_lines += st.free_text_lines;
  // The stream's first known layout; "mixed" when it has JSON and text headers. Both are
  // independent of where chunks are cut (found by fuzz_differential: comparing each chunk's
  // first layout made a file "mixed" only when cut into small chunks).
  if (st.layout != Layout::kUnknown && s.layout == Layout::kUnknown) s.layout = st.layout;
  s.json_headers = s.json_headers || st.json_headers;
  s.text_headers = s.text_headers || st.text_headers;
  if (st.mixed_layout || (s.json_headers && s.text_headers)) s.mixed_layout = true;
  if (st.zone_checked && !s.zone_checked) {
    s.zone_checked = true;
    s.stated_offset_minutes = st.offset_minutes;
    s.stated_tz_source = std::string(st.tz_source);
  }
  const WallTime first = AdjustRollover(s, st.first_time);
  if (first.known() && !s.first_time.known()) s.first_time = first;
  const std::string stack_source = s.info.Source();
  for (const Event& e : chunk.events) {
    const StackOrigin origin{chunk.stream, line_base + e.line, AdjustRollover(s, e.time), stack_source, s.host,
                             s.container};
    stack_collector_.Consume(e, origin);
    // Thread dump pieces live on in the stack collector's bounded state only.
    if (e.kind == EventKind::kThreadDump) continue;
    if (e.kind == EventKind::kMetricReport) {
      metric_store_.AddReport(chunk.stream, line_base + e.line, AdjustRollover(s, e.time), e.reason);
      continue;
    }
    // Filled in place: the folder keeps or holds the slot and hands out another with reusable strings.
    StoredEvent& stored = checkpoint_folder_.NextSlot();
    StoreEventInto(e, line_base, order_++, stored);
    stored.time = AdjustRollover(s, stored.time);
    checkpoint_folder_.AddNext(events_);
  }
  const WallTime last = AdjustRollover(s, st.last_time);
  if (last.known()) s.last_time = last;
  if (!chunk.scan_error.empty()) {
    s.errors.push_back("byte " + std::to_string(chunk.stream_offset) + ": scan failed: " + chunk.scan_error);
  }
}

void Aggregator::ResolveTimes() {
  for (StreamAccount& s : streams_) {
    if (options_.tz_offset_minutes) {
      s.resolution.offset_minutes = options_.tz_offset_minutes;
      s.tz_source = "cli";
    }
  }
  std::vector<bool> resolved(streams_.size(), false);
  // JSON records carry absolute instants, stored as the UTC wall clock: the
  // stream's offset is 0 whatever --tz says.
  for (size_t i = 0; i < streams_.size(); ++i) {
    StreamAccount& s = streams_[i];
    if (!s.stated_offset_minutes) continue;
    s.resolution.offset_minutes = s.stated_offset_minutes;
    s.tz_source = s.stated_tz_source;
    resolved[i] = true;
  }
  // GC lines state their own offset ("…+0000"): it beats --tz, which can only
  // guess the zone the line already names. A line with both a date and the JVM
  // uptime dates the JVM start, and so every uptime-only line of its stream.
  std::vector<std::optional<int64_t>> jvm_start(streams_.size());
  for (const StoredEvent& e : events_) {
    StreamAccount& s = streams_[e.stream];
    if (e.offset_minutes && !resolved[e.stream]) {
      s.resolution.offset_minutes = e.offset_minutes;
      s.tz_source = "explicit";
      resolved[e.stream] = true;
    }
    if (!jvm_start[e.stream] && e.uptime_ms >= 0 && e.time.known() && e.time.has_date) {
      jvm_start[e.stream] = e.time.ms - e.uptime_ms;
    }
  }
  for (StoredEvent& e : events_) {
    if (e.uptime_ms < 0 || !e.time.known() || e.time.has_date || !jvm_start[e.stream]) continue;
    e.time = WallTime{*jvm_start[e.stream] + e.uptime_ms, true};
  }
  for (size_t i = 0; i < streams_.size(); ++i) {
    StreamAccount& s = streams_[i];
    if (s.layout != Layout::kGcJdk8 && s.layout != Layout::kGcUnified) continue;
    // A GC stream's date-less times are JVM uptimes (parsers/gc_record.h).
    for (WallTime* t : {&s.first_time, &s.last_time}) {
      if (!t->known() || t->has_date) continue;
      if (jvm_start[i]) {
        *t = WallTime{*jvm_start[i] + t->ms, true};
      } else if (s.tz_source == "unknown" || s.tz_source == "cli") {
        s.tz_source = "uptime";
        s.resolution.offset_minutes.reset();
      }
    }
  }
  for (const StoredEvent& e : events_) {
    if (resolved[e.stream] || e.epoch_ms <= 0 || !e.time.known()) continue;
    // Only a trigger's epoch is this line's clock; a restore names when the
    // restored checkpoint was taken, possibly hours earlier.
    if (e.kind != EventKind::kCheckpointTriggered) continue;
    const std::optional<int32_t> offset = InferOffsetMinutes(e.time, e.epoch_ms);
    if (!offset) continue;
    StreamAccount& s = streams_[e.stream];
    resolved[e.stream] = true;
    if (!options_.tz_offset_minutes) {
      s.resolution.offset_minutes = offset;
      s.tz_source = "epoch";
    }
    if (!e.time.has_date) {
      const int64_t local_days = FloorDiv(e.epoch_ms + int64_t{*s.resolution.offset_minutes} * 60'000, kMillisPerDay);
      s.resolution.date_base_days = local_days - FloorDiv(e.time.ms, kMillisPerDay);
    }
  }
}

void Aggregator::OrderEvents() {
  // Unknown times (damaged headers, header-less lines) take their stream
  // neighbour's time so they sort where they were written.
  std::vector<WallTime> last_known(streams_.size());
  for (StoredEvent& e : events_) {
    if (e.time.known()) {
      last_known[e.stream] = e.time;
    } else if (last_known[e.stream].known()) {
      e.time = last_known[e.stream];
      e.time_inherited = true;
    }
  }
  std::vector<WallTime> next_known(streams_.size());
  for (auto it = events_.rbegin(); it != events_.rend(); ++it) {
    if (it->time.known()) {
      if (!it->time_inherited) next_known[it->stream] = it->time;
    } else if (next_known[it->stream].known()) {
      it->time = next_known[it->stream];
      it->time_inherited = true;
    }
  }
  // Streams whose zone is unknown are assumed to share the one zone the
  // others proved, for ordering only (a cluster's JM and TMs share a clock).
  std::set<int32_t> offsets;
  for (const StreamAccount& s : streams_) {
    if (s.resolution.offset_minutes) offsets.insert(*s.resolution.offset_minutes);
  }
  const int32_t common_offset = offsets.size() == 1 ? *offsets.begin() : 0;
  for (StoredEvent& e : events_) {
    const StreamAccount& s = streams_[e.stream];
    if (!e.time.known()) {
      // First, yet far enough from INT64_MIN that differences of keys never overflow.
      e.sort_key = kUnknownTimeSortKey;
      continue;
    }
    int64_t naive = e.time.ms;
    if (!e.time.has_date && s.resolution.date_base_days) naive += *s.resolution.date_base_days * kMillisPerDay;
    const int32_t offset = s.resolution.offset_minutes.value_or(common_offset);
    e.sort_key = naive - int64_t{offset} * 60'000;
  }
  // Sort small keys, then move each (large) event once.
  // Ties go by arrival order: the checkpoint folder appends the pairs it held back late.
  struct SortKey {
    int64_t key;
    uint64_t order;
    size_t index;
    bool operator<(const SortKey& o) const { return key != o.key ? key < o.key : order < o.order; }
  };
  std::vector<SortKey> keys(events_.size());
  for (size_t i = 0; i < events_.size(); ++i) keys[i] = {events_[i].sort_key, events_[i].order, i};
  std::sort(keys.begin(), keys.end());
  // Applied in place, cycle by cycle: a second vector of events would double the peak memory.
  std::vector<size_t> source(keys.size());
  for (size_t i = 0; i < keys.size(); ++i) source[i] = keys[i].index;
  keys = {};
  for (size_t start = 0; start < source.size(); ++start) {
    if (source[start] == start) continue;
    StoredEvent held = std::move(events_[start]);
    size_t at = start;
    while (source[at] != start) {
      const size_t from = source[at];
      events_[at] = std::move(events_[from]);
      source[at] = at;
      at = from;
    }
    events_[at] = std::move(held);
    source[at] = at;
  }
}

Analysis Aggregator::Finalize(const std::vector<SkippedInput>& skipped, double seconds) {
  checkpoint_folder_.Flush(events_);
  ResolveTimes();

  // Events that name no job belong to the stream's most recent job, or to
  // the only job of the scan.
  std::set<std::string> job_ids;
  for (const StoredEvent& e : events_) {
    if (!e.job_id.empty()) job_ids.insert(e.job_id);
  }
  {
    std::vector<std::string> stream_job(streams_.size());
    for (StoredEvent& e : events_) {
      if (!e.job_id.empty()) {
        stream_job[e.stream] = e.job_id;
      } else if (job_ids.size() == 1) {
        e.job_id = *job_ids.begin();
      } else if (!stream_job[e.stream].empty() && e.kind != EventKind::kWorkerTerminated &&
                 e.kind != EventKind::kHeartbeatTimeout && e.kind != EventKind::kContainerExit) {
        e.job_id = stream_job[e.stream];
      }
    }
  }
  OrderEvents();

  EventFormatter fmt(streams_);
  Analysis a;
  for (size_t i = 0; i < streams_.size(); ++i) {
    const StreamAccount& s = streams_[i];
    InputSummary in;
    in.path = s.path;
    in.stream = s.stream;
    in.kind = std::string(StreamKindName(s.kind));
    in.bytes = s.bytes;
    in.lines = s.lines;
    in.records = s.records;
    in.matched_records = s.matched_records;
    in.rejected_lines = s.rejected_lines;
    in.continuation_lines = s.continuation_lines;
    in.free_text_lines = s.free_text_lines;
    in.tz_source = s.tz_source;
    switch (s.layout) {
      case Layout::kLog4j2: in.layout = "log4j2"; break;
      case Layout::kLog4j1: in.layout = "log4j1"; break;
      case Layout::kTimeOnlyLog4j2:
      case Layout::kTimeOnlyLog4j1: in.layout = "time-only"; break;
      case Layout::kGcJdk8:
      case Layout::kGcUnified: in.layout = "gc"; break;
      case Layout::kJson: in.layout = "json"; break;
      case Layout::kUnknown: in.layout = "none"; break;
    }
    if (s.mixed_layout) in.layout = "mixed";
    in.first_time = fmt.Time(static_cast<uint32_t>(i), s.first_time);
    in.last_time = fmt.Time(static_cast<uint32_t>(i), s.last_time);
    in.prefix = s.info.prefix;
    in.reversed = s.info.reversed;
    in.rejected_examples = s.rejected_examples;
    in.errors = s.errors;
    a.totals.bytes += s.bytes;
    a.totals.lines += s.lines;
    a.totals.records += s.records;
    a.totals.matched_records += s.matched_records;
    a.totals.rejected_lines += s.rejected_lines;
    a.totals.continuation_lines += s.continuation_lines;
    a.totals.free_text_lines += s.free_text_lines;
    a.inputs.push_back(std::move(in));
  }
  for (const SkippedInput& sk : skipped) a.skipped.push_back({sk.path, sk.reason});
  a.totals.events = events_.size() + checkpoint_folder_.folded_events();
  a.totals.seconds = seconds;

  const std::vector<CheckpointState> checkpoints = TrackCheckpoints(events_);
  a.checkpoints = SummarizeCheckpoints(checkpoints, fmt, options_.max_checkpoint_items);
  a.exceptions = BuildExceptionTable(events_, fmt);
  a.gc = SummarizeGc(events_, fmt);
  IncidentBuild built = BuildIncidents(events_, checkpoints, fmt, options_);
  a.jobs = std::move(built.jobs);
  a.incidents = std::move(built.incidents);
  stack_collector_.Finish();
  a.stacks = stack_collector_.Summary();
  for (Incident& incident : BuildStackIncidents(stack_collector_, fmt, options_.max_evidence)) {
    a.incidents.push_back(std::move(incident));
  }
  SortIncidents(a.incidents);
  std::vector<std::string> job_names;
  for (const JobSummary& job : a.jobs) {
    if (!job.name.empty()) job_names.push_back(job.name.substr(0, job.name.find('\n')));
  }
  const ResolvedMetrics metrics = metric_store_.Resolve(StreamClocks(streams_), job_names);
  a.metrics = SummarizeMetrics(metrics, fmt);
  AddMetricIncidents(metrics, a.jobs, fmt, options_, a.incidents);
  RefineDiagnoses(metrics, fmt, a.incidents);
  SortIncidents(a.incidents);
  EvaluateAlerts(options_.alert_rules, {checkpoints, metrics, events_}, fmt, a);
  a.job_graph = BuildJobGraph(events_, fmt);
  a.taskmanagers = BuildTaskManagerTable(events_, fmt, a.incidents);
  AssignIncidentKeys(a);  // once every incident source has run: --baseline matches on these keys

  std::set<std::string> versions;
  for (const StoredEvent& e : events_) {
    if (e.kind == EventKind::kStartupFact && e.reason == "flink_version" && !e.job_name.empty() &&
        versions.insert(e.job_name).second) {
      a.flink_versions.push_back(e.job_name);
    }
  }
  // The scanned span: earliest and latest known record time over all streams.
  int64_t lo = INT64_MAX, hi = INT64_MIN;
  for (size_t i = 0; i < streams_.size(); ++i) {
    const StreamAccount& s = streams_[i];
    for (const WallTime& t : {s.first_time, s.last_time}) {
      if (!t.known()) continue;
      int64_t naive = t.ms;
      if (!t.has_date && s.resolution.date_base_days) naive += *s.resolution.date_base_days * kMillisPerDay;
      if (naive < lo) {
        lo = naive;
        a.time_span_start = fmt.Time(static_cast<uint32_t>(i), t);
      }
      if (naive > hi) {
        hi = naive;
        a.time_span_end = fmt.Time(static_cast<uint32_t>(i), t);
      }
    }
  }
  return a;
}

}  // namespace flinkscan
