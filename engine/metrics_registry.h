#pragma once
// Prometheus-style metrics derived from the engine's events, for
// `scan --format prometheus` (node_exporter textfile) and `serve` (/metrics).
// Counters and histograms are fed chunk by chunk in the serial, in-order
// stage, so they are exact and monotonic whatever happens to the report
// state; gauges (incidents, alerts) come from an Analysis.
//
// Memory is bounded: every label keeps its first N distinct values and maps
// the rest to "other", and every family holds at most a fixed number of
// series (further label sets land in one all-"other" series). The caps are
// listed in docs/monitoring.md.
//
// Thread-safety: not thread-safe; callers serialise Observe() and Families().

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/aggregator.h"
#include "engine/analysis.h"
#include "engine/chunk.h"

namespace flinkscan {

enum class MetricType { kCounter, kGauge, kHistogram };

struct HistogramValue {
  std::vector<double> upper_bounds;   // ascending, +Inf implied
  std::vector<uint64_t> bucket_counts;  // per bucket, NOT cumulative; size = upper_bounds.size() + 1
  double sum = 0;
  uint64_t count = 0;
};

struct MetricSeries {
  std::vector<std::pair<std::string, std::string>> labels;  // raw values: the sink escapes them
  double value = 0;                                         // counter and gauge
  HistogramValue histogram;                                 // histogram
};

struct MetricFamily {
  std::string name;
  std::string help;
  MetricType type = MetricType::kCounter;
  std::vector<MetricSeries> series;
};

inline constexpr char kOverflowLabelValue[] = "other";

struct MetricCaps {
  size_t job_ids = 20;
  size_t exception_classes = 50;
  size_t hosts = 50;
  size_t containers = 100;
  size_t exit_codes = 20;
  size_t series_per_family = 500;
  size_t label_value_bytes = 120;  // longer values are cut (a class name is rarely longer)
};

// What `serve` knows about the files it follows; absent for `scan`.
struct FollowFigures {
  uint64_t files = 0;           // files currently followed
  uint64_t lag_bytes = 0;       // written to followed files but not yet scanned
  uint64_t rotations = 0;
  uint64_t truncations = 0;
  uint64_t polls = 0;
  double last_poll_unix_seconds = 0;
};

struct RunFigures {
  double finished_unix_seconds = 0;  // scan: when it ended; serve: when the snapshot was taken
  double seconds = 0;                // scan duration / serve uptime
  bool follow = false;
  FollowFigures follow_figures;
};

// Labels capped at N distinct values: the first N seen keep their own value.
class BoundedLabel {
 public:
  BoundedLabel(size_t cap, size_t max_bytes) : cap_(cap), max_bytes_(max_bytes) {}
  std::string Admit(std::string_view value);

 private:
  size_t cap_;
  size_t max_bytes_;
  std::set<std::string, std::less<>> kept_;
};

class MetricsRegistry {
 public:
  explicit MetricsRegistry(MetricCaps caps = {});

  // `account`: the aggregator's view of the chunk's stream (kind, host,
  // container), taken after the aggregator consumed the chunk.
  void Observe(const Chunk& chunk, const StreamAccount& account);

  // Every family, sorted by name, series sorted by labels. `analysis` may be
  // null (no incident or alert gauges then).
  std::vector<MetricFamily> Families(const Analysis* analysis, const RunFigures& run) const;

  // Every metric name Families() can produce (histograms: the base name);
  // the dashboard test checks the Grafana JSON against it.
  static std::vector<std::string> MetricNames();

  static const std::vector<double>& CheckpointDurationBuckets();
  static const std::vector<double>& GcPauseBuckets();

 private:
  using Key = std::vector<std::string>;
  struct CounterFamily {
    std::map<Key, double> series;
  };
  struct HistogramFamily {
    std::vector<double> bounds;
    std::map<Key, HistogramValue> series;
  };

  Key Fit(const std::map<Key, double>& series, Key key) const;
  Key Fit(const std::map<Key, HistogramValue>& series, Key key) const;
  void Count(CounterFamily& family, Key key, double by = 1);
  void Record(HistogramFamily& family, Key key, double value);
  void NoteJob(std::string_view job_id, uint32_t stream);
  std::string JobOf(uint32_t stream) const;  // "unknown" until the stream names a job

  MetricCaps caps_;
  BoundedLabel job_ids_;
  BoundedLabel classes_;
  BoundedLabel hosts_;
  BoundedLabel containers_;
  BoundedLabel exit_codes_;
  // The job a stream last named: events that name none belong to it (as in the report).
  std::vector<std::string> stream_job_;

  CounterFamily bytes_;            // {source_kind}
  CounterFamily lines_;            // {source_kind}
  CounterFamily records_;          // {source_kind}
  CounterFamily exceptions_;       // {class, job_id, source_kind}
  CounterFamily checkpoints_;      // {job_id, status}
  CounterFamily restarts_;         // {job_id}
  CounterFamily job_transitions_;  // {job_id, state}
  CounterFamily tm_lost_;          // {cause}
  CounterFamily container_exits_;  // {exit_code}
  CounterFamily oom_;              // {kind}
  HistogramFamily checkpoint_duration_;  // {job_id}
  HistogramFamily gc_pause_;             // {host, container}
};

}  // namespace flinkscan
