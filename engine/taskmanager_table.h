#pragma once
// One row per TaskManager the logs name, as the Web UI's TaskManagers page
// shows it: resource id, host, container or pod, first and last seen, the
// attempts that ran and failed there, whether it was lost, and its GC pauses.
//
// A TaskManager is known from the JobManager's lines (registrations, task
// locations "<resourceId> @ <host> (dataPort=n)", heartbeat timeouts, worker
// terminations) and from its own streams (a TaskManager log, or a GC/stdout
// stream of the same YARN container or of the only TaskManager on that host).
// "Lost" is decided once, by the taskmanager_lost incidents.
//
// Bounded: at most `max_rows` rows, `max_gc_points` pauses and `max_sources`
// stream names per row.

#include <cstddef>
#include <vector>

#include "engine/analysis.h"
#include "engine/event_formatter.h"
#include "engine/stored_event.h"

namespace flinkscan {

struct TaskManagerTableLimits {
  size_t max_rows = 1000;
  size_t max_gc_points = 300;
  size_t max_sources = 8;
};

// `sorted`: the aggregator's time-ordered events; `incidents`: the finished incidents.
TaskManagerTable BuildTaskManagerTable(const std::vector<StoredEvent>& sorted, const EventFormatter& fmt,
                                       const std::vector<Incident>& incidents,
                                       const TaskManagerTableLimits& limits = {});

}  // namespace flinkscan
