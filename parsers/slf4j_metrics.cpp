#include "parsers/slf4j_metrics.h"

#include <array>
#include <charconv>
#include <cmath>

#include "parsers/internal/ascii.h"

namespace flinkscan {
namespace {

constexpr size_t npos = std::string_view::npos;

struct KnownMetric {
  std::string_view suffix;
  MetricName name;
};

// A suffix matches only right after a dot, so no name shadows a longer one.
constexpr std::array<KnownMetric, 19> kKnown = {{
    {"backPressuredTimeMsPerSecond", MetricName::kBackPressuredTimeMsPerSecond},
    {"busyTimeMsPerSecond", MetricName::kBusyTimeMsPerSecond},
    {"idleTimeMsPerSecond", MetricName::kIdleTimeMsPerSecond},
    {"isBackPressured", MetricName::kIsBackPressured},
    {"currentInputWatermark", MetricName::kCurrentInputWatermark},
    {"currentOutputWatermark", MetricName::kCurrentOutputWatermark},
    {"currentEmitEventTimeLag", MetricName::kEventTimeLag},
    {"currentFetchEventTimeLag", MetricName::kEventTimeLag},
    {"numRecordsInPerSecond", MetricName::kNumRecordsInPerSecond},
    {"numRecordsOutPerSecond", MetricName::kNumRecordsOutPerSecond},
    {"taskSlotsAvailable", MetricName::kTaskSlotsAvailable},
    {"taskSlotsTotal", MetricName::kTaskSlotsTotal},
    {"numRegisteredTaskManagers", MetricName::kNumRegisteredTaskManagers},
    {"lastCheckpointDuration", MetricName::kLastCheckpointDuration},
    {"lastCheckpointSize", MetricName::kLastCheckpointSize},
    {"Status.JVM.Memory.Heap.Used", MetricName::kHeapUsed},
    {"Status.JVM.Memory.Heap.Max", MetricName::kHeapMax},
    {"latency", MetricName::kLatency},
    {"", MetricName::kOther},
}};

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

bool ParseNumber(std::string_view text, double& out) {
  text = Trim(text);
  if (text == "true") {
    out = 1;
    return true;
  }
  if (text == "false") {
    out = 0;
    return true;
  }
  if (text.empty()) return false;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return ec == std::errc() && ptr == end && std::isfinite(out);
}

// "count=5, min=1, max=10, mean=3.5, …" -> the figures MetricHistogram keeps.
bool ParseHistogram(std::string_view text, MetricHistogram& out) {
  bool any = false;
  while (!text.empty()) {
    const size_t comma = text.find(',');
    const std::string_view part = Trim(text.substr(0, comma));
    text = comma == npos ? std::string_view{} : text.substr(comma + 1);
    const size_t eq = part.find('=');
    if (eq == npos) continue;
    const std::string_view key = part.substr(0, eq);
    double v = 0;
    if (!ParseNumber(part.substr(eq + 1), v)) continue;
    any = true;
    if (key == "count") out.count = static_cast<int64_t>(v);
    else if (key == "max") out.max = v;
    else if (key == "mean") out.mean = v;
    else if (key == "p50") out.p50 = v;
    else if (key == "p99") out.p99 = v;
  }
  return any;
}

MetricSection SectionOf(std::string_view rule) {
  if (StartsWith(rule, "-- Counters")) return MetricSection::kCounters;
  if (StartsWith(rule, "-- Gauges")) return MetricSection::kGauges;
  if (StartsWith(rule, "-- Meters")) return MetricSection::kMeters;
  if (StartsWith(rule, "-- Histograms")) return MetricSection::kHistograms;
  return MetricSection::kNone;
}

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!ascii::IsDigit(c)) return false;
  }
  return true;
}

}  // namespace

std::string_view MetricNameText(MetricName name) {
  for (const KnownMetric& k : kKnown) {
    if (k.name == name) return k.suffix;
  }
  return "";
}

