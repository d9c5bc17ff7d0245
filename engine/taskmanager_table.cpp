#include "engine/taskmanager_table.h"

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "engine/incident_builder.h"

namespace flinkscan {
namespace {

// "container_x(host:port)" (since 1.12) names the container.
std::string WithoutAddress(const std::string& id) {
  const size_t paren = id.find('(');
  return paren != std::string::npos && paren > 0 ? id.substr(0, paren) : id;
}

struct Identity {
  std::string id, host, container, pod;
  // A task location names the host as the TaskManager reported it; a registration's
  // RPC address often only has an IP. The location's name wins.
  bool host_from_location = false;
  bool empty() const { return id.empty() && container.empty() && pod.empty(); }
};

// What a JobManager-side line says about a TaskManager; empty when it names none.
Identity IdentityOf(const StoredEvent& e) {
  Identity who;
  switch (e.kind) {
    case EventKind::kHeartbeatTimeout:
      // A TaskManager losing its JobManager or ResourceManager names that peer, not itself.
      if (!e.reason.empty() && e.reason != "TaskManager") return who;
      [[fallthrough]];
    case EventKind::kTaskManagerRegistered:
    case EventKind::kWorkerTerminated:
    case EventKind::kTaskManagerUnreachable:
    case EventKind::kContainerExit:
      who.id = WithoutAddress(e.taskmanager_id);
      who.host = e.host;
      who.container = e.container_id;
      who.pod = e.pod;
      if (who.id.empty()) who.id = !who.container.empty() ? who.container : who.pod;
      return who;
    case EventKind::kTaskTransition:
    case EventKind::kTaskDeployed: {
      const TaskLocation loc = ParseTaskLocation(e.location);
      who.id = loc.resource_id;
      who.host = loc.host;
      who.host_from_location = true;
      return who;
    }
    default: return who;
  }
}

struct Row {
  TaskManagerSummary summary;
  std::optional<int64_t> first_key, last_key;
  std::set<std::string> attempts, failed;
  std::vector<const StoredEvent*> pauses;
};

class Registry {
 public:
  explicit Registry(size_t max_rows) : max_rows_(max_rows) {}

  std::optional<size_t> Find(const Identity& who) const {
    for (const std::string* key : {&who.id, &who.container, &who.pod}) {
      if (key->empty()) continue;
      if (const auto it = names_.find(*key); it != names_.end()) return it->second;
    }
    return std::nullopt;
  }

  // The only row on `host`, if exactly one.
  std::optional<size_t> FindByHost(const std::string& host) const {
    if (host.empty()) return std::nullopt;
    std::optional<size_t> only;
    for (size_t i = 0; i < rows_.size(); ++i) {
      if (rows_[i].summary.host != host) continue;
      if (only) return std::nullopt;
      only = i;
    }
    return only;
  }

  std::optional<size_t> FindOrAdd(const Identity& who) {
    std::optional<size_t> at = Find(who);
    if (!at) {
      if (who.empty()) return std::nullopt;
      if (rows_.size() >= max_rows_) {
        dropped_.insert(!who.id.empty() ? who.id : !who.container.empty() ? who.container : who.pod);
        return std::nullopt;
      }
      at = rows_.size();
      rows_.emplace_back();
      rows_.back().summary.id = !who.id.empty() ? who.id : !who.container.empty() ? who.container : who.pod;
    }
    TaskManagerSummary& s = rows_[*at].summary;
    if (!who.host.empty() && (s.host.empty() || who.host_from_location)) s.host = who.host;
    if (s.container.empty()) s.container = who.container;
    if (s.pod.empty()) s.pod = who.pod;
    for (const std::string* key : {&s.id, &s.container, &s.pod}) {
      if (!key->empty()) names_.emplace(*key, *at);
    }
    return at;
  }

  std::vector<Row>& rows() { return rows_; }
  uint64_t dropped() const { return dropped_.size(); }

