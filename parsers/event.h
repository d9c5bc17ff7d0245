#pragma once
// Typed events produced by the extractors from nominated records. One flat
// struct for all kinds keeps extraction allocation-free: fields that do not
// apply stay empty / -1. Views point into the chunk that holds the record and
// are valid until the aggregator has consumed the chunk.

#include <climits>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "parsers/exception_chain.h"
#include "parsers/record.h"

namespace flinkscan {

// Keep in sync with kEventKindNames in parsers/event.cpp; catalog entries
// name their event kind with these strings.
enum class EventKind : uint8_t {
  kNone,
  // Checkpoints (CheckpointCoordinator / CheckpointFailureManager)
  kCheckpointTriggered,     // id, job_id, epoch_ms, checkpoint_kind
  kCheckpointCompleted,     // id, job_id, size_bytes, duration_ms, finalization_ms
  kCheckpointDeclined,      // id, job_id, task_name/attempt_id, location, reason
  kCheckpointExpired,       // id, job_id
  kCheckpointFailed,        // id (or -1), job_id, reason, consecutive_failures; exception
  kCheckpointAborted,       // id, job_id (old "Discarding checkpoint N of job J" with cause)
  kCheckpointRestored,      // id, job_id, epoch_ms, location (external pointer)
  kCheckpointLateMessage,   // id, job_id (not an expiry before 1.19: never counted as failure)
  // Job and task state
  kJobTransition,           // job_name, job_id, from_state, to_state; exception
  kJobTerminal,             // job_id, to_state (Dispatcher "reached terminal state")
  kTaskTransition,          // task_name, subtask, parallelism, attempt_id, attempt_number,
                            // from_state, to_state, location; exception
  kTaskDeployed,            // task_name, attempt_number, attempt_id, location
  kTaskStuck,               // task_name, seconds (did not react to cancelling signal)
  kRegionFailover,          // count (tasks to restart), task_name (failed task id)
  kGlobalFailover,          // "Trying to recover from a global failure."; exception
  kRestartExhausted,        // reason (restart strategy string); exception
  kRescale,                 // adaptive scheduler Stabilizing -> Transitioning
  // TaskManagers, containers, pods
  kHeartbeatTimeout,        // taskmanager_id (or peer), reason = "TaskManager"/"JobManager"/"ResourceManager"
  kTaskManagerUnreachable,  // taskmanager_id / host (no longer reachable, remote TM lost, association failed)
  kWorkerTerminated,        // taskmanager_id, container_id, pod, host, exit_code, oom_kind, reason
  kTaskManagerRegistered,   // taskmanager_id, host
  kContainerExit,           // container_id, exit_code, reason (YARN diagnostics)
  kContainerLaunchFailed,   // container_id, exit_code
  // Resources and memory
  kResourceShortage,        // job_id, reason (NoResourceAvailable, could not acquire, …)
  kOutOfMemory,             // oom_kind, reason; exception
  // Process
  kJobManagerStopped,       // reason (signal / fatal error)
  kStartupFact,             // reason = "flink_version" / "jvm" …, job_name holds the value
  kException,               // any other record carrying a throwable (ERROR/WARN with trace)
  // JVM GC logs (JDK 8 -XX:+PrintGCDetails, JDK 9+ -Xlog:gc*)
  kGcPause,                 // pause_ms, gc_collector, gc_kind, reason (cause), heap_*_kb, gc_id
  // Slf4jReporter (flink-log-formats.md §10)
  kMetricReport,            // reason = the report body (read with parsers/slf4j_metrics.h), count = metric lines
  // Stacks (parsers/thread_dump.h): a piece of a HotSpot thread dump
  kThreadDump,              // reason = first thread name, or the VM of a "Full thread dump" line
  kCount
};

std::string_view EventKindName(EventKind kind);
std::optional<EventKind> EventKindFromName(std::string_view name);

enum class CheckpointKind : uint8_t { kUnknown, kCheckpoint, kSavepoint };
std::string_view CheckpointKindName(CheckpointKind kind);

enum class OomKind : uint8_t {
  kNone,
  kHeap,             // Java heap space
  kGcOverhead,       // GC overhead limit exceeded
  kMetaspace,
  kDirect,           // Direct buffer memory
  kNativeThread,     // unable to create new native thread
  kContainerPmem,    // YARN: running beyond physical memory limits
  kContainerVmem,    // YARN: running beyond virtual memory limits (exit -103)
  kPodOomKilled,     // Kubernetes: reason=OOMKilled / exit 137
  kOther,
};
std::string_view OomKindName(OomKind kind);

struct Event {
  EventKind kind = EventKind::kNone;
  uint16_t pattern = 0;    // catalog index of the pattern that nominated the record
  Level level = Level::kUnknown;
  WallTime time;
  uint64_t line = 0;       // 1-based header line within the stream
  uint32_t stream = 0;
  std::string_view record; // the whole record text

