#include "engine/incident_builder.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "engine/diagnosis.h"
#include "engine/gc_summary.h"
#include "engine/internal/incident_parts.h"

namespace flinkscan {
namespace {

using incident::AddFact;

// A failure episode of one job: from its first failure until the job runs
// again (job_failover), fails for good (job_failed) or the input ends.
struct Episode {
  std::string job_id;
  const StoredEvent* first = nullptr;
  const StoredEvent* last = nullptr;
  const StoredEvent* root = nullptr;     // event whose throwable is the root cause
  std::string first_attempt;             // dedupe key of the first failed attempt
  const StoredEvent* first_task_failure = nullptr;
  std::vector<const StoredEvent*> evidence;
  std::set<std::string> failed_attempts;
  std::set<std::string> failed_subtasks;   // "<task>#<subtask>" still waiting to run again
  bool restart_visible = false;
  bool failing = false;
  bool exhausted = false;
  int64_t restarts = 0;
  int64_t tasks_to_restart = -1;
};

std::string AttemptKey(const StoredEvent& e) {
  if (!e.attempt_id.empty()) return e.attempt_id;
  return fmt::format("{}#{}#{}", e.task_name, e.subtask, e.attempt_number);
}

bool IsTaskFailure(const StoredEvent& e) { return e.kind == EventKind::kTaskTransition && e.to_state == "FAILED"; }

class TimelineBuilder {
 public:
  TimelineBuilder(const EventFormatter& fmt, const AggregatorOptions& options) : fmt_(fmt), options_(options) {}

  void Add(const StoredEvent& e) {
    // A job known only from its checkpoints or failures is still a job of the scan.
    if (!e.job_id.empty()) Job(e.job_id);
    switch (e.kind) {
      case EventKind::kJobTransition: OnJobTransition(e); break;
      case EventKind::kJobTerminal: OnJobTerminal(e); break;
      case EventKind::kTaskTransition: OnTaskTransition(e); break;
      case EventKind::kRegionFailover:
      case EventKind::kGlobalFailover: {
        Episode& ep = Open(e.job_id, e);
        ep.restart_visible = true;
        if (e.kind == EventKind::kRegionFailover && e.count >= 0) ep.tasks_to_restart = e.count;
        Note(ep, e);
        break;
      }
      case EventKind::kRestartExhausted: {
        // The record that failed the job also says why restarts stopped: same story.
        if (closed_by_.count({e.stream, e.line})) break;
        Episode& ep = Open(e.job_id, e);
        ep.exhausted = true;
        Note(ep, e);
        break;
      }
      case EventKind::kRescale: {
        Incident inc = incident::Start("rescale", "info", e, fmt_);
        inc.job_id = e.job_id;
        inc.title = "Adaptive scheduler rescale (the job restarts on purpose; CANCELLING here is not a failure)";
        inc.diagnosis = {"rescale", "The adaptive scheduler changed the job's parallelism.",
                         "Nothing to fix; see jobmanager.adaptive-scheduler.* if rescales are too frequent."};
        AddEvidence(inc, fmt_, e, options_.max_evidence);
        incidents_.push_back(std::move(inc));
        rescaling_.insert(e.job_id);
        break;
      }
      default:
        break;
    }
  }

  void Finish() {
    for (auto& [job, ep] : open_) {
      if (ep.failing || ep.exhausted) {
        Close(ep, "job_failed", nullptr, false);
      } else if (ep.restart_visible) {
        Close(ep, "job_failover", nullptr, false);
      } else {
        Close(ep, "task_failure", nullptr, false);
      }
    }
    open_.clear();
  }

  std::vector<JobSummary> Jobs() {
    std::vector<JobSummary> out;
    for (const std::string& id : job_order_) {
      JobSummary& job = jobs_[id];
      job.tasks = attempts_[id].size();
      out.push_back(job);
    }
    return out;
  }
  std::vector<Incident>& incidents() { return incidents_; }