 private:
  size_t max_rows_;
  std::vector<Row> rows_;
  std::map<std::string, size_t> names_;  // id, container and pod -> row
  std::set<std::string> dropped_;        // at most the TaskManagers of one cluster
};

bool MayBelongToTaskManager(StreamKind kind) {
  return kind == StreamKind::kTaskManager || kind == StreamKind::kGc || kind == StreamKind::kStdout;
}

std::string AttemptKey(const StoredEvent& e) {
  if (!e.attempt_id.empty()) return e.attempt_id;
  return e.task_name + " (" + std::to_string(e.subtask) + ")#" + std::to_string(e.attempt_number);
}

}  // namespace

TaskManagerTable BuildTaskManagerTable(const std::vector<StoredEvent>& sorted, const EventFormatter& fmt,
                                       const std::vector<Incident>& incidents,
                                       const TaskManagerTableLimits& limits) {
  Registry registry(limits.max_rows);
  // 1. The TaskManagers the JobManager names.
  for (const StoredEvent& e : sorted) {
    if (MayBelongToTaskManager(fmt.Kind(e.stream))) continue;
    const Identity who = IdentityOf(e);
    // A container exit may be the JobManager's own container: it only adds to a known TaskManager.
    if (e.kind == EventKind::kContainerExit ? registry.Find(who).has_value() : !who.empty()) registry.FindOrAdd(who);
  }
  // 2. Streams written by a TaskManager: by YARN container, else by host.
  std::vector<std::optional<size_t>> row_of_stream(fmt.StreamCount());
  for (uint32_t i = 0; i < fmt.StreamCount(); ++i) {
    const StreamAccount& stream = fmt.Stream(i);
    if (!MayBelongToTaskManager(stream.kind)) continue;
    Identity who;
    who.container = stream.container;
    who.pod = stream.info.pod;
    who.host = stream.host;
    std::optional<size_t> row = registry.Find(who);
    if (!row && who.container.empty() && who.pod.empty()) row = registry.FindByHost(who.host);
    if (!row && stream.kind == StreamKind::kTaskManager) {
      who.id = !who.container.empty() ? who.container : !who.pod.empty() ? who.pod : !who.host.empty() ? who.host : fmt.Source(i);
      row = registry.FindOrAdd(who);
    }
    if (!row) continue;
    row_of_stream[i] = row;
    std::vector<std::string>& sources = registry.rows()[*row].summary.sources;
    if (sources.size() < limits.max_sources) sources.push_back(fmt.Source(i));
  }
  // 3. What happened on each: attempts, failures, GC pauses, first and last line.
  for (const StoredEvent& e : sorted) {
    std::optional<size_t> at = row_of_stream[e.stream];
    if (!at) {
      const Identity who = IdentityOf(e);
      if (!who.empty()) at = registry.Find(who);
    }
    if (!at) continue;
    Row& row = registry.rows()[*at];
    if (e.time.known() && !e.time_inherited) {
      if (!row.first_key || e.sort_key < *row.first_key) {
        row.first_key = e.sort_key;
        row.summary.first_seen = fmt.Time(e);
      }
      if (!row.last_key || e.sort_key >= *row.last_key) {
        row.last_key = e.sort_key;
        row.summary.last_seen = fmt.Time(e);
      }
    }
    if ((e.kind == EventKind::kTaskTransition || e.kind == EventKind::kTaskDeployed) && !e.task_name.empty()) {
      row.attempts.insert(AttemptKey(e));
      if (e.kind == EventKind::kTaskTransition && e.to_state == "FAILED") row.failed.insert(AttemptKey(e));
    }
    if (e.kind == EventKind::kGcPause && row_of_stream[e.stream]) row.pauses.push_back(&e);
  }
  // 4. Lost, as the incidents decided.
  for (const Incident& inc : incidents) {
    if (inc.kind != "taskmanager_lost") continue;
    Identity who;
    who.id = inc.scope.taskmanager.value_or("");
    who.container = inc.scope.container.value_or("");
    who.pod = inc.scope.pod.value_or("");
    who.host = inc.scope.host.value_or("");
    std::optional<size_t> at = registry.Find(who);
    if (!at && who.empty()) at = registry.FindByHost(who.host);
    if (!at) at = registry.FindOrAdd(who);
    if (!at) continue;
    TaskManagerSummary& s = registry.rows()[*at].summary;
    if (s.lost) continue;
    s.lost = true;
    s.lost_time = inc.start;
    s.lost_reason = inc.title;
  }
  TaskManagerTable table;
  table.items_dropped = registry.dropped();
  std::vector<Row>& rows = registry.rows();
  std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    // Rows never seen at a known time go last.
    return a.first_key.value_or(INT64_MAX) < b.first_key.value_or(INT64_MAX);
  });
  for (Row& row : rows) {
    TaskManagerSummary& s = row.summary;
    s.tasks = row.attempts.size();
    s.task_failures = row.failed.size();
    for (const StoredEvent* p : row.pauses) {
      ++s.gc_pauses;
      if (p->gc_kind == "full") ++s.full_gcs;
      s.gc_total_pause_ms += p->pause_ms;
      s.gc_max_pause_ms = std::max(s.gc_max_pause_ms, p->pause_ms);
    }
    // The longest pauses tell the story; keep those, then put them back in time order.
    std::vector<const StoredEvent*> kept = row.pauses;
    if (kept.size() > limits.max_gc_points) {
      std::stable_sort(kept.begin(), kept.end(),
                       [](const StoredEvent* a, const StoredEvent* b) { return a->pause_ms > b->pause_ms; });
      kept.resize(limits.max_gc_points);
      // They point into the time-ordered vector, so address order is time order.
      std::sort(kept.begin(), kept.end(), std::less<const StoredEvent*>());
      s.gc_points_dropped = row.pauses.size() - kept.size();
    }
    for (const StoredEvent* p : kept) s.gc_points.push_back({fmt.Time(*p), p->pause_ms, p->gc_kind});
    table.items.push_back(std::move(s));
  }
  return table;
}

}  // namespace flinkscan