  // Identity
  std::string_view job_id;      // 32 hex
  std::string_view job_name;
  std::string_view task_name;   // without " (i/n)" and without "#attempt"
  std::string_view attempt_id;  // 32 hex (<1.16) or <eg>_<vertex>_<subtask>_<attempt>
  int32_t subtask = -1;         // 1-based, as printed "(i/n)"
  int32_t parallelism = -1;
  int32_t attempt_number = -1;  // TM "#n" or "(attempt #n)"
  std::string_view location;    // "<resourceId> @ <host> (dataPort=n)" or slot text
  std::string_view taskmanager_id;
  std::string_view container_id;
  std::string_view host;
  std::string_view pod;

  // State changes
  std::string_view from_state;
  std::string_view to_state;

  // Checkpoints
  int64_t checkpoint_id = -1;
  CheckpointKind checkpoint_kind = CheckpointKind::kUnknown;
  int64_t epoch_ms = -1;        // epoch carried by the message (trigger / restore)
  int64_t size_bytes = -1;
  int64_t duration_ms = -1;
  int64_t finalization_ms = -1;
  int64_t consecutive_failures = -1;

  // Containers, memory, misc
  int32_t exit_code = INT32_MIN;
  OomKind oom_kind = OomKind::kNone;
  int64_t count = -1;           // region failover: tasks to restart; stuck task: seconds
  std::string_view reason;      // free text: failure reason, diagnostics, strategy, …

  ExceptionChain exception;     // present when the record carries a throwable

  // GC pauses. `reason` holds the cause ("Allocation Failure", "G1 Evacuation Pause", or the
  // failure that turned a collection into a full one: "concurrent mode failure").
  double pause_ms = -1;             // the stop-the-world figure (JDK 8: the outer, whole-heap one)
  std::string_view gc_collector;    // G1 | CMS | ParNew | Parallel | Serial | ZGC | Shenandoah; "" unknown
  std::string_view gc_kind;         // young | mixed | full | initial_mark | remark | cleanup | other
  int64_t heap_before_kb = -1;      // whole heap, as printed (K/M/G converted, rounded)
  int64_t heap_after_kb = -1;
  int64_t heap_capacity_kb = -1;    // capacity after the collection
  int64_t gc_id = -1;               // -XX:+PrintGCID "#n" or unified "GC(n)"
  // From the GC line's own decorations (copied from RecordHeader by the GC extractor).
  std::optional<int32_t> offset_minutes;
  int64_t uptime_ms = -1;
};

// Field access by name for the catalog samples test and generic sinks.
// Returns nullopt when the field is unknown or unset (empty view / -1 / none).
// Names: job_id, job_name, task_name, attempt_id, subtask, parallelism,
// attempt_number, location, taskmanager_id, container_id, host, pod,
// from_state, to_state, checkpoint_id, checkpoint_kind, epoch_ms, size_bytes,
// duration_ms, finalization_ms, consecutive_failures, exit_code, oom_kind,
// count, reason, exception_class, exception_message, root_class, root_message,
// pause_ms, gc_collector, gc_kind, heap_before_kb, heap_after_kb, heap_capacity_kb, gc_id, uptime_ms.
std::optional<std::string> EventField(const Event& event, std::string_view name);

}  // namespace flinkscan
