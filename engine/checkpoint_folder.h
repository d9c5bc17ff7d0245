#pragma once
// Keeps the aggregator's memory and serial work bounded on long logs: a job
// writes a trigger/complete pair every few seconds, forever, and those pairs
// are almost all of the events of a JobManager log. Past the first
// `keep_first_per_job` checkpoints of a job, a routine pair (a checkpoint, not
// a savepoint, completed faster than every duration threshold) is folded into
// a count on the routine completion kept before it (the "breaker",
// StoredEvent::folded_checkpoints).
//
// Why no output changes:
// - the checkpoint table lists only the first N items and counts the rest;
// - a streak of failures or a run of slow checkpoints is broken by one routine
//   completion, and the first one after any other checkpoint event or job
//   transition is always kept (it becomes the breaker);
// - the last `lookback_pairs` routine pairs before such an event are kept whole
//   (a failure streak's diagnosis reads the sizes of the 5 completions before it);
// - the duration alert ignores routine durations;
// - the failure-rate alert judges sliding windows of `failure_window_ms`: a
//   folded pair that a window holding a failure can reach (within one window
//   of any checkpoint event or job transition of its stream, or of the
//   stream's start or end) leaves its trigger and completion times on the
//   breaker (StoredEvent::folded_times, 16 bytes instead of two stored events).
//
// Memory: per stream a fixed ring of held pairs (their strings reused) plus
// the folded times of the last window; what stays grows with the number of
// incidents only. Known limits: only events of the same stream are seen in
// time (the JobManager logs all of a checkpoint's life); a damaged, time-less
// line next to a folded pair inherits the kept neighbour's time instead.
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
  int64_t failure_window_ms = 3'600'000;     // the failure-rate alert's window; 0: the rule is off
  size_t lookback_pairs = 5;                 // routine pairs kept whole before any other checkpoint event
};

class CheckpointFolder {
 public:
  explicit CheckpointFolder(CheckpointFoldingRules rules);

  // The slot the next event is written into (its strings keep their capacity
  // from earlier events); AddNext() then takes it.
  StoredEvent& NextSlot() { return slots_[scratch_]; }
  // Appends the filled slot to `kept`, or holds it back to fold it or to append it later.
  void AddNext(std::vector<StoredEvent>& kept);
  void Add(StoredEvent&& event, std::vector<StoredEvent>& kept) {
    NextSlot() = std::move(event);
    AddNext(kept);
  }
  // Appends everything still held back; call once, before reading `kept`.
  void Flush(std::vector<StoredEvent>& kept);

  // Events folded away (two per folded checkpoint).
  uint64_t folded_events() const { return folded_events_; }

 private:
  // The checkpoint table lists a job's first N checkpoints in time order, over
  // all its streams (rotated files may come in any order): a pair may fold only
  // once N kept triggers of its job are earlier than it.
  struct JobTriggers {
    std::vector<int64_t> earliest;  // max-heap of the N earliest kept trigger times
    void Kept(int64_t ms, size_t n);
    bool HasNBefore(int64_t ms, size_t n) const;
  };

  struct StreamState {
    std::string job;                      // the job whose pairs are held or folded
    struct JobTriggers* job_triggers = nullptr;  // jobs_[job]
    bool has_open = false;
    uint32_t open_trigger = 0;            // slot
    // Routine pairs held back, oldest first: slots ring[(head + i) % size], trigger then completion.
    std::vector<uint32_t> ring;
    size_t head = 0;                      // in pairs
    size_t held_pairs = 0;
    std::optional<size_t> breaker;        // index in `kept` of the routine completion folds count on
    bool started = false;
    int64_t last_relevant_ms = 0;         // stream time of the last event that stops folding (or the start)
    std::deque<FoldedCheckpointTime> unrecorded;  // folded in the last window, far from anything relevant
  };

  StreamState& StateOf(uint32_t stream);
  uint32_t NewSlot();
  bool IsRoutineCompletion(const StreamState& s, const StoredEvent& e) const;
  void Advance(StreamState& s, int64_t now_ms);
  void FoldOldest(StreamState& s, std::vector<StoredEvent>& kept);
  void RecordUnrecorded(StreamState& s, std::vector<StoredEvent>& kept);
  void KeepHeld(StreamState& s, std::vector<StoredEvent>& kept);
  void Keep(StreamState& s, StoredEvent&& e, std::vector<StoredEvent>& kept);

  CheckpointFoldingRules rules_;
  // Events are handed around by slot number: holding, folding and releasing
  // one moves no strings. A deque keeps references to slots stable.
  std::deque<StoredEvent> slots_;
  uint32_t scratch_ = 0;
  std::map<uint32_t, StreamState> streams_;
  std::map<std::string, JobTriggers, std::less<>> jobs_;
  uint64_t folded_events_ = 0;
};

}  // namespace flinkscan
