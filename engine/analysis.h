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
};

// Exit code policy (design.md): 0 done; 1 --fail-on level reached; 2 usage
// error or no input readable.
int SeverityRank(const std::string& severity);  // info 0, warning 1, critical 2

}  // namespace flinkscan
