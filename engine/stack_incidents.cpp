#include "engine/stack_incidents.h"

#include <cstdint>
#include <string>

namespace flinkscan {
namespace {

// The incident ordering axis: UTC milliseconds when the stream's zone is known.
int64_t SortTime(const EventFormatter& fmt, uint32_t stream, WallTime t) {
  if (!t.known()) return INT64_MAX;
  const std::optional<int32_t> offset = fmt.Stream(stream).resolution.offset_minutes;
  return t.ms - int64_t{offset.value_or(0)} * 60'000;
}

std::string JoinFrames(const std::vector<std::string>& frames) {
  std::string out;
  for (const std::string& f : frames) {
    if (!out.empty()) out += " <- ";
    out += f;
  }
  return out;
}

void AddRow(Incident& incident, const EventFormatter& fmt, uint32_t stream, uint64_t line, WallTime time,
            std::string text, size_t max_evidence) {
  if (incident.evidence.size() >= max_evidence) {
    ++incident.evidence_dropped;
    return;
  }
  Evidence ev;
  ev.source = fmt.Source(stream);
  ev.line = line;
  ev.time = time.known() ? fmt.Time(stream, time) : "";
  ev.text = std::move(text);
  incident.evidence.push_back(std::move(ev));
}

void SetScope(Incident& incident, const EventFormatter& fmt, uint32_t stream) {
  const StreamAccount& s = fmt.Stream(stream);
  if (!s.host.empty()) incident.scope.host = s.host;
  if (!s.container.empty()) incident.scope.container = s.container;
}

Incident FromMonitor(const MonitorContention& m, const EventFormatter& fmt, size_t max_evidence) {
  Incident inc;
  inc.kind = "stuck_threads";
  inc.severity = "warning";
  inc.start = m.first_time.known() ? fmt.Time(m.stream, m.first_time) : "";
  inc.end = m.last_time.known() ? fmt.Time(m.stream, m.last_time) : "";
  inc.sort_time_ms = SortTime(fmt, m.stream, m.first_time);
  SetScope(inc, fmt, m.stream);
  const std::string held = m.holder.empty() ? std::string("an unknown holder")
                                            : "\"" + m.holder + "\"" +
                                                  (m.holder_locked_in.empty() ? "" : " in " + m.holder_locked_in);
  inc.title = std::to_string(m.max_blocked) + (m.max_blocked == 1 ? " thread" : " threads") + " BLOCKED in " +
              m.blocked_frame + " on a " + m.lock_class + " monitor across " + std::to_string(m.dumps) +
              " thread dumps, held by " + held;
  RootCause cause;
  cause.class_name = m.lock_class;
  cause.message = "monitor <" + m.address + "> held by " + (m.holder.empty() ? "?" : "\"" + m.holder + "\"");
  cause.chain = m.holder_frames;
  cause.frame = m.blocked_frame;
  inc.root_cause = std::move(cause);
  inc.diagnosis.cause = "threads_blocked_on_monitor";
  inc.diagnosis.text = "Threads waited for the same monitor in every dump: the holder's stack shows what it does "
                       "while it keeps the lock.";
  inc.diagnosis.next_step = "Read the holder's frames; shorten or remove the synchronized section, or move the slow "
                            "call (I/O, lookup) out of it.";
  inc.facts.emplace_back("lock_class", m.lock_class);
  inc.facts.emplace_back("lock", m.address);
  inc.facts.emplace_back("blocked_in", m.blocked_frame);
  inc.facts.emplace_back("dumps", std::to_string(m.dumps));
  inc.facts.emplace_back("max_threads_blocked", std::to_string(m.max_blocked));
  if (!m.holder.empty()) inc.facts.emplace_back("holder", m.holder);
  if (!m.holder_state.empty()) inc.facts.emplace_back("holder_state", m.holder_state);
  if (!m.holder_locked_in.empty()) inc.facts.emplace_back("holder_locked_in", m.holder_locked_in);
  if (!m.holder_frames.empty()) inc.facts.emplace_back("holder_stack", JoinFrames(m.holder_frames));
  std::string blocked;
  for (const std::string& t : m.threads) blocked += (blocked.empty() ? "\"" : ", \"") + t + "\"";
  AddRow(inc, fmt, m.stream, m.first_line, m.first_time, "BLOCKED: " + blocked + " waiting to lock <" + m.address +
                                                            "> (a " + m.lock_class + ") in " + m.blocked_frame,
         max_evidence);
  if (!m.holder.empty()) {
    AddRow(inc, fmt, m.stream, m.last_line, m.last_time,
           "holder \"" + m.holder + "\" " + m.holder_state + ": " + JoinFrames(m.holder_frames), max_evidence);
  }
  return inc;
}

Incident FromDeadlock(const DeadlockReport& d, const EventFormatter& fmt, size_t max_evidence) {
  Incident inc;
  inc.kind = "stuck_threads";
  inc.severity = "critical";
  inc.start = d.first_time.known() ? fmt.Time(d.stream, d.first_time) : "";
  inc.end = d.last_time.known() ? fmt.Time(d.stream, d.last_time) : "";
  inc.sort_time_ms = SortTime(fmt, d.stream, d.first_time);
  SetScope(inc, fmt, d.stream);
  std::string threads;
  for (const std::string& name : d.stack_threads) threads += (threads.empty() ? "\"" : ", \"") + name + "\"";
  inc.title = "Java-level deadlock" + (threads.empty() ? std::string() : " between " + threads) + " (" +
              (d.lock_classes.empty() ? std::string("monitors") : d.lock_classes.front()) + "), reported " +
              std::to_string(d.occurrences) + (d.occurrences == 1 ? " time" : " times");
  RootCause cause;
  cause.class_name = d.lock_classes.empty() ? "" : d.lock_classes.front();
  cause.message = d.waits.empty() ? "" : d.waits.front();
  cause.chain = d.waits;
  if (!d.stacks.empty() && !d.stacks.front().empty()) cause.frame = d.stacks.front().front();
  inc.root_cause = std::move(cause);
  inc.diagnosis.cause = "java_deadlock";
  inc.diagnosis.text = "The JVM found threads that each hold a lock the other waits for; they never proceed.";
  inc.diagnosis.next_step = "Acquire the locks in one global order (see the frames), or use tryLock with a timeout; "
                            "the TaskManager must be restarted to clear it.";
  inc.facts.emplace_back("occurrences", std::to_string(d.occurrences));
  for (const std::string& w : d.waits) AddRow(inc, fmt, d.stream, d.first_line, d.first_time, w, max_evidence);
  for (size_t i = 0; i < d.stacks.size() && i < d.stack_threads.size(); ++i) {
    AddRow(inc, fmt, d.stream, d.first_line, d.first_time,
           "\"" + d.stack_threads[i] + "\": " + JoinFrames(d.stacks[i]), max_evidence);
  }
  return inc;
}

}  // namespace

std::vector<Incident> BuildStackIncidents(const StackCollector& collector, const EventFormatter& fmt,
                                          size_t max_evidence) {
  std::vector<Incident> out;
  for (const DeadlockReport& d : collector.deadlocks()) out.push_back(FromDeadlock(d, fmt, max_evidence));
  for (const MonitorContention& m : collector.monitors()) {
    if (m.dumps >= 2) out.push_back(FromMonitor(m, fmt, max_evidence));
  }
  return out;
}

}  // namespace flinkscan
