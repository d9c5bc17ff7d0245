// checkpoint_failures (one per streak of failed checkpoints of a job),
// slow_checkpoint (one per run of completed checkpoints over the threshold) and
// job_stall (checkpoints still triggered but none completing by the end of the
// input; RefineDiagnoses tells backpressure from a stuck checkpoint).

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "engine/diagnosis.h"
#include "engine/internal/incident_parts.h"

namespace flinkscan::incident {
namespace {

bool Failed(const CheckpointState& s) { return s.status != "completed" && s.status != "pending"; }

std::string IdRange(const std::vector<const CheckpointState*>& run) {
  int64_t lo = -1, hi = -1;
  for (const CheckpointState* s : run) {
    if (s->id < 0) continue;
    lo = lo < 0 ? s->id : std::min(lo, s->id);
    hi = std::max(hi, s->id);
  }
  if (lo < 0) return "";
  return lo == hi ? std::to_string(lo) : fmt::format("{}–{}", lo, hi);
}

const StoredEvent* FirstEvent(const CheckpointState& s) {
  if (s.trigger) return s.trigger;
  if (!s.evidence.empty()) return s.evidence.front();
  return s.end;
}

void EmitStreak(const std::vector<const CheckpointState*>& run, const CheckpointGrowth& growth,
                const EventFormatter& fmt, const AggregatorOptions& options, std::vector<Incident>& out) {
  if (run.empty()) return;
  // Failures that only mirror a failover are told by the failover incident.
  std::map<std::string, int> reasons;
  size_t own = 0;
  for (const CheckpointState* s : run) {
    ++reasons[s->reason_class];
    if (s->reason_class != "failover") ++own;
  }
  if (own == 0) return;
  std::string dominant;
  int best = 0;
  for (const auto& [reason, count] : reasons) {
    if (reason != "failover" && count > best) {
      best = count;
      dominant = reason;
    }
  }
  const StoredEvent* first = FirstEvent(*run.front());
  if (!first) return;
  Incident inc = Start("checkpoint_failures", "warning", *first, fmt);
  inc.job_id = run.front()->job_id;
  if (!inc.job_id.empty()) inc.scope.job_id = inc.job_id;
  for (const CheckpointState* s : run) {
    for (const StoredEvent* e : s->evidence) {
      if (e != s->trigger) AddEvidence(inc, fmt, *e, options.max_evidence);
    }
    if (s->end) {
      SetEnd(inc, *s->end, fmt);
      inc.end_sort_time_ms = s->end->sort_key;
    }
  }
  const StoredThrowable* cause = nullptr;
  for (const CheckpointState* s : run) {
    if (s->end && s->end->exception.present && s->reason_class == dominant) {
      cause = &s->end->exception;
      break;
    }
  }
  inc.diagnosis = DiagnoseCheckpointFailures(dominant, cause, growth);
  if (growth.Growing()) {
    AddFact(inc, "size_growth_bytes", fmt::format("{} -> {}", growth.first_bytes, growth.last_bytes));
  }
  std::string reason_list;
  for (const auto& [reason, count] : reasons) {
    reason_list += (reason_list.empty() ? "" : ", ") + fmt::format("{} {}", reason, count);
  }
  const std::string ids = IdRange(run);
  inc.title = fmt::format("{} checkpoint{} failed in a row{}{} ({})", run.size(), run.size() == 1 ? "" : "s",
                          ids.empty() ? "" : ": " + ids, inc.job_id.empty() ? "" : " of job " + inc.job_id,
                          reason_list);
  AddFact(inc, "failures", std::to_string(run.size()));
  if (!ids.empty()) AddFact(inc, "checkpoint_ids", ids);
  AddFact(inc, "reasons", reason_list);
  const CheckpointState* last = run.back();
  if (!last->reason.empty()) AddFact(inc, "last_reason", last->reason);
  for (const CheckpointState* s : run) {
    if (s->end && s->end->exception.present) {
      inc.root_cause = MakeRootCause(s->end->exception);
      break;
    }
  }
  out.push_back(std::move(inc));
}

void EmitSlow(const std::vector<const CheckpointState*>& run, const EventFormatter& fmt,
              const AggregatorOptions& options, std::vector<Incident>& out) {
  if (run.empty()) return;
  const StoredEvent* first = FirstEvent(*run.front());
  if (!first) return;
  Incident inc = Start("slow_checkpoint", "warning", *first, fmt);
  inc.job_id = run.front()->job_id;
  if (!inc.job_id.empty()) inc.scope.job_id = inc.job_id;
  int64_t max_ms = 0;
  for (const CheckpointState* s : run) {
    max_ms = std::max(max_ms, s->duration_ms);
    if (s->end) {
      AddEvidence(inc, fmt, *s->end, options.max_evidence);
      SetEnd(inc, *s->end, fmt);
    }
  }
  const std::string ids = IdRange(run);
  inc.title = fmt::format("{} slow checkpoint{}{} (max {}, threshold {})", run.size(), run.size() == 1 ? "" : "s",
                          ids.empty() ? "" : ": " + ids, FormatDuration(max_ms),
                          FormatDuration(options.slow_checkpoint_ms));
  inc.diagnosis = {"slow_checkpoint",
                   "Checkpoints complete but take long: barriers travel slowly (backpressure) or snapshots/uploads "
                   "are slow.",
                   "Check backpressure and checkpoint alignment time in the Web UI/metrics; consider unaligned "
                   "checkpoints, incremental RocksDB checkpoints, or faster checkpoint storage."};
  AddFact(inc, "checkpoints", std::to_string(run.size()));
  AddFact(inc, "max_duration_ms", std::to_string(max_ms));
  if (!ids.empty()) AddFact(inc, "checkpoint_ids", ids);
  out.push_back(std::move(inc));
}

// Triggers keep coming after the last completion, and none of them ends.
void EmitStall(const std::vector<const CheckpointState*>& pending, const EventFormatter& fmt,
               const AggregatorOptions& options, std::vector<Incident>& out) {
  constexpr size_t kMinPending = 3;
  if (pending.size() < kMinPending || !pending.front()->trigger) return;
  Incident inc = Start("job_stall", "warning", *pending.front()->trigger, fmt);
  inc.job_id = pending.front()->job_id;
  if (!inc.job_id.empty()) inc.scope.job_id = inc.job_id;
  for (const CheckpointState* s : pending) {
    if (!s->trigger) continue;
    AddEvidence(inc, fmt, *s->trigger, options.max_evidence);
    SetEnd(inc, *s->trigger, fmt);
    inc.end_sort_time_ms = s->trigger->sort_key;
  }
  const std::string ids = IdRange(pending);
  inc.title = fmt::format("Job stall: {} checkpoints triggered{} and none completed by the end of the input",
                          pending.size(), ids.empty() ? "" : " (" + ids + ")");
  inc.diagnosis = {"checkpoint_stuck",
                   "Checkpoints are triggered but none completes: barriers do not reach every task (backpressure) "
                   "or a snapshot hangs.",
                   "Open the pending checkpoint's details in the Web UI to find the subtask that has not "
                   "acknowledged; check backpressure and take a thread dump of its TaskManager."};
  AddFact(inc, "pending_checkpoints", std::to_string(pending.size()));
  if (!ids.empty()) AddFact(inc, "checkpoint_ids", ids);
  out.push_back(std::move(inc));
}

CheckpointGrowth GrowthOf(const std::vector<const CheckpointState*>& completed) {
  CheckpointGrowth g;
  constexpr size_t kLookBack = 5;
  const size_t from = completed.size() > kLookBack ? completed.size() - kLookBack : 0;
  for (size_t i = from; i < completed.size(); ++i) {
    const CheckpointState* s = completed[i];
    if (s->size_bytes < 0) continue;
    if (g.checkpoints++ == 0) {
      g.first_bytes = s->size_bytes;
      g.first_ms = s->duration_ms;
    }
    g.last_bytes = s->size_bytes;
    g.last_ms = s->duration_ms;
  }
  return g;
}

}  // namespace

void AddCheckpointIncidents(const std::vector<CheckpointState>& checkpoints, const EventFormatter& fmt,
                            const AggregatorOptions& options, std::vector<Incident>& out) {
  std::map<std::string, std::vector<const CheckpointState*>> by_job;
  for (const CheckpointState& s : checkpoints) by_job[s.job_id].push_back(&s);
  for (const auto& [job, list] : by_job) {
    std::vector<const CheckpointState*> streak, slow, completed, pending;
    for (const CheckpointState* s : list) {
      if (s->kind == CheckpointKind::kCheckpoint && s->status == "pending") {
        pending.push_back(s);
      } else if (s->status == "completed") {
        pending.clear();
      }
      if (Failed(*s)) {
        streak.push_back(s);
      } else if (s->status == "completed") {
        EmitStreak(streak, GrowthOf(completed), fmt, options, out);
        streak.clear();
        completed.push_back(s);
      }
      if (s->status == "completed" && s->duration_ms > options.slow_checkpoint_ms) {
        slow.push_back(s);
      } else if (s->status == "completed") {
        EmitSlow(slow, fmt, options, out);
        slow.clear();
      }
    }
    EmitStreak(streak, GrowthOf(completed), fmt, options, out);
    EmitSlow(slow, fmt, options, out);
    EmitStall(pending, fmt, options, out);
  }
}

}  // namespace flinkscan::incident
