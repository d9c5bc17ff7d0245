#include "engine/job_graph.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <utility>

#include "engine/incident_builder.h"

namespace flinkscan {
namespace {

bool IsTaskEvent(const StoredEvent& e) {
  return (e.kind == EventKind::kTaskTransition || e.kind == EventKind::kTaskDeployed) && !e.task_name.empty();
}

// One attempt, however many lines name it: the attempt id when printed, else
// the subtask and attempt number.
std::string AttemptKey(const StoredEvent& e) {
  if (!e.attempt_id.empty()) return e.attempt_id;
  return std::to_string(e.subtask) + "#" + std::to_string(e.attempt_number);
}

std::string CauseText(const StoredThrowable& t) {
  if (!t.present) return "";
  const std::string& cls = !t.root_class.empty() ? t.root_class : t.outer_class;
  const std::string& msg = !t.root_class.empty() ? t.root_message : t.outer_message;
  return msg.empty() ? cls : cls + ": " + msg;
}

struct SubtaskState {
  SubtaskSummary summary;
  std::set<std::string> attempts;
  std::set<std::string> failed;
};

struct VertexState {
  VertexSummary summary;
  std::set<std::string> attempts;
  std::set<std::string> failed;
  std::map<int32_t, SubtaskState> subtasks;
  std::set<int32_t> dropped_subtasks;  // bounded by the parallelism, not by the input
  std::string first_failure_attempt;
};

}  // namespace

std::string VertexIdOfAttempt(const std::string& attempt_id) {
  // <graph 32 hex>_<vertex 32 hex>_<subtask>_<attempt>
  if (attempt_id.size() < 66 || attempt_id[32] != '_' || attempt_id[65] != '_') return "";
  return attempt_id.substr(33, 32);
}

JobGraph BuildJobGraph(const std::vector<StoredEvent>& sorted, const EventFormatter& fmt,
                       const JobGraphLimits& limits) {
  std::vector<VertexState> vertices;
  std::map<std::pair<std::string, std::string>, size_t> index;  // (job, name) -> vertex
  std::map<std::string, std::string> job_of_name;                // name -> the one job that has it
  JobGraph graph;
  std::set<std::pair<std::string, std::string>> dropped;
  for (const StoredEvent& e : sorted) {
    if (!IsTaskEvent(e)) continue;
    std::string job = e.job_id;
    // A TaskManager line that names no job belongs to the job that has this task.
    if (job.empty()) {
      const auto known = job_of_name.find(e.task_name);
      if (known != job_of_name.end()) job = known->second;
    }
    auto key = std::make_pair(job, e.task_name);
    auto found = index.find(key);
    if (found == index.end()) {
      if (vertices.size() >= limits.max_vertices) {
        dropped.insert(key);
        continue;
      }
      found = index.emplace(key, vertices.size()).first;
      vertices.emplace_back();
      vertices.back().summary.job_id = job;
      vertices.back().summary.name = e.task_name;
      if (!job.empty()) job_of_name.emplace(e.task_name, job);
    }
    VertexState& v = vertices[found->second];
    if (v.summary.vertex_id.empty()) v.summary.vertex_id = VertexIdOfAttempt(e.attempt_id);
    if (e.parallelism > v.summary.parallelism) v.summary.parallelism = e.parallelism;
    const std::string attempt = AttemptKey(e);
    v.attempts.insert(attempt);
    const bool failed = e.kind == EventKind::kTaskTransition && e.to_state == "FAILED";
    if (failed && v.failed.insert(attempt).second && v.summary.first_failure_time.empty() &&
        v.first_failure_attempt.empty()) {
      v.first_failure_attempt = attempt;
      v.summary.first_failure_time = fmt.Time(e);
      v.summary.first_failure_source = fmt.Source(e.stream);
      v.summary.first_failure_line = e.line;
    }
    // The cause of the first failure may come from the other side's line about the same attempt.
    if (failed && attempt == v.first_failure_attempt && v.summary.first_failure_cause.empty()) {
      v.summary.first_failure_cause = CauseText(e.exception);
    }
    if (e.subtask <= 0) continue;
    auto sub = v.subtasks.find(e.subtask);
    if (sub == v.subtasks.end()) {
      if (v.subtasks.size() >= limits.max_subtasks) {
        v.dropped_subtasks.insert(e.subtask);
        continue;
      }
      sub = v.subtasks.emplace(e.subtask, SubtaskState{}).first;
      sub->second.summary.index = e.subtask;
    }
    SubtaskState& s = sub->second;
    s.attempts.insert(attempt);
    if (failed) s.failed.insert(attempt);
    if (e.kind == EventKind::kTaskTransition && !e.to_state.empty()) s.summary.last_state = e.to_state;
    const TaskLocation loc = ParseTaskLocation(e.location);
    if (!loc.resource_id.empty()) {
      s.summary.taskmanager = loc.resource_id;
      s.summary.host = loc.host;
    }
  }
  graph.vertices_dropped = dropped.size();
  // Per job, in first-seen order: a stable sort on the job keeps that order within each job.
  std::stable_sort(vertices.begin(), vertices.end(),
                   [](const VertexState& a, const VertexState& b) { return a.summary.job_id < b.summary.job_id; });
  for (VertexState& v : vertices) {
    v.summary.attempts = v.attempts.size();
    v.summary.failures = v.failed.size();
    v.summary.subtasks_dropped = v.dropped_subtasks.size();
    v.summary.subtasks_seen = v.subtasks.size() + v.dropped_subtasks.size();
    for (auto& [subtask, s] : v.subtasks) {
      s.summary.attempts = s.attempts.size();
      s.summary.failures = s.failed.size();
      v.summary.subtasks.push_back(std::move(s.summary));
    }
    graph.vertices.push_back(std::move(v.summary));
  }
  return graph;
}

}  // namespace flinkscan
