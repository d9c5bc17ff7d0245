#pragma once
// Checkpoint lifecycles per (job, id) from time-ordered events: trigger →
// completed | expired | declined | failed | aborted, or pending at the end.
// Statuses follow design.md "Checkpoint status"; a JM failure-manager line
// about a checkpoint already known to be expired/declined adds its reason
// and is not counted again.

#include <string>
#include <vector>

#include "engine/analysis.h"
#include "engine/event_formatter.h"
#include "engine/stored_event.h"

namespace flinkscan {

struct CheckpointState {
  std::string job_id;
  int64_t id = -1;  // -1: none assigned (a trigger that failed before getting one)
  CheckpointKind kind = CheckpointKind::kCheckpoint;
  std::string status = "pending";
  std::string reason;
  std::string reason_class;  // timeout | declined | tasks_not_running | external_storage | state_size | failover | other
  const StoredEvent* trigger = nullptr;
  const StoredEvent* end = nullptr;  // the record that ended it
  std::vector<const StoredEvent*> evidence;
  int64_t duration_ms = -1;
  int64_t size_bytes = -1;
  int64_t finalization_ms = -1;
  // Routine checkpoints folded after this completed one (checkpoint_folder.h):
  // completed, not listed, each at most as long as folded_max_duration_ms.
  uint64_t folded_completions = 0;
  int64_t folded_max_duration_ms = -1;
  // The times of those a failure-rate window can reach (owned by `end`).
  const std::vector<FoldedCheckpointTime>* folded_times = nullptr;
};

// `sorted`: all events in global time order. Pointers into `sorted` stay
// valid while it is unchanged.
std::vector<CheckpointState> TrackCheckpoints(const std::vector<StoredEvent>& sorted);

CheckpointSummary SummarizeCheckpoints(const std::vector<CheckpointState>& checkpoints, const EventFormatter& fmt,
                                       size_t max_items);

// Classifies a failure reason from its text and throwable (shared with the
// diagnosis of checkpoint incidents).
std::string ClassifyCheckpointFailure(const std::string& reason, const StoredThrowable& exception);

}  // namespace flinkscan