 private:
  JobSummary& Job(const std::string& id) {
    auto [it, inserted] = jobs_.try_emplace(id);
    if (inserted) {
      it->second.job_id = id;
      job_order_.push_back(id);
    }
    return it->second;
  }

  Episode& Open(const std::string& job_id, const StoredEvent& e) {
    auto it = open_.find(job_id);
    if (it != open_.end()) {
      // A quiet region failover never sends the job through RESTARTING: a new
      // failure long after the last one starts a new episode.
      Episode& ep = it->second;
      if (ep.last && IsTaskFailure(e) && !ep.failed_attempts.count(AttemptKey(e)) &&
          e.sort_key - ep.last->sort_key > kEpisodeGapMs) {
        Close(ep, ep.restart_visible ? "job_failover" : "task_failure", nullptr, true);
        open_.erase(it);
      } else {
        return ep;
      }
    }
    Episode& ep = open_[job_id];
    ep.job_id = job_id;
    ep.first = &e;
    return ep;
  }

  void Note(Episode& ep, const StoredEvent& e) {
    ep.last = &e;
    ep.evidence.push_back(&e);
    if (!ep.root && e.exception.present) ep.root = &e;
  }

  void OnTaskTransition(const StoredEvent& e) {
    // A task is a subtask (name + index): JM and TM lines, and restarts, name the same one.
    const std::string subtask = fmt::format("{}#{}", e.task_name, e.subtask);
    if (!e.task_name.empty()) attempts_[e.job_id].insert(subtask);
    if (e.to_state == "RUNNING") {
      // A region failover leaves the job RUNNING: it is over when every
      // failed subtask runs again (as a new attempt).
      auto it = open_.find(e.job_id);
      if (it != open_.end() && it->second.restart_visible && !it->second.failed_attempts.count(AttemptKey(e)) &&
          it->second.failed_subtasks.erase(subtask) && it->second.failed_subtasks.empty()) {
        Note(it->second, e);
        Close(it->second, "job_failover", &e, true);
        open_.erase(it);
      }
      return;
    }
    if (e.to_state != "FAILED") return;
    const std::string key = AttemptKey(e);
    if (seen_failed_.count(key)) {
      // The same failure from the other side (JM vs TM): evidence, and the
      // throwable if the first line had none.
      auto it = open_.find(e.job_id);
      if (it == open_.end()) it = open_.find("");
      if (it != open_.end()) {
        Episode& ep = it->second;
        ep.evidence.push_back(&e);
        if (ep.first_attempt == key && e.exception.present && (!ep.root || ep.root->kind != EventKind::kTaskTransition))
          ep.root = &e;
        if (ep.first_task_failure && ep.first_attempt == key && ep.first_task_failure->location.empty() &&
            !e.location.empty())
          ep.first_task_failure = &e;
      }
      return;
    }
    seen_failed_.insert(key);
    if (!e.job_id.empty()) ++Job(e.job_id).task_failures;
    Episode& ep = Open(e.job_id, e);
    ep.failed_attempts.insert(key);
    if (!e.task_name.empty()) ep.failed_subtasks.insert(subtask);
    if (ep.first_attempt.empty()) {
      ep.first_attempt = key;
      ep.first_task_failure = &e;
      // Root cause: the FIRST failure's throwable, even if a wrapper seen
      // earlier in the episode (a job transition) already set one.
      if (e.exception.present) ep.root = &e;
    }
    Note(ep, e);
    if (ep.first_task_failure == &e && e.exception.present) ep.root = &e;
  }

