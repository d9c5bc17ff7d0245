#pragma once
// The finished result of a scan: what every sink (text, json, …) renders.
// Plain owned data, built once by the aggregator's Finalize(); times are
// already formatted per the JSON contract (see docs/json-schema.md).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace flinkscan {

struct InputSummary {
  std::string path;            // as given, "-" for stdin
  std::string stream;          // container/logtype or archive member; "" for a plain file
  std::string kind;            // jobmanager | taskmanager | client | stdout | gc | yarn-other | yarn-envelope | unknown
  uint64_t bytes = 0;
  uint64_t lines = 0;
  uint64_t records = 0;
  uint64_t matched_records = 0;
  uint64_t rejected_lines = 0;
  // records + continuation_lines + free_text_lines + rejected_lines == lines (nothing lost; issue 7).
  uint64_t continuation_lines = 0;  // lines inside a record after its header (stack frames, message lines)
  uint64_t free_text_lines = 0;     // header-less lines the stream's kind explains (stdout, YARN envelope)
  std::string tz_source = "unknown";  // epoch | explicit | cli | unknown
  std::string layout;          // log4j2 | log4j1 | time-only | mixed | none
  std::string first_time;
  std::string last_time;
  std::string prefix;          // line prefix stripped (StreamInfo::prefix), "" when none
  bool reversed = false;       // newest-first input, read in reverse line order
  struct RejectedExample {
    uint64_t line = 0;
    std::string text;          // truncated to 200 bytes
  };
  std::vector<RejectedExample> rejected_examples;  // first few
  std::vector<std::string> errors;                 // "file: byte N: message"
};

struct SkippedPath {
  std::string path;
  std::string reason;          // "not a log file", "permission denied", …
};

struct Totals {
  uint64_t bytes = 0;
  uint64_t lines = 0;
  uint64_t records = 0;
  uint64_t matched_records = 0;
  uint64_t rejected_lines = 0;
  uint64_t continuation_lines = 0;
  uint64_t free_text_lines = 0;
  uint64_t events = 0;
  double seconds = 0;
};

struct JobTransition {
  std::string time;
  std::string from;
  std::string to;
  std::string source;          // evidence source
  uint64_t line = 0;
};

struct JobSummary {
  std::string job_id;
  std::string name;
  std::vector<JobTransition> transitions;
  std::string final_state;
  uint64_t restarts = 0;       // RESTARTING transitions + region failovers
  uint64_t task_failures = 0;  // distinct failed attempts
  uint64_t tasks = 0;          // distinct attempts seen
};

struct CheckpointItem {
  std::string job_id;
  std::optional<int64_t> id;
  std::string kind = "checkpoint";  // checkpoint | savepoint
  std::string status;               // completed | expired | declined | aborted | failed | pending
  std::string trigger_time;
  std::string end_time;
  std::optional<int64_t> duration_ms;
  std::optional<int64_t> size_bytes;
  std::optional<int64_t> finalization_ms;
  std::string reason;
  std::string source;
  uint64_t line = 0;                // line of the record that ended it (or triggered, if pending)
};

struct CheckpointSummary {
  uint64_t completed = 0;
  uint64_t failed = 0;              // neither completed nor pending
  uint64_t pending = 0;
  uint64_t savepoints = 0;
  std::optional<int64_t> max_duration_ms;
  std::vector<CheckpointItem> items;  // bounded (first N per job), in trigger order
  uint64_t items_dropped = 0;
};

struct GcPauseItem {
  std::string time;
  std::string source;
  uint64_t line = 0;
  std::string kind;                 // young | mixed | full | initial_mark | remark | cleanup | other
  std::string collector;            // G1 | CMS | ParNew | Parallel | Serial | ZGC | Shenandoah; "" unknown
  std::string cause;                // as printed ("Allocation Failure"), or "concurrent mode failure" …
  double pause_ms = 0;
  std::optional<int64_t> gc_id;
  std::optional<int64_t> uptime_ms;   // JVM uptime as the line printed it
  std::optional<int64_t> heap_before_kb;
  std::optional<int64_t> heap_after_kb;
  std::optional<int64_t> heap_capacity_kb;
};

struct GcSummary {
  uint64_t pauses = 0;
  uint64_t full_gcs = 0;
  double total_pause_ms = 0;
  double max_pause_ms = 0;
  std::vector<GcPauseItem> items;   // bounded: full GCs and the longest pauses, in time order
  uint64_t items_dropped = 0;
};

