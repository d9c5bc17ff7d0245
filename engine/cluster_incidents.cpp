// Lost TaskManagers, OOMs outside failover episodes, resource shortages and
// process stops.

#include <map>

#include <fmt/format.h>

#include "engine/diagnosis.h"
#include "engine/incident_builder.h"
#include "engine/internal/incident_parts.h"

namespace flinkscan::incident {
namespace {

constexpr int64_t kSameLossWindowMs = 5 * 60'000;
constexpr int64_t kShortageWindowMs = 10 * 60'000;

bool IsLoss(const StoredEvent& e, const EventFormatter& fmt) {
  switch (e.kind) {
    case EventKind::kWorkerTerminated: return true;
    case EventKind::kContainerExit: return e.exit_code != 0;
    case EventKind::kHeartbeatTimeout:
      // Only the JobManager side losing a TaskManager; a TaskManager losing
      // its JobManager is the other story.
      return e.reason.empty() || e.reason == "TaskManager";
    default: return false;
  }
}

OomKind MemoryKillKind(const StoredEvent& e) {
  if (e.oom_kind != OomKind::kNone) return e.oom_kind;
  if (e.exit_code == -104) return OomKind::kContainerPmem;
  if (e.exit_code == -103) return OomKind::kContainerVmem;
  return OomKind::kNone;
}

bool HasEvidence(const Incident& inc, const EventFormatter& fmt, const StoredEvent& e) {
  const std::string source = fmt.Source(e.stream);
  for (const Evidence& ev : inc.evidence) {
    if (ev.line == e.line && ev.source == source) return true;
  }
  return false;
}

std::string ExitMeaning(int32_t code) {
  switch (code) {
    case 143: return "SIGTERM (killed on request)";
    case 137: return "SIGKILL";
    case -100: return "ABORTED";
    case -102: return "PREEMPTED";
    case -103: return "KILLED_EXCEEDED_VMEM";
    case -104: return "KILLED_EXCEEDED_PMEM";
    case -105: return "KILLED_BY_APPMASTER";
    case -106: return "KILLED_BY_RESOURCEMANAGER";
    default: return "";
  }
}

struct Loss {
  std::string identity;
  std::vector<const StoredEvent*> events;
  int64_t last_key = 0;
};

void EmitLoss(const Loss& loss, const EventFormatter& fmt, const AggregatorOptions& options,
              const std::map<std::string, std::string>& hosts, std::vector<Incident>& out) {
  const StoredEvent& first = *loss.events.front();
  Incident inc = Start("taskmanager_lost", "critical", first, fmt);
  int32_t exit_code = INT32_MIN;
  OomKind oom = OomKind::kNone;
  std::string diagnostics;
  for (const StoredEvent* e : loss.events) {
    ScopeFromEvent(inc, *e, fmt);
    if (e->exit_code != INT32_MIN && (exit_code == INT32_MIN || exit_code == 143 || exit_code == 0)) {
      exit_code = e->exit_code;
    }
    if (oom == OomKind::kNone) oom = MemoryKillKind(*e);
    // A heartbeat's reason only names the peer type; termination diagnostics are the story.
    if (diagnostics.empty() && !e->reason.empty() && e->kind != EventKind::kHeartbeatTimeout) diagnostics = e->reason;
    AddEvidence(inc, fmt, *e, options.max_evidence);
    SetEnd(inc, *e, fmt);
  }
  if (!loss.identity.empty() && !inc.scope.taskmanager) inc.scope.taskmanager = loss.identity;
  if (!inc.scope.host && inc.scope.taskmanager) {
    const auto host = hosts.find(*inc.scope.taskmanager);
    if (host != hosts.end()) inc.scope.host = host->second;
  }
  const std::string who = !loss.identity.empty() ? loss.identity : std::string("a TaskManager");
  std::string why;
  if (oom != OomKind::kNone) {
    why = fmt::format(" ({})", OomKindName(oom));
    inc.diagnosis = DiagnoseOom(oom);
  } else if (first.kind == EventKind::kHeartbeatTimeout) {
    why = " (heartbeat timeout)";
    inc.diagnosis = {"taskmanager_lost", "The JobManager stopped hearing from the TaskManager.",
                     "Look at that TaskManager's own log, .out and GC log around this time (long GC pauses, a "
                     "container/pod kill, a crash); heartbeat.timeout only hides the symptom."};
  } else {
    inc.diagnosis = {"taskmanager_lost", "The TaskManager's container or pod terminated.",
                     "Read the termination diagnostics (evidence) and the NodeManager/kubelet events for it."};
  }
  if (exit_code != INT32_MIN) {
    AddFact(inc, "exit_code", std::to_string(exit_code));
    const std::string meaning = ExitMeaning(exit_code);
    if (!meaning.empty()) AddFact(inc, "exit_meaning", meaning);
    if (oom == OomKind::kNone && why.empty()) why = fmt::format(" (exit code {})", exit_code);
  }
  if (oom != OomKind::kNone) AddFact(inc, "oom_kind", std::string(OomKindName(oom)));
  if (!diagnostics.empty()) AddFact(inc, "diagnostics", diagnostics);
  std::string where;
  if (inc.scope.host && *inc.scope.host != who) where = " on " + *inc.scope.host;
  inc.title = fmt::format("TaskManager {}{} lost{}", who, where, why);
  out.push_back(inc);

  if (oom != OomKind::kNone) {
    Incident mem = Start("oom", "critical", first, fmt);
    mem.scope = inc.scope;
    mem.end = inc.end;
    mem.evidence = inc.evidence;
    mem.diagnosis = DiagnoseOom(oom);
    AddFact(mem, "oom_kind", std::string(OomKindName(oom)));
    if (exit_code != INT32_MIN) AddFact(mem, "exit_code", std::to_string(exit_code));
    mem.title = fmt::format("Memory kill ({}) of TaskManager {}{}", OomKindName(oom), who, where);
    out.push_back(std::move(mem));
  }
}

}  // namespace

// Task locations name the host of each TaskManager resource id
// ("10.0.1.11:40213-5c2f1a @ tm-host-1 (dataPort=…)"); heartbeat lines only name the id.
std::map<std::string, std::string> HostsByResourceId(const std::vector<StoredEvent>& sorted) {
  std::map<std::string, std::string> hosts;
  for (const StoredEvent& e : sorted) {
    if (e.location.empty()) continue;
    const TaskLocation loc = ParseTaskLocation(e.location);
    if (!loc.resource_id.empty() && !loc.host.empty()) hosts[loc.resource_id] = loc.host;
  }
  return hosts;
}

void AddClusterIncidents(const std::vector<StoredEvent>& sorted, const EventFormatter& fmt,
                         const AggregatorOptions& options, std::vector<Incident>& out) {
  const std::map<std::string, std::string> hosts = HostsByResourceId(sorted);
  std::vector<Loss> losses;
  std::vector<const StoredEvent*> unreachable;
  std::vector<Incident> shortages;
  std::vector<int64_t> shortage_last;  // sort key of each shortage's latest line
  std::vector<Incident> misc;
  for (const StoredEvent& e : sorted) {
    if (IsLoss(e, fmt)) {
      const std::string identity = TaskManagerIdentity(e);
      Loss* match = nullptr;
      for (Loss& loss : losses) {
        const bool same = identity.empty() || loss.identity.empty() || loss.identity == identity ||
                          identity.find(loss.identity) != std::string::npos ||
                          loss.identity.find(identity) != std::string::npos;
        if (same && e.sort_key - loss.last_key <= kSameLossWindowMs) match = &loss;
      }
      if (!match) {
        losses.push_back({identity, {}, e.sort_key});
        match = &losses.back();
      }
      if (match->identity.empty()) match->identity = identity;
      match->events.push_back(&e);
      match->last_key = e.sort_key;
      continue;
    }
    switch (e.kind) {
      case EventKind::kTaskManagerUnreachable: unreachable.push_back(&e); break;
      case EventKind::kResourceShortage: {
        // An episode lasts while its lines keep coming (gaps under the window).
        Incident* open = nullptr;
        for (size_t i = 0; i < shortages.size(); ++i) {
          if (shortages[i].job_id == e.job_id && e.sort_key - shortage_last[i] <= kShortageWindowMs) {
            open = &shortages[i];
            shortage_last[i] = e.sort_key;
          }
        }
        if (!open) {
          Incident inc = Start("resource_shortage", "warning", e, fmt);
          inc.title = "Not enough task slots / resources" + (e.job_id.empty() ? "" : " for job " + e.job_id);
          inc.diagnosis = {"resource_shortage", "The job could not get the slots or resources it asked for.",
                           "Check that enough TaskManagers are registered (taskmanager.numberOfTaskSlots, "
                           "cluster/queue quota); lower parallelism or raise slot.request.timeout."};
          if (!e.reason.empty()) AddFact(inc, "reason", e.reason);
          shortages.push_back(std::move(inc));
          shortage_last.push_back(e.sort_key);
          open = &shortages.back();
        }
        AddEvidence(*open, fmt, e, options.max_evidence);
        SetEnd(*open, e, fmt);
        AddFact(*open, "occurrences", std::to_string(open->evidence.size() + open->evidence_dropped));
        break;
      }
      case EventKind::kJobManagerStopped: {
        Incident inc = Start("jobmanager_stopped", "warning", e, fmt);
        ScopeFromEvent(inc, e, fmt);
        inc.title = "Process stopped: " + (e.reason.empty() ? e.header_text : e.reason);
        inc.diagnosis = {"process_stopped", "A Flink process shut down (signal or fatal error).",
                         "If this was not a planned stop, look at what sent the signal (YARN/Kubernetes, an "
                         "operator) or at the fatal error's stack trace."};
        if (e.exception.present) inc.root_cause = MakeRootCause(e.exception);
        AddEvidence(inc, fmt, e, options.max_evidence);
        misc.push_back(std::move(inc));
        break;
      }
      case EventKind::kContainerLaunchFailed: {
        Incident inc = Start("container_launch_failed", "warning", e, fmt);
        ScopeFromEvent(inc, e, fmt);
        inc.title = "Container launch failed" + (e.exit_code != INT32_MIN ? fmt::format(" (exit code {})", e.exit_code)
                                                                          : std::string());
        inc.diagnosis = {"container_launch_failed", "YARN could not start a container.",
                         "Read the container's launch_container.sh / prelaunch.err and the NodeManager log."};
        if (e.exit_code != INT32_MIN) AddFact(inc, "exit_code", std::to_string(e.exit_code));
        AddEvidence(inc, fmt, e, options.max_evidence);
        misc.push_back(std::move(inc));
        break;
      }
      default:
        break;
    }
  }
  std::vector<Incident> lost;
  for (const Loss& loss : losses) EmitLoss(loss, fmt, options, hosts, lost);
  // Connection failures to a TaskManager are evidence of its loss, not losses of their own.
  for (const StoredEvent* e : unreachable) {
    for (Incident& inc : lost) {
      if (inc.kind == "taskmanager_lost" && std::llabs(e->sort_key - inc.sort_time_ms) <= kSameLossWindowMs) {
        AddEvidence(inc, fmt, *e, options.max_evidence);
        break;
      }
    }
  }
  // OOMs that no failover or loss explained (e.g. a TaskManager's fatal error).
  for (const StoredEvent& e : sorted) {
    if (e.kind != EventKind::kOutOfMemory) continue;
    bool covered = false;
    for (const std::vector<Incident>* list : {&out, &lost}) {
      for (const Incident& inc : *list) {
        if (inc.kind == "oom" && (HasEvidence(inc, fmt, e) ||
                                  (std::llabs(e.sort_key - inc.sort_time_ms) <= kSameLossWindowMs &&
                                   inc.scope.host && !e.host.empty() && *inc.scope.host == e.host))) {
          covered = true;
        }
      }
    }
    if (covered) continue;
    Incident inc = Start("oom", "critical", e, fmt);
    ScopeFromEvent(inc, e, fmt);
    const OomKind kind = e.oom_kind != OomKind::kNone ? e.oom_kind : OomKindOf(e.exception);
    inc.diagnosis = DiagnoseOom(kind == OomKind::kNone ? OomKind::kOther : kind);
    if (e.exception.present) inc.root_cause = MakeRootCause(e.exception);
    AddFact(inc, "oom_kind", std::string(OomKindName(kind == OomKind::kNone ? OomKind::kOther : kind)));
    inc.title = fmt::format("Out of memory ({}) in {}", OomKindName(kind == OomKind::kNone ? OomKind::kOther : kind),
                            fmt.Source(e.stream));
    AddEvidence(inc, fmt, e, options.max_evidence);
    out.push_back(std::move(inc));
  }
  for (Incident& inc : lost) out.push_back(std::move(inc));
  for (Incident& inc : shortages) out.push_back(std::move(inc));
  for (Incident& inc : misc) out.push_back(std::move(inc));
}

}  // namespace flinkscan::incident
