#pragma once
// Pieces of a hand-built Analysis for the report tests. Both reports render
// the same story (a job failed over on a heap OOM under Flink's "Recovery is
// suppressed" wrapper, and checkpoint 7 was slow), so its parts are written
// once here; each test adds the figures and the extras it checks.

#include <cstdint>
#include <string>
#include <utility>

#include "engine/analysis.h"

namespace flinkscan::testing {

inline constexpr char kJobId[] = "5a09e7c1d3a4e5f6a7b8c9d0e1f2a3b4";

inline Evidence MakeEvidence(std::string source, uint64_t line, std::string time, std::string text) {
  Evidence evidence;
  evidence.source = std::move(source);
  evidence.line = line;
  evidence.time = std::move(time);
  evidence.text = std::move(text);
  return evidence;
}

// The JobManager log both reports list as their input; tests add its rejects and errors.
inline InputSummary JobManagerInput() {
  InputSummary input;
  input.path = "logs/jobmanager.log";
  input.kind = "jobmanager";
  input.bytes = 2048;
  input.lines = 40;
  input.records = 30;
  return input;
}

inline Incident MakeIncident(std::string kind, std::string severity, std::string title) {
  Incident incident;
  incident.kind = std::move(kind);
  incident.severity = std::move(severity);
  incident.title = std::move(title);
  return incident;
}

// The failover of job kJobId: failed at 08:56:22.262+08:00, running again
// 10 s later, root cause a heap OOM. No evidence or scope: tests add theirs.
inline Incident HeapOomFailover() {
  Incident failover = MakeIncident("job_failover", "critical", "Job restarted after a task failed");
  failover.start = "2023-04-20T08:56:22.262+08:00";
  failover.end = "2023-04-20T08:56:32.275+08:00";
  failover.job_id = kJobId;
  failover.root_cause = RootCause{"java.lang.OutOfMemoryError",
                                  "Java heap space",
                                  {"org.apache.flink.runtime.JobException: Recovery is suppressed",
                                   "java.lang.OutOfMemoryError: Java heap space"},
                                  "at java.util.Arrays.copyOf(Arrays.java:3332)"};
  failover.diagnosis = {"oom_heap", "The task heap ran out.", "raise taskmanager.memory.task.heap.size"};
  failover.facts = {{"restarts", "1"}, {"downtime_ms", "10013"}};
  return failover;
}

// The exception-table row of that failover's exception, first seen when it
// failed; tests set count, last_time and first_line.
inline ExceptionSummary HeapOomExceptionRow() {
  ExceptionSummary exception;
  exception.class_name = "org.apache.flink.runtime.JobException";
  exception.message = "Recovery is suppressed";
  exception.root_class = "java.lang.OutOfMemoryError";
  exception.root_message = "Java heap space";
  exception.first_time = "2023-04-20T08:56:22.262+08:00";
  exception.first_source = "logs/jobmanager.log";
  return exception;
}

// Checkpoint 7 took 45.2 s against a 30 s threshold.
inline Alert SlowCheckpointAlert() {
  Alert alert;
  alert.rule = "checkpoint_duration";
  alert.severity = "warning";
  alert.value = 45213;
  alert.threshold = 30000;
  alert.text = "checkpoint 7 took 45.2 s";
  return alert;
}

}  // namespace flinkscan::testing