bool Slf4jMetricReader::Next(MetricLine& out) {
  while (!rest_.empty() && !finished_) {
    const size_t nl = rest_.find('\n');
    const std::string_view line = Trim(rest_.substr(0, nl));
    rest_ = nl == npos ? std::string_view{} : rest_.substr(nl + 1);
    if (line.empty()) continue;
    if (line.front() == '=') {
      if (line.find("Starting metrics report") != npos) started_ = true;
      if (line.find("Finished metrics report") != npos) finished_ = true;
      continue;
    }
    if (!started_) continue;
    if (StartsWith(line, "-- ")) {
      section_ = SectionOf(line);
      continue;
    }
    // Task names hold ": " ("Source: Kafka"), values do not: split at the last one.
    const size_t colon = line.rfind(": ");
    if (colon == npos || colon == 0) continue;
    out = MetricLine{};
    out.section = section_;
    out.identifier = line.substr(0, colon);
    out.value_text = Trim(line.substr(colon + 2));
    for (const KnownMetric& k : kKnown) {
      if (k.suffix.empty()) break;
      const std::string_view id = out.identifier;
      if (id.size() > k.suffix.size() && id.substr(id.size() - k.suffix.size()) == k.suffix &&
          id[id.size() - k.suffix.size() - 1] == '.') {
        out.name = k.name;
        out.scope = id.substr(0, id.size() - k.suffix.size() - 1);
        break;
      }
    }
    if (section_ == MetricSection::kHistograms) {
      out.has_value = ParseHistogram(out.value_text, out.histogram);
      out.value = out.histogram.p99;
    } else {
      out.has_value = ParseNumber(out.value_text, out.value);
    }
    // A "latency" that is not a histogram is some user's gauge.
    if (out.name == MetricName::kLatency && section_ != MetricSection::kHistograms) out.name = MetricName::kOther;
    return true;
  }
  return false;
}

MetricScope SplitMetricScope(std::string_view scope) {
  MetricScope out;
  std::string_view rest;
  constexpr std::string_view kTm = "taskmanager", kJm = "jobmanager";
  // The first ".taskmanager." / ".jobmanager." component (or the scope's start).
  for (size_t at = 0; at <= scope.size();) {
    const size_t dot = scope.find('.', at);
    const std::string_view component = scope.substr(at, dot == npos ? npos : dot - at);
    if (component == kTm || component == kJm) {
      out.component = component == kTm ? MetricScope::Component::kTaskManager : MetricScope::Component::kJobManager;
      out.host = at == 0 ? std::string_view{} : scope.substr(0, at - 1);
      rest = dot == npos ? std::string_view{} : scope.substr(dot + 1);
      break;
    }
    if (dot == npos) break;
    at = dot + 1;
  }
  if (out.component == MetricScope::Component::kUnknown) {
    out.job_and_vertex = scope;
    return out;
  }
  if (out.component == MetricScope::Component::kTaskManager) {
    // "<host>:<port>-<hex>" ids hold the host's dots before the colon; other
    // ids (containers, pods) hold none. A colon after a blank is a task name's.
    size_t id_end = rest.find('.');
    const size_t colon = rest.find(':');
    const size_t blank = rest.find(' ');
    if (colon != npos && colon < blank) id_end = rest.find('.', colon);
    out.taskmanager_id = rest.substr(0, id_end);
    rest = id_end == npos ? std::string_view{} : rest.substr(id_end + 1);
  }
  const size_t last_dot = rest.rfind('.');
  if (last_dot != npos && AllDigits(rest.substr(last_dot + 1)) && rest.size() - last_dot - 1 <= 6) {
    int32_t subtask = 0;
    const std::string_view digits = rest.substr(last_dot + 1);
    std::from_chars(digits.data(), digits.data() + digits.size(), subtask);
    out.subtask = subtask;
    rest = rest.substr(0, last_dot);
  }
  out.job_and_vertex = rest;
  return out;
}

void SplitJobAndVertex(std::string_view job_and_vertex, std::string_view& job, std::string_view& vertex) {
  for (size_t i = 0; i < job_and_vertex.size(); ++i) {
    if (job_and_vertex[i] != '.') continue;
    if (i + 1 < job_and_vertex.size() && job_and_vertex[i + 1] == ' ') continue;
    job = job_and_vertex.substr(0, i);
    vertex = job_and_vertex.substr(i + 1);
    return;
  }
  job = job_and_vertex;
  vertex = {};
}

}  // namespace flinkscan
