#pragma once
// Bounded time series of the Slf4jReporter metrics flinkscan uses
// (parsers/slf4j_metrics.h), per (metric, job/vertex or process, subtask).
//
// Memory does not grow with input size: at most `max_series` series, each a
// fixed budget of `points_per_series` points. When a series' points are used
// up, neighbours are merged pairwise (min, max, sum and count kept) and the
// bucket width doubles, so a series always covers its whole span at a
// resolution of span / (points / 2) or finer. Samples of series beyond the cap
// are counted in `dropped_samples`, never stored. A 60 s reporter over a week
// is ~10k samples per series: 128 points then hold ~80 min buckets, min/max
// intact.
//
// Times are kept as the stream wrote them (naive, rollover-adjusted) until
// Finalize knows each stream's zone; Resolve() then puts every point on the
// scan's common time axis (the events' sort keys).
//
// Thread-safety: not thread-safe; the aggregator's serial stage owns it.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/wall_time.h"
#include "engine/analysis.h"

namespace flinkscan {

// What a series measures; the unit is fixed per metric (SeriesMetricUnit).
enum class SeriesMetric : uint8_t {
  kBackpressure,          // share 0–1: backPressuredTimeMsPerSecond / 1000, else isBackPressured 1/0
  kBusy,                  // share 0–1: busyTimeMsPerSecond / 1000
  kIdle,                  // share 0–1: idleTimeMsPerSecond / 1000
  kRecordsIn,             // records/s: numRecordsInPerSecond
  kRecordsOut,            // records/s: numRecordsOutPerSecond
  kWatermarkLag,          // ms: report time − currentInputWatermark (needs the stream's zone)
  kEventTimeLag,          // ms: currentEmitEventTimeLag / currentFetchEventTimeLag
  kLatency,               // ms: latency-tracking histogram p99
  kSlotUsage,             // share 0–1: 1 − taskSlotsAvailable / taskSlotsTotal (JobManager)
  kRegisteredTaskManagers,  // count (JobManager)
  kCheckpointDuration,    // ms: lastCheckpointDuration (JobManager, per job)
  kCheckpointSize,        // bytes: lastCheckpointSize (JobManager, per job)
  kHeapUsage,             // share 0–1: Heap.Used / Heap.Max (per process)
  kCount
};
std::string_view SeriesMetricName(SeriesMetric metric);  // "backpressure", "busy", … (JSON names)
std::string_view SeriesMetricUnit(SeriesMetric metric);  // "share" | "records_per_second" | "ms" | "bytes" | "count"

struct MetricSeriesOptions {
  size_t max_series = 2048;
  size_t points_per_series = 128;  // even, >= 4
};

// One stored point: one sample, or several merged ones.
struct RawMetricPoint {
  int64_t first_ms = 0;  // naive times of the first and last sample, in `stream`'s clock
  int64_t last_ms = 0;
  double min = 0;
  double max = 0;
  double sum = 0;
  uint32_t count = 0;
  uint32_t stream = 0;   // stream and line of the first sample's report (evidence)
  uint64_t line = 0;
};

struct RawMetricSeries {
  SeriesMetric metric = SeriesMetric::kBusy;
  // Owner: for task/operator metrics "<job>.<vertex>" as the scope printed it,
  // for job metrics "<job>", for process metrics the TaskManager id or host.
  std::string owner;
  std::string host;
  std::string taskmanager_id;
  int32_t subtask = -1;  // 0-based; -1 for non-subtask metrics
  bool has_date = true;  // false: the stream's clock is time-only
  int64_t bucket_ms = 0;  // 0 until the first merge: one point per sample
  std::vector<RawMetricPoint> points;  // capacity points_per_series, in time order
};

// A stream's naive clock to the scan's common axis: axis = naive + shift_ms.
struct StreamClock {
  int64_t shift_ms = 0;
  bool zone_known = false;  // offset proven (epoch/explicit/--tz), not borrowed
};

struct StreamAccount;
class EventFormatter;
std::vector<StreamClock> StreamClocks(const std::vector<StreamAccount>& streams);

// A point on the common axis.
struct MetricPoint {
  int64_t start_ms = 0;
  int64_t end_ms = 0;
  double min = 0;
  double max = 0;
  double mean = 0;
  uint32_t samples = 0;
  uint32_t stream = 0;
  uint64_t line = 0;
  int64_t naive_start_ms = 0;  // for formatting in the stream's own clock
  bool has_date = true;
};

struct ResolvedMetricSeries {
  SeriesMetric metric = SeriesMetric::kBusy;
  std::string job;     // job name as the scope printed it; "" for process metrics
  std::string vertex;  // task/operator name; "" for job and process metrics
  int32_t subtask = -1;
  std::string taskmanager_id;
  std::string host;
  bool usable = true;  // false: watermark lag of a stream whose zone is unknown
  std::vector<MetricPoint> points;
};

struct ResolvedMetrics {
  uint64_t reports = 0;
  uint64_t values = 0;
  uint64_t dropped_samples = 0;
  std::vector<ResolvedMetricSeries> series;

  bool Has(SeriesMetric metric) const;
  bool HasUsable(SeriesMetric metric) const;
};

class MetricSeriesStore {
 public:
  explicit MetricSeriesStore(MetricSeriesOptions options = {}) : options_(options) {}

  // Reads one report body written at naive time `t` (rollover-adjusted) by
  // `stream`, whose record header is at `line`. A report without a readable
  // time is counted but not stored.
  void AddReport(uint32_t stream, uint64_t line, WallTime t, std::string_view body);

  // `known_jobs`: job names seen in other records, to split "<job>.<vertex>"
  // where the job name holds dots.
  ResolvedMetrics Resolve(const std::vector<StreamClock>& clocks, const std::vector<std::string>& known_jobs) const;

  uint64_t reports() const { return reports_; }
  uint64_t values() const { return values_; }
  uint64_t dropped_samples() const { return dropped_samples_; }
  const std::vector<RawMetricSeries>& series() const { return series_; }

 private:
  void AddSample(SeriesMetric metric, std::string_view owner, std::string_view host, std::string_view tm,
                 int32_t subtask, uint32_t stream, uint64_t line, WallTime t, double value);

  MetricSeriesOptions options_;
  std::vector<RawMetricSeries> series_;
  std::map<std::string, size_t, std::less<>> index_;
  std::string key_;  // reused lookup buffer
  uint64_t reports_ = 0;
  uint64_t values_ = 0;
  uint64_t dropped_samples_ = 0;
};

// The report's view of the metrics (engine/analysis.h MetricsSummary).
MetricsSummary SummarizeMetrics(const ResolvedMetrics& metrics, const EventFormatter& fmt);

// Formats a point's start (end) in its stream's clock (ISO per the JSON contract).
std::string MetricPointTime(const MetricPoint& point, const EventFormatter& fmt);
std::string MetricPointEndTime(const MetricPoint& point, const EventFormatter& fmt);
// Formats `axis_ms` (a time on the common axis) in the clock of `near`'s stream.
std::string MetricAxisTime(int64_t axis_ms, const MetricPoint& near, const EventFormatter& fmt);

// An evidence row for a point: its report's source and line, and what it measured.
Evidence MetricEvidence(const ResolvedMetricSeries& series, const MetricPoint& point, const EventFormatter& fmt);

}  // namespace flinkscan