struct ExceptionSummary {
  std::string class_name;
  std::string message;
  std::string root_class;
  std::string root_message;
  uint64_t count = 0;
  std::string first_time;
  std::string last_time;
  std::string first_source;         // where it was first seen
  uint64_t first_line = 0;
  // The signature that groups rows (engine/exception_signature.h) and that --baseline compares.
  std::string signature;            // 16 hex digits; "" on the overflow row
  std::string normalized_message;   // root message with values masked
  std::vector<std::string> frames;  // top frames of the root cause, line numbers stripped
  std::vector<std::string> chain;   // outer → root, "class: message", as first seen (bounded)
  // Where it was seen, each distinct and bounded; `places_truncated` when more were seen.
  std::vector<std::string> sources;
  std::vector<std::string> hosts;
  std::vector<std::string> job_ids;
  bool places_truncated = false;
  bool overflow = false;            // the row that counts records beyond the table's signature cap
  std::string baseline_status;      // "new" | "recurring" with --baseline, "" otherwise
};

struct Evidence {
  std::string source;               // input path [+ "!member"] [+ "#container/logtype"]
  uint64_t line = 0;                // 1-based within that stream
  std::string time;
  std::string text;                 // the header line of the record (truncated)
};

struct Scope {
  std::optional<std::string> job_id;
  std::optional<std::string> taskmanager;
  std::optional<std::string> container;
  std::optional<std::string> host;
  std::optional<std::string> pod;
};

struct RootCause {
  std::string class_name;
  std::string message;
  std::vector<std::string> chain;   // outer → root, "class: message" (bounded)
  std::string frame;                // first frame of the root cause, if any
};

struct Diagnosis {
  std::string cause;                // machine-readable cause code, e.g. "oom_heap", "user_code_exception"
  std::string text;                 // one sentence for humans
  std::string next_step;            // the Flink option or place to look
};

struct Incident {
  std::string kind;                 // job_failover | job_failed | checkpoint_failures | slow_checkpoint | …
  std::string severity;             // critical | warning | info
  std::string start;
  std::string end;
  std::string job_id;
  Scope scope;
  std::string title;                // one line for humans
  std::optional<RootCause> root_cause;
  Diagnosis diagnosis;
  std::vector<Evidence> evidence;   // bounded
  uint64_t evidence_dropped = 0;
  // Kind-specific figures, e.g. "restarts", "downtime_ms", "failures", "exit_code".
  std::vector<std::pair<std::string, std::string>> facts;
  int64_t sort_time_ms = 0;         // for ordering; not rendered
  int64_t end_sort_time_ms = 0;     // end on the same axis, where the builder knows it (0: unknown); not rendered
  // Stable across runs and days: kind|job|root cause (engine/baseline.h, IncidentKey).
  std::string key;
  std::string baseline_status;      // "new" | "recurring" with --baseline, "" otherwise
};

struct Alert {
  std::string rule;                 // checkpoint_duration | checkpoint_failure_rate | …
  std::string severity;
  double value = 0;
  double threshold = 0;
  std::string start;
  std::string end;
  std::string job_id;
  std::string text;
  std::vector<Evidence> evidence;
};

// An enabled alert rule the input holds no data for (e.g. backpressure
// without Slf4jReporter metrics): the report says so rather than "not fired".
struct AlertNotEvaluated {
  std::string rule;
  std::string reason;
};

// The job graph rebuilt from task names "Name (i/N)" and deploy lines
// (engine/job_graph.h).
struct SubtaskSummary {
  int32_t index = 0;                // 1-based, as printed "(i/N)"
  uint64_t attempts = 0;            // distinct attempts seen
  uint64_t failures = 0;            // distinct failed attempts
  std::string last_state;
  std::string taskmanager;          // resource id of its latest known location
  std::string host;
};

struct VertexSummary {
  std::string job_id;
  std::string vertex_id;            // from Flink >= 1.16 attempt ids; "" before
  std::string name;
  int32_t parallelism = 0;          // largest N of "(i/N)"; 0 when never printed
  uint64_t subtasks_seen = 0;
  uint64_t attempts = 0;            // distinct attempts
  uint64_t failures = 0;            // distinct failed attempts
  std::string first_failure_time;
  std::string first_failure_cause;  // innermost cause "class: message" of the first failure
  std::string first_failure_source;
  uint64_t first_failure_line = 0;
  std::vector<SubtaskSummary> subtasks;  // bounded, by index
  uint64_t subtasks_dropped = 0;
};

