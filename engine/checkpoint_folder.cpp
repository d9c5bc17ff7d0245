#include "engine/checkpoint_folder.h"

#include <algorithm>

namespace flinkscan {
namespace {

// Events that take part in a checkpoint's life or end it (a job transition
// discards pending checkpoints): near one of these nothing is folded.
bool StopsFolding(EventKind kind) {
  switch (kind) {
    case EventKind::kCheckpointTriggered:
    case EventKind::kCheckpointCompleted:
    case EventKind::kCheckpointDeclined:
    case EventKind::kCheckpointExpired:
    case EventKind::kCheckpointFailed:
    case EventKind::kCheckpointAborted:
    case EventKind::kCheckpointRestored:
    case EventKind::kCheckpointLateMessage:
    case EventKind::kJobTransition:
      return true;
    default:
      return false;
  }
}

bool CanOpen(const StoredEvent& e) {
  return e.kind == EventKind::kCheckpointTriggered && !e.job_id.empty() && e.checkpoint_id >= 0 &&
         e.checkpoint_kind != CheckpointKind::kSavepoint && e.time.known() && !e.exception.present;
}

}  // namespace

bool CheckpointFolder::IsRoutineCompletion(const StreamState& s, const StoredEvent& e) const {
  if (e.kind != EventKind::kCheckpointCompleted || !s.open_trigger) return false;
  const StoredEvent& trigger = *s.open_trigger;
  return e.job_id == trigger.job_id && e.checkpoint_id == trigger.checkpoint_id &&
         e.checkpoint_kind != CheckpointKind::kSavepoint && e.time.known() && !e.exception.present &&
         e.duration_ms >= 0 && e.duration_ms <= rules_.routine_max_duration_ms;
}

void CheckpointFolder::Keep(StreamState& s, StoredEvent&& e, std::vector<StoredEvent>& kept) {
  if (e.kind == EventKind::kCheckpointTriggered && !e.job_id.empty()) ++s.kept_triggers[e.job_id];
  kept.push_back(std::move(e));
}

void CheckpointFolder::KeepHeld(StreamState& s, std::vector<StoredEvent>& kept) {
  for (StoredEvent& e : s.waiting) Keep(s, std::move(e), kept);
  s.waiting.clear();
  if (s.open_trigger) Keep(s, std::move(*s.open_trigger), kept);
  s.open_trigger.reset();
}

void CheckpointFolder::FoldExpired(StreamState& s, int64_t now_ms, std::vector<StoredEvent>& kept) {
  // A waiting pair whose completion lies a whole failure window behind the
  // stream's clock can no longer share a window with anything this stream logs.
  while (s.waiting.size() >= 2 && s.waiting[1].time.ms < now_ms - rules_.failure_window_ms) {
    StoredEvent& breaker = kept[*s.breaker];
    ++breaker.folded_checkpoints;
    breaker.folded_max_duration_ms = std::max(breaker.folded_max_duration_ms, s.waiting[1].duration_ms);
    s.waiting.pop_front();
    s.waiting.pop_front();
    folded_events_ += 2;
  }
}

void CheckpointFolder::Add(StoredEvent&& e, std::vector<StoredEvent>& kept) {
  auto it = streams_.find(e.stream);
  if (it == streams_.end()) {
    if (!StopsFolding(e.kind)) {
      kept.push_back(std::move(e));
      return;
    }
    it = streams_.emplace(e.stream, StreamState{}).first;
  }
  StreamState& s = it->second;
  if (!e.job_id.empty() && e.job_id != s.job) {
    // Job-less neighbours take their stream's latest job (Aggregator::Finalize):
    // what is folded must never have been that latest job.
    KeepHeld(s, kept);
    s.breaker.reset();
    s.job = e.job_id;
  }
  if (e.time.known() && s.breaker) FoldExpired(s, e.time.ms, kept);

  if (CanOpen(e) && !s.open_trigger) {
    s.open_trigger = std::move(e);
    return;
  }
  if (IsRoutineCompletion(s, e)) {
    StoredEvent trigger = std::move(*s.open_trigger);
    s.open_trigger.reset();
    const bool foldable = s.breaker && s.kept_triggers[trigger.job_id] >= rules_.keep_first_per_job &&
                          trigger.order > s.last_relevant_order &&
                          trigger.time.ms - s.last_relevant_ms > rules_.failure_window_ms;
    if (foldable && s.waiting.size() / 2 < rules_.max_waiting_pairs) {
      s.waiting.push_back(std::move(trigger));
      s.waiting.push_back(std::move(e));
      return;
    }
    // Kept whole: from now on it is the one routine completion that breaks
    // failure streaks and slow runs, and the folds that follow count on it.
    KeepHeld(s, kept);
    Keep(s, std::move(trigger), kept);
    Keep(s, std::move(e), kept);
    s.breaker = kept.size() - 1;
    return;
  }
  if (StopsFolding(e.kind)) {
    KeepHeld(s, kept);
    s.breaker.reset();
    s.last_relevant_order = e.order;
    if (e.time.known()) s.last_relevant_ms = e.time.ms;
  }
  Keep(s, std::move(e), kept);
}

void CheckpointFolder::Flush(std::vector<StoredEvent>& kept) {
  for (auto& [stream, s] : streams_) KeepHeld(s, kept);
}

}  // namespace flinkscan
