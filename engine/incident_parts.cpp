#include <fmt/format.h>

#include "engine/incident_builder.h"
#include "engine/internal/incident_parts.h"

namespace flinkscan::incident {

Incident Start(std::string kind, std::string severity, const StoredEvent& first, const EventFormatter& fmt) {
  Incident inc;
  inc.kind = std::move(kind);
  inc.severity = std::move(severity);
  inc.start = fmt.Time(first);
  inc.end = inc.start;
  inc.sort_time_ms = first.sort_key;
  if (!first.job_id.empty()) {
    inc.job_id = first.job_id;
    inc.scope.job_id = first.job_id;
  }
  return inc;
}

void SetEnd(Incident& incident, const StoredEvent& last, const EventFormatter& fmt) {
  const std::string t = fmt.Time(last);
  if (!t.empty()) incident.end = t;
}

RootCause MakeRootCause(const StoredThrowable& t) {
  RootCause rc;
  rc.class_name = t.root_class;
  rc.message = t.root_message;
  rc.chain = t.chain;
  rc.frame = t.root_frame;
  return rc;
}

void AddFact(Incident& incident, std::string key, std::string value) {
  for (auto& [k, v] : incident.facts) {
    if (k == key) {
      v = std::move(value);
      return;
    }
  }
  incident.facts.emplace_back(std::move(key), std::move(value));
}

void ScopeFromEvent(Incident& incident, const StoredEvent& e, const EventFormatter& fmt) {
  const TaskLocation loc = ParseTaskLocation(e.location);
  if (!loc.resource_id.empty()) {
    incident.scope.taskmanager = loc.resource_id;
    if (loc.resource_id.rfind("container_", 0) == 0) incident.scope.container = loc.resource_id;
  }
  if (!loc.host.empty()) incident.scope.host = loc.host;
  if (!e.taskmanager_id.empty()) incident.scope.taskmanager = e.taskmanager_id;
  if (!e.container_id.empty()) incident.scope.container = e.container_id;
  if (!e.pod.empty()) incident.scope.pod = e.pod;
  if (!e.host.empty()) incident.scope.host = e.host;
  const StreamAccount& stream = fmt.Stream(e.stream);
  // A TaskManager's own log is the TaskManager: its file or YARN section names it.
  if (stream.kind == StreamKind::kTaskManager || stream.kind == StreamKind::kStdout) {
    if (!incident.scope.host && !stream.host.empty()) incident.scope.host = stream.host;
    if (!incident.scope.container && !stream.container.empty()) incident.scope.container = stream.container;
    if (!incident.scope.pod && !stream.info.pod.empty()) incident.scope.pod = stream.info.pod;  // kubectl
    if (!incident.scope.taskmanager) incident.scope.taskmanager = fmt.Source(e.stream);
  }
}

std::string TaskManagerIdentity(const StoredEvent& e) {
  if (!e.container_id.empty()) return e.container_id;
  if (!e.pod.empty()) return e.pod;
  if (!e.taskmanager_id.empty()) {
    std::string id = e.taskmanager_id;
    const size_t paren = id.find('(');  // "container_x(host:port)" since 1.12
    if (paren != std::string::npos && paren > 0) id.resize(paren);
    return id;
  }
  return e.host;
}

std::string FormatDuration(int64_t ms) {
  if (ms < 0) return "?";
  if (ms < 1000) return fmt::format("{} ms", ms);
  if (ms < 120'000) return fmt::format("{:.1f} s", static_cast<double>(ms) / 1000.0);
  if (ms < 7'200'000) return fmt::format("{:.1f} min", static_cast<double>(ms) / 60'000.0);
  return fmt::format("{:.1f} h", static_cast<double>(ms) / 3'600'000.0);
}

}  // namespace flinkscan::incident
