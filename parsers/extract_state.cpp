// Job and task state events: ExecutionGraph / Task transitions, deployments,
// failover and restart-strategy lines (flink-log-formats.md §4). The whole
// record text is searched: SQL job names carry newlines, so the words
// "switched from state" can sit on a continuation line of the record.

#include <algorithm>

#include "parsers/exception_chain.h"
#include "parsers/internal/extractors.h"
#include "parsers/internal/record_text.h"

namespace flinkscan::extract {
namespace {

using namespace text;  // NOLINT: the scanning vocabulary of this file

constexpr std::string_view kJobSwitch = " switched from state ";
constexpr std::string_view kTaskSwitch = " switched from ";

// Reads "Job <name> (<job id>) switched from state <FROM> to <TO>" around the
// position of kJobSwitch. Leaves the fields it could not read empty.
bool ReadJobSwitch(const RecordView& record, size_t switch_at, Event& out) {
  const std::string_view s = record.text;
  // "(<32 hex>)" right before the switch.
  if (switch_at < 34 || s[switch_at - 1] != ')' || s[switch_at - 34] != '(') return false;
  out.job_id = JobIdAt(s, switch_at - 33);
  if (out.job_id.empty()) return false;
  const size_t name_end = switch_at - 34;  // at the ' ' before '(' (or 0)
  const size_t message = MessageStart(s, record.header.message);
  if (s.substr(message).starts_with("Job ") && message + 4 <= name_end && name_end > 0 &&
      s[name_end - 1] != '\n') {
    out.job_name = TrimRight(s.substr(message + 4, name_end - (message + 4)));
  }
  const size_t from = switch_at + kJobSwitch.size();
  out.from_state = UpperWordAt(s, from);
  const size_t to = from + out.from_state.size();
  if (out.from_state.empty() || !s.substr(to).starts_with(" to ")) return false;
  out.to_state = UpperWordAt(s, to + 4);
  return !out.to_state.empty();
}

// Reads "<name> (<i>/<n>)[#<k>] (<attempt id>)" that ends right before `end`
// (the position of " switched from" or " (attempt #"): fills attempt_id when
// `with_attempt_id`, subtask, parallelism, attempt_number and task_name.
// `name_start` is where the task name begins.
bool ReadTaskIdentity(std::string_view s, size_t name_start, size_t end, bool with_attempt_id, Event& out) {
  size_t suffix_end = end;
  if (with_attempt_id) {
    if (end == 0 || s[end - 1] != ')') return false;
    const size_t open = s.rfind('(', end - 1);
    if (open == kNpos || open < name_start + 1 || s[open - 1] != ' ') return false;
    out.attempt_id = AttemptIdAt(s, open + 1);
    if (out.attempt_id.size() != end - 1 - (open + 1)) return false;
    suffix_end = open - 1;
  }
  const size_t suffix_start =
      SubtaskSuffixStart(s, suffix_end, out.subtask, out.parallelism, out.attempt_number);
  if (suffix_start == kNpos || suffix_start < name_start) return false;
  out.task_name = s.substr(name_start, suffix_start - name_start);
  return !out.task_name.empty();
}

}  // namespace

// "Job <name> (<id>) switched from state <FROM> to <TO>." — the throwable, if
// any, starts on the next line.
Status JobTransition(const RecordView& record, Event& out) {
  const size_t at = record.text.find(kJobSwitch);
  if (at == kNpos) return Status::Error("no 'switched from state'");
  if (!ReadJobSwitch(record, at, out))
    return Status::Error("malformed 'Job <name> (<id>) switched from state X to Y'");
  out.exception = ParseExceptionChain(record.text);
  return Status::Ok();
}

// "Job <id> reached terminal state <STATE>." / "… reached globally terminal state …" (Dispatcher).
Status JobTerminal(const RecordView& record, Event& out) {
  const std::string_view s = record.text;
  const size_t reached = s.find(" reached ");
  if (reached == kNpos || reached < 32) return Status::Error("no 'reached … terminal state'");
  out.job_id = JobIdAt(s, reached - 32);
  if (out.job_id.empty()) return Status::Error("no job id before 'reached'");
  const size_t state = After(s, "terminal state ", reached);
  if (state == kNpos || (out.to_state = UpperWordAt(s, state)).empty())
    return Status::Error("no terminal state");
  return Status::Ok();
}

// JobManager: "<task> (<i>/<n>) (<attempt>) switched from <FROM> to <TO>[ on <location>]."
// TaskManager: "<task> (<i>/<n>)#<k> (<attempt>) switched from <FROM> to <TO>[ with failure cause:[
// <throwable>]]"
Status TaskTransition(const RecordView& record, Event& out) {
  const std::string_view s = record.text;
  size_t at = s.find(kTaskSwitch);
  // Job lines say "switched from state"; a task line never does.
  while (at != kNpos && s.substr(at).starts_with(kJobSwitch)) at = s.find(kTaskSwitch, at + 1);
  if (at == kNpos) return Status::Error("no 'switched from'");
  const size_t line_start = LineStart(s, at);
  const size_t message = MessageStart(s, record.header.message);
  const size_t name_start = message <= at ? std::max(message, line_start) : line_start;
  if (!ReadTaskIdentity(s, name_start, at, /*with_attempt_id=*/true, out)) {
    return Status::Error("malformed '<task> (i/n) (<attempt id>) switched from'");
  }
  const size_t from = at + kTaskSwitch.size();
  out.from_state = UpperWordAt(s, from);
  const size_t to = from + out.from_state.size();
  if (out.from_state.empty() || !s.substr(to).starts_with(" to ")) return Status::Error("no 'from X to Y'");
  out.to_state = UpperWordAt(s, to + 4);
  if (out.to_state.empty()) return Status::Error("no target state");

  const size_t after = to + 4 + out.to_state.size();
  const std::string_view tail = s.substr(after, LineEnd(s, after) - after);
  std::string_view inline_throwable;
  if (tail.starts_with(" on ")) {
    out.location = DropFinalPeriod(RestOfLine(s, after + 4));
  } else if (tail.starts_with(" with failure cause:")) {
    // 1.13–1.14 print the throwable's first line inline; later versions
    // start it on the next line.
    size_t cause = after + 20;
    while (cause < s.size() && s[cause] == ' ') ++cause;
    inline_throwable = RestOfLine(s, cause);
  }
  out.exception = ParseExceptionChain(s, inline_throwable);
  return Status::Ok();
}

// >= 1.12: "Deploying <task> (<i>/<n>) (attempt #<k>) with attempt id <id> to <location> with allocation id <id>"
// >= 1.16: "... with attempt id <id> and vertex id <vertex>_<subtask> to <location> with allocation id <id>"
// 1.10:    "Deploying <task> (<i>/<n>) (attempt #<k>) to <tm id> @ <host> (dataPort=<p>)"
Status TaskDeployed(const RecordView& record, Event& out) {
  const std::string_view s = record.text;
  const size_t attempt = s.find(" (attempt #");
  if (attempt == kNpos) return Status::Error("no '(attempt #'");
  const size_t line_start = LineStart(s, attempt);
  size_t name_start = s.find("Deploying ", line_start);
  if (name_start == kNpos || name_start > attempt) return Status::Error("no 'Deploying '");
  name_start += 10;
  if (!ReadTaskIdentity(s, name_start, attempt, /*with_attempt_id=*/false, out)) {
    return Status::Error("malformed 'Deploying <task> (i/n) (attempt #k)'");
  }
  const std::string_view number = DigitsAt(s, attempt + 11);
  if (!ParseInt(number, out.attempt_number)) return Status::Error("no attempt number");
  size_t pos = attempt + 11 + number.size();
  if (!s.substr(pos).starts_with(") ")) return Status::Error("no ')' after the attempt number");
  pos += 2;
  if (s.substr(pos).starts_with("with attempt id ")) {
    pos += 16;
    out.attempt_id = AttemptIdAt(s, pos);
    pos += out.attempt_id.size();
    if (s.substr(pos).starts_with(" ")) ++pos;
    if (s.substr(pos).starts_with("and vertex id ")) {
      pos += 14;
      pos += AttemptIdAt(s, pos).size();  // "<vertex id>_<subtask>": same token shape as an attempt id
      if (s.substr(pos).starts_with(" ")) ++pos;
    }
  }
  if (!s.substr(pos).starts_with("to ")) return Status::Error("no 'to <location>'");
  pos += 3;
  std::string_view location = RestOfLine(s, pos);
  const size_t allocation = location.find(" with allocation id ");
  if (allocation != kNpos) location = location.substr(0, allocation);
  out.location = location;
  return Status::Ok();
}

// "Task '<task> (i/n)#k' did not react to cancelling signal for <n> seconds, but is stuck in method:"
// "Task '<task> (i/n)#k' did not react to cancelling signal - interrupting; it is stuck for <n> seconds in
// method:" "Task '<task>' did not react to cancelling signal, but is stuck in method:"   (old, no seconds)
Status TaskStuck(const RecordView& record, Event& out) {
  const std::string_view s = record.text;
  const size_t phrase = s.find(" did not react to cancelling signal");
  if (phrase == kNpos) return Status::Error("no 'did not react to cancelling signal'");
  const size_t line_start = LineStart(s, phrase);
  const size_t task = s.rfind("Task ", phrase);
  if (task == kNpos || task < line_start) return Status::Error("no 'Task <name>'");
  size_t name_start = task + 5;
  size_t name_end = phrase;
  if (name_start < name_end && s[name_start] == '\'' && s[name_end - 1] == '\'') {
    ++name_start;
    --name_end;
  }
  const size_t suffix = SubtaskSuffixStart(s, name_end, out.subtask, out.parallelism, out.attempt_number);
  out.task_name =
      s.substr(name_start, (suffix == kNpos || suffix < name_start ? name_end : suffix) - name_start);
  const std::string_view line = s.substr(0, LineEnd(s, phrase));
  size_t seconds = After(line, " for ", phrase);
  if (seconds != kNpos) ParseInt(DigitsAt(s, seconds), out.count);
  return Status::Ok();
}

// "<n> tasks should be restarted to recover the failed task <vertex>_<subtask>." (trailing space up to 1.12)
Status RegionFailover(const RecordView& record, Event& out) {
  const std::string_view s = record.text;
  constexpr std::string_view kPhrase = " tasks should be restarted to recover the failed task ";
  const size_t phrase = s.find(kPhrase);
  if (phrase == kNpos) {
    // "Calculating tasks to restart to recover the failed task {}." opens the
    // failover; the count comes only with the next line.
    const size_t calculating = After(s, "Calculating tasks to restart to recover the failed task ");
    if (calculating == kNpos) return Status::Error("no 'tasks should be restarted'");
    out.task_name = DropFinalPeriod(RestOfLine(s, calculating));
    return Status::Ok();
  }
  size_t digits = phrase;
  while (digits > 0 && IsDigit(s[digits - 1])) --digits;
  if (!ParseInt(s.substr(digits, phrase - digits), out.count)) return Status::Error("no task count");
  out.task_name = DropFinalPeriod(RestOfLine(s, phrase + kPhrase.size()));
  return Status::Ok();
}

// "Trying to recover from a global failure." — the cause starts on the next line.
Status GlobalFailover(const RecordView& record, Event& out) {
  if (record.text.find("Trying to recover from a global failure") == kNpos) {
    return Status::Error("no 'Trying to recover from a global failure'");
  }
  out.exception = ParseExceptionChain(record.text);
  return Status::Ok();
}

// ">= 1.10: "JobException: Recovery is suppressed by <restart strategy>" — usually
// the throwable of "Job … switched from state RUNNING to FAILING.".
// <= 1.9: "Could not restart the job <name> (<id>) because the restart strategy prevented it."
Status RestartExhausted(const RecordView& record, Event& out) {
  const std::string_view s = record.text;
  const size_t suppressed = After(s, "Recovery is suppressed by ");
  if (suppressed != kNpos) {
    out.reason = RestOfLine(s, suppressed);
    const size_t job_switch = s.find(kJobSwitch);
    if (job_switch != kNpos) {
      Event job;  // the identity of the failing job, when this is its transition record
      if (ReadJobSwitch(record, job_switch, job)) {
        out.job_id = job.job_id;
        out.job_name = job.job_name;
      }
    }
  } else {
    constexpr std::string_view kPrevented = ") because the restart strategy prevented it";
    const size_t prevented = s.find(kPrevented);
    if (prevented == kNpos || prevented < 33)
      return Status::Error("no 'Recovery is suppressed by' nor 'restart strategy prevented it'");
    out.job_id = JobIdAt(s, prevented - 32);
    if (out.job_id.empty() || s[prevented - 33] != '(') return Status::Error("no job id");
    out.reason = DropFinalPeriod(RestOfLine(s, prevented + 10));
    const size_t name = After(s, "Could not restart the job ");
    if (name != kNpos && name + 1 < prevented - 33) out.job_name = s.substr(name, prevented - 34 - name);
  }
  out.exception = ParseExceptionChain(s);
  return Status::Ok();
}

// "Transitioning from Stabilizing to Transitioning, job <id>." (adaptive scheduler rescale)
Status Rescale(const RecordView& record, Event& out) {
  const std::string_view s = record.text;
  const size_t phrase = s.find("Transitioning from Stabilizing to Transitioning");
  if (phrase == kNpos) return Status::Error("no 'Transitioning from Stabilizing to Transitioning'");
  const size_t job = After(s.substr(0, LineEnd(s, phrase)), ", job ", phrase);
  if (job != kNpos) out.job_id = JobIdAt(s, job);
  return Status::Ok();
}

}  // namespace flinkscan::extract
