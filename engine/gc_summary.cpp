#include "engine/gc_summary.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <deque>
#include <map>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "engine/internal/incident_parts.h"

namespace flinkscan {
namespace {

bool IsPause(const StoredEvent& e) { return e.kind == EventKind::kGcPause && e.pause_ms >= 0; }
bool IsFull(const StoredEvent& e) { return e.gc_kind == "full"; }

// Sums of decimal pause figures collect binary noise (58.304000000000002);
// nanoseconds are finer than any JVM prints.
double RoundToNanos(double ms) { return std::round(ms * 1e6) / 1e6; }

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string FormatMillis(double ms) {
  if (ms < 1000) return fmt::format("{:.1f} ms", ms);
  return fmt::format("{:.1f} s", ms / 1000);
}

// A stream prints one collector; lines that do not name it (unified
// "Pause Remark", a JDK 8 full GC without details) borrow it.
std::vector<std::string> StreamCollectors(const std::vector<StoredEvent>& sorted, size_t streams) {
  std::vector<std::set<std::string>> seen(streams);
  for (const StoredEvent& e : sorted) {
    if (IsPause(e) && !e.gc_collector.empty() && e.stream < streams) seen[e.stream].insert(e.gc_collector);
  }
  std::vector<std::string> out(streams);
  for (size_t i = 0; i < streams; ++i) {
    if (seen[i].size() == 1) out[i] = *seen[i].begin();
    // CMS logs name ParNew for young and CMS for old collections.
    if (seen[i] == std::set<std::string>{"CMS", "ParNew"}) out[i] = "CMS";
  }
  return out;
}

size_t StreamCount(const std::vector<StoredEvent>& sorted) {
  size_t n = 0;
  for (const StoredEvent& e : sorted) n = std::max<size_t>(n, e.stream + 1);
  return n;
}

std::optional<int64_t> Known(int64_t v) { return v >= 0 ? std::optional<int64_t>(v) : std::nullopt; }

// --- gc_pressure ------------------------------------------------------------------

struct Trigger {
  const StoredEvent* event = nullptr;         // the pause that made the rule fire
  const StoredEvent* window_start = nullptr;  // share rule: first pause of the window
  double share = 0;                           // share rule: GC time / window
};

struct Episode {
  uint32_t stream = 0;
  std::vector<Trigger> triggers;
  int64_t last_ms = INT64_MIN;  // time of the latest trigger, when known
};

bool KnownTime(const StoredEvent& e) { return e.time.known(); }

// The JVM whose pauses these are, from the stream's file name or YARN section.
struct Jvm {
  bool jobmanager = false;
  bool taskmanager = false;
  std::string name;  // for titles: "TaskManager container_… on host"
};

Jvm DescribeJvm(Incident& incident, const StoredEvent& e, const EventFormatter& fmt) {
  incident::ScopeFromEvent(incident, e, fmt);
  const StreamAccount& stream = fmt.Stream(e.stream);
  const std::string names = Lower(stream.stream + " " + stream.path);
  const auto named = [&](const char* word) { return names.find(word) != std::string::npos; };
  // On YARN the first container (…_000001) is the ApplicationMaster: the JobManager.
  const std::string container = !stream.container.empty() ? stream.container : e.container_id;
  const bool am_container =
      container.size() > 7 && container.compare(container.size() - 7, 7, "_000001") == 0;
  Jvm jvm;
  jvm.jobmanager = am_container || named("jobmanager") || named("standalonesession");
  jvm.taskmanager = !jvm.jobmanager && (stream.kind == StreamKind::kTaskManager || !container.empty() ||
                                        named("taskmanager") || named("taskexecutor"));
  Scope& scope = incident.scope;
  if (!scope.host && !stream.host.empty()) scope.host = stream.host;
  if (!scope.container && !container.empty()) scope.container = container;
  if (!jvm.taskmanager) {
    scope.taskmanager.reset();
  } else if (!scope.taskmanager) {
    scope.taskmanager = scope.container ? *scope.container : fmt.Source(e.stream);
  }
  if (jvm.jobmanager) {
    jvm.name = "JobManager";
    if (scope.container) jvm.name += " " + *scope.container;
  } else if (jvm.taskmanager) {
    jvm.name = "TaskManager " + (scope.container ? *scope.container : *scope.taskmanager);
  } else {
    jvm.name = "the JVM of " + fmt.Source(e.stream);
  }
  if (scope.host) jvm.name += " on " + *scope.host;
  return jvm;
}

Diagnosis DiagnoseGcPressure(const std::vector<const StoredEvent*>& fulls, bool long_pause, double max_share,
                             bool jobmanager) {
  const std::string heap_option =
      jobmanager ? "jobmanager.memory.heap.size" : "taskmanager.memory.task.heap.size";
  std::set<std::string> causes;
  for (const StoredEvent* e : fulls) causes.insert(e->reason);
  if (!fulls.empty() && causes == std::set<std::string>{"System.gc()"}) {
    return {"gc_explicit", "Full GCs were requested by System.gc() calls, not forced by a full heap.",
            "Find the caller (user code or a library); or add -XX:+ExplicitGCInvokesConcurrent (G1/CMS) to "
            "env.java.opts.taskmanager."};
  }
  if (causes.count("Metadata GC Threshold") || causes.count("Last ditch collection")) {
    return {
        "gc_metaspace", "Full GCs were triggered by a full Metaspace (class metadata), not by the Java heap.",
        "Raise taskmanager.memory.jvm-metaspace.size; if it keeps growing across job restarts, look for a "
        "class loader leak in user code or its libraries."};
  }
  if (!fulls.empty()) {
    return {"gc_full_heap",
            "The heap ran full: the JVM fell back to stop-the-world full collections (" +
                fmt::format("{}", fmt::join(causes, ", ")) + ").",
            "Raise " + heap_option +
                "; if the heap stays full after each full GC, look for a memory leak or for large state kept "
                "on the heap (HashMapStateBackend: consider RocksDB); check the GC choice (G1) in "
                "env.java.opts."};
  }
  if (long_pause) {
    return {
        "gc_long_pause",
        "GC pauses longer than a second stall every task thread and can delay heartbeats and checkpoints.",
        "Check the heap size (" + heap_option +
            ") and the collector (G1 with -XX:MaxGCPauseMillis in env.java.opts); long pauses that free "
            "little memory point to a heap that is too small or a leak."};
  }
  return {"gc_time_share", fmt::format("The JVM spent {:.0f} % of a minute in GC pauses.", max_share * 100),
          "Raise " + heap_option +
              " or reduce what lives on the heap (state on HashMapStateBackend, large buffers); check for a "
              "memory leak if the live heap keeps growing."};
}

Incident BuildEpisode(const Episode& ep, const std::vector<const StoredEvent*>& pauses,
                      const EventFormatter& fmt, const AggregatorOptions& options,
                      const GcPressureRules& rules) {
  const Trigger& first = ep.triggers.front();
  const StoredEvent& opener = first.window_start ? *first.window_start : *first.event;
  Incident inc = incident::Start("gc_pressure", "warning", opener, fmt);
  const Jvm jvm = DescribeJvm(inc, opener, fmt);

  std::vector<const StoredEvent*> fulls;
  bool long_pause = false;
  double max_share = 0, max_pause = 0;
  const StoredEvent* last = first.event;
  std::set<const StoredEvent*> counted;
  for (const Trigger& t : ep.triggers) {
    if (counted.insert(t.event).second) {
      if (IsFull(*t.event)) fulls.push_back(t.event);
      if (t.event->pause_ms > rules.long_pause_ms) long_pause = true;
    }
    max_share = std::max(max_share, std::min(t.share, 1.0));  // one pause can outlast the window
    if (t.event->sort_key >= last->sort_key) last = t.event;
    AddEvidence(inc, fmt, *t.event, options.max_evidence);
  }
  incident::SetEnd(inc, *last, fmt);

  // Every pause of the stream inside the episode, for the figures.
  uint64_t pause_count = 0;
  double pause_total = 0;
  for (const StoredEvent* p : pauses) {
    if (p->sort_key < opener.sort_key || p->sort_key > last->sort_key) continue;
    ++pause_count;
    pause_total += p->pause_ms;
    max_pause = std::max(max_pause, p->pause_ms);
  }
  uint64_t long_pauses = 0;
  for (const StoredEvent* p : counted) long_pauses += p->pause_ms > rules.long_pause_ms ? 1 : 0;

  std::vector<std::string> what;
  if (!fulls.empty()) what.push_back(fmt::format("{} full GC{}", fulls.size(), fulls.size() == 1 ? "" : "s"));
  if (long_pauses > 0)
    what.push_back(fmt::format("{} pause{} over {}", long_pauses, long_pauses == 1 ? "" : "s",
                               FormatMillis(rules.long_pause_ms)));
  if (max_share > rules.max_time_share && what.empty()) {
    what.push_back(fmt::format("GC took {:.0f} % of {} s", max_share * 100, rules.window_ms / 1000));
  }
  inc.title = fmt::format("GC pressure in {}: {}; longest pause {}", jvm.name, fmt::join(what, ", "),
                          FormatMillis(max_pause));
  inc.diagnosis = DiagnoseGcPressure(fulls, long_pause, max_share, jvm.jobmanager);
  incident::AddFact(inc, "pauses", std::to_string(pause_count));
  incident::AddFact(inc, "full_gcs", std::to_string(fulls.size()));
  incident::AddFact(inc, "long_pauses", std::to_string(long_pauses));
  incident::AddFact(inc, "max_pause_ms", fmt::format("{}", RoundToNanos(max_pause)));
  incident::AddFact(inc, "total_pause_ms", fmt::format("{}", RoundToNanos(pause_total)));
  if (max_share > rules.max_time_share) {
    incident::AddFact(inc, "max_gc_time_share", fmt::format("{}", std::round(max_share * 1000) / 1000));
  }
  const std::string& collector = last->gc_collector.empty() ? opener.gc_collector : last->gc_collector;
  if (!collector.empty()) incident::AddFact(inc, "collector", collector);
  return inc;
}

}  // namespace

GcSummary SummarizeGc(const std::vector<StoredEvent>& sorted, const EventFormatter& fmt, size_t max_items) {
  GcSummary gc;
  const std::vector<std::string> collectors = StreamCollectors(sorted, StreamCount(sorted));
  std::vector<size_t> pauses;
  for (size_t i = 0; i < sorted.size(); ++i) {
    const StoredEvent& e = sorted[i];
    if (!IsPause(e)) continue;
    pauses.push_back(i);
    ++gc.pauses;
    if (IsFull(e)) ++gc.full_gcs;
    gc.total_pause_ms += e.pause_ms;
    gc.max_pause_ms = std::max(gc.max_pause_ms, e.pause_ms);
  }
  gc.total_pause_ms = RoundToNanos(gc.total_pause_ms);

  std::vector<size_t> kept = pauses;
  if (kept.size() > max_items) {
    // The pauses that matter: full GCs, then the longest.
    const auto worse = [&](size_t a, size_t b) {
      const StoredEvent& x = sorted[a];
      const StoredEvent& y = sorted[b];
      if (IsFull(x) != IsFull(y)) return IsFull(x);
      if (x.pause_ms != y.pause_ms) return x.pause_ms > y.pause_ms;
      return a < b;
    };
    std::nth_element(kept.begin(), kept.begin() + static_cast<std::ptrdiff_t>(max_items), kept.end(), worse);
    kept.resize(max_items);
    std::sort(kept.begin(), kept.end());
    gc.items_dropped = pauses.size() - max_items;
  }
  for (const size_t i : kept) {
    const StoredEvent& e = sorted[i];
    GcPauseItem item;
    item.time = fmt.Time(e);
    item.source = fmt.Source(e.stream);
    item.line = e.line;
    item.kind = e.gc_kind;
    item.collector = e.gc_collector.empty() ? collectors[e.stream] : e.gc_collector;
    item.cause = e.reason;
    item.pause_ms = e.pause_ms;
    item.gc_id = Known(e.gc_id);
    item.uptime_ms = Known(e.uptime_ms);
    item.heap_before_kb = Known(e.heap_before_kb);
    item.heap_after_kb = Known(e.heap_after_kb);
    item.heap_capacity_kb = Known(e.heap_capacity_kb);
    gc.items.push_back(std::move(item));
  }
  return gc;
}

void AddGcIncidents(const std::vector<StoredEvent>& sorted, const EventFormatter& fmt,
                    const AggregatorOptions& options, std::vector<Incident>& out,
                    const GcPressureRules& rules) {
  std::map<uint32_t, std::vector<const StoredEvent*>> by_stream;
  for (const StoredEvent& e : sorted) {
    if (IsPause(e)) by_stream[e.stream].push_back(&e);
  }
  for (const auto& stream_pauses : by_stream) {
    // Not a structured binding: the lambda below captures `pauses`, which clang 14 (the fuzz build) refuses.
    const uint32_t stream = stream_pauses.first;
    const std::vector<const StoredEvent*>& pauses = stream_pauses.second;
    // Rules, pause by pause in time order; the share rule over a sliding window
    // that ends at each pause.
    std::vector<Trigger> triggers;
    std::deque<const StoredEvent*> window;
    double window_sum = 0;
    for (const StoredEvent* p : pauses) {
      bool fired = false;
      Trigger t{p, nullptr, 0};
      if (KnownTime(*p)) {
        window.push_back(p);
        window_sum += p->pause_ms;
        while (!window.empty() && window.front()->time.ms <= p->time.ms - rules.window_ms) {
          window_sum -= window.front()->pause_ms;
          window.pop_front();
        }
        const double share = window_sum / static_cast<double>(rules.window_ms);
        if (share > rules.max_time_share) {
          t.share = share;
          fired = true;
        }
      }
      if (IsFull(*p) || p->pause_ms > rules.long_pause_ms) {
        fired = true;
      } else if (fired) {
        // Only the share rule fired: the episode starts with the window.
        t.window_start = window.front();
      }
      if (fired) triggers.push_back(t);
    }
    // Episodes: triggers no further apart than the gap.
    Episode ep;
    ep.stream = stream;
    const auto close = [&] {
      if (!ep.triggers.empty()) out.push_back(BuildEpisode(ep, pauses, fmt, options, rules));
      ep.triggers.clear();
      ep.last_ms = INT64_MIN;
    };
    for (const Trigger& t : triggers) {
      const bool timed = KnownTime(*t.event);
      const int64_t start_ms = t.window_start ? t.window_start->time.ms
                               : timed        ? t.event->time.ms
                                              : INT64_MIN;
      if (timed && ep.last_ms != INT64_MIN && start_ms - ep.last_ms > rules.episode_gap_ms) close();
      ep.triggers.push_back(t);
      if (timed) ep.last_ms = t.event->time.ms;
    }
    close();
  }
}

}  // namespace flinkscan
