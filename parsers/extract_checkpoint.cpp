// Checkpoint events (CheckpointCoordinator, CheckpointFailureManager). The
// wording changed across Flink versions (flink-log-formats.md §3); each
// extractor accepts every form the catalog nominates. The whole record text
// is searched: the message may continue on later lines and the cause of a
// failure always does.

#include "parsers/exception_chain.h"
#include "parsers/internal/extractors.h"
#include "parsers/internal/record_text.h"

namespace flinkscan::extract {
namespace {

using namespace text;  // NOLINT: the scanning vocabulary of this file

// The id after `prefix` ("Completed checkpoint 12…"): its digits, or "" when absent.
std::string_view IdAfter(std::string_view s, std::string_view prefix, size_t& pos) {
  pos = After(s, prefix);
  if (pos == kNpos) return {};
  const std::string_view digits = DigitsAt(s, pos);
  pos += digits.size();
  return digits;
}

bool SetCheckpointId(std::string_view digits, Event& out) { return ParseInt(digits, out.checkpoint_id); }

// "… of job <id>" / "… for job <id>" after `from`; "" when absent.
std::string_view JobIdAfter(std::string_view s, std::string_view marker, size_t from) {
  const size_t at = After(s, marker, from);
  return at == kNpos ? std::string_view() : JobIdAt(s, at);
}

// The message of the first CheckpointException in the record, falling back
// to the first throwable's message: what a user needs to see as the reason.
std::string_view FailureReason(std::string_view s, const ExceptionChain& chain) {
  const size_t at = After(s, "CheckpointException: ");
  if (at != kNpos) return RestOfLine(s, at);
  if (chain.present) {
    if (!chain.outer.message.empty()) return chain.outer.message;
    return chain.outer.class_name;
  }
  return {};
}

// The message of the throwable that starts on the record's second line
// ("pkg.SomeException: message"), without relying on the chain parser.
std::string_view ThrowableMessageOnSecondLine(std::string_view s) {
  const size_t first_end = LineEnd(s, 0);
  if (first_end >= s.size()) return {};
  const size_t start = first_end + 1;
  const std::string_view line = RestOfLine(s, start);
  if (line.empty() || line.front() == ' ' || line.front() == '\t') return {};
  const size_t colon = line.find(": ");
  if (colon == kNpos) return {};
  return line.substr(colon + 2);
}

CheckpointKind KindFromTypeText(std::string_view type) {
  if (type.find("SAVEPOINT") != kNpos || type.find("Savepoint") != kNpos) return CheckpointKind::kSavepoint;
  return CheckpointKind::kCheckpoint;
}

}  // namespace

// "Triggering checkpoint <id> (type=<type>) @ <epoch> for job <job>."   (>= 1.11)
// "Triggering checkpoint <id> @ <epoch> for job <job>."                (<= 1.10)
Status CheckpointTriggered(const RecordView& record, Event& out) {
  const std::string_view s = record.text;
  size_t pos = 0;
  if (!SetCheckpointId(IdAfter(s, "Triggering checkpoint ", pos), out)) {
    return Status::Error("no checkpoint id after 'Triggering checkpoint'");
  }
  size_t at = kNpos;
  if (s.substr(pos).starts_with(" (type=")) {
    const size_t type_start = pos + 7;
    // The type text holds no " @ " but may hold parentheses and braces.
    const size_t type_end = s.find(") @ ", type_start);
    if (type_end == kNpos) return Status::Error("no ') @ <epoch>' after the checkpoint type");
    out.checkpoint_kind = KindFromTypeText(s.substr(type_start, type_end - type_start));
    at = type_end + 4;
  } else if (s.substr(pos).starts_with(" @ ")) {
    // Savepoints print the same line before 1.11: nothing tells them apart.
    out.checkpoint_kind = CheckpointKind::kCheckpoint;
    at = pos + 3;
  } else {
    return Status::Error("no ' @ <epoch>' after the checkpoint id");
  }
  if (!ParseInt(DigitsAt(s, at), out.epoch_ms)) return Status::Error("no epoch after '@'");
  out.job_id = JobIdAfter(s, " for job ", at);  // absent before Flink 1.2
  return Status::Ok();
}

// "Completed checkpoint <id> for job <job> (<n> bytes, checkpointDuration=<d> ms, finalizationTime=<f> ms)."
// "Completed checkpoint <id> for job <job> (<n> bytes in <d> ms)."
// "Completed checkpoint <id> (<n> bytes in <d> ms)." / "Completed checkpoint <id> (in <d> ms)"   (<= 1.2)
Status CheckpointCompleted(const RecordView& record, Event& out) {
  const std::string_view s = record.text;
  size_t pos = 0;
  if (!SetCheckpointId(IdAfter(s, "Completed checkpoint ", pos), out)) {
    return Status::Error("no checkpoint id after 'Completed checkpoint'");
  }
  if (s.substr(pos).starts_with(" for job ")) {
    out.job_id = JobIdAt(s, pos + 9);
    if (out.job_id.empty()) return Status::Error("malformed job id");
    pos += 9 + out.job_id.size();
  }
  if (!s.substr(pos).starts_with(" (")) return Status::Error("no '(' with the checkpoint figures");
  pos += 2;
  if (s.substr(pos).starts_with("in ")) {
    if (!ParseInt(DigitsAt(s, pos + 3), out.duration_ms)) return Status::Error("no duration");
    return Status::Ok();
  }
  const std::string_view bytes = DigitsAt(s, pos);
  if (!ParseInt(bytes, out.size_bytes)) return Status::Error("no size in bytes");
  pos += bytes.size();
  const std::string_view rest = s.substr(pos);
  if (rest.starts_with(" bytes in ")) {
    if (!ParseInt(DigitsAt(s, pos + 10), out.duration_ms)) return Status::Error("no duration");
    return Status::Ok();
  }
  const size_t duration = After(s, "checkpointDuration=", pos);
  if (duration == kNpos || !ParseInt(DigitsAt(s, duration), out.duration_ms)) {
    return Status::Error("no checkpointDuration");
  }
  const size_t finalization = After(s, "finalizationTime=", duration);
  if (finalization != kNpos) ParseInt(DigitsAt(s, finalization), out.finalization_ms);
  return Status::Ok();
}

// "Decline checkpoint <id> by task <attempt> of job <job>[ at <location>]."
Status CheckpointDeclined(const RecordView& record, Event& out) {
  const std::string_view s = record.text;
  size_t pos = 0;
  if (!SetCheckpointId(IdAfter(s, "Decline checkpoint ", pos), out)) {
    return Status::Error("no checkpoint id after 'Decline checkpoint'");
  }
  const size_t task = After(s, " by task ", pos);
  if (task == kNpos) return Status::Error("no ' by task '");
  out.attempt_id = AttemptIdAt(s, task);
  const size_t job = After(s, " of job ", task);
  if (job == kNpos || (out.job_id = JobIdAt(s, job)).empty()) return Status::Error("no job id");
  const size_t after_job = job + out.job_id.size();
  if (s.substr(after_job).starts_with(" at ")) {
    out.location = DropFinalPeriod(RestOfLine(s, after_job + 4));
  }
  out.exception = ParseExceptionChain(s);
  out.reason = FailureReason(s, out.exception);
  return Status::Ok();
}

// "Checkpoint <id> of job <job> expired before completing."
Status CheckpointExpired(const RecordView& record, Event& out) {
  const std::string_view s = record.text;
  const size_t phrase = s.find(" expired before completing");
  if (phrase == kNpos) return Status::Error("no 'expired before completing'");
  const size_t start = s.rfind("Checkpoint ", phrase);
  if (start == kNpos) return Status::Error("no 'Checkpoint <id>'");
  size_t pos = start + 11;
  const std::string_view digits = DigitsAt(s, pos);
  if (!SetCheckpointId(digits, out)) return Status::Error("no checkpoint id");
  out.job_id = JobIdAfter(s, " of job ", pos + digits.size());
  if (out.job_id.empty()) return Status::Error("no job id");
  return Status::Ok();
}

// "Failed to trigger or complete checkpoint <id|UNKNOWN_CHECKPOINT_ID> for job <job>. (<n> consecutive failed
// attempts so far)"  (>= 1.15) "Failed to trigger checkpoint for job <job> since <reason>." (>= 1.11, INFO)
// "Failed to trigger checkpoint <id> for job <job>. (<n> consecutive failed attempts so far)"    (1.11
// - 1.14) "Failed to trigger checkpoint for job <job> (<n> consecutive failed attempts so far)." (1.10)
// "Failed to trigger checkpoint (<n> consecutive failed attempts so far)"                         (<= 1.9)
Status CheckpointFailed(const RecordView& record, Event& out) {
  const std::string_view s = record.text;
  size_t pos = After(s, "Failed to trigger ");
  if (pos == kNpos) return Status::Error("no 'Failed to trigger'");
  if (s.substr(pos).starts_with("or complete ")) pos += 12;
  if (!s.substr(pos).starts_with("checkpoint"))
    return Status::Error("no 'checkpoint' after 'Failed to trigger'");
  pos += 10;
  if (s.substr(pos).starts_with(" ") && pos + 1 < s.size() && IsDigit(s[pos + 1])) {
    const std::string_view digits = DigitsAt(s, pos + 1);
    if (!SetCheckpointId(digits, out)) return Status::Error("bad checkpoint id");
    pos += 1 + digits.size();
  } else if (s.substr(pos).starts_with(" UNKNOWN_CHECKPOINT_ID")) {
    pos += 22;  // no id was assigned: checkpoint_id stays -1
  }
  if (s.substr(pos).starts_with(" for job ")) {
    out.job_id = JobIdAt(s, pos + 9);
    if (out.job_id.empty()) return Status::Error("malformed job id");
    pos += 9 + out.job_id.size();
  }
  const size_t line_end = LineEnd(s, pos);
  const std::string_view line = s.substr(0, line_end);
  if (line.substr(pos).starts_with(" since ")) {
    std::string_view reason = RestOfLine(s, pos + 7);
    // The reason already ends in '.', and the template adds another.
    if (reason.ends_with("..")) reason.remove_suffix(1);
    out.reason = reason;
  }
  const size_t consecutive = line.find(" consecutive failed attempts so far", pos);
  if (consecutive != kNpos) {
    size_t digits_start = consecutive;
    while (digits_start > 0 && IsDigit(s[digits_start - 1])) --digits_start;
    ParseInt(s.substr(digits_start, consecutive - digits_start), out.consecutive_failures);
  }
  out.exception = ParseExceptionChain(s);
  if (out.reason.empty()) out.reason = FailureReason(s.substr(line_end), out.exception);
  return Status::Ok();
}

// "Discarding checkpoint <id> of job <job>." with the cause on the next lines (<= 1.9).
Status CheckpointAborted(const RecordView& record, Event& out) {
  const std::string_view s = record.text;
  size_t pos = 0;
  if (!SetCheckpointId(IdAfter(s, "Discarding checkpoint ", pos), out)) {
    return Status::Error("no checkpoint id after 'Discarding checkpoint'");
  }
  out.job_id = JobIdAfter(s, " of job ", pos);
  if (out.job_id.empty()) return Status::Error("no job id");
  out.exception = ParseExceptionChain(s);
  out.reason = ThrowableMessageOnSecondLine(s);
  if (out.reason.empty() && out.exception.present) out.reason = out.exception.outer.message;
  return Status::Ok();
}

// "Restoring job <job> from <Type Name> <id> @ <epoch> for <job> located at <pointer>."   (>= 1.12)
// "Restoring job <job> from latest valid checkpoint: Checkpoint <id> @ <epoch> for <job>."  (<= 1.11)
Status CheckpointRestored(const RecordView& record, Event& out) {
  const std::string_view s = record.text;
  const size_t job = After(s, "Restoring job ");
  if (job == kNpos || (out.job_id = JobIdAt(s, job)).empty())
    return Status::Error("no job id after 'Restoring job'");
  size_t type_start = job + out.job_id.size();
  if (!s.substr(type_start).starts_with(" from ")) return Status::Error("no ' from '");
  type_start += 6;
  if (s.substr(type_start).starts_with("latest valid checkpoint: ")) type_start += 25;
  const size_t at = s.find(" @ ", type_start);
  if (at == kNpos || at > LineEnd(s, type_start)) return Status::Error("no '<id> @ <epoch>'");
  size_t id_start = at;
  while (id_start > type_start && IsDigit(s[id_start - 1])) --id_start;
  if (!SetCheckpointId(s.substr(id_start, at - id_start), out)) return Status::Error("no checkpoint id");
  // The type name CompletedCheckpoint prints: "Checkpoint", "Full Checkpoint", "Savepoint", "Suspend
  // Savepoint", …
  out.checkpoint_kind = KindFromTypeText(s.substr(type_start, id_start - type_start));
  if (!ParseInt(DigitsAt(s, at + 3), out.epoch_ms)) return Status::Error("no epoch after '@'");
  const size_t located = After(s, " located at ", at);
  if (located != kNpos && located <= LineEnd(s, at)) out.location = DropFinalPeriod(RestOfLine(s, located));
  return Status::Ok();
}

// "Received late message for now expired checkpoint attempt <id> from [task ]<attempt> of job <job>[ at
// <location>]."
Status CheckpointLateMessage(const RecordView& record, Event& out) {
  const std::string_view s = record.text;
  size_t pos = 0;
  if (!SetCheckpointId(IdAfter(s, "expired checkpoint attempt ", pos), out)) {
    return Status::Error("no checkpoint id after 'expired checkpoint attempt'");
  }
  size_t from = After(s, " from ", pos);
  if (from == kNpos) return Status::Error("no ' from '");
  if (s.substr(from).starts_with("task ")) from += 5;
  out.attempt_id = AttemptIdAt(s, from);
  out.job_id = JobIdAfter(s, " of job ", from);
  if (out.job_id.empty()) return Status::Error("no job id");
  const size_t location = After(s, " at ", from + out.attempt_id.size());
  if (location != kNpos && location <= LineEnd(s, from))
    out.location = DropFinalPeriod(RestOfLine(s, location));
  return Status::Ok();
}

}  // namespace flinkscan::extract