  void OnJobTransition(const StoredEvent& e) {
    JobSummary& job = Job(e.job_id);
    if (job.name.empty()) job.name = e.job_name;
    job.transitions.push_back({fmt_.Time(e), e.from_state, e.to_state, fmt_.Source(e.stream), e.line});
    job.final_state = e.to_state;
    const std::string& to = e.to_state;
    auto it = open_.find(e.job_id);
    if (it == open_.end() && !e.job_id.empty()) {
      // Failures seen before the job id was known (TM lines) belong to it.
      auto anon = open_.find("");
      if (anon != open_.end() && (to == "RESTARTING" || to == "FAILING" || to == "FAILED")) {
        Episode moved = std::move(anon->second);
        open_.erase(anon);
        moved.job_id = e.job_id;
        it = open_.emplace(e.job_id, std::move(moved)).first;
      }
    }
    if (to == "RESTARTING" || to == "FAILING") {
      Episode& ep = Open(e.job_id, e);
      if (to == "RESTARTING") {
        ep.restart_visible = true;
        ++ep.restarts;
      } else {
        ep.failing = true;
      }
      Note(ep, e);
    } else if (to == "FAILED") {
      Episode& ep = Open(e.job_id, e);
      Note(ep, e);
      Close(ep, "job_failed", &e, true);
      open_.erase(e.job_id);
    } else if (to == "RUNNING" && it != open_.end()) {
      Episode& ep = it->second;
      if (ep.restart_visible || ep.failing) {
        Note(ep, e);
        Close(ep, "job_failover", &e, true);
        open_.erase(it);
      }
    } else if ((to == "CANCELED" || to == "FINISHED" || to == "SUSPENDED") && it != open_.end()) {
      Episode& ep = it->second;
      Note(ep, e);
      Close(ep, ep.restart_visible ? "job_failover" : "task_failure", &e, true);
      open_.erase(it);
    }
  }

  void OnJobTerminal(const StoredEvent& e) {
    JobSummary& job = Job(e.job_id);
    if (job.final_state.empty() || job.final_state != e.to_state) job.final_state = e.to_state;
  }