struct JobGraph {
  std::vector<VertexSummary> vertices;   // per job, first seen first; bounded
  uint64_t vertices_dropped = 0;
};

// One row per TaskManager the logs name (engine/taskmanager_table.h).
struct TaskManagerGcPoint {
  std::string time;
  double pause_ms = 0;
  std::string kind;                 // as GcPauseItem::kind
};

struct TaskManagerSummary {
  std::string id;                   // resource id (YARN container, Kubernetes pod, ip:port-hex), else host
  std::string host;
  std::string container;
  std::string pod;
  std::string first_seen;
  std::string last_seen;
  uint64_t tasks = 0;               // distinct attempts that ran there
  uint64_t task_failures = 0;       // distinct failed attempts there
  bool lost = false;
  std::string lost_time;
  std::string lost_reason;          // the taskmanager_lost incident's title
  std::vector<std::string> sources; // its own log streams (bounded)
  uint64_t gc_pauses = 0;
  uint64_t full_gcs = 0;
  double gc_total_pause_ms = 0;
  double gc_max_pause_ms = 0;
  std::vector<TaskManagerGcPoint> gc_points;  // bounded: the longest pauses, in time order
  uint64_t gc_points_dropped = 0;
};

struct TaskManagerTable {
  std::vector<TaskManagerSummary> items;  // first seen first; bounded
  uint64_t items_dropped = 0;
};

// --baseline PREVIOUS.json: what is new, recurring and gone against an
// earlier report (engine/baseline.h).
struct BaselineGoneIncident {
  std::string key;
  std::string kind;
  std::string job;                  // job name, or id when unnamed
  std::string title;
  std::string last_seen;            // the latest end (or start) in the baseline
  uint64_t count = 0;               // incidents with this key in the baseline
};

struct BaselineGoneException {
  std::string signature;
  std::string class_name;
  std::string root_class;
  std::string root_message;
  std::string last_time;
  uint64_t count = 0;
};

struct BaselineComparison {
  std::string path;
  std::string generated_at;         // the baseline's generated_at, else its file's modification time
  std::string span_start;           // the baseline's scanned span
  std::string span_end;
  uint64_t new_incidents = 0;
  uint64_t recurring_incidents = 0;
  uint64_t new_exceptions = 0;
  uint64_t recurring_exceptions = 0;
  std::vector<BaselineGoneIncident> gone_incidents;    // bounded; one per key
  std::vector<BaselineGoneException> gone_exceptions;  // bounded
  uint64_t gone_dropped = 0;        // gone items beyond those bounds
};

// --since / --until / --job as applied (engine/analysis_filter.h).
struct AppliedFilter {
  std::string since;                // resolved wall-clock bounds, "" when open
  std::string until;
  std::string job;                  // as given
  std::vector<std::string> job_ids; // the jobs it matched
};

// Slf4jReporter metric reports (engine/metric_series.h): what the Backpressure
// page charts and what the backpressure / latency / slot_usage alerts read.
// All empty (reports == 0) when the logs hold no metric reports.
struct MetricSample {               // one point of a chart: one time bucket
  std::string time;                 // start of the bucket (ISO, as other times)
  double value = 0;                 // the chart's figure for the bucket (see MetricChart)
  double min = 0;                   // lowest / highest sample in the bucket
  double max = 0;
};

struct MetricChart {
  std::string metric;               // backpressure | busy | idle | records_in_per_second | records_out_per_second |
                                    // watermark_lag | event_time_lag | latency | slot_usage |
                                    // registered_taskmanagers | checkpoint_duration | checkpoint_size | heap_usage
  std::string unit;                 // share (0–1) | records_per_second | ms | bytes | count
  std::vector<MetricSample> samples;  // time order; bounded (MetricsSummary::bucket_ms wide buckets)
  double mean = 0;                  // over all samples
  double max = 0;
  bool empty() const { return samples.empty(); }
};

struct SubtaskMetrics {
  int32_t subtask = 0;              // 0-based, as metric scopes print it ("(i/N)" shows i = subtask + 1)
  std::string taskmanager;          // TaskManager id from the metric scope
  std::optional<double> backpressure_mean;  // share 0–1 over the span
  std::optional<double> backpressure_max;
  std::optional<double> busy_mean;
  std::optional<double> busy_max;
  std::optional<double> records_in_per_second;  // mean
};

