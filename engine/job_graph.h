#pragma once
// The job graph as the logs show it: one vertex per task name ("Name (i/N)"
// with the " (i/N)" suffix and "#attempt" stripped), its parallelism, the
// subtasks seen, where they ran and which attempts failed. Logs never print a
// job's graph outright; this is rebuilt from task state changes and deploy lines.
//
// Bounded: at most `max_vertices` vertices (first seen) over all jobs and at
// most `max_subtasks` subtask rows per vertex; the rest are counted only.

#include <cstddef>
#include <vector>

#include "engine/analysis.h"
#include "engine/event_formatter.h"
#include "engine/stored_event.h"

namespace flinkscan {

struct JobGraphLimits {
  size_t max_vertices = 500;
  size_t max_subtasks = 128;
};

// `sorted`: the aggregator's time-ordered events with job ids already filled in.
// Vertices come out per job in first-seen order; failures count distinct failed
// attempts (a JobManager and a TaskManager line about one attempt count once).
JobGraph BuildJobGraph(const std::vector<StoredEvent>& sorted, const EventFormatter& fmt,
                       const JobGraphLimits& limits = {});

// The vertex id inside a Flink >= 1.16 attempt id "<graph>_<vertex>_<subtask>_<attempt>";
// "" for the 32-hex ids of older versions.
std::string VertexIdOfAttempt(const std::string& attempt_id);

}  // namespace flinkscan