  void Close(Episode& ep, const std::string& kind, const StoredEvent* end, bool ended_in_input) {
    if (!ep.first) return;
    if (end) closed_by_.insert({end->stream, end->line});
    const std::string severity = kind == "task_failure" ? "warning" : "critical";
    Incident inc = incident::Start(kind, severity, *ep.first, fmt_);
    inc.job_id = ep.job_id;
    const StoredEvent* last = end ? end : ep.last;
    if (last) incident::SetEnd(inc, *last, fmt_);
    inc.scope.job_id = ep.job_id.empty() ? std::nullopt : std::optional<std::string>(ep.job_id);
    const StoredEvent* task = ep.first_task_failure;
    if (task) incident::ScopeFromEvent(inc, *task, fmt_);
    if (ep.root) inc.root_cause = incident::MakeRootCause(ep.root->exception);
    inc.diagnosis = DiagnoseFailure(ep.root ? ep.root->exception : StoredThrowable{});
    for (const StoredEvent* e : ep.evidence) AddEvidence(inc, fmt_, *e, options_.max_evidence);

    const JobSummary* job = jobs_.count(ep.job_id) ? &jobs_[ep.job_id] : nullptr;
    const std::string job_label =
        job && !job->name.empty() ? fmt::format("'{}'", FirstLine(job->name)) : (ep.job_id.empty() ? "" : ep.job_id);
    std::string what;
    if (task) {
      what = fmt::format("{}{} failed", task->task_name,
                         task->subtask > 0 ? fmt::format(" ({}/{})", task->subtask, task->parallelism) : "");
    } else {
      what = "the job failed";
    }
    std::string cause;
    if (inc.root_cause) cause = " with " + inc.root_cause->class_name;
    if (kind == "job_failover") {
      const bool recovered = end && end->to_state == "RUNNING";
      int64_t downtime = -1;
      if (recovered) downtime = end->sort_key - ep.first->sort_key;
      inc.title = fmt::format("Job {} failed over: {}{}{}", job_label.empty() ? "(unknown)" : job_label, what, cause,
                              recovered ? fmt::format("; RUNNING again after {}", incident::FormatDuration(downtime))
                                        : "; not running again by the end of the input");
      AddFact(inc, "recovered", recovered ? "true" : "false");
      if (downtime >= 0) AddFact(inc, "downtime_ms", std::to_string(downtime));
      AddFact(inc, "restarts", std::to_string(std::max<int64_t>(ep.restarts, 1)));
      if (!ep.job_id.empty()) ++Job(ep.job_id).restarts;
    } else if (kind == "job_failed") {
      const bool terminal = end && end->to_state == "FAILED";
      inc.title = fmt::format("Job {} {}: {}{}", job_label.empty() ? "(unknown)" : job_label,
                              terminal ? "FAILED" : "is FAILING at the end of the input", what, cause);
      if (ep.exhausted) AddFact(inc, "restarts_exhausted", "true");
      if (!terminal) AddFact(inc, "outcome", "input ends while FAILING");
    } else {
      inc.title = fmt::format("Task failure: {}{}{}", what, cause,
                              ended_in_input ? "" : " (no restart visible in the input)");
    }
    if (task) {
      AddFact(inc, "failed_task", task->task_name + (task->subtask > 0 ? fmt::format(" ({}/{})", task->subtask,
                                                                                     task->parallelism)
                                                                       : ""));
      if (task->attempt_number >= 0) AddFact(inc, "attempt", std::to_string(task->attempt_number));
    }
    AddFact(inc, "failed_attempts", std::to_string(ep.failed_attempts.size()));
    if (inc.diagnosis.cause == "taskmanager_lost" && ep.root) {
      const std::string peer = LostTaskManagerOf(ep.root->exception);
      if (!peer.empty()) AddFact(inc, "lost_taskmanager", peer);
    }
    if (ep.tasks_to_restart >= 0) AddFact(inc, "tasks_restarted", std::to_string(ep.tasks_to_restart));
    const OomKind oom = ep.root ? OomKindOf(ep.root->exception) : OomKind::kNone;
    if (oom != OomKind::kNone) {
      // The TaskManager whose memory ran out gets its own incident, beside the failover.
      Incident oom_inc = incident::Start("oom", "critical", ep.root ? *ep.root : *ep.first, fmt_);
      oom_inc.job_id = inc.job_id;
      oom_inc.scope = inc.scope;
      oom_inc.end = oom_inc.start;
      oom_inc.root_cause = inc.root_cause;
      oom_inc.diagnosis = DiagnoseOom(oom);
      const std::string where = inc.scope.host ? *inc.scope.host
                                : inc.scope.taskmanager ? *inc.scope.taskmanager : std::string("a TaskManager");
      oom_inc.title = fmt::format("Out of memory ({}) on {}{}", OomKindName(oom), where,
                                  task ? " in " + task->task_name : "");
      AddFact(oom_inc, "oom_kind", std::string(OomKindName(oom)));
      for (const StoredEvent* e : ep.evidence) {
        if (e->exception.present && OomKindOf(e->exception) != OomKind::kNone)
          AddEvidence(oom_inc, fmt_, *e, options_.max_evidence);
      }
      incidents_.push_back(std::move(oom_inc));
    }
    incidents_.push_back(std::move(inc));
    ep.first = nullptr;
  }

  static std::string FirstLine(const std::string& s) { return s.substr(0, s.find('\n')); }

  // The TaskManager a failure blames: "remote task manager '<host/ip:port>'" or
  // "Heartbeat of TaskManager with id <id> timed out".
  static std::string LostTaskManagerOf(const StoredThrowable& t) {
    for (const std::string& link : t.chain) {
      size_t at = link.find("remote task manager '");
      if (at != std::string::npos) {
        at += std::string_view("remote task manager '").size();
        const size_t end = link.find('\'', at);
        if (end != std::string::npos) return link.substr(at, end - at);
      }
      at = link.find("TaskManager with id ");
      if (at != std::string::npos) {
        at += std::string_view("TaskManager with id ").size();
        const size_t end = link.find(' ', at);
        return link.substr(at, end == std::string::npos ? std::string::npos : end - at);
      }
    }
    return "";
  }