struct VertexMetrics {
  std::string job;                  // job name as the metric scope printed it
  std::string vertex;               // task (operator chain) or operator name as the scope printed it
  int32_t subtasks = 0;             // distinct subtask indexes seen
  MetricChart backpressure;         // per bucket: the most back-pressured subtask's mean (share)
  MetricChart busy;                 // per bucket: the busiest subtask's mean (share)
  MetricChart records_in_per_second;   // per bucket: sum over subtasks
  MetricChart records_out_per_second;  // per bucket: sum over subtasks
  MetricChart watermark_lag;        // per bucket: the largest subtask lag (ms); empty when the zone is unknown
  std::vector<SubtaskMetrics> per_subtask;  // by index; bounded (first 64)
  uint64_t per_subtask_dropped = 0;
};

struct JobMetrics {                 // JobManager job-scope metrics
  std::string job;                  // job name as the metric scope printed it
  MetricChart checkpoint_duration;  // lastCheckpointDuration (ms)
  MetricChart checkpoint_size;      // lastCheckpointSize (bytes)
};

struct ProcessMetrics {             // one JobManager or TaskManager
  std::string process;              // TaskManager id, or the JobManager's host
  std::string kind;                 // jobmanager | taskmanager
  std::string host;
  MetricChart heap_usage;           // Status.JVM.Memory.Heap.Used / Max (share)
};

struct MetricsSummary {
  uint64_t reports = 0;             // Slf4jReporter reports read
  uint64_t values = 0;              // metric lines read (all of them, used or not)
  uint64_t series = 0;              // series kept
  uint64_t dropped_samples = 0;     // samples of series beyond the series cap (not kept)
  int64_t bucket_ms = 0;            // width of the charts' time buckets
  std::string first_time;
  std::string last_time;
  std::vector<VertexMetrics> vertices;  // most back-pressured first; bounded
  uint64_t vertices_dropped = 0;
  MetricChart slot_usage;           // 1 − taskSlotsAvailable / taskSlotsTotal (share)
  MetricChart registered_taskmanagers;
  MetricChart latency;              // per bucket: the highest event-time lag or latency p99 (ms)
  std::vector<JobMetrics> jobs;     // bounded
  std::vector<ProcessMetrics> processes;  // bounded
};

// Stacks aggregated from the logs (engine/stack_profile.h): folded
// "frame;frame;frame" lines, root first, with sample counts.
struct FoldedStack {
  std::string stack;
  uint64_t count = 0;
};

struct StackProfileSummary {
  std::string kind;                  // dumps | stuck | exceptions | flink
  uint64_t samples = 0;              // every sample, kept or not
  uint64_t overflow_samples = 0;     // samples of stacks beyond the distinct-stack cap
  std::vector<FoldedStack> stacks;   // bounded, sorted by stack
};

struct StackSummary {
  uint64_t thread_dumps = 0;         // "Full thread dump" headers seen
  uint64_t threads = 0;              // thread blocks read
  uint64_t deadlocks = 0;            // "Found one Java-level deadlock" reports
  std::vector<StackProfileSummary> profiles;  // one per kind that has samples
};

struct Analysis {
  std::string flinkscan_version;
  std::vector<InputSummary> inputs;
  std::vector<SkippedPath> skipped;
  Totals totals;
  std::vector<JobSummary> jobs;
  CheckpointSummary checkpoints;
  GcSummary gc;
  std::vector<ExceptionSummary> exceptions;   // most frequent first
  std::vector<Incident> incidents;            // worst first (severity, then time)
  std::vector<Alert> alerts;
  std::vector<AlertNotEvaluated> alerts_not_evaluated;
  std::vector<std::string> flink_versions;    // from startup banners
  std::string time_span_start;
  std::string time_span_end;
  std::optional<AppliedFilter> filter;        // set when --since/--until/--job narrowed the outputs
  std::optional<BaselineComparison> baseline; // set with --baseline
  JobGraph job_graph;
  TaskManagerTable taskmanagers;
  MetricsSummary metrics;                     // Slf4jReporter metrics; reports == 0 when none
  StackSummary stacks;                        // thread dumps, stuck tasks, exception stacks (bounded)
};

// Exit code policy (design.md): 0 done; 1 --fail-on level reached; 2 usage
// error or no input readable.
int SeverityRank(const std::string& severity);  // info 0, warning 1, critical 2

}  // namespace flinkscan
