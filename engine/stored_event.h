#pragma once
// The aggregator's own copy of an event: owned strings, since chunk memory is
// recycled once the serial stage is done with it. Only matched records become
// stored events (a few percent of a log), and a record's text is kept only as
// its (truncated) header line for evidence.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "parsers/event.h"

namespace flinkscan {

struct StoredThrowable {
  bool present = false;
  std::string outer_class;
  std::string outer_message;
  std::string root_class;
  std::string root_message;
  std::string root_frame;
  std::vector<std::string> root_frames;  // top frames of the root cause (ExceptionChain::kMaxRootFrames)
  std::vector<std::string> chain;  // "class: message", outer first, bounded
  uint32_t depth = 0;
};

// A routine checkpoint folded into a count (engine/checkpoint_folder.h) where a
// failure-rate window can reach it: its trigger and completion times (the
// stream's rollover-adjusted naive times, like StoredEvent::time).
struct FoldedCheckpointTime {
  int64_t trigger_ms = 0;
  int64_t end_ms = 0;
};

struct StoredEvent {
  EventKind kind = EventKind::kNone;
  uint16_t pattern = 0;
  Level level = Level::kUnknown;
  WallTime time;          // rollover-adjusted naive time; unknown times inherit for ordering
  bool time_inherited = false;
  uint64_t line = 0;      // 1-based within the stream
  uint32_t stream = 0;
  uint64_t order = 0;     // arrival order, the tie-breaker that keeps sorting deterministic
  int64_t sort_key = 0;   // filled in Finalize

  std::string job_id, job_name, task_name, attempt_id, location, taskmanager_id, container_id, host, pod;
  std::string from_state, to_state, reason;
  int32_t subtask = -1, parallelism = -1, attempt_number = -1;
  int64_t checkpoint_id = -1, epoch_ms = -1, size_bytes = -1, duration_ms = -1, finalization_ms = -1;
  int64_t consecutive_failures = -1, count = -1;
  CheckpointKind checkpoint_kind = CheckpointKind::kUnknown;
  int32_t exit_code = INT32_MIN;
  OomKind oom_kind = OomKind::kNone;
  StoredThrowable exception;
  std::string header_text;  // first line of the record, truncated for evidence

  // GC pauses (kGcPause); the cause is in `reason`.
  double pause_ms = -1;
  std::string gc_collector, gc_kind;
  int64_t heap_before_kb = -1, heap_after_kb = -1, heap_capacity_kb = -1, gc_id = -1;
  // What a GC line states about its own time: its zone and the JVM uptime.
  std::optional<int32_t> offset_minutes;
  int64_t uptime_ms = -1;

  // A routine checkpoint completion that stands for the routine checkpoints
  // folded after it (engine/checkpoint_folder.h): how many, and their longest duration.
  uint64_t folded_checkpoints = 0;
  int64_t folded_max_duration_ms = -1;
  std::vector<FoldedCheckpointTime> folded_times;  // those of the folded a failure-rate window can reach
};

StoredEvent StoreEvent(const Event& event, uint64_t stream_line_base, uint64_t order);
// The same into `out`, every field overwritten; its strings keep their capacity,
// so refilling one scratch event costs no allocation.
void StoreEventInto(const Event& event, uint64_t stream_line_base, uint64_t order, StoredEvent& out);

}  // namespace flinkscan