  static constexpr int64_t kEpisodeGapMs = 60'000;
  const EventFormatter& fmt_;
  const AggregatorOptions& options_;
  std::map<std::string, JobSummary> jobs_;
  std::vector<std::string> job_order_;
  std::map<std::string, std::set<std::string>> attempts_;
  std::map<std::string, Episode> open_;
  std::set<std::string> seen_failed_;
  std::set<std::string> rescaling_;
  std::set<std::pair<uint32_t, uint64_t>> closed_by_;  // (stream, line) of records that closed an episode
  std::vector<Incident> incidents_;
};

int KindPriority(const std::string& kind) {
  static const char* kOrder[] = {"job_failed",         "job_failover", "oom",           "taskmanager_lost",
                                 "checkpoint_failures", "task_failure", "slow_checkpoint", "gc_pressure",
                                 "resource_shortage",  "container_launch_failed", "jobmanager_stopped", "rescale"};
  for (size_t i = 0; i < std::size(kOrder); ++i) {
    if (kind == kOrder[i]) return static_cast<int>(i);
  }
  return 100;
}

}  // namespace

TaskLocation ParseTaskLocation(const std::string& location) {
  TaskLocation out;
  const size_t at = location.find(" @ ");
  if (at == std::string::npos) return out;
  out.resource_id = location.substr(0, at);
  size_t host_end = location.find(" (", at + 3);
  if (host_end == std::string::npos) host_end = location.size();
  out.host = location.substr(at + 3, host_end - at - 3);
  return out;
}

void SortIncidents(std::vector<Incident>& incidents) {
  std::stable_sort(incidents.begin(), incidents.end(), [](const Incident& a, const Incident& b) {
    const int sa = SeverityRank(a.severity), sb = SeverityRank(b.severity);
    if (sa != sb) return sa > sb;
    if (a.sort_time_ms != b.sort_time_ms) return a.sort_time_ms < b.sort_time_ms;
    return KindPriority(a.kind) < KindPriority(b.kind);
  });
}

namespace {

// design.md "Scope": a YARN section's container and node are always known.
// An incident whose evidence all comes from one such section, and that names
// no TaskManager of its own, is scoped to that section's container and host.
void FillScopeFromSections(std::vector<Incident>& incidents, const EventFormatter& fmt) {
  std::map<std::string, uint32_t> stream_of_source;
  for (uint32_t i = 0; i < fmt.StreamCount(); ++i) stream_of_source[fmt.Source(i)] = i;
  for (Incident& inc : incidents) {
    if (inc.scope.taskmanager || inc.scope.container || inc.evidence.empty()) continue;
    std::optional<uint32_t> only;
    bool single = true;
    for (const Evidence& ev : inc.evidence) {
      const auto it = stream_of_source.find(ev.source);
      if (it == stream_of_source.end() || (only && *only != it->second)) {
        single = false;
        break;
      }
      only = it->second;
    }
    if (!single || !only) continue;
    const StreamAccount& stream = fmt.Stream(*only);
    if (stream.container.empty()) continue;
    inc.scope.container = stream.container;
    if (!inc.scope.host && !stream.host.empty()) inc.scope.host = stream.host;
  }
}

}  // namespace

IncidentBuild BuildIncidents(const std::vector<StoredEvent>& sorted, const std::vector<CheckpointState>& checkpoints,
                             const EventFormatter& fmt, const AggregatorOptions& options) {
  TimelineBuilder timeline(fmt, options);
  for (const StoredEvent& e : sorted) timeline.Add(e);
  timeline.Finish();
  IncidentBuild out;
  out.jobs = timeline.Jobs();
  out.incidents = std::move(timeline.incidents());
  incident::AddClusterIncidents(sorted, fmt, options, out.incidents);
  incident::AddCheckpointIncidents(checkpoints, fmt, options, out.incidents);
  AddGcIncidents(sorted, fmt, options, out.incidents);
  FillScopeFromSections(out.incidents, fmt);
  SortIncidents(out.incidents);
  return out;
}

}  // namespace flinkscan
