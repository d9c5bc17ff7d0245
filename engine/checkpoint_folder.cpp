#include "engine/checkpoint_folder.h"

#include <algorithm>
#include <utility>

namespace flinkscan {
namespace {

// Events that take part in a checkpoint's life or end it (a job transition
// discards pending checkpoints): around one of these, pairs are kept whole or
// leave their times.
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

CheckpointFolder::CheckpointFolder(CheckpointFoldingRules rules) : rules_(rules) {
  rules_.lookback_pairs = std::max<size_t>(rules_.lookback_pairs, 1);
  scratch_ = NewSlot();
}

uint32_t CheckpointFolder::NewSlot() {
  slots_.emplace_back();
  return static_cast<uint32_t>(slots_.size() - 1);
}

CheckpointFolder::StreamState& CheckpointFolder::StateOf(uint32_t stream) {
  auto it = streams_.find(stream);
  if (it != streams_.end()) return it->second;
  StreamState& s = streams_[stream];
  s.open_trigger = NewSlot();
  for (size_t i = 0; i < 2 * rules_.lookback_pairs; ++i) s.ring.push_back(NewSlot());
  return s;
}

bool CheckpointFolder::IsRoutineCompletion(const StreamState& s, const StoredEvent& e) const {
  if (e.kind != EventKind::kCheckpointCompleted || !s.has_open) return false;
  const StoredEvent& trigger = slots_[s.open_trigger];
  return e.checkpoint_id == trigger.checkpoint_id && e.job_id == trigger.job_id &&
         e.checkpoint_kind != CheckpointKind::kSavepoint && e.time.known() && !e.exception.present &&
         e.duration_ms >= 0 && e.duration_ms <= rules_.routine_max_duration_ms;
}

void CheckpointFolder::Advance(StreamState& s, int64_t now_ms) {
  if (!s.started) {
    // A window from the stream's start may hold a failure the previous stream
    // (a rotated file) ended with: its pairs leave their times.
    s.started = true;
    s.last_relevant_ms = now_ms;
  }
  while (!s.unrecorded.empty() && s.unrecorded.front().end_ms < now_ms - rules_.failure_window_ms) {
    s.unrecorded.pop_front();
  }
}

void CheckpointFolder::JobTriggers::Kept(int64_t ms, size_t n) {
  if (earliest.size() < n) {
    earliest.push_back(ms);
    std::push_heap(earliest.begin(), earliest.end());
  } else if (n > 0 && ms < earliest.front()) {
    std::pop_heap(earliest.begin(), earliest.end());
    earliest.back() = ms;
    std::push_heap(earliest.begin(), earliest.end());
  }
}

bool CheckpointFolder::JobTriggers::HasNBefore(int64_t ms, size_t n) const {
  return earliest.size() >= n && (n == 0 || earliest.front() < ms);
}

void CheckpointFolder::Keep(StreamState& s, StoredEvent&& e, std::vector<StoredEvent>& kept) {
  if (e.kind == EventKind::kCheckpointTriggered && !e.job_id.empty() && e.time.known()) {
    JobTriggers* job = e.job_id == s.job && s.job_triggers != nullptr ? s.job_triggers : nullptr;
    if (job == nullptr) {
      auto it = jobs_.find(std::string_view(e.job_id));
      if (it == jobs_.end()) it = jobs_.emplace(e.job_id, JobTriggers{}).first;
      job = &it->second;
    }
    job->Kept(e.time.ms, rules_.keep_first_per_job);
  }
  kept.push_back(std::move(e));
}

void CheckpointFolder::FoldOldest(StreamState& s, std::vector<StoredEvent>& kept) {
  const size_t slot = 2 * s.head;
  const StoredEvent& trigger = slots_[s.ring[slot]];
  const StoredEvent& completion = slots_[s.ring[slot + 1]];
  StoredEvent& breaker = kept[*s.breaker];
  ++breaker.folded_checkpoints;
  breaker.folded_max_duration_ms = std::max(breaker.folded_max_duration_ms, completion.duration_ms);
  if (rules_.failure_window_ms > 0) {
    const FoldedCheckpointTime times{trigger.time.ms, completion.time.ms};
    if (completion.time.ms - s.last_relevant_ms <= rules_.failure_window_ms) {
      breaker.folded_times.push_back(times);
    } else {
      s.unrecorded.push_back(times);
    }
  }
  s.head = (s.head + 1) % rules_.lookback_pairs;
  --s.held_pairs;
  folded_events_ += 2;
}

void CheckpointFolder::RecordUnrecorded(StreamState& s, std::vector<StoredEvent>& kept) {
  // Whatever was folded since the last relevant event counts on the current breaker.
  if (!s.unrecorded.empty() && s.breaker) {
    std::vector<FoldedCheckpointTime>& times = kept[*s.breaker].folded_times;
    times.insert(times.end(), s.unrecorded.begin(), s.unrecorded.end());
  }
  s.unrecorded.clear();
}

void CheckpointFolder::KeepHeld(StreamState& s, std::vector<StoredEvent>& kept) {
  for (size_t i = 0; i < s.held_pairs; ++i) {
    const size_t slot = 2 * ((s.head + i) % rules_.lookback_pairs);
    Keep(s, std::move(slots_[s.ring[slot]]), kept);
    Keep(s, std::move(slots_[s.ring[slot + 1]]), kept);
  }
  s.head = 0;
  s.held_pairs = 0;
  if (s.has_open) Keep(s, std::move(slots_[s.open_trigger]), kept);
  s.has_open = false;
}

void CheckpointFolder::AddNext(std::vector<StoredEvent>& kept) {
  StoredEvent& e = slots_[scratch_];
  if (!StopsFolding(e.kind) && streams_.find(e.stream) == streams_.end()) {
    kept.push_back(std::move(e));
    return;
  }
  StreamState& s = StateOf(e.stream);
  if (!e.job_id.empty() && e.job_id != s.job) {
    // Job-less neighbours take their stream's latest job (Aggregator::Finalize):
    // what is folded must never have been that latest job.
    KeepHeld(s, kept);
    RecordUnrecorded(s, kept);
    s.breaker.reset();
    s.job = e.job_id;
    auto it = jobs_.find(std::string_view(s.job));
    if (it == jobs_.end()) it = jobs_.emplace(s.job, JobTriggers{}).first;
    s.job_triggers = &it->second;
  }
  if (e.time.known()) Advance(s, e.time.ms);

  if (CanOpen(e) && !s.has_open) {
    std::swap(s.open_trigger, scratch_);
    s.has_open = true;
    return;
  }
  if (IsRoutineCompletion(s, e)) {
    const bool foldable = s.breaker && s.job_triggers != nullptr &&
                          s.job_triggers->HasNBefore(slots_[s.open_trigger].time.ms, rules_.keep_first_per_job);
    if (foldable) {
      if (s.held_pairs == rules_.lookback_pairs) FoldOldest(s, kept);
      const size_t slot = 2 * ((s.head + s.held_pairs) % rules_.lookback_pairs);
      std::swap(s.ring[slot], s.open_trigger);
      std::swap(s.ring[slot + 1], scratch_);
      ++s.held_pairs;
      s.has_open = false;
      return;
    }
    // Kept whole: from now on it is the one routine completion that breaks
    // failure streaks and slow runs, and the folds that follow count on it.
    KeepHeld(s, kept);
    Keep(s, std::move(e), kept);
    s.breaker = kept.size() - 1;
    return;
  }
  if (StopsFolding(e.kind)) {
    KeepHeld(s, kept);
    RecordUnrecorded(s, kept);
    s.breaker.reset();
    if (e.time.known()) s.last_relevant_ms = e.time.ms;
  }
  Keep(s, std::move(e), kept);
}

void CheckpointFolder::Flush(std::vector<StoredEvent>& kept) {
  for (auto& [stream, s] : streams_) {
    // A stream's last window may share a failure-rate window with the next
    // stream of the job (a rotated file).
    KeepHeld(s, kept);
    RecordUnrecorded(s, kept);
  }
}

}  // namespace flinkscan
