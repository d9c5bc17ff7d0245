#pragma once
// Reads the body of one Slf4jReporter metrics report (flink-log-formats.md
// §10): `<identifier>: <value>` lines under `-- Counters`, `-- Gauges`,
// `-- Meters` and `-- Histograms` section rules. The reader walks the lines
// in place (views into the report, no allocation), so the serial stage can
// afford it for every report of an 8 GiB log.
//
// An identifier is the metric's scope components joined by dots, then its
// name: `<host>.taskmanager.<tm_id>.<job>.<task>.<subtask>.busyTimeMsPerSecond`.
// Host names, TaskManager ids, job and task names may all contain dots, so the
// name is matched from the right against the metrics flinkscan uses, and the
// scope is split on the `.taskmanager.` / `.jobmanager.` anchor (SplitMetricScope).

#include <cstdint>
#include <string_view>

namespace flinkscan {

enum class MetricSection : uint8_t { kNone, kCounters, kGauges, kMeters, kHistograms };

// The metrics flinkscan reads; kOther for every other identifier (still
// iterated, so a report can be counted, but not kept).
enum class MetricName : uint8_t {
  kOther,
  kBackPressuredTimeMsPerSecond,  // task: ms per second the task was back-pressured
  kBusyTimeMsPerSecond,           // task
  kIdleTimeMsPerSecond,           // task
  kIsBackPressured,               // task: true | false (older Flink, sampled)
  kCurrentInputWatermark,         // task/operator: epoch ms, Long.MIN_VALUE before the first watermark
  kCurrentOutputWatermark,        // operator: epoch ms
  kEventTimeLag,                  // source (FLIP-33): currentEmitEventTimeLag / currentFetchEventTimeLag, ms
  kNumRecordsInPerSecond,         // task/operator meter
  kNumRecordsOutPerSecond,        // task/operator meter
  kTaskSlotsAvailable,            // jobmanager
  kTaskSlotsTotal,                // jobmanager
  kNumRegisteredTaskManagers,     // jobmanager
  kLastCheckpointDuration,        // jobmanager job: ms
  kLastCheckpointSize,            // jobmanager job: bytes
  kHeapUsed,                      // Status.JVM.Memory.Heap.Used, bytes
  kHeapMax,                       // Status.JVM.Memory.Heap.Max, bytes
  kLatency,                       // latency-tracking histogram, ms
  kCount
};

std::string_view MetricNameText(MetricName name);  // the identifier suffix, e.g. "busyTimeMsPerSecond"

// A histogram line's figures (the ones flinkscan uses).
struct MetricHistogram {
  int64_t count = 0;
  double max = 0;
  double mean = 0;
  double p50 = 0;
  double p99 = 0;
};

struct MetricLine {
  MetricSection section = MetricSection::kNone;
  std::string_view identifier;  // the whole identifier
  std::string_view scope;       // identifier without ".<metric name>"; "" when the name is not known
  MetricName name = MetricName::kOther;
  std::string_view value_text;  // as printed (without line end)
  bool has_value = false;       // value parsed as a finite number (booleans: 1 / 0)
  double value = 0;             // counters, gauges, meters; a histogram's p99
  MetricHistogram histogram;    // histograms only
};

// Iterates a report's metric lines. `report` is the record text after its
// header line (or the whole record: lines before the start rule are skipped).
// Lifetime: the views returned point into `report`.
class Slf4jMetricReader {
 public:
  explicit Slf4jMetricReader(std::string_view report) : rest_(report) {}

  // Fills `out` with the next `identifier: value` line; false at the end
  // (the finish rule or the end of the text).
  bool Next(MetricLine& out);

  // True once the "Starting metrics report" rule was passed.
  bool started() const { return started_; }
  // True once the "Finished metrics report" rule was read (a report cut by
  // the end of a file or by a record cap has none).
  bool finished() const { return finished_; }

 private:
  std::string_view rest_;
  MetricSection section_ = MetricSection::kNone;
  bool started_ = false;
  bool finished_ = false;
};

// Default scope formats (metrics.scope.*):
//   jm       <host>.jobmanager                          jm.job  <host>.jobmanager.<job>
//   tm       <host>.taskmanager.<tm_id>                 tm.job  <host>.taskmanager.<tm_id>.<job>
//   task     <host>.taskmanager.<tm_id>.<job>.<task>.<subtask>
//   operator <host>.taskmanager.<tm_id>.<job>.<operator>.<subtask>
// The TaskManager id of a standalone cluster is "<host>:<port>-<hex>" (the
// host may hold dots), on YARN a container id, on Kubernetes a pod name.
struct MetricScope {
  enum class Component : uint8_t { kUnknown, kJobManager, kTaskManager };
  Component component = Component::kUnknown;
  std::string_view host;
  std::string_view taskmanager_id;  // taskmanager scopes only
  // What follows the process part: "<job>" (job scope), "<job>.<task or
  // operator>" (task/operator scope, subtask >= 0), or "" (process scope).
  // For an unknown (custom) scope format: the whole scope.
  std::string_view job_and_vertex;
  int32_t subtask = -1;  // 0-based, as metric scopes print it
};

MetricScope SplitMetricScope(std::string_view scope);

// Splits "<job>.<vertex>" when the job name is not known from elsewhere: at
// the first dot that is not followed by a blank ("Print to Std. Out" keeps
// its dot). Job names with dots ("insert-into_default_catalog.…") are split
// right only where the engine knows the job's name from other lines.
void SplitJobAndVertex(std::string_view job_and_vertex, std::string_view& job, std::string_view& vertex);

}  // namespace flinkscan
