#include "engine/analysis_filter.h"

#include <algorithm>
#include <limits>

#include <fmt/format.h>

namespace flinkscan {
namespace {

constexpr int64_t kMillisPerDay = 86'400'000;
constexpr int64_t kOpenLow = std::numeric_limits<int64_t>::min();
constexpr int64_t kOpenHigh = std::numeric_limits<int64_t>::max();
constexpr size_t kMinJobIdPrefix = 4;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Reads exactly `count` digits at `at`.
std::optional<int> Digits(std::string_view s, size_t at, size_t count) {
  if (at + count > s.size()) return std::nullopt;
  int value = 0;
  for (size_t i = at; i < at + count; ++i) {
    if (!IsDigit(s[i])) return std::nullopt;
    value = value * 10 + (s[i] - '0');
  }
  return value;
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
int64_t DaysFromCivil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

std::string FormatWallClock(int64_t ms) {
  int64_t days = ms >= 0 ? ms / kMillisPerDay : (ms - kMillisPerDay + 1) / kMillisPerDay;
  int64_t rest = ms - days * kMillisPerDay;
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const int64_t doe = days - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const int64_t m = mp < 10 ? mp + 3 : mp - 9;
  const int64_t y = yoe + era * 400 + (m <= 2);
  const int64_t hours = rest / 3'600'000;
  rest %= 3'600'000;
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}", y, m, d, hours, rest / 60'000,
                     (rest % 60'000) / 1000, rest % 1000);
}

struct Window {
  int64_t low = kOpenLow;
  int64_t high = kOpenHigh;

  // An item with no dated time is kept: the filter cannot place it.
  bool Meets(std::string_view start, std::string_view end) const {
    std::optional<int64_t> a = ParseWallClock(start);
    std::optional<int64_t> b = ParseWallClock(end);
    if (!a && !b) return true;
    if (!a) a = b;
    if (!b) b = a;
    return *b >= low && *a <= high;
  }
  bool Contains(std::string_view time) const { return Meets(time, time); }
};

class JobMatch {
 public:
  JobMatch(const std::string& wanted, std::vector<std::string> ids) : active_(!wanted.empty()), ids_(std::move(ids)) {}

  // Items that name no job are kept.
  bool Keeps(std::string_view job_id) const {
    if (!active_ || job_id.empty()) return true;
    return std::find(ids_.begin(), ids_.end(), job_id) != ids_.end();
  }
  bool Names(std::string_view job_id) const {
    return !active_ || std::find(ids_.begin(), ids_.end(), job_id) != ids_.end();
  }

 private:
  bool active_;
  std::vector<std::string> ids_;
};

std::vector<std::string> MatchingJobs(const std::string& wanted, const std::vector<JobSummary>& jobs) {
  std::vector<std::string> ids;
  for (const JobSummary& job : jobs) {
    const bool by_id = job.job_id == wanted ||
                       (wanted.size() >= kMinJobIdPrefix && job.job_id.compare(0, wanted.size(), wanted) == 0);
    if ((by_id || (!job.name.empty() && job.name == wanted)) &&
        std::find(ids.begin(), ids.end(), job.job_id) == ids.end()) {
      ids.push_back(job.job_id);
    }
  }
  return ids;
}

template <typename T, typename Keep>
void KeepIf(std::vector<T>& items, Keep keep) {
  items.erase(std::remove_if(items.begin(), items.end(), [&](const T& item) { return !keep(item); }), items.end());
}

void RecountCheckpoints(CheckpointSummary& checkpoints) {
  CheckpointSummary recount;
  for (const CheckpointItem& item : checkpoints.items) {
    if (item.kind == "savepoint") ++recount.savepoints;
    if (item.status == "completed") {
      ++recount.completed;
    } else if (item.status == "pending") {
      ++recount.pending;
    } else {
      ++recount.failed;
    }
    if (item.duration_ms && (!recount.max_duration_ms || *item.duration_ms > *recount.max_duration_ms)) {
      recount.max_duration_ms = item.duration_ms;
    }
  }
  checkpoints.completed = recount.completed;
  checkpoints.failed = recount.failed;
  checkpoints.pending = recount.pending;
  checkpoints.savepoints = recount.savepoints;
  checkpoints.max_duration_ms = recount.max_duration_ms;
}

Status ResolveBound(const std::string& text, const char* flag, std::optional<int64_t> latest, int64_t& out) {
  if (text.empty()) return Status::Ok();
  if (const std::optional<int64_t> back = ParseRelativeMillis(text)) {
    if (!latest) {
      return Status::Error(fmt::format("{} {}: a relative time counts back from the latest time in the input, "
                                       "and the input has no dated time",
                                       flag, text));
    }
    out = *latest - *back;
    return Status::Ok();
  }
  if (const std::optional<int64_t> at = ParseWallClock(text)) {
    out = *at;
    return Status::Ok();
  }
  return Status::Error(fmt::format(
      "{} {}: expected a local time like 2024-05-01T06:00:00 (or \"2024-05-01 06:00\", 2024-05-01) or a "
      "relative time like 24h, 90m, 7d",
      flag, text));
}

// A chart keeps the buckets inside the window; its mean and max then describe what is shown.
void NarrowChart(MetricChart& chart, const Window& window) {
  KeepIf(chart.samples, [&](const MetricSample& sample) { return window.Contains(sample.time); });
  double sum = 0;
  chart.max = 0;
  for (const MetricSample& sample : chart.samples) {
    sum += sample.value;
    chart.max = std::max(chart.max, sample.max);
  }
  chart.mean = chart.samples.empty() ? 0 : sum / static_cast<double>(chart.samples.size());
}

// Metric scopes print job names, not ids: the job filter matches them by the names of the kept jobs.
void NarrowMetrics(MetricsSummary& metrics, const Window& window, const std::string& wanted,
                   const std::vector<std::string>& job_names) {
  const auto keeps_job = [&](const std::string& name) {
    return wanted.empty() || name.empty() || name == wanted ||
           std::find(job_names.begin(), job_names.end(), name) != job_names.end();
  };
  KeepIf(metrics.vertices, [&](const VertexMetrics& vertex) { return keeps_job(vertex.job); });
  for (VertexMetrics& vertex : metrics.vertices) {
    for (MetricChart* chart : {&vertex.backpressure, &vertex.busy, &vertex.records_in_per_second,
                               &vertex.records_out_per_second, &vertex.watermark_lag}) {
      NarrowChart(*chart, window);
    }
  }
  KeepIf(metrics.jobs, [&](const JobMetrics& job) { return keeps_job(job.job); });
  for (JobMetrics& job : metrics.jobs) {
    NarrowChart(job.checkpoint_duration, window);
    NarrowChart(job.checkpoint_size, window);
  }
  for (ProcessMetrics& process : metrics.processes) NarrowChart(process.heap_usage, window);
  NarrowChart(metrics.slot_usage, window);
  NarrowChart(metrics.registered_taskmanagers, window);
  NarrowChart(metrics.latency, window);
}

}  // namespace

std::optional<int64_t> ParseWallClock(std::string_view s) {
  const std::optional<int> year = Digits(s, 0, 4);
  const std::optional<int> month = Digits(s, 5, 2);
  const std::optional<int> day = Digits(s, 8, 2);
  if (!year || !month || !day || s[4] != '-' || s[7] != '-') return std::nullopt;
  if (*month < 1 || *month > 12 || *day < 1 || *day > 31) return std::nullopt;
  int64_t ms = DaysFromCivil(*year, *month, *day) * kMillisPerDay;
  size_t p = 10;
  if (p < s.size() && (s[p] == 'T' || s[p] == ' ')) {
    const std::optional<int> hours = Digits(s, p + 1, 2);
    const std::optional<int> minutes = Digits(s, p + 4, 2);
    if (!hours || !minutes || s[p + 3] != ':' || *hours > 23 || *minutes > 59) return std::nullopt;
    ms += *hours * 3'600'000LL + *minutes * 60'000LL;
    p += 6;
    if (p < s.size() && s[p] == ':') {
      const std::optional<int> seconds = Digits(s, p + 1, 2);
      if (!seconds || *seconds > 60) return std::nullopt;
      ms += *seconds * 1000LL;
      p += 3;
      if (p < s.size() && (s[p] == '.' || s[p] == ',')) {
        ++p;
        int64_t fraction = 0;
        int scale = 100;
        const size_t start = p;
        while (p < s.size() && IsDigit(s[p])) {
          fraction += (s[p] - '0') * scale;
          scale /= 10;
          ++p;
        }
        if (p == start) return std::nullopt;
        ms += fraction;
      }
    }
  }
  // The offset ("Z", "+08:00", "-0530") is read past, not applied.
  if (p < s.size()) {
    const std::string_view rest = s.substr(p);
    const bool zone = rest == "Z" || ((rest[0] == '+' || rest[0] == '-') && rest.size() >= 3 &&
                                      std::all_of(rest.begin() + 1, rest.end(),
                                                  [](char c) { return IsDigit(c) || c == ':'; }));
    if (!zone) return std::nullopt;
  }
  return ms;
}

std::optional<int64_t> ParseRelativeMillis(std::string_view s) {
  if (s.size() < 2) return std::nullopt;
  int64_t unit = 0;
  switch (s.back()) {
    case 's': unit = 1000; break;
    case 'm': unit = 60'000; break;
    case 'h': unit = 3'600'000; break;
    case 'd': unit = kMillisPerDay; break;
    default: return std::nullopt;
  }
  int64_t value = 0;
  for (size_t i = 0; i + 1 < s.size(); ++i) {
    if (!IsDigit(s[i]) || value > 1'000'000'000) return std::nullopt;
    value = value * 10 + (s[i] - '0');
  }
  return value * unit;
}

Status FilterAnalysis(Analysis& analysis, const AnalysisFilterOptions& options) {
  if (!options.active()) return Status::Ok();
  const std::optional<int64_t> latest = ParseWallClock(analysis.time_span_end);
  Window window;
  if (Status s = ResolveBound(options.since, "--since", latest, window.low); !s.ok()) return s;
  if (Status s = ResolveBound(options.until, "--until", latest, window.high); !s.ok()) return s;
  if (window.low > window.high) {
    return Status::Error(fmt::format("--since {} is after --until {}", options.since, options.until));
  }
  AppliedFilter applied;
  if (!options.since.empty()) applied.since = FormatWallClock(window.low);
  if (!options.until.empty()) applied.until = FormatWallClock(window.high);
  applied.job = options.job;
  if (!options.job.empty()) applied.job_ids = MatchingJobs(options.job, analysis.jobs);
  const JobMatch job(options.job, applied.job_ids);

  KeepIf(analysis.incidents, [&](const Incident& incident) {
    const std::string& id = !incident.job_id.empty() ? incident.job_id : incident.scope.job_id.value_or("");
    return job.Keeps(id) && window.Meets(incident.start, incident.end);
  });
  KeepIf(analysis.alerts, [&](const Alert& alert) {
    return job.Keeps(alert.job_id) && window.Meets(alert.start, alert.end);
  });
  KeepIf(analysis.checkpoints.items, [&](const CheckpointItem& item) {
    return job.Keeps(item.job_id) && window.Contains(!item.trigger_time.empty() ? item.trigger_time : item.end_time);
  });
  RecountCheckpoints(analysis.checkpoints);
  KeepIf(analysis.exceptions, [&](const ExceptionSummary& exception) {
    bool named = exception.job_ids.empty();
    for (const std::string& id : exception.job_ids) named |= job.Names(id);
    return named && window.Meets(exception.first_time, exception.last_time);
  });
  KeepIf(analysis.gc.items, [&](const GcPauseItem& item) { return window.Contains(item.time); });
  std::vector<std::string> job_names;
  for (const JobSummary& summary : analysis.jobs) {
    if (job.Names(summary.job_id) && !summary.name.empty()) job_names.push_back(summary.name);
  }
  NarrowMetrics(analysis.metrics, window, options.job, job_names);
  KeepIf(analysis.jobs, [&](const JobSummary& summary) {
    if (!job.Names(summary.job_id)) return false;
    if (summary.transitions.empty()) return true;  // nothing to place it by
    // A job is in the window when it ran across it, not only when a transition falls inside.
    const bool ended = summary.final_state == "FINISHED" || summary.final_state == "FAILED" ||
                       summary.final_state == "CANCELED";
    return window.Meets(summary.transitions.front().time,
                        ended ? summary.transitions.back().time : analysis.time_span_end);
  });
  for (JobSummary& summary : analysis.jobs) {
    KeepIf(summary.transitions, [&](const JobTransition& t) { return window.Contains(t.time); });
  }
  KeepIf(analysis.job_graph.vertices, [&](const VertexSummary& vertex) { return job.Keeps(vertex.job_id); });
  analysis.filter = std::move(applied);
  return Status::Ok();
}

}  // namespace flinkscan
