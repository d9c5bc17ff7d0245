#include "engine/metric_series.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "engine/aggregator.h"
#include "engine/event_formatter.h"
#include "parsers/slf4j_metrics.h"

namespace flinkscan {
namespace {

constexpr size_t kMaxVertices = 200;
constexpr size_t kMaxSubtasksPerVertex = 64;
constexpr size_t kMaxJobs = 50;
constexpr size_t kMaxProcesses = 200;
constexpr int64_t kMinBucketMs = 60'000;
constexpr int64_t kChartBuckets = 240;

double Share(double ms_per_second) { return std::clamp(ms_per_second / 1000.0, 0.0, 1.0); }

bool IsVertexMetric(SeriesMetric m) {
  return m == SeriesMetric::kBackpressure || m == SeriesMetric::kBusy || m == SeriesMetric::kIdle ||
         m == SeriesMetric::kRecordsIn || m == SeriesMetric::kRecordsOut || m == SeriesMetric::kWatermarkLag ||
         m == SeriesMetric::kEventTimeLag;
}

void Merge(RawMetricPoint& into, const RawMetricPoint& from) {
  into.first_ms = std::min(into.first_ms, from.first_ms);
  into.last_ms = std::max(into.last_ms, from.last_ms);
  into.min = std::min(into.min, from.min);
  into.max = std::max(into.max, from.max);
  into.sum += from.sum;
  into.count += from.count;
}

// Halves the points: neighbours merged pairwise, bucket width doubled.
void Compact(RawMetricSeries& s) {
  std::vector<RawMetricPoint>& p = s.points;
  size_t out = 0;
  for (size_t i = 0; i < p.size(); i += 2) {
    RawMetricPoint merged = p[i];
    if (i + 1 < p.size() && p[i + 1].stream == merged.stream) {
      Merge(merged, p[i + 1]);
      p[out++] = merged;
    } else {
      p[out++] = merged;
      if (i + 1 < p.size()) p[out++] = p[i + 1];
    }
  }
  p.resize(out);
  const int64_t span = p.empty() ? 0 : p.back().last_ms - p.front().first_ms;
  const int64_t per_point = span / static_cast<int64_t>(std::max<size_t>(p.size(), 1)) + 1;
  s.bucket_ms = std::max({s.bucket_ms * 2, per_point, int64_t{1}});
}

}  // namespace

std::string_view SeriesMetricName(SeriesMetric metric) {
  switch (metric) {
    case SeriesMetric::kBackpressure: return "backpressure";
    case SeriesMetric::kBusy: return "busy";
    case SeriesMetric::kIdle: return "idle";
    case SeriesMetric::kRecordsIn: return "records_in_per_second";
    case SeriesMetric::kRecordsOut: return "records_out_per_second";
    case SeriesMetric::kWatermarkLag: return "watermark_lag";
    case SeriesMetric::kEventTimeLag: return "event_time_lag";
    case SeriesMetric::kLatency: return "latency";
    case SeriesMetric::kSlotUsage: return "slot_usage";
    case SeriesMetric::kRegisteredTaskManagers: return "registered_taskmanagers";
    case SeriesMetric::kCheckpointDuration: return "checkpoint_duration";
    case SeriesMetric::kCheckpointSize: return "checkpoint_size";
    case SeriesMetric::kHeapUsage: return "heap_usage";
    case SeriesMetric::kCount: break;
  }
  return "";
}

std::string_view SeriesMetricUnit(SeriesMetric metric) {
  switch (metric) {
    case SeriesMetric::kBackpressure:
    case SeriesMetric::kBusy:
    case SeriesMetric::kIdle:
    case SeriesMetric::kSlotUsage:
    case SeriesMetric::kHeapUsage: return "share";
    case SeriesMetric::kRecordsIn:
    case SeriesMetric::kRecordsOut: return "records_per_second";
    case SeriesMetric::kWatermarkLag:
    case SeriesMetric::kEventTimeLag:
    case SeriesMetric::kLatency:
    case SeriesMetric::kCheckpointDuration: return "ms";
    case SeriesMetric::kCheckpointSize: return "bytes";
    case SeriesMetric::kRegisteredTaskManagers: return "count";
    case SeriesMetric::kCount: break;
  }
  return "";
}

bool ResolvedMetrics::Has(SeriesMetric metric) const {
  for (const ResolvedMetricSeries& s : series) {
    if (s.metric == metric && !s.points.empty()) return true;
  }
  return false;
}

bool ResolvedMetrics::HasUsable(SeriesMetric metric) const {
  for (const ResolvedMetricSeries& s : series) {
    if (s.metric == metric && s.usable && !s.points.empty()) return true;
  }
  return false;
}

void MetricSeriesStore::AddReport(uint32_t stream, uint64_t line, WallTime t, std::string_view body) {
  ++reports_;
  // Flink >= 1.13 reports both; the measured time beats the sampled flag.
  const bool has_backpressured_time = body.find("backPressuredTimeMsPerSecond") != std::string_view::npos;
  double slots_available = -1, slots_total = -1;
  std::string_view slots_host;
  double heap_used = -1, heap_max = -1;
  std::string_view heap_owner, heap_host, heap_tm;
  Slf4jMetricReader reader(body);
  MetricLine m;
  while (reader.Next(m)) {
    ++values_;
    if (m.name == MetricName::kOther || !m.has_value || !t.known()) continue;
    const MetricScope scope = SplitMetricScope(m.scope);
    const std::string_view owner = scope.job_and_vertex;
    auto add = [&](SeriesMetric metric, std::string_view who, double value) {
      AddSample(metric, who, scope.host, scope.taskmanager_id, scope.subtask, stream, line, t, value);
    };
    switch (m.name) {
      case MetricName::kBackPressuredTimeMsPerSecond: add(SeriesMetric::kBackpressure, owner, Share(m.value)); break;
      case MetricName::kIsBackPressured:
        if (!has_backpressured_time) add(SeriesMetric::kBackpressure, owner, m.value != 0 ? 1.0 : 0.0);
        break;
      case MetricName::kBusyTimeMsPerSecond:
        // NaN before the first measurement is filtered by has_value.
        add(SeriesMetric::kBusy, owner, Share(m.value));
        break;
      case MetricName::kIdleTimeMsPerSecond: add(SeriesMetric::kIdle, owner, Share(m.value)); break;
      case MetricName::kNumRecordsInPerSecond: add(SeriesMetric::kRecordsIn, owner, m.value); break;
      case MetricName::kNumRecordsOutPerSecond: add(SeriesMetric::kRecordsOut, owner, m.value); break;
      case MetricName::kCurrentInputWatermark:
        // Long.MIN_VALUE (no watermark yet) and other non-times are skipped; the
        // lag is kept in the stream's naive clock and shifted in Resolve().
        if (m.value > 0) add(SeriesMetric::kWatermarkLag, owner, static_cast<double>(t.ms) - m.value);
        break;
      case MetricName::kEventTimeLag:
        if (m.value >= 0) add(SeriesMetric::kEventTimeLag, owner, m.value);
        break;
      case MetricName::kLatency:
        if (m.histogram.count > 0) add(SeriesMetric::kLatency, owner, m.value);
        break;
      case MetricName::kTaskSlotsAvailable:
        slots_available = m.value;
        slots_host = scope.host;
        break;
      case MetricName::kTaskSlotsTotal: slots_total = m.value; break;
      case MetricName::kNumRegisteredTaskManagers:
        add(SeriesMetric::kRegisteredTaskManagers, scope.host, m.value);
        break;
      case MetricName::kLastCheckpointDuration:
        if (m.value >= 0) add(SeriesMetric::kCheckpointDuration, owner, m.value);
        break;
      case MetricName::kLastCheckpointSize:
        if (m.value >= 0) add(SeriesMetric::kCheckpointSize, owner, m.value);
        break;
      case MetricName::kHeapUsed:
      case MetricName::kHeapMax:
        (m.name == MetricName::kHeapUsed ? heap_used : heap_max) = m.value;
        heap_owner = scope.component == MetricScope::Component::kTaskManager ? scope.taskmanager_id : scope.host;
        heap_host = scope.host;
        heap_tm = scope.taskmanager_id;
        break;
      case MetricName::kCurrentOutputWatermark:  // an operator's input watermark already tells its lag
      case MetricName::kOther:
      case MetricName::kCount: break;
    }
  }
  if (!t.known()) return;
  if (slots_total > 0 && slots_available >= 0) {
    AddSample(SeriesMetric::kSlotUsage, slots_host, slots_host, {}, -1, stream, line, t,
              std::clamp(1.0 - slots_available / slots_total, 0.0, 1.0));
  }
  if (heap_max > 0 && heap_used >= 0) {
    AddSample(SeriesMetric::kHeapUsage, heap_owner, heap_host, heap_tm, -1, stream, line, t,
              std::clamp(heap_used / heap_max, 0.0, 1.0));
  }
}

void MetricSeriesStore::AddSample(SeriesMetric metric, std::string_view owner, std::string_view host,
                                  std::string_view tm, int32_t subtask, uint32_t stream, uint64_t line, WallTime t,
                                  double value) {
  key_.clear();
  key_ += static_cast<char>('A' + static_cast<int>(metric));
  key_ += std::to_string(subtask);
  key_ += '|';
  key_ += owner;
  auto it = index_.find(std::string_view(key_));
  size_t at;
  if (it == index_.end()) {
    if (series_.size() >= options_.max_series) {
      ++dropped_samples_;
      return;
    }
    at = series_.size();
    index_.emplace(key_, at);
    RawMetricSeries fresh;
    fresh.metric = metric;
    fresh.owner = std::string(owner);
    fresh.host = std::string(host);
    fresh.taskmanager_id = std::string(tm);
    fresh.subtask = subtask;
    fresh.has_date = t.has_date;
    series_.push_back(std::move(fresh));
  } else {
    at = it->second;
  }
  RawMetricSeries& s = series_[at];
  const RawMetricPoint sample{t.ms, t.ms, value, value, value, 1, stream, line};
  auto fits_last = [&]() {
    if (s.points.empty() || s.bucket_ms == 0) return false;
    const RawMetricPoint& last = s.points.back();
    return last.stream == stream && t.ms >= last.first_ms && t.ms < last.first_ms + s.bucket_ms;
  };
  if (fits_last()) {
    Merge(s.points.back(), sample);
    return;
  }
  if (s.points.size() >= std::max<size_t>(options_.points_per_series, 4)) {
    Compact(s);
    if (fits_last()) {
      Merge(s.points.back(), sample);
      return;
    }
  }
  s.points.push_back(sample);
}

std::vector<StreamClock> StreamClocks(const std::vector<StreamAccount>& streams) {
  // The rule of Aggregator::OrderEvents: a stream with no proven zone borrows
  // the one zone the others proved, for ordering only.
  std::set<int32_t> offsets;
  for (const StreamAccount& s : streams) {
    if (s.resolution.offset_minutes) offsets.insert(*s.resolution.offset_minutes);
  }
  const int32_t common_offset = offsets.size() == 1 ? *offsets.begin() : 0;
  std::vector<StreamClock> clocks(streams.size());
  for (size_t i = 0; i < streams.size(); ++i) {
    const StreamAccount& s = streams[i];
    int64_t shift = 0;
    if (s.resolution.date_base_days) shift += *s.resolution.date_base_days * kMillisPerDay;
    shift -= int64_t{s.resolution.offset_minutes.value_or(common_offset)} * 60'000;
    clocks[i] = {shift, s.resolution.offset_minutes.has_value()};
  }
  return clocks;
}

ResolvedMetrics MetricSeriesStore::Resolve(const std::vector<StreamClock>& clocks,
                                           const std::vector<std::string>& known_jobs) const {
  ResolvedMetrics out;
  out.reports = reports_;
  out.values = values_;
  out.dropped_samples = dropped_samples_;
  // Longest names first, so "a.b" wins over "a" for "a.b.Map".
  std::vector<std::string> jobs = known_jobs;
  std::sort(jobs.begin(), jobs.end(), [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  for (const RawMetricSeries& raw : series_) {
    ResolvedMetricSeries s;
    s.metric = raw.metric;
    s.subtask = raw.subtask;
    s.taskmanager_id = raw.taskmanager_id;
    s.host = raw.host;
    if (raw.metric == SeriesMetric::kLatency) {
      const size_t at = raw.owner.find(".latency.");
      s.job = raw.owner.substr(0, at);
      const size_t op = raw.owner.find("operator_id.");
      if (op != std::string::npos) s.vertex = raw.owner.substr(op + 12, raw.owner.find('.', op + 12) - op - 12);
    } else if (IsVertexMetric(raw.metric) && raw.subtask >= 0) {
      bool split = false;
      for (const std::string& job : jobs) {
        if (raw.owner.size() > job.size() && raw.owner.compare(0, job.size(), job) == 0 &&
            raw.owner[job.size()] == '.') {
          s.job = job;
          s.vertex = raw.owner.substr(job.size() + 1);
          split = true;
          break;
        }
      }
      if (!split) {
        std::string_view job, vertex;
        SplitJobAndVertex(raw.owner, job, vertex);
        s.job = std::string(job);
        s.vertex = std::string(vertex);
      }
    } else if (IsVertexMetric(raw.metric)) {
      s.vertex = raw.owner;
    } else if (raw.metric == SeriesMetric::kCheckpointDuration || raw.metric == SeriesMetric::kCheckpointSize) {
      s.job = raw.owner;
    }
    for (const RawMetricPoint& p : raw.points) {
      const StreamClock clock = p.stream < clocks.size() ? clocks[p.stream] : StreamClock{};
      MetricPoint q;
      q.start_ms = p.first_ms + clock.shift_ms;
      q.end_ms = p.last_ms + clock.shift_ms;
      q.min = p.min;
      q.max = p.max;
      q.mean = p.count ? p.sum / p.count : 0;
      if (raw.metric == SeriesMetric::kWatermarkLag) {
        q.min += static_cast<double>(clock.shift_ms);
        q.max += static_cast<double>(clock.shift_ms);
        q.mean += static_cast<double>(clock.shift_ms);
        if (!clock.zone_known) s.usable = false;
      }
      q.samples = p.count;
      q.stream = p.stream;
      q.line = p.line;
      q.naive_start_ms = p.first_ms;
      q.has_date = raw.has_date;
      s.points.push_back(q);
    }
    std::stable_sort(s.points.begin(), s.points.end(),
                     [](const MetricPoint& a, const MetricPoint& b) { return a.start_ms < b.start_ms; });
    out.series.push_back(std::move(s));
  }
  return out;
}

std::string MetricPointTime(const MetricPoint& point, const EventFormatter& fmt) {
  if (point.stream >= fmt.StreamCount()) return "";
  return fmt.Time(point.stream, WallTime{point.naive_start_ms, point.has_date});
}

std::string MetricPointEndTime(const MetricPoint& point, const EventFormatter& fmt) {
  return MetricAxisTime(point.end_ms, point, fmt);
}

std::string MetricAxisTime(int64_t axis_ms, const MetricPoint& near, const EventFormatter& fmt) {
  MetricPoint at = near;
  at.naive_start_ms += axis_ms - near.start_ms;
  return MetricPointTime(at, fmt);
}

Evidence MetricEvidence(const ResolvedMetricSeries& s, const MetricPoint& p, const EventFormatter& fmt) {
  Evidence ev;
  ev.source = p.stream < fmt.StreamCount() ? fmt.Source(p.stream) : "";
  ev.line = p.line;
  ev.time = MetricPointTime(p, fmt);
  std::string who = s.vertex.empty() ? (s.taskmanager_id.empty() ? s.host : s.taskmanager_id) : s.vertex;
  if (s.subtask >= 0) who += " subtask " + std::to_string(s.subtask);
  std::string figure;
  if (SeriesMetricUnit(s.metric) == "share") {
    figure = std::to_string(static_cast<int>(p.mean * 100 + 0.5)) + " %";
  } else {
    figure = std::to_string(static_cast<int64_t>(p.mean + 0.5)) + (SeriesMetricUnit(s.metric) == "ms" ? " ms" : "");
  }
  ev.text = "Slf4jReporter metrics report: " + who + " " + std::string(SeriesMetricName(s.metric)) + " " + figure +
            (p.samples > 1 ? " (mean of " + std::to_string(p.samples) + " reports)" : "");
  return ev;
}

namespace {

struct BucketAcc {
  double value = 0;  // combined figure
  double min = 0;
  double max = 0;
  bool set = false;
  MetricPoint at;    // a contributing point, to format the bucket's time
};

enum class Combine { kMax, kSum };

class ChartBuilder {
 public:
  ChartBuilder(int64_t origin, int64_t bucket_ms) : origin_(origin), bucket_ms_(bucket_ms) {}

  // Adds one series: its per-bucket mean, combined with what other series put there.
  void Add(const ResolvedMetricSeries& s, Combine combine) {
    std::map<int64_t, std::pair<double, uint32_t>> sums;  // bucket -> (sum, samples)
    std::map<int64_t, std::pair<double, double>> range;
    std::map<int64_t, const MetricPoint*> first;
    for (const MetricPoint& p : s.points) {
      const int64_t b = (p.start_ms - origin_) / bucket_ms_;
      auto& [sum, n] = sums[b];
      sum += p.mean * p.samples;
      n += p.samples;
      auto [it, fresh] = range.try_emplace(b, p.min, p.max);
      if (!fresh) {
        it->second.first = std::min(it->second.first, p.min);
        it->second.second = std::max(it->second.second, p.max);
      }
      first.try_emplace(b, &p);
    }
    for (const auto& [b, acc] : sums) {
      const double mean = acc.second ? acc.first / acc.second : 0;
      BucketAcc& into = buckets_[b];
      if (!into.set) {
        into = {mean, range[b].first, range[b].second, true, *first[b]};
        continue;
      }
      into.value = combine == Combine::kMax ? std::max(into.value, mean) : into.value + mean;
      into.min = std::min(into.min, range[b].first);
      into.max = std::max(into.max, range[b].second);
    }
  }

  MetricChart Build(SeriesMetric metric, const EventFormatter& fmt) const {
    MetricChart chart;
    chart.metric = std::string(SeriesMetricName(metric));
    chart.unit = std::string(SeriesMetricUnit(metric));
    double sum = 0;
    for (const auto& [b, acc] : buckets_) {
      MetricPoint at = acc.at;
      const int64_t bucket_start = origin_ + b * bucket_ms_;
      at.naive_start_ms += bucket_start - at.start_ms;
      chart.samples.push_back({MetricPointTime(at, fmt), acc.value, acc.min, acc.max});
      sum += acc.value;
      chart.max = chart.samples.size() == 1 ? acc.value : std::max(chart.max, acc.value);
    }
    if (!chart.samples.empty()) chart.mean = sum / static_cast<double>(chart.samples.size());
    return chart;
  }

 private:
  int64_t origin_;
  int64_t bucket_ms_;
  std::map<int64_t, BucketAcc> buckets_;
};

struct SeriesStats {
  double mean = 0;
  double max = 0;
  bool any = false;
};

SeriesStats StatsOf(const ResolvedMetricSeries& s) {
  SeriesStats out;
  double sum = 0;
  uint64_t n = 0;
  for (const MetricPoint& p : s.points) {
    sum += p.mean * p.samples;
    n += p.samples;
    out.max = out.any ? std::max(out.max, p.max) : p.max;
    out.any = true;
  }
  if (n) out.mean = sum / static_cast<double>(n);
  return out;
}

}  // namespace

MetricsSummary SummarizeMetrics(const ResolvedMetrics& metrics, const EventFormatter& fmt) {
  MetricsSummary out;
  out.reports = metrics.reports;
  out.values = metrics.values;
  out.series = metrics.series.size();
  out.dropped_samples = metrics.dropped_samples;
  int64_t lo = INT64_MAX, hi = INT64_MIN;
  const MetricPoint* first = nullptr;
  const MetricPoint* last = nullptr;
  for (const ResolvedMetricSeries& s : metrics.series) {
    for (const MetricPoint& p : s.points) {
      if (p.start_ms < lo) {
        lo = p.start_ms;
        first = &p;
      }
      if (p.end_ms > hi) {
        hi = p.end_ms;
        last = &p;
      }
    }
  }
  if (!first) return out;
  out.first_time = MetricPointTime(*first, fmt);
  MetricPoint end = *last;
  end.naive_start_ms += last->end_ms - last->start_ms;
  out.last_time = MetricPointTime(end, fmt);
  const int64_t span = hi - lo;
  out.bucket_ms = std::max(kMinBucketMs, (span / kChartBuckets + 999) / 1000 * 1000);

  // Vertices: (job, vertex) in first-seen order.
  std::vector<std::pair<std::string, std::string>> order;
  std::map<std::pair<std::string, std::string>, std::vector<const ResolvedMetricSeries*>> by_vertex;
  std::map<std::string, std::vector<const ResolvedMetricSeries*>> by_job, by_process;
  ChartBuilder slots(lo, out.bucket_ms), registered(lo, out.bucket_ms), latency(lo, out.bucket_ms);
  for (const ResolvedMetricSeries& s : metrics.series) {
    if (s.points.empty()) continue;
    switch (s.metric) {
      case SeriesMetric::kSlotUsage: slots.Add(s, Combine::kMax); break;
      case SeriesMetric::kRegisteredTaskManagers: registered.Add(s, Combine::kMax); break;
      case SeriesMetric::kEventTimeLag:
      case SeriesMetric::kLatency: latency.Add(s, Combine::kMax); break;
      case SeriesMetric::kWatermarkLag:
        if (s.usable) latency.Add(s, Combine::kMax);
        break;
      case SeriesMetric::kCheckpointDuration:
      case SeriesMetric::kCheckpointSize: by_job[s.job].push_back(&s); break;
      case SeriesMetric::kHeapUsage: by_process[s.taskmanager_id.empty() ? s.host : s.taskmanager_id].push_back(&s); break;
      default: break;
    }
    if (IsVertexMetric(s.metric) && s.metric != SeriesMetric::kEventTimeLag) {
      const auto key = std::make_pair(s.job, s.vertex);
      auto [it, fresh] = by_vertex.try_emplace(key);
      if (fresh) order.push_back(key);
      it->second.push_back(&s);
    }
  }
  out.slot_usage = slots.Build(SeriesMetric::kSlotUsage, fmt);
  out.registered_taskmanagers = registered.Build(SeriesMetric::kRegisteredTaskManagers, fmt);
  out.latency = latency.Build(SeriesMetric::kLatency, fmt);

  for (const auto& key : order) {
    const std::vector<const ResolvedMetricSeries*>& list = by_vertex[key];
    VertexMetrics v;
    v.job = key.first;
    v.vertex = key.second;
    ChartBuilder bp(lo, out.bucket_ms), busy(lo, out.bucket_ms), in(lo, out.bucket_ms), outc(lo, out.bucket_ms),
        lag(lo, out.bucket_ms);
    std::map<int32_t, SubtaskMetrics> subtasks;
    for (const ResolvedMetricSeries* s : list) {
      SubtaskMetrics& st = subtasks[s->subtask];
      st.subtask = s->subtask;
      if (st.taskmanager.empty()) st.taskmanager = s->taskmanager_id;
      const SeriesStats stats = StatsOf(*s);
      switch (s->metric) {
        case SeriesMetric::kBackpressure:
          bp.Add(*s, Combine::kMax);
          st.backpressure_mean = stats.mean;
          st.backpressure_max = stats.max;
          break;
        case SeriesMetric::kBusy:
          busy.Add(*s, Combine::kMax);
          st.busy_mean = stats.mean;
          st.busy_max = stats.max;
          break;
        case SeriesMetric::kRecordsIn:
          in.Add(*s, Combine::kSum);
          st.records_in_per_second = stats.mean;
          break;
        case SeriesMetric::kRecordsOut: outc.Add(*s, Combine::kSum); break;
        case SeriesMetric::kWatermarkLag:
          if (s->usable) lag.Add(*s, Combine::kMax);
          break;
        default: break;
      }
    }
    v.subtasks = static_cast<int32_t>(subtasks.size());
    for (const auto& [index, st] : subtasks) {
      if (v.per_subtask.size() >= kMaxSubtasksPerVertex) {
        ++v.per_subtask_dropped;
        continue;
      }
      v.per_subtask.push_back(st);
    }
    v.backpressure = bp.Build(SeriesMetric::kBackpressure, fmt);
    v.busy = busy.Build(SeriesMetric::kBusy, fmt);
    v.records_in_per_second = in.Build(SeriesMetric::kRecordsIn, fmt);
    v.records_out_per_second = outc.Build(SeriesMetric::kRecordsOut, fmt);
    v.watermark_lag = lag.Build(SeriesMetric::kWatermarkLag, fmt);
    out.vertices.push_back(std::move(v));
  }
  std::stable_sort(out.vertices.begin(), out.vertices.end(), [](const VertexMetrics& a, const VertexMetrics& b) {
    return a.backpressure.max > b.backpressure.max;
  });
  if (out.vertices.size() > kMaxVertices) {
    out.vertices_dropped = out.vertices.size() - kMaxVertices;
    out.vertices.resize(kMaxVertices);
  }
  for (const auto& [job, list] : by_job) {
    if (out.jobs.size() >= kMaxJobs) break;
    JobMetrics j;
    j.job = job;
    ChartBuilder duration(lo, out.bucket_ms), size(lo, out.bucket_ms);
    for (const ResolvedMetricSeries* s : list) {
      (s->metric == SeriesMetric::kCheckpointDuration ? duration : size).Add(*s, Combine::kMax);
    }
    j.checkpoint_duration = duration.Build(SeriesMetric::kCheckpointDuration, fmt);
    j.checkpoint_size = size.Build(SeriesMetric::kCheckpointSize, fmt);
    out.jobs.push_back(std::move(j));
  }
  for (const auto& [process, list] : by_process) {
    if (out.processes.size() >= kMaxProcesses) break;
    ProcessMetrics p;
    p.process = process;
    p.kind = list.front()->taskmanager_id.empty() ? "jobmanager" : "taskmanager";
    p.host = list.front()->host;
    ChartBuilder heap(lo, out.bucket_ms);
    for (const ResolvedMetricSeries* s : list) heap.Add(*s, Combine::kMax);
    p.heap_usage = heap.Build(SeriesMetric::kHeapUsage, fmt);
    out.processes.push_back(std::move(p));
  }
  return out;
}

}  // namespace flinkscan
