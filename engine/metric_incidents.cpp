#include "engine/metric_incidents.h"

#include <algorithm>
#include <map>
#include <optional>

#include <fmt/format.h>

#include "engine/internal/incident_parts.h"

namespace flinkscan {
namespace {

using incident::AddFact;

constexpr double kHotBusy = 0.8;
constexpr double kIdleSiblings = 0.3;
constexpr double kDropRatio = 0.5;
constexpr double kMinReferenceRate = 1.0;  // records/s: below it a "drop" is noise
constexpr int64_t kDropDurationMs = 5 * 60'000;
constexpr int64_t kBucketMs = 60'000;
constexpr size_t kMinReferenceBuckets = 3;
constexpr size_t kSkewEvidence = 5;

using VertexKey = std::pair<std::string, std::string>;  // (job name, vertex)

double MeanOf(const ResolvedMetricSeries& s) {
  double sum = 0;
  uint64_t n = 0;
  for (const MetricPoint& p : s.points) {
    sum += p.mean * p.samples;
    n += p.samples;
  }
  return n ? sum / static_cast<double>(n) : 0;
}

std::string Percent(double share) { return fmt::format("{:.0f} %", share * 100); }

std::string JobIdOf(const std::string& name, const std::vector<JobSummary>& jobs) {
  for (const JobSummary& j : jobs) {
    if (j.name.substr(0, j.name.find('\n')) == name) return j.job_id;
  }
  return "";
}

// The highest subtask mean of `metric` for a vertex during [from, to].
double VertexPeak(const std::vector<const ResolvedMetricSeries*>& list, SeriesMetric metric, int64_t from, int64_t to) {
  double best = 0;
  for (const ResolvedMetricSeries* s : list) {
    if (s->metric != metric) continue;
    for (const MetricPoint& p : s->points) {
      if (p.end_ms >= from && p.start_ms <= to) best = std::max(best, p.mean);
    }
  }
  return best;
}

void AddSkew(const VertexKey& key, const std::vector<const ResolvedMetricSeries*>& list,
             const std::vector<JobSummary>& jobs, const EventFormatter& fmt, std::vector<Incident>& out) {
  std::vector<std::pair<double, const ResolvedMetricSeries*>> busy;
  for (const ResolvedMetricSeries* s : list) {
    if (s->metric == SeriesMetric::kBusy && s->subtask >= 0 && !s->points.empty()) busy.push_back({MeanOf(*s), s});
  }
  if (busy.size() < 2) return;
  std::sort(busy.begin(), busy.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  const double hot = busy.front().first;
  const double siblings = busy[1 + (busy.size() - 1) / 2].first;  // median of the others
  if (hot < kHotBusy || siblings > kIdleSiblings) return;
  const ResolvedMetricSeries& s = *busy.front().second;
  Incident inc;
  inc.kind = "data_skew";
  inc.severity = "warning";
  inc.start = MetricPointTime(s.points.front(), fmt);
  inc.end = MetricPointEndTime(s.points.back(), fmt);
  inc.sort_time_ms = s.points.front().start_ms;
  inc.end_sort_time_ms = s.points.back().end_ms;
  inc.job_id = JobIdOf(key.first, jobs);
  if (!inc.job_id.empty()) inc.scope.job_id = inc.job_id;
  if (!s.taskmanager_id.empty()) inc.scope.taskmanager = s.taskmanager_id;
  if (!s.host.empty()) inc.scope.host = s.host;
  inc.title = fmt::format("Data skew in '{}': subtask {} busy {} while its {} siblings are busy {} (median)", key.second,
                          s.subtask, Percent(hot), busy.size() - 1, Percent(siblings));
  inc.diagnosis = {"data_skew",
                   fmt::format("One subtask of '{}' does the work of the vertex: busy {} against a median of {} for "
                               "the others (busyTimeMsPerSecond). Its keys or partitions carry most of the data.",
                               key.second, Percent(hot), Percent(siblings)),
                   "Find the hot keys feeding that subtask (keyBy key distribution, per-subtask numRecordsIn in the "
                   "Web UI); salt or pre-aggregate hot keys, or rebalance source partitions. More parallelism does not "
                   "help a single hot key."};
  for (size_t i = 0; i < s.points.size() && inc.evidence.size() < kSkewEvidence; ++i) {
    inc.evidence.push_back(MetricEvidence(s, s.points[i], fmt));
  }
  AddFact(inc, "vertex", key.second);
  AddFact(inc, "hot_subtask", std::to_string(s.subtask));
  AddFact(inc, "hot_subtask_busy", Percent(hot));
  AddFact(inc, "siblings_busy_median", Percent(siblings));
  out.push_back(std::move(inc));
}

struct Drop {
  VertexKey vertex;
  int64_t start = 0, end = 0;
  double before = 0, during = 0;
  const MetricPoint* near = nullptr;  // a point of the vertex, for formatting times
};

// The first span of >= 5 min where the vertex's input rate (sum over subtasks,
// per minute) stays under half the mean of all earlier minutes.
std::optional<Drop> FindDrop(const VertexKey& key, const std::vector<const ResolvedMetricSeries*>& list) {
  std::map<int64_t, double> rate;  // minute -> sum of subtask means
  std::map<int64_t, std::map<int32_t, std::pair<double, uint32_t>>> per_subtask;
  const MetricPoint* near = nullptr;
  for (const ResolvedMetricSeries* s : list) {
    if (s->metric != SeriesMetric::kRecordsIn) continue;
    for (const MetricPoint& p : s->points) {
      auto& [sum, n] = per_subtask[p.start_ms / kBucketMs][s->subtask];
      sum += p.mean * p.samples;
      n += p.samples;
      if (!near) near = &p;
    }
  }
  for (const auto& [bucket, subtasks] : per_subtask) {
    double total = 0;
    for (const auto& [index, acc] : subtasks) total += acc.second ? acc.first / acc.second : 0;
    rate[bucket] = total;
  }
  std::vector<std::pair<int64_t, double>> minutes(rate.begin(), rate.end());
  double sum_before = 0;
  for (size_t i = 0; i < minutes.size(); ++i) {
    if (i >= kMinReferenceBuckets) {
      const double reference = sum_before / static_cast<double>(i);
      if (reference >= kMinReferenceRate && minutes[i].second < kDropRatio * reference) {
        size_t j = i;
        double during = 0;
        while (j < minutes.size() && minutes[j].second < kDropRatio * reference &&
               (j == i || minutes[j].first == minutes[j - 1].first + 1)) {
          during += minutes[j].second;
          ++j;
        }
        const int64_t start = minutes[i].first * kBucketMs, end = minutes[j - 1].first * kBucketMs + kBucketMs;
        if (end - start >= kDropDurationMs) {
          return Drop{key, start, end, reference, during / static_cast<double>(j - i), near};
        }
      }
    }
    sum_before += minutes[i].second;
  }
  return std::nullopt;
}

void AddThroughputDrop(const std::vector<Drop>& drops,
                       const std::map<VertexKey, std::vector<const ResolvedMetricSeries*>>& by_vertex,
                       const std::vector<JobSummary>& jobs, const EventFormatter& fmt, std::vector<Incident>& out) {
  if (drops.empty()) return;
  const Drop& d = *std::min_element(drops.begin(), drops.end(), [](const Drop& a, const Drop& b) { return a.start < b.start; });
  const auto& list = by_vertex.at(d.vertex);
  const double bp = VertexPeak(list, SeriesMetric::kBackpressure, d.start, d.end);
  const double busy = VertexPeak(list, SeriesMetric::kBusy, d.start, d.end);
  // The bottleneck: the busiest vertex of the job that is not back-pressured itself.
  std::string neck;
  double neck_busy = 0;
  for (const auto& [key, other] : by_vertex) {
    if (key.first != d.vertex.first || key == d.vertex) continue;
    if (VertexPeak(other, SeriesMetric::kBackpressure, d.start, d.end) >= 0.2) continue;
    const double b = VertexPeak(other, SeriesMetric::kBusy, d.start, d.end);
    if (b > neck_busy) {
      neck_busy = b;
      neck = key.second;
    }
  }
  Incident inc;
  inc.kind = "throughput_drop";
  inc.severity = "warning";
  inc.start = MetricAxisTime(d.start, *d.near, fmt);
  inc.end = MetricAxisTime(d.end, *d.near, fmt);
  inc.sort_time_ms = d.start;
  inc.end_sort_time_ms = d.end;
  inc.job_id = JobIdOf(d.vertex.first, jobs);
  if (!inc.job_id.empty()) inc.scope.job_id = inc.job_id;
  const std::string rates = fmt::format("from {:.1f} to {:.1f} records/s", d.before, d.during);
  inc.title = fmt::format("Throughput drop in '{}' of job '{}': input rate fell {} for {} min", d.vertex.second,
                          d.vertex.first, rates, (d.end - d.start) / 60'000);
  const std::string v = "'" + d.vertex.second + "'";
  if (bp >= 0.5 && !neck.empty() && neck_busy >= 0.5) {
    inc.diagnosis = {"resource_mismatch",
                     fmt::format("{} was back-pressured {} while downstream '{}' was busy {}: '{}' cannot keep up "
                                 "with the input rate (upstream/downstream resource mismatch).",
                                 v, Percent(bp), neck, Percent(neck_busy), neck),
                     fmt::format("Raise the parallelism of '{}' (or its TaskManagers' CPU/memory), or make it cheaper "
                                 "(external calls, state access, serialization) so it matches {}'s rate.",
                                 neck, v)};
  } else if (bp >= 0.5) {
    inc.diagnosis = {"throughput_backpressure",
                     fmt::format("{} was back-pressured {}: a downstream operator or sink slowed down the job.", v,
                                 Percent(bp)),
                     "Find the first busy, not back-pressured vertex downstream (Web UI Backpressure tab) and check "
                     "its sink/external system and resources."};
  } else if (busy >= kHotBusy) {
    inc.diagnosis = {"resource_mismatch",
                     fmt::format("{} itself was busy {} and not back-pressured: it is the bottleneck and lacks "
                                 "resources for its input.",
                                 v, Percent(busy)),
                     fmt::format("Raise the parallelism or resources of {}; check GC and CPU on its TaskManagers.", v)};
  } else {
    inc.diagnosis = {"input_drop",
                     fmt::format("{} was neither back-pressured ({}) nor busy ({}): less input arrived.", v,
                                 Percent(bp), Percent(busy)),
                     "Check the source upstream: producer rates, partitions assigned to the source, and consumer "
                     "lag (e.g. Kafka records-lag)."};
  }
  for (const ResolvedMetricSeries* s : list) {
    if (s->metric != SeriesMetric::kRecordsIn) continue;
    for (const MetricPoint& p : s->points) {
      if (p.end_ms >= d.start && p.start_ms <= d.end && inc.evidence.size() < 10) {
        inc.evidence.push_back(MetricEvidence(*s, p, fmt));
      }
    }
  }
  AddFact(inc, "vertex", d.vertex.second);
  AddFact(inc, "rate_before", fmt::format("{:.1f}", d.before));
  AddFact(inc, "rate_during", fmt::format("{:.1f}", d.during));
  AddFact(inc, "backpressure", Percent(bp));
  AddFact(inc, "busy", Percent(busy));
  if (!neck.empty()) AddFact(inc, "bottleneck", neck);
  std::string also;
  for (const Drop& other : drops) {
    if (&other != &d) also += (also.empty() ? "" : ", ") + other.vertex.second;
  }
  if (!also.empty()) AddFact(inc, "also_dropped", also);
  out.push_back(std::move(inc));
}

}  // namespace

void AddMetricIncidents(const ResolvedMetrics& metrics, const std::vector<JobSummary>& jobs,
                        const EventFormatter& fmt, const AggregatorOptions& options, std::vector<Incident>& out) {
  (void)options;
  std::map<VertexKey, std::vector<const ResolvedMetricSeries*>> by_vertex;
  for (const ResolvedMetricSeries& s : metrics.series) {
    if (s.vertex.empty() || s.points.empty()) continue;
    if (s.metric == SeriesMetric::kBusy || s.metric == SeriesMetric::kBackpressure ||
        s.metric == SeriesMetric::kRecordsIn) {
      by_vertex[{s.job, s.vertex}].push_back(&s);
    }
  }
  std::map<std::string, std::vector<Drop>> drops_by_job;
  for (const auto& [key, list] : by_vertex) {
    AddSkew(key, list, jobs, fmt, out);
    if (std::optional<Drop> drop = FindDrop(key, list)) drops_by_job[key.first].push_back(*drop);
  }
  for (const auto& [job, drops] : drops_by_job) AddThroughputDrop(drops, by_vertex, jobs, fmt, out);
}

}  // namespace flinkscan
