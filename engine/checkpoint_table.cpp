#include "engine/checkpoint_table.h"

#include <map>
#include <utility>

#include "engine/internal/text_match.h"

namespace flinkscan {
namespace {

using text::Contains;

bool IsFailedStatus(const std::string& status) { return status != "completed" && status != "pending"; }

std::string ThrowableReason(const StoredThrowable& t) {
  if (!t.present) return "";
  if (!t.root_message.empty()) return t.root_class + ": " + t.root_message;
  return t.root_class;
}

}  // namespace

std::string ClassifyCheckpointFailure(const std::string& reason, const StoredThrowable& exception) {
  std::string text = reason;
  for (const std::string& link : exception.chain) text += "\n" + link;
  if (Contains(text, "expired before completing") || Contains(text, "CHECKPOINT_EXPIRED")) return "timeout";
  if (Contains(text, "not running") || Contains(text, "Not all required tasks") || Contains(text, "not being executed") ||
      Contains(text, "TaskNotReady") || Contains(text, "tasks not ready")) {
    return "tasks_not_running";
  }
  static constexpr std::string_view kStorage[] = {"s3",         "S3",         "hdfs",          "HDFS",
                                                  "oss",        "OSS",        "FileSystem",    "AmazonS3",
                                                  "hadoop.fs",  "gcs",        "azure",         "No space left",
                                                  "IOException", "Could not flush", "Could not open output stream"};
  for (std::string_view k : kStorage) {
    if (Contains(text, k)) return "external_storage";
  }
  if (Contains(text, "larger than the maximum") || Contains(text, "exceeds the maximum") || Contains(text, "framesize") ||
      Contains(text, "MaxFrameSize") || Contains(text, "too large")) {
    return "state_size";
  }
  if (Contains(text, "declined") || Contains(text, "Decline")) return "declined";
  if (Contains(text, "failover") || Contains(text, "Task has failed") || Contains(text, "suspending")) return "failover";
  return "other";
}

std::vector<CheckpointState> TrackCheckpoints(const std::vector<StoredEvent>& sorted) {
  std::vector<CheckpointState> out;
  std::map<std::pair<std::string, int64_t>, size_t> by_key;  // (job, id) -> index in out

  auto find = [&](const StoredEvent& e) -> CheckpointState* {
    auto it = by_key.find({e.job_id, e.checkpoint_id});
    if (it != by_key.end()) return &out[it->second];
    if (e.job_id.empty()) {  // pre-1.3 completion lines carry no job id
      for (auto& [key, index] : by_key) {
        if (key.second == e.checkpoint_id) return &out[index];
      }
    }
    return nullptr;
  };
  auto create = [&](const StoredEvent& e, std::string status) -> CheckpointState& {
    CheckpointState state;
    state.job_id = e.job_id;
    state.id = e.checkpoint_id;
    state.status = std::move(status);
    if (e.checkpoint_kind != CheckpointKind::kUnknown) state.kind = e.checkpoint_kind;
    out.push_back(std::move(state));
    if (e.checkpoint_id >= 0) by_key[{e.job_id, e.checkpoint_id}] = out.size() - 1;
    return out.back();
  };
  auto finish = [](CheckpointState& s, const StoredEvent& e, std::string status, std::string reason) {
    s.status = std::move(status);
    s.end = &e;
    if (!reason.empty()) s.reason = std::move(reason);
    s.evidence.push_back(&e);
  };

  for (const StoredEvent& e : sorted) {
    switch (e.kind) {
      case EventKind::kCheckpointTriggered: {
        CheckpointState* s = find(e);
        if (!s) s = &create(e, "pending");
        s->trigger = &e;
        if (e.checkpoint_kind != CheckpointKind::kUnknown) s->kind = e.checkpoint_kind;
        s->evidence.push_back(&e);
        break;
      }
      case EventKind::kCheckpointCompleted: {
        CheckpointState* s = find(e);
        if (!s) s = &create(e, "pending");
        finish(*s, e, "completed", "");
        s->duration_ms = e.duration_ms;
        s->size_bytes = e.size_bytes;
        s->finalization_ms = e.finalization_ms;
        s->reason.clear();
        s->folded_completions = e.folded_checkpoints;
        s->folded_max_duration_ms = e.folded_max_duration_ms;
        s->folded_times = e.folded_times.empty() ? nullptr : &e.folded_times;
        break;
      }
      case EventKind::kCheckpointExpired: {
        CheckpointState* s = find(e);
        if (!s) s = &create(e, "pending");
        finish(*s, e, "expired", "Checkpoint expired before completing.");
        break;
      }
      case EventKind::kCheckpointDeclined: {
        CheckpointState* s = find(e);
        if (!s) s = &create(e, "pending");
        if (s->status == "pending") {
          std::string reason = e.reason.empty() ? "Checkpoint was declined." : e.reason;
          if (e.exception.present) reason = ThrowableReason(e.exception);
          finish(*s, e, "declined", reason);
        } else {
          s->evidence.push_back(&e);
        }
        break;
      }
      case EventKind::kCheckpointAborted:
      case EventKind::kCheckpointFailed: {
        CheckpointState* s = e.checkpoint_id >= 0 ? find(e) : nullptr;
        std::string reason = ThrowableReason(e.exception);
        if (reason.empty()) reason = e.reason;
        if (s && IsFailedStatus(s->status)) {
          // Already ended (expired/declined): this line explains it.
          s->evidence.push_back(&e);
          if (e.exception.present && (s->reason.empty() || s->status == "declined")) s->reason = reason;
          break;
        }
        if (!s) s = &create(e, "pending");
        const bool no_id = e.checkpoint_id < 0;
        std::string status = e.kind == EventKind::kCheckpointAborted || no_id ? "aborted" : "failed";
        // "Checkpoint expired before completing." as the failure reason is an expiry.
        if (reason.find("expired before completing") != std::string::npos) status = "expired";
        finish(*s, e, status, reason);
        break;
      }
      case EventKind::kJobTransition: {
        // A failover discards the job's pending checkpoints.
        if (e.to_state == "RESTARTING" || e.to_state == "FAILING" || e.to_state == "FAILED" ||
            e.to_state == "CANCELLING" || e.to_state == "CANCELED" || e.to_state == "SUSPENDED") {
          for (CheckpointState& s : out) {
            if (s.status == "pending" && s.job_id == e.job_id) {
              finish(s, e, "aborted", "discarded: job switched to " + e.to_state);
              s.reason_class = "failover";
            }
          }
        }
        break;
      }
      default:
        break;
    }
  }
  for (CheckpointState& s : out) {
    if (IsFailedStatus(s.status) && s.reason_class.empty()) {
      const StoredThrowable none;
      const StoredThrowable& t = s.end ? s.end->exception : none;
      s.reason_class = s.status == "expired" ? "timeout" : ClassifyCheckpointFailure(s.reason, t);
      if (s.reason_class == "other" && s.status == "declined") s.reason_class = "declined";
    }
  }
  return out;
}

CheckpointSummary SummarizeCheckpoints(const std::vector<CheckpointState>& checkpoints, const EventFormatter& fmt,
                                       size_t max_items) {
  CheckpointSummary summary;
  for (const CheckpointState& s : checkpoints) {
    if (s.status == "completed") {
      ++summary.completed;
      if (s.duration_ms >= 0 && (!summary.max_duration_ms || s.duration_ms > *summary.max_duration_ms)) {
        summary.max_duration_ms = s.duration_ms;
      }
    } else if (s.status == "pending") {
      ++summary.pending;
    } else {
      ++summary.failed;
    }
    if (s.kind == CheckpointKind::kSavepoint) ++summary.savepoints;
    if (s.folded_completions > 0) {
      summary.completed += s.folded_completions;
      summary.items_dropped += s.folded_completions;
      if (!summary.max_duration_ms || s.folded_max_duration_ms > *summary.max_duration_ms) {
        summary.max_duration_ms = s.folded_max_duration_ms;
      }
    }
    if (summary.items.size() >= max_items) {
      ++summary.items_dropped;
      continue;
    }
    CheckpointItem item;
    item.job_id = s.job_id;
    if (s.id >= 0) item.id = s.id;
    item.kind = s.kind == CheckpointKind::kSavepoint ? "savepoint" : "checkpoint";
    item.status = s.status;
    if (s.trigger) item.trigger_time = fmt.Time(*s.trigger);
    if (s.end) item.end_time = fmt.Time(*s.end);
    if (s.duration_ms >= 0) item.duration_ms = s.duration_ms;
    if (s.size_bytes >= 0) item.size_bytes = s.size_bytes;
    if (s.finalization_ms >= 0) item.finalization_ms = s.finalization_ms;
    item.reason = s.reason;
    const StoredEvent* where = s.end ? s.end : s.trigger;
    if (!where && !s.evidence.empty()) where = s.evidence.front();
    if (where) {
      item.source = fmt.Source(where->stream);
      item.line = where->line;
    }
    summary.items.push_back(std::move(item));
  }
  return summary;
}

}  // namespace flinkscan
