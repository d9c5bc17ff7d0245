#pragma once
// Keeps the aggregator's memory bounded on long logs: a healthy job writes a
// trigger/complete pair every few seconds, forever, and those pairs are almost
// all of the stored events. Past the first `keep_first_per_job` checkpoints of
// a job, a routine pair (a checkpoint, not a savepoint, completed faster than
// every duration threshold, far from any failure) is folded into a count on
// the routine completion kept before it (StoredEvent::folded_checkpoints).
//
// Why the result does not change: the checkpoint table lists only the first N
// items and counts the rest; a streak of failures or a run of slow checkpoints
// is broken by one routine completion, and that one is always kept; the
// duration alert ignores routine durations; a failure-rate window holds only
// checkpoints within `failure_window_ms` of its end, and no pair that close to
// a checkpoint failure, job transition or any other checkpoint-related event
// of its stream is folded (pairs wait until the stream has moved a window past
// them). Known limits: only events of the same stream are seen in time (the
// JobManager logs all of a checkpoint's life); a damaged, time-less line next
// to a folded pair inherits the kept neighbour's time instead.
//
// Thread-safety: not thread-safe; used from the aggregator's serial stage.

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/stored_event.h"

namespace flinkscan {

struct CheckpointFoldingRules {
  size_t keep_first_per_job = 2000;
  int64_t routine_max_duration_ms = 30'000;  // at most every duration threshold in use
  int64_t failure_window_ms = 3'600'000;     // the failure-rate alert's window
  size_t max_waiting_pairs = 4096;           // pairs waiting for their window; beyond, kept
};

class CheckpointFolder {
 public:
  explicit CheckpointFolder(CheckpointFoldingRules rules) : rules_(rules) {}

  // Appends `event` to `kept`, or holds it back to fold it or to append it later.
  void Add(StoredEvent&& event, std::vector<StoredEvent>& kept);
  // Appends everything still held back; call once, before reading `kept`.
  void Flush(std::vector<StoredEvent>& kept);

  // Events folded away (two per folded checkpoint).
  uint64_t folded_events() const { return folded_events_; }

 private:
  struct StreamState {
    std::string job;                       // the job whose pairs are held or folded
    std::optional<StoredEvent> open_trigger;
    std::deque<StoredEvent> waiting;       // trigger, completion, trigger, completion …
    std::optional<size_t> breaker;         // index in `kept` of the routine completion folds count on
    uint64_t last_relevant_order = 0;      // arrival order of the last event that stops folding
    int64_t last_relevant_ms = INT64_MIN / 4;
    std::map<std::string, uint64_t> kept_triggers;  // per job: checkpoints already kept
  };

  bool IsRoutineCompletion(const StreamState& s, const StoredEvent& e) const;
  void KeepHeld(StreamState& s, std::vector<StoredEvent>& kept);
  void FoldExpired(StreamState& s, int64_t now_ms, std::vector<StoredEvent>& kept);
  void Keep(StreamState& s, StoredEvent&& e, std::vector<StoredEvent>& kept);

  CheckpointFoldingRules rules_;
  std::map<uint32_t, StreamState> streams_;
  uint64_t folded_events_ = 0;
};

}  // namespace flinkscan
